package dockerfile

import (
	"regexp"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1502 catches `npm install <pkg>` without an exact version: the build
// installs whatever was published last.
var SW1502 = &rules.Rule{
	ID:       "SW1502",
	Name:     "npm-install-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "npm installs a package without an exact version",
	Doc: `` + "`npm install express`" + ` (or ` + "`npm install -g typescript`" + `, or a range such as
` + "`express@^4`" + `) installs whatever version is newest when the image is built, so rebuilding the
same Dockerfile can ship different code. Pin an exact version (` + "`express@4.21.1`" + `), or
install from a lockfile with ` + "`npm ci`" + `.

Not reported: exact versions, tarballs, local paths, git URLs pinned to a commit, and
package names built from variables.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3016"}, rules.KICS: {"e36d8880-3f78-4546-b9a1-12f0745ca0d5"}},
	Run:         runNpmInstallUnpinned,
}

// exactSemver is a full version, optionally with a pre-release or build.
var commitRef = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// exactSemver matches a full version.
var exactSemver = regexp.MustCompile(`^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$`)

// npmValueFlags take a separate value.
var npmValueFlags = []string{"prefix", "registry", "w", "workspace", "C", "cache", "userconfig", "tag", "omit", "include", "install-strategy"}

func runNpmInstallUnpinned(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("npm") {
			return
		}
		ps := c.Positionals(npmValueFlags...)
		if len(ps) < 2 || !ps[0].Literal {
			return
		}
		switch ps[0].Value {
		case "install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal":
		default:
			return
		}
		for _, w := range ps[1:] {
			if w.Literal && !npmPinned(w.Value) {
				p.Reportf(w.Span, "npm installs %s without an exact version; pin it (%s@1.2.3)", w.Value, npmName(w.Value))
			}
		}
	})
}

// npmPinned reports whether a package spec names one exact version or a
// source that cannot move (a path, a tarball, a git commit).
func npmPinned(spec string) bool {
	switch {
	case strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") || strings.HasPrefix(spec, "~") || strings.HasPrefix(spec, "file:"):
		return true
	case strings.HasSuffix(spec, ".tgz") || strings.HasSuffix(spec, ".tar.gz") || strings.HasSuffix(spec, ".tar"):
		return true
	case strings.Contains(spec, "://") || strings.HasPrefix(spec, "git+") || strings.HasPrefix(spec, "github:") || strings.HasPrefix(spec, "git@"):
		_, ref, ok := strings.Cut(spec, "#")
		return ok && commitRef.MatchString(ref) // only a commit is immutable
	}
	name := npmName(spec)
	version := strings.TrimPrefix(spec[len(name):], "@")
	if strings.HasPrefix(version, "npm:") { // alias: pkg@npm:real@1.2.3
		alias := strings.TrimPrefix(version, "npm:")
		return npmPinned(alias)
	}
	return exactSemver.MatchString(version)
}

// npmName is the package name of a spec: "@scope/pkg@1" -> "@scope/pkg".
func npmName(spec string) string {
	at := strings.LastIndex(spec, "@")
	if at <= 0 {
		return spec
	}
	return spec[:at]
}
