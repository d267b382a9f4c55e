package dockerfile

import (
	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1816 is BuildKit's FromPlatformFlagConstDisallowed: a constant
// --platform pins a stage to one platform and breaks multi-platform builds.
var SW1816 = &rules.Rule{
	ID:       "SW1816",
	Name:     "from-platform-flag-const-disallowed",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  linter.RuleFromPlatformFlagConstDisallowed.Description,
	Doc: md(`´FROM --platform=linux/amd64 ...´ pulls the amd64 image whatever platform is being built:
on an arm64 machine, or in a ´--platform linux/amd64,linux/arm64´ build, the stage runs under
emulation and the image ships amd64 binaries labelled for arm64. Leave the flag out (the target
platform is the default), or use ´$BUILDPLATFORM´ for stages that cross-compile.

As in BuildKit, values built from variables are never reported, and neither is a stage whose
name mentions the platform's OS or architecture (´FROM --platform=linux/arm64 alpine AS
build-arm64´ is deliberate). Unlike BuildKit, a Dockerfile whose file or folder name mentions
the architecture (´arm64/Dockerfile´, ´Dockerfile.arm32v7´) is taken as platform-specific on
purpose and not reported either. This is BuildKit's own check (´docker build --check´), with
the same message.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleFromPlatformFlagConstDisallowed.Name},
		rules.Hadolint: {"DL3029"},
		rules.KICS:     {"b16e8501-ef3c-44e1-a543-a093238099c9"},
	},
	Run: runFromPlatformFlagConstDisallowed,
}

func runFromPlatformFlagConstDisallowed(p *rules.Pass) {
	fromPlatforms(p, linter.RuleFromPlatformFlagConstDisallowed.Name, func(s *df.Stage, st *instructions.Stage, tok df.Token, res bkshell.ProcessWordResult, _ bkEnv) {
		if len(res.Matched) > 0 || len(res.Unmatched) > 0 {
			return
		}
		os, arch, ok := parsePlatform(res.Result)
		if !ok || strings.Contains(st.Name, os) || strings.Contains(st.Name, arch) || pathNamesArch(p.Source.Path, arch) {
			return
		}
		p.Reportf(flagValueSpan(s.From, tok), "%s", linter.RuleFromPlatformFlagConstDisallowed.Format(res.Result))
	})
}

// pathNamesArch reports whether the Dockerfile's path mentions arch
// (arm64, amd64, arm for arm32v7, ...), in the file or folder names.
func pathNamesArch(path, arch string) bool {
	if path == "" || path == "-" {
		return false
	}
	// Only the file name and its folder's name: where the repository is
	// checked out says nothing.
	path = strings.ToLower(filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path))
	if strings.Contains(path, arch) {
		return true
	}
	return arch == "amd64" && (strings.Contains(path, "x86_64") || strings.Contains(path, "x86-64")) ||
		arch == "arm64" && strings.Contains(path, "aarch64")
}
