package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1507 catches package-manager commands that stop to ask "Do you want to
// continue?": a build has no terminal, so the command aborts and the build
// fails, or worse, behaves differently depending on what is already installed.
var SW1507 = &rules.Rule{
	ID:       "SW1507",
	Name:     "package-install-interactive",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A package-manager command may stop to ask for confirmation",
	Doc: `` + "`apt-get install`" + `, ` + "`yum install`" + `, ` + "`dnf install`" + ` and ` + "`zypper install`" + ` ask for
confirmation before they change the system. A build has no terminal: the question is answered
"no" and the command aborts, so the build fails, or only works while nothing new needs to be
installed (a base-image update then breaks it).

Answer the question on the command line:

| tool | non-interactive form |
| --- | --- |
| apt-get, apt | ` + "`apt-get install -y`" + ` (` + "`--yes`" + `, ` + "`--assume-yes`" + `, ` + "`-qq`" + `, ` + "`-o APT::Get::Assume-Yes=true`" + `) |
| yum, dnf, tdnf, microdnf | ` + "`dnf install -y`" + ` (` + "`--assumeyes`" + `) |
| zypper | ` + "`zypper --non-interactive install`" + ` (` + "`-n`" + `, or ` + "`-y`" + ` / ` + "`--no-confirm`" + ` after the subcommand) |

Checked subcommands: install, reinstall, remove, purge, autoremove, upgrade, dist-upgrade,
full-upgrade and build-dep for apt; install, groupinstall, localinstall, reinstall, remove,
erase, update, upgrade and downgrade for yum, dnf and tdnf, and install for microdnf (older
microdnf releases never ask); install, remove, update, patch, dist-upgrade and source-install
for zypper. An install without package arguments asks nothing and is not reported (except
` + "`apt-get -f install`" + `, which installs missing dependencies).

Not reported: a simulation (` + "`apt-get install -s`" + `), a command fed by ` + "`yes |`" + ` (or another command piped into it), and apt
commands after an earlier instruction of the same stage wrote ` + "`APT::Get::Assume-Yes \"true\";`" + `
into an apt configuration file. ` + "`DEBIAN_FRONTEND=noninteractive`" + ` does not answer this
question (it only silences debconf), so it does not exempt the command. ` + "`apk`" + ` never asks.`,
	Tags:        []string{"best-practice", "correctness"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3014", "DL3030", "DL3034", "DL3038"}, rules.Trivy: {"DS021"}, rules.KICS: {"77783205-c4ca-4f80-bb80-c777f267c547", "6e19193a-8753-436d-8a09-76dcff91bb03", "7ebd323c-31b7-4e5b-b26f-de5e9e477af8", "45e1fca5-f90e-465d-825f-c2cb63fa3944"}},
	Fixable:     true,
	Run:         runPackageInstallInteractive,
}

var (
	aptPromptSubs    = map[string]bool{"install": true, "reinstall": true, "remove": true, "purge": true, "autoremove": true, "autopurge": true, "upgrade": true, "dist-upgrade": true, "full-upgrade": true, "build-dep": true}
	rpmPromptSubs    = map[string]bool{"install": true, "groupinstall": true, "localinstall": true, "reinstall": true, "remove": true, "erase": true, "update": true, "upgrade": true, "downgrade": true, "groupupdate": true, "groupremove": true, "distro-sync": true, "autoremove": true, "in": true, "rm": true, "up": true}
	zypperPromptSubs = map[string]bool{"install": true, "in": true, "remove": true, "rm": true, "update": true, "up": true, "patch": true, "dist-upgrade": true, "dup": true, "source-install": true, "si": true}
)

func runPackageInstallInteractive(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for _, c := range r.Calls {
			if instFedFromPipe(c) {
				continue
			}
			switch {
			case c.Is("apt-get", "apt"):
				cl := instApt(p, c)
				sub := cl.Sub()
				if !aptPromptSubs[sub] || aptAssumesYes(cl) || aptConfAssumesYes(p, r.Stage, r.Ins) ||
					sub == "install" && len(cl.Pos) < 2 && !cl.Has("f", "fix-broken") {
					continue
				}
				p.ReportFix(instSpan(c, cl.Pos[0]), insertAfter(p, r.Ins, cl.Pos[0], " -y", "Add -y"),
					"%s %s asks for confirmation and aborts in a build; add -y", c.Name, sub)
			case instRPMFamily(c):
				cl := instRPMManager(c)
				sub := cl.Sub()
				if !rpmPromptSubs[sub] || cl.Has("y", "assumeyes", "assumeno") || len(cl.Pos) < 2 && sub != "update" && sub != "upgrade" ||
					c.Is("microdnf") && sub != "install" {
					continue
				}
				p.ReportFix(instSpan(c, cl.Pos[0]), insertAfter(p, r.Ins, cl.Pos[0], " -y", "Add -y"),
					"%s %s asks for confirmation and aborts in a build; add -y", c.Name, sub)
			case c.Is("zypper"):
				cl := instZypper(c)
				sub := cl.Sub()
				if !zypperPromptSubs[sub] || cl.Has("n", "non-interactive", "y", "no-confirm") {
					continue
				}
				p.ReportFix(instSpan(c, cl.Pos[0]), insertAfter(p, r.Ins, c.NameWord, " --non-interactive", "Add --non-interactive"),
					"zypper %s asks for confirmation and aborts in a build; use zypper --non-interactive %s", sub, sub)
			}
		}
	})
}

// instFedFromPipe reports whether something is piped into the call (yes |).
func instFedFromPipe(c *shell.Call) bool {
	for _, u := range c.Upstream {
		if u.Is("yes", "echo", "printf") {
			return true
		}
	}
	return false
}

// aptAssumesYes: -y, --yes, --assume-yes, quiet level 2, -o APT::Get::Assume-Yes=true.
func aptAssumesYes(cl instCmdLine) bool {
	if cl.Has("y", "yes", "assume-yes", "s", "simulate", "just-print", "dry-run", "recon", "no-act") {
		return true
	}
	quiet := cl.Count("q", "quiet")
	for _, o := range cl.Opts {
		if (o.Name == "q" || o.Name == "quiet") && o.Value != nil && o.Value.Value >= "2" ||
			o.Name == "q" && strings.HasPrefix(o.Word.Value, "-q=") && o.Word.Value[3:] >= "2" {
			quiet += 2
		}
	}
	if quiet >= 2 {
		return true
	}
	v, ok := instAptOption(cl, "APT::Get::Assume-Yes")
	return ok && instTrue(v)
}

// aptConfAssumesYes finds APT::Get::Assume-Yes "true" written by an earlier
// instruction of the stage.
func aptConfAssumesYes(p *rules.Pass, s *df.Stage, before *df.Instruction) bool {
	return instConfBefore(p, s, before, "APT::Get::Assume-Yes", "/etc/apt/apt.conf.d", true)
}
