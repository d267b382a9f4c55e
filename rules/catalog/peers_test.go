package catalog_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// Why a peer rule has no seaworthy equivalent.
const (
	dropped        = "dropped upstream"      // the peer removed or deprecated the rule
	deprecated     = "deprecated advice"     // the advice no longer holds
	registry       = "needs registry access" // the check needs image metadata from a registry
	notApplicable  = "not applicable"        // the check does not fit seaworthy (or BuildKit rejects the file)
	notYet         = "not yet"               // worth adding; no rule yet
	notRecommended = "not recommended"       // the check fires on correct, common files
)

var reasons = []string{notYet, registry, deprecated, dropped, notRecommended, notApplicable}

// peerRule is one rule of a peer tool, from the peer inventories in
// shared/research/rule-catalog.md (Appendix A) and hadolint.md.
type peerRule struct {
	ID    string // as used in Rule.Equivalents: DL3006, StageNameCasing, DS001, a KICS UUID, CKV_DOCKER_1
	Title string
	// Files is "" for a Dockerfile check, otherwise "Compose" or "any".
	Files string
	// Reason says why no seaworthy rule covers it; "" when one does.
	Reason string
	// Partly lists the seaworthy rules that catch part of it.
	Partly []string
	// Note adds what the table should say (partial coverage, upstream status).
	Note string
}

type peerInventory struct {
	Peer   string // key of Rule.Equivalents
	Name   string // as written in prose
	Source string // what the inventory was taken from
	Rules  []peerRule
}

// bkRule is a BuildKit check taken from BuildKit's own rule set, so names
// and titles cannot drift from the linter seaworthy runs.
func bkRule(name, description, reason, note string) peerRule {
	title := description
	if i := strings.Index(title, ". "); i > 0 {
		title = title[:i]
	}
	return peerRule{ID: name, Title: title, Reason: reason, Note: note}
}

var peers = []peerInventory{
	{
		Peer: rules.Hadolint, Name: "hadolint",
		Source: "hadolint 2.15.1 (hadolint/hadolint 8f936c5): every DL rule, the retired codes, and ShellCheck",
		Rules: []peerRule{
			{ID: "DL1000", Title: "Dockerfile does not parse (pseudo-rule)", Reason: notApplicable, Note: "hadolint's own parser; files BuildKit rejects are SW0001 `parse-error`"},
			{ID: "DL1001", Title: "Inline ignore pragma used (opt-in)"},
			{ID: "DL3000", Title: "Use absolute WORKDIR"},
			{ID: "DL3001", Title: "Command makes no sense in a container (ssh, vim, shutdown, service, ps, free, top, kill, mount)"},
			{ID: "DL3002", Title: "Last USER should not be root"},
			{ID: "DL3003", Title: "Use WORKDIR to switch to a directory"},
			{ID: "DL3004", Title: "Do not use sudo"},
			{ID: "DL3005", Title: "Do not use apt-get upgrade or dist-upgrade", Note: "dropped upstream (2023)"},
			{ID: "DL3006", Title: "Always tag the version of an image explicitly"},
			{ID: "DL3007", Title: "Using latest is prone to errors"},
			{ID: "DL3008", Title: "Pin versions in apt-get install"},
			{ID: "DL3009", Title: "Delete the apt-get lists after installing something"},
			{ID: "DL3010", Title: "Use ADD for extracting archives into an image", Note: "tar archives only: `ADD` does not unpack zip files or compressed files that are not tar archives"},
			{ID: "DL3011", Title: "Valid UNIX ports range from 0 to 65535"},
			{ID: "DL3012", Title: "Multiple HEALTHCHECK instructions"},
			{ID: "DL3013", Title: "Pin versions in pip"},
			{ID: "DL3014", Title: "Use the -y switch with apt-get install"},
			{ID: "DL3015", Title: "Avoid additional packages by specifying --no-install-recommends"},
			{ID: "DL3016", Title: "Pin versions in npm"},
			{ID: "DL3017", Title: "Do not use apk upgrade", Note: "dropped upstream (2021)"},
			{ID: "DL3018", Title: "Pin versions in apk add"},
			{ID: "DL3019", Title: "Use the --no-cache switch with apk add"},
			{ID: "DL3020", Title: "Use COPY instead of ADD for files and folders"},
			{ID: "DL3021", Title: "COPY with more than 2 arguments requires the last argument to end with /"},
			{ID: "DL3022", Title: "COPY --from should reference a previously defined FROM alias"},
			{ID: "DL3023", Title: "COPY --from cannot reference its own FROM alias"},
			{ID: "DL3024", Title: "FROM aliases (stage names) must be unique"},
			{ID: "DL3025", Title: "Use JSON notation for CMD and ENTRYPOINT arguments"},
			{ID: "DL3026", Title: "Use only an allowed registry in the FROM image"},
			{ID: "DL3027", Title: "Do not use apt; use apt-get or apt-cache"},
			{ID: "DL3028", Title: "Pin versions in gem install"},
			{ID: "DL3029", Title: "Do not use --platform with FROM"},
			{ID: "DL3030", Title: "Use the -y switch with yum install"},
			{ID: "DL3031", Title: "Do not use yum update", Note: "dropped upstream (2021)"},
			{ID: "DL3032", Title: "yum clean all missing after yum install"},
			{ID: "DL3033", Title: "Specify version with yum install"},
			{ID: "DL3034", Title: "Non-interactive switch missing from zypper command"},
			{ID: "DL3035", Title: "Do not use zypper dist-upgrade"},
			{ID: "DL3036", Title: "zypper clean missing after zypper install"},
			{ID: "DL3037", Title: "Specify version with zypper install"},
			{ID: "DL3038", Title: "Use the -y switch with dnf install"},
			{ID: "DL3039", Title: "Do not use dnf update", Note: "dropped upstream (2021)"},
			{ID: "DL3040", Title: "dnf clean all missing after dnf install"},
			{ID: "DL3041", Title: "Specify version with dnf install"},
			{ID: "DL3042", Title: "Avoid the pip cache with --no-cache-dir"},
			{ID: "DL3043", Title: "ONBUILD, FROM or MAINTAINER triggered from within ONBUILD", Reason: notApplicable, Note: "BuildKit rejects the file: reported as SW0001 `parse-error`"},
			{ID: "DL3044", Title: "Do not refer to an environment variable in the ENV that defines it"},
			{ID: "DL3045", Title: "COPY to a relative destination without WORKDIR set"},
			{ID: "DL3046", Title: "useradd without -l and a high UID makes a huge image"},
			{ID: "DL3047", Title: "wget without --progress bloats the build log"},
			{ID: "DL3048", Title: "Invalid label key"},
			{ID: "DL3049", Title: "Required label is missing", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3050", Title: "Superfluous label (strict labels)", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3051", Title: "Label is empty", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3052", Title: "Label is not a valid URL", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3053", Title: "Label is not a valid RFC 3339 time", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3054", Title: "Label is not a valid SPDX license identifier", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3055", Title: "Label is not a valid git hash", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3056", Title: "Label does not conform to semantic versioning", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3057", Title: "HEALTHCHECK instruction missing", Note: "ignored by default in hadolint"},
			{ID: "DL3058", Title: "Label is not a valid email address", Note: "with `label-schema` in `.seaworthy.yaml`"},
			{ID: "DL3059", Title: "Multiple consecutive RUN instructions"},
			{ID: "DL3060", Title: "yarn cache clean missing after yarn install"},
			{ID: "DL3061", Title: "Invalid instruction order: the Dockerfile must begin with FROM, ARG or a comment", Reason: notApplicable, Note: "BuildKit rejects the file: reported as SW0001 `parse-error`"},
			{ID: "DL3062", Title: "Pin versions in go install and go get"},
			{ID: "DL3063", Title: "Stage name is reserved (scratch, context)"},
			{ID: "DL3064", Title: "Secret-like name in ARG or ENV"},
			{ID: "DL3065", Title: "FROM --platform=$TARGETPLATFORM is redundant"},
			{ID: "DL3066", Title: "USER should be numeric"},
			{ID: "DL3067", Title: "COPY --from of a whole stage filesystem (/)"},
			{ID: "DL4000", Title: "MAINTAINER is deprecated"},
			{ID: "DL4001", Title: "Either use wget or curl, but not both"},
			{ID: "DL4003", Title: "Multiple CMD instructions"},
			{ID: "DL4004", Title: "Multiple ENTRYPOINT instructions"},
			{ID: "DL4005", Title: "Use SHELL to change the default shell"},
			{ID: "DL4006", Title: "Set -o pipefail before RUN with a pipe"},
			{ID: "SCxxxx", Title: "ShellCheck's checks of RUN scripts", Reason: notApplicable, Note: "ShellCheck's own rule set, which hadolint embeds"},
		},
	},
	{
		Peer: rules.BuildKit, Name: "BuildKit",
		Source: "BuildKit's Dockerfile checks (`docker build --check`), from the linter package seaworthy builds with",
		Rules: []peerRule{
			bkRule(linter.RuleStageNameCasing.Name, linter.RuleStageNameCasing.Description, "", ""),
			bkRule(linter.RuleFromAsCasing.Name, linter.RuleFromAsCasing.Description, "", ""),
			bkRule(linter.RuleNoEmptyContinuation.Name, linter.RuleNoEmptyContinuation.Description, "", ""),
			bkRule(linter.RuleConsistentInstructionCasing.Name, linter.RuleConsistentInstructionCasing.Description, "", ""),
			bkRule(linter.RuleDuplicateStageName.Name, linter.RuleDuplicateStageName.Description, "", ""),
			bkRule(linter.RuleReservedStageName.Name, linter.RuleReservedStageName.Description, "", ""),
			bkRule(linter.RuleJSONArgsRecommended.Name, linter.RuleJSONArgsRecommended.Description, "", ""),
			bkRule(linter.RuleMaintainerDeprecated.Name, linter.RuleMaintainerDeprecated.Description, "", ""),
			bkRule(linter.RuleUndefinedArgInFrom.Name, linter.RuleUndefinedArgInFrom.Description, "", ""),
			bkRule(linter.RuleWorkdirRelativePath.Name, linter.RuleWorkdirRelativePath.Description, "", ""),
			bkRule(linter.RuleUndefinedVar.Name, linter.RuleUndefinedVar.Description, "", ""),
			bkRule(linter.RuleMultipleInstructionsDisallowed.Name, linter.RuleMultipleInstructionsDisallowed.Description, "", ""),
			bkRule(linter.RuleLegacyKeyValueFormat.Name, linter.RuleLegacyKeyValueFormat.Description, "", ""),
			bkRule(linter.RuleInvalidBaseImagePlatform.Name, linter.RuleInvalidBaseImagePlatform.Description, registry, "compares the platform of the pulled base image with the target platform"),
			bkRule(linter.RuleRedundantTargetPlatform.Name, linter.RuleRedundantTargetPlatform.Description, "", ""),
			bkRule(linter.RuleSecretsUsedInArgOrEnv.Name, linter.RuleSecretsUsedInArgOrEnv.Description, "", ""),
			bkRule(linter.RuleInvalidDefaultArgInFrom.Name, linter.RuleInvalidDefaultArgInFrom.Description, "", ""),
			bkRule(linter.RuleFromPlatformFlagConstDisallowed.Name, linter.RuleFromPlatformFlagConstDisallowed.Description, "", ""),
			bkRule(linter.RuleCopyIgnoredFile.Name, linter.RuleCopyIgnoredFile.Description, "", ""),
			bkRule(linter.RuleInvalidDefinitionDescription.Name, linter.RuleInvalidDefinitionDescription.Description, "", "experimental in BuildKit"),
			bkRule(linter.RuleExposeProtoCasing.Name, linter.RuleExposeProtoCasing.Description, "", ""),
			bkRule(linter.RuleExposeInvalidFormat.Name, linter.RuleExposeInvalidFormat.Description, "", ""),
		},
	},
	{
		Peer: rules.Trivy, Name: "Trivy",
		Source: "Trivy's Dockerfile checks (aquasecurity/trivy-checks 80e5382, `checks/docker`); Trivy has no built-in Compose checks, and DS003, DS018 and DS028 do not exist",
		Rules: []peerRule{
			{ID: "DS001", Title: "':latest' tag used", Note: "also fires on untagged images"},
			{ID: "DS002", Title: "Image user should not be 'root'"},
			{ID: "DS004", Title: "Port 22 exposed"},
			{ID: "DS005", Title: "ADD instead of COPY"},
			{ID: "DS006", Title: "COPY '--from' referring to the current image"},
			{ID: "DS007", Title: "Multiple ENTRYPOINT instructions listed"},
			{ID: "DS008", Title: "Exposed port out of range"},
			{ID: "DS009", Title: "WORKDIR path not absolute"},
			{ID: "DS010", Title: "RUN using 'sudo'"},
			{ID: "DS011", Title: "COPY with more than two arguments not ending with slash"},
			{ID: "DS012", Title: "Duplicate aliases defined in different FROMs"},
			{ID: "DS013", Title: "'RUN cd ...' to change directory"},
			{ID: "DS014", Title: "RUN using 'wget' and 'curl'"},
			{ID: "DS015", Title: "'yum clean all' missing"},
			{ID: "DS016", Title: "Multiple CMD instructions listed"},
			{ID: "DS017", Title: "'RUN <package-manager> update' instruction alone"},
			{ID: "DS019", Title: "'dnf clean all' missing"},
			{ID: "DS020", Title: "'zypper clean' missing"},
			{ID: "DS021", Title: "'apt-get' missing '-y' to avoid manual input"},
			{ID: "DS022", Title: "Deprecated MAINTAINER used"},
			{ID: "DS023", Title: "Multiple HEALTHCHECK defined"},
			{ID: "DS024", Title: "'apt-get dist-upgrade' used", Note: "deprecated upstream"},
			{ID: "DS025", Title: "'apk add' is missing '--no-cache'"},
			{ID: "DS026", Title: "No HEALTHCHECK defined"},
			{ID: "DS027", Title: "'microdnf clean all' missing"},
			{ID: "DS029", Title: "'apt-get' missing '--no-install-recommends'"},
			{ID: "DS030", Title: "WORKDIR should not be mounted on system dirs"},
			{ID: "DS031", Title: "Secrets passed via build-args or envs or copied secret files"},
		},
	},
	{
		Peer: rules.KICS, Name: "KICS",
		Source: "KICS queries (Checkmarx/kics as of mid-2024 through the DataDog/kics fork d91e366, plus the newer beta query): 48 Dockerfile and 21 Docker Compose queries, and the cross-platform Passwords And Secrets query; queries deleted upstream before then are not listed",
		Rules: []peerRule{
			{ID: "9513a694-aa0d-41d8-be61-3271e056f36b", Title: "Add Instead of Copy"},
			{ID: "ae9c56a6-3ed1-4ac0-9b54-31267f51151d", Title: "Apk Add Using Local Cache Path"},
			{ID: "df746b39-6564-4fed-bf85-e9c44382303c", Title: "Apt Get Install Lists Were Not Deleted"},
			{ID: "965a08d7-ef86-4f14-8792-4a3b2098937e", Title: "Apt Get Install Pin Version Not Defined"},
			{ID: "77783205-c4ca-4f80-bb80-c777f267c547", Title: "APT-GET Missing Flags To Avoid Manual Input"},
			{ID: "7384dfb2-fcd1-4fbf-91cd-6c44c318c33c", Title: "APT-GET Not Avoiding Additional Packages"},
			{ID: "8a301064-c291-4b20-adcb-403fe7fd95fd", Title: "Changing Default Shell Using RUN Command"},
			{ID: "aa93e17f-b6db-4162-9334-c70334e7ac28", Title: "Chown Flag Exists", Reason: notRecommended, Note: "flags every `COPY --chown`, the usual way to give the app user its files"},
			{ID: "cdddb86f-95f6-4fc4-b5a1-483d9afceb2b", Title: "COPY '--from' References Current FROM Alias"},
			{ID: "6db6e0c2-32a3-4a2e-93b5-72c35f4119db", Title: "Copy With More Than Two Arguments Not Ending With Slash"},
			{ID: "4b410d24-1cbe-4430-a632-62c9a931cf1c", Title: "Curl or Wget Instead of Add", Reason: deprecated, Partly: []string{"SW1602"},
				Note: "asks for curl or wget instead of `ADD <url>`; `ADD --checksum` now verifies the download, and SW1602 reports `ADD <url>` without one"},
			{ID: "5907595b-5b6d-4142-b173-dbb0e73fbff8", Title: "Exposing Port 22 (SSH)"},
			{ID: "22cd11f7-9c6c-4f6e-84c0-02058120b341", Title: "Gem Install Without Version"},
			{ID: "b03a748a-542d-44f4-bb86-9199ab4fd2d5", Title: "Healthcheck Instruction Missing"},
			{ID: "9efb0b2d-89c9-41a3-91ca-dcc0aec911fd", Title: "Image Version Not Explicit"},
			{ID: "f45ea400-6bbe-4501-9fc7-1c3d75c32067", Title: "Image Version Using 'latest'"},
			{ID: "67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae", Title: "Last User Is 'root'"},
			{ID: "99614418-f82b-4852-a9ae-5051402b741c", Title: "MAINTAINER Instruction Being Used"},
			{ID: "295acb63-9246-4b21-b441-7c1f1fb62dc0", Title: "Missing Dnf Clean All"},
			{ID: "7ebd323c-31b7-4e5b-b26f-de5e9e477af8", Title: "Missing Flag From Dnf Install"},
			{ID: "fd54f200-402c-4333-a5a4-36ef6709af2f", Title: "Missing User Instruction"},
			{ID: "93d88cf7-f078-46a8-8ddc-178e03aeacf1", Title: "Missing Version Specification In dnf install"},
			{ID: "38300d1a-feb2-4a48-936a-d1ef1cd24313", Title: "Missing Zypper Clean"},
			{ID: "45e1fca5-f90e-465d-825f-c2cb63fa3944", Title: "Missing Zypper Non-interactive Switch"},
			{ID: "41c195f4-fc31-4a5c-8a1b-90605538d49f", Title: "Multiple CMD Instructions Listed"},
			{ID: "6938958b-3f1a-451c-909b-baeee14bdc97", Title: "Multiple ENTRYPOINT Instructions Listed"},
			{ID: "0008c003-79aa-42d8-95b8-1c2fe37dbfe6", Title: "Multiple RUN, ADD, COPY, Instructions Listed",
				Note: "SW1711 joins consecutive RUNs, SW1728 consecutive COPY/ADD into one folder"},
			{ID: "b86987e1-6397-4619-81d5-8807f2387c79", Title: "Not Using JSON In CMD And ENTRYPOINT Arguments"},
			{ID: "e36d8880-3f78-4546-b9a1-12f0745ca0d5", Title: "NPM Install Command Without Pinned Version"},
			{ID: "f2f903fb-b977-461e-98d7-b3e2185c6118", Title: "Pip install Keeping Cached Packages"},
			{ID: "f4a6bcd3-e231-4acf-993c-aa027be50d2e", Title: "RUN Instruction Using 'cd' Instead of WORKDIR"},
			{ID: "b84a0b47-2e99-4c9f-8933-98bcabe2b94d", Title: "Run Using apt"},
			{ID: "8ada6e80-0ade-439e-b176-0b28f6bce35a", Title: "Run Using Sudo"},
			{ID: "fc775e75-fcfb-4c98-b2f2-910c5858b359", Title: "Run Using 'wget' and 'curl'"},
			{ID: "9b6b0f38-92a2-41f9-b881-3a1083d99f1b", Title: "Run Utilities And POSIX Commands"},
			{ID: "f2daed12-c802-49cd-afed-fe41d0b82fed", Title: "Same Alias In Different Froms"},
			{ID: "efbf148a-67e9-42d2-ac47-02fa1c0d0b22", Title: "Shell Running A Pipe Without Pipefail Flag"},
			{ID: "71bf8cf8-f0a1-42fa-b9d2-d10525e0a38e", Title: "UNIX Ports Out Of Range"},
			{ID: "d3499f6d-1651-41bb-a9a7-de925fea487b", Title: "Unpinned Package Version in Apk Add"},
			{ID: "02d9c71f-3ee8-4986-9c27-1a20d0d19bfc", Title: "Unpinned Package Version in Pip Install"},
			{ID: "9bae49be-0aa3-4de5-bab2-4c3a069e40cd", Title: "Update Instruction Alone"},
			{ID: "b16e8501-ef3c-44e1-a543-a093238099c9", Title: "Using Platform Flag with FROM Command"},
			{ID: "68a51e22-ae5a-4d48-8e87-b01a323605c9", Title: "Using Unnamed Build Stages"},
			{ID: "6b376af8-cfe8-49ab-a08d-f32de23661a4", Title: "WORKDIR Path Not Absolute"},
			{ID: "00481784-25aa-4a55-8633-3136dfcf4f37", Title: "Yum Clean All Missing"},
			{ID: "6e19193a-8753-436d-8a09-76dcff91bb03", Title: "Yum Install Allows Manual Input"},
			{ID: "6452c424-1d92-4deb-bb18-a03e95d579c4", Title: "Yum install Without Version"},
			{ID: "562952e4-0348-4dea-9826-44f3a2c6117b", Title: "Zypper Install Without Version"},
			{ID: "781e75f7-bf43-4ab7-bae7-a08ad6607af3", Title: "Beta - ENV Instruction Contains Secret", Note: "experimental"},

			{ID: "4d9f44c6-2f4a-4317-9bb5-267adbea0232", Title: "Cgroup Not Default", Files: "Compose"},
			{ID: "ce76b7d0-9e77-464d-b86f-c5c48e03e22d", Title: "Container Capabilities Unrestricted", Files: "Compose",
				Note: "the missing `cap_drop` part; KICS also flags every `cap_add`, even of harmless capabilities, where seaworthy reports the dangerous ones (SW2102, SW2103)"},
			{ID: "451d79dc-0588-476a-ad03-3c7f0320abb3", Title: "Container Traffic Not Bound To Host Interface", Files: "Compose"},
			{ID: "6b610c50-99fb-4ef0-a5f3-e312fd945bc3", Title: "Cpus Not Limited", Files: "Compose"},
			{ID: "404fde2c-bc4b-4371-9747-7054132ac953", Title: "Default Seccomp Profile Disabled", Files: "Compose"},
			{ID: "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b", Title: "Docker Socket Mounted In Container", Files: "Compose"},
			{ID: "698ed579-b239-4f8f-a388-baa4bcb13ef8", Title: "Healthcheck Not Set", Files: "Compose", Note: "a disabled health check is SW2405, one missing from a service built here and its Dockerfile SW2407; whether a pulled image has a HEALTHCHECK is in the registry, not read"},
			{ID: "4f31dd9f-2cc3-4751-9b53-67e4af83dac0", Title: "Host Namespace is Shared", Files: "Compose", Note: "`pid: host`"},
			{ID: "bb9ac4f7-e13b-423d-a010-c74a1bfbe492", Title: "Memory Not Limited", Files: "Compose"},
			{ID: "27fcc7d6-c49b-46e0-98f1-6c082a6a2750", Title: "No New Privileges Not Set", Files: "Compose"},
			{ID: "221e0658-cb2a-44e3-b08a-db96a341d6fa", Title: "Pids Limit Not Set", Files: "Compose"},
			{ID: "ae5b6871-7f45-42e0-bb4c-ab300c4d2026", Title: "Privileged Containers Enabled", Files: "Compose"},
			{ID: "bc2908f3-f73c-40a9-8793-c1b7d5544f79", Title: "Privileged Ports Mapped In Container", Files: "Compose", Note: "privileged host ports; KICS also flags container ports below 1024, which need no privilege on the host"},
			{ID: "2fc99041-ddad-49d5-853f-e35e70a48391", Title: "Restart Policy On Failure Not Set To 5", Files: "Compose", Note: "unbounded policies and more than 5 retries; KICS demands exactly `on-failure:5`, and also flags fewer retries"},
			{ID: "610e266e-6c12-4bca-9925-1ed0cd29742b", Title: "Security Opt Not Set", Files: "Compose", Reason: notRecommended, Note: "only checks that `security_opt` exists; what it should hold is SW2104, SW2106, SW2107, SW2108"},
			{ID: "baa3890f-bed7-46f5-ab8f-1da8fc91c729", Title: "Shared Host IPC Namespace", Files: "Compose"},
			{ID: "071a71ff-f868-47a4-ac0b-3c59e4ab5443", Title: "Shared Host Network Namespace", Files: "Compose"},
			{ID: "8af7162d-6c98-482f-868e-0d33fb675ca8", Title: "Shared Host User Namespace", Files: "Compose"},
			{ID: "8c978947-0ff6-485c-b0c2-0bfca6026466", Title: "Shared Volumes Between Containers", Files: "Compose", Reason: notRecommended, Note: "flags any named volume used by two services, which is what named volumes are for"},
			{ID: "1c1325ff-831d-43a1-973e-839ae57dfcc0", Title: "Volume Has Sensitive Host Directory", Files: "Compose", Note: "no read-only distinction: read-write mounts are SW2202, read-only ones SW2203"},
			{ID: "baa452f0-1f21-4a25-ace5-844e7a5f410d", Title: "Volume Mounted In Multiple Containers", Files: "Compose", Note: "checks bind propagation; `slave` is not reported (CIS 5.20 is about shared)"},

			{ID: "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71", Title: "Passwords And Secrets", Files: "any", Note: "generic regex and entropy rules for every file type; in Compose files SW2503 covers secret-named keys"},
		},
	},
	{
		Peer: rules.Checkov, Name: "Checkov",
		Source: "Checkov's Dockerfile checks (bridgecrewio/checkov 03d5fda): CKV_DOCKER and the CKV2_DOCKER graph checks; Checkov has no Compose framework",
		Rules: []peerRule{
			{ID: "CKV_DOCKER_1", Title: "Ensure port 22 is not exposed"},
			{ID: "CKV_DOCKER_2", Title: "Ensure that HEALTHCHECK instructions have been added to container images"},
			{ID: "CKV_DOCKER_3", Title: "Ensure that a user for the container has been created"},
			{ID: "CKV_DOCKER_4", Title: "Ensure that COPY is used instead of ADD in Dockerfiles"},
			{ID: "CKV_DOCKER_5", Title: "Ensure update instructions are not used alone in the Dockerfile"},
			{ID: "CKV_DOCKER_6", Title: "Ensure that LABEL maintainer is used instead of MAINTAINER (deprecated)"},
			{ID: "CKV_DOCKER_7", Title: "Ensure the base image uses a non latest version tag", Note: "also fires on untagged images"},
			{ID: "CKV_DOCKER_8", Title: "Ensure the last USER is not root"},
			{ID: "CKV_DOCKER_9", Title: "Ensure that APT isn't used"},
			{ID: "CKV_DOCKER_10", Title: "Ensure that WORKDIR values are absolute paths"},
			{ID: "CKV_DOCKER_11", Title: "Ensure From Alias are unique for multistage builds"},
			{ID: "CKV2_DOCKER_1", Title: "Ensure that sudo isn't used"},
			{ID: "CKV2_DOCKER_2", Title: "Ensure that certificate validation isn't disabled with curl"},
			{ID: "CKV2_DOCKER_3", Title: "Ensure that certificate validation isn't disabled with wget"},
			{ID: "CKV2_DOCKER_4", Title: "Ensure that certificate validation isn't disabled with the pip '--trusted-host' option"},
			{ID: "CKV2_DOCKER_5", Title: "Ensure that certificate validation isn't disabled with the PYTHONHTTPSVERIFY environment variable"},
			{ID: "CKV2_DOCKER_6", Title: "Ensure that certificate validation isn't disabled with the NODE_TLS_REJECT_UNAUTHORIZED environment variable"},
			{ID: "CKV2_DOCKER_7", Title: "Ensure that packages with untrusted or missing signatures are not used by apk via the '--allow-untrusted' option"},
			{ID: "CKV2_DOCKER_8", Title: "Ensure that packages with untrusted or missing signatures are not used by apt-get via the '--allow-unauthenticated' option"},
			{ID: "CKV2_DOCKER_9", Title: "Ensure that packages with untrusted or missing GPG signatures are not used by dnf, tdnf, or yum via the '--nogpgcheck' option"},
			{ID: "CKV2_DOCKER_10", Title: "Ensure that packages with untrusted or missing signatures are not used by rpm via the '--nodigest', '--nosignature', '--noverify', or '--nofiledigest' options"},
			{ID: "CKV2_DOCKER_11", Title: "Ensure that the '--force-yes' option is not used"},
			{ID: "CKV2_DOCKER_12", Title: "Ensure that certificate validation isn't disabled for npm via the 'NPM_CONFIG_STRICT_SSL' environment variable"},
			{ID: "CKV2_DOCKER_13", Title: "Ensure that certificate validation isn't disabled for npm or yarn by setting the option strict-ssl to false"},
			{ID: "CKV2_DOCKER_14", Title: "Ensure that certificate validation isn't disabled for git by setting the environment variable 'GIT_SSL_NO_VERIFY' to any value"},
			{ID: "CKV2_DOCKER_15", Title: "Ensure that the yum and dnf package managers are not configured to disable SSL certificate validation via the 'sslverify' configuration option"},
			{ID: "CKV2_DOCKER_16", Title: "Ensure that certificate validation isn't disabled with pip via the 'PIP_TRUSTED_HOST' environment variable"},
			{ID: "CKV2_DOCKER_17", Title: "Ensure that 'chpasswd' is not used to set or remove passwords"},
		},
	},
}

// TestPeerCoverage checks the rules' Equivalents against the peer inventory
// and generates docs/peers.md, the table of every peer rule and the
// seaworthy rules that cover it. Regenerate with:
//
//	go test ./rules/catalog -run TestPeerCoverage -update
//
// Run with -v to see how many rules of each peer are covered.
func TestPeerCoverage(t *testing.T) {
	known := map[string]map[string]bool{}
	for _, inv := range peers {
		known[inv.Peer] = map[string]bool{}
		for _, p := range inv.Rules {
			if known[inv.Peer][p.ID] {
				t.Errorf("%s %s is listed twice in the inventory", inv.Name, p.ID)
			}
			known[inv.Peer][p.ID] = true
		}
	}

	// (a) Every equivalent names a known peer rule, once.
	for _, r := range catalog.All() {
		for peer, ids := range r.Equivalents {
			if known[peer] == nil {
				t.Errorf("%s: unknown peer %q in Equivalents", r.ID, peer)
				continue
			}
			seen := map[string]bool{}
			for _, id := range ids {
				if !known[peer][id] {
					t.Errorf("%s: Equivalents names %s %q, which is not in the peer inventory (typo, or add it to rules/catalog/peers_test.go)", r.ID, peer, id)
				}
				if seen[id] {
					t.Errorf("%s: Equivalents names %s %q twice", r.ID, peer, id)
				}
				seen[id] = true
			}
		}
	}

	// Each peer rule is covered, or says why not.
	for _, inv := range peers {
		for _, p := range inv.Rules {
			covered := catalog.ByEquivalent(inv.Peer, p.ID)
			switch {
			case len(covered) == 0 && p.Reason == "":
				t.Errorf("%s %s: no rule lists it in Equivalents; give the reason it is not covered", inv.Name, p.ID)
			case len(covered) > 0 && p.Reason != "":
				t.Errorf("%s %s: covered by %s but still has reason %q; remove the reason", inv.Name, p.ID, ruleIDs(covered), p.Reason)
			}
			if p.Reason != "" && !contains(reasons, p.Reason) {
				t.Errorf("%s %s: unknown reason %q (want one of %q)", inv.Name, p.ID, p.Reason, reasons)
			}
			for _, id := range p.Partly {
				if catalog.Lookup(id) == nil {
					t.Errorf("%s %s: Partly names unknown rule %s", inv.Name, p.ID, id)
				}
			}
		}
	}

	// (b) The generated table is committed and current.
	root, err := ruletest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "docs", "peers.md")
	want := peersPage()
	got, _ := os.ReadFile(path)
	if string(got) != want {
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			t.Errorf("docs/peers.md is stale: run go test ./rules/catalog -run TestPeerCoverage -update")
		}
	}

	// (c) Coverage per peer.
	for _, inv := range peers {
		s := summarize(inv)
		t.Logf("%-8s %3d of %3d rules covered; not covered: %s", inv.Name, s.covered, len(inv.Rules), s.notCovered())
	}
}

type coverage struct {
	covered  int
	byReason map[string]int
}

func summarize(inv peerInventory) coverage {
	c := coverage{byReason: map[string]int{}}
	for _, p := range inv.Rules {
		if len(catalog.ByEquivalent(inv.Peer, p.ID)) > 0 {
			c.covered++
		} else {
			c.byReason[p.Reason]++
		}
	}
	return c
}

func (c coverage) notCovered() string {
	var parts []string
	for _, r := range reasons {
		if n := c.byReason[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func peersPage() string {
	var b strings.Builder
	b.WriteString(`# Peer rules

Every rule of the linters and scanners seaworthy is compared with, and the seaworthy rules
that cover it. Generated from the peer inventory in ` + "`rules/catalog/peers_test.go`" + ` and the
rules' equivalents by ` + "`go test ./rules/catalog -run TestPeerCoverage -update`" + `.

A seaworthy rule lists a peer rule among its equivalents (` + "`seaworthy rules --format json`" + `,
and each rule's page) only when it catches what the peer rule catches. It may leave out the
peer's known false alarms (build stages, files it cannot read, values that only look like a
problem); it never leaves out a case the peer rule is there for. Equivalents are also how
` + "`# hadolint ignore=`" + ` comments, ` + "`.hadolint.yaml`" + ` migration and BuildKit's ` + "`# check=skip=`" + ` find the
seaworthy rules they mean. When two seaworthy rules split one peer rule (untagged and
` + "`latest`" + ` images, read-write and read-only mounts), both list it.

A peer rule that no seaworthy rule covers says why:

| reason | meaning |
| --- | --- |
| not yet | worth adding; seaworthy has no rule for it yet ("partly" names rules that catch part of it) |
| needs registry access | the check needs the image's metadata from a registry; seaworthy never uses the network |
| deprecated advice | the advice no longer holds |
| dropped upstream | the peer removed or deprecated the rule |
| not recommended | the check fires on correct, common files |
| not applicable | the check does not apply to seaworthy, for example because BuildKit rejects the file outright (reported as SW0001 ` + "`parse-error`" + `) |

## Summary

| peer | rules | covered | not covered |
| --- | --- | --- | --- |
`)
	for _, inv := range peers {
		s := summarize(inv)
		fmt.Fprintf(&b, "| [%s](#%s) | %d | %d | %s |\n", inv.Name, strings.ToLower(inv.Name), len(inv.Rules), s.covered, s.notCovered())
	}
	for _, inv := range peers {
		fmt.Fprintf(&b, "\n## %s\n\n%s.\n\n", inv.Name, inv.Source)
		files := false
		for _, p := range inv.Rules {
			files = files || p.Files != ""
		}
		if files {
			b.WriteString("| rule | title | files | seaworthy | notes |\n| --- | --- | --- | --- | --- |\n")
		} else {
			b.WriteString("| rule | title | seaworthy | notes |\n| --- | --- | --- | --- |\n")
		}
		for _, p := range inv.Rules {
			var cells []string
			cells = append(cells, "`"+p.ID+"`", cell(p.Title))
			if files {
				f := p.Files
				if f == "" {
					f = "Dockerfile"
				}
				cells = append(cells, f)
			}
			seaworthy := "—"
			if rs := catalog.ByEquivalent(inv.Peer, p.ID); len(rs) > 0 {
				links := make([]string, len(rs))
				for i, r := range rs {
					links[i] = fmt.Sprintf("[%s](rules/%s.md) `%s`", r.ID, r.ID, r.Name)
					if r.Off {
						links[i] += " (off by default)"
					}
				}
				seaworthy = strings.Join(links, "<br>")
			}
			var notes []string
			if p.Reason != "" {
				notes = append(notes, "**"+p.Reason+"**")
			}
			if len(p.Partly) > 0 {
				notes = append(notes, "partly "+strings.Join(p.Partly, ", "))
			}
			if p.Note != "" {
				notes = append(notes, cell(p.Note))
			}
			cells = append(cells, seaworthy, strings.Join(notes, "; "))
			fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	return b.String()
}

// cell escapes text for a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func ruleIDs(rs []*rules.Rule) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
