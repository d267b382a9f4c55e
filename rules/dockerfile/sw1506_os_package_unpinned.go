package dockerfile

import (
	"regexp"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1506 notes OS packages installed without a version. It is info only:
// distributions drop old versions from their archives, so pinning trades
// reproducibility for builds that break; teams choose.
var SW1506 = &rules.Rule{
	ID:       "SW1506",
	Name:     "os-package-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "OS packages are installed without versions",
	Doc: `` + "`apt-get install curl`" + `, ` + "`apk add curl`" + `, ` + "`dnf install curl`" + ` and ` + "`zypper install curl`" + `
install whatever version the package index offers that day. Pinning
(` + "`curl=8.5.0-2ubuntu10`" + `, ` + "`curl=8.9.1-r0`" + `) makes the layer reproducible, at the cost of
builds that fail when the distribution removes the old version: many teams pin the base image
by digest instead. This is why the rule is ` + "`info`" + `.

One finding per install command lists its unpinned packages. Not reported: package files
(` + "`./x.deb`" + `), names built from variables, and ` + "`-t release`" + ` targets.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3008", "DL3018", "DL3033", "DL3037", "DL3041"}, rules.KICS: {"965a08d7-ef86-4f14-8792-4a3b2098937e", "d3499f6d-1651-41bb-a9a7-de925fea487b", "6452c424-1d92-4deb-bb18-a03e95d579c4", "93d88cf7-f078-46a8-8ddc-178e03aeacf1", "562952e4-0348-4dea-9826-44f3a2c6117b"}},
	Run:         runOSPackageUnpinned,
}

// rpmVersioned matches name-version (bash-5.1) the way yum and dnf accept it.
var rpmVersioned = regexp.MustCompile(`-\d[^/]*$`)

func runOSPackageUnpinned(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		pkgs, pinned := osInstallPackages(c)
		var names []string
		var span source.Span
		for _, w := range pkgs {
			if !w.Literal || strings.ContainsAny(w.Value, "/*") || strings.HasPrefix(w.Value, "@") ||
				strings.HasSuffix(w.Value, ".deb") || strings.HasSuffix(w.Value, ".rpm") || strings.HasSuffix(w.Value, ".apk") || pinned(w.Value) {
				continue
			}
			if len(names) == 0 {
				span.Start = w.Span.Start
			}
			span.End = w.Span.End
			names = append(names, w.Value)
		}
		if len(names) > 0 {
			p.Reportf(span, "%s installs %s without a version pin", c.Name, strings.Join(names, ", "))
		}
	})
}

// osInstallPackages returns the package arguments of an OS package install
// and how that manager writes a pinned version.
func osInstallPackages(c *shell.Call) ([]*shell.Word, func(string) bool) {
	switch {
	case c.Is("apt-get", "apt"):
		ps := c.Positionals("o", "t", "c", "target-release", "option", "config-file")
		if len(ps) > 1 && ps[0].Value == "install" && !c.HasFlag("t", "target-release") {
			return ps[1:], func(v string) bool { return strings.Contains(v, "=") }
		}
	case c.Is("apk"):
		ps := c.Positionals("t", "virtual", "X", "repository", "p", "root", "arch", "keys-dir", "repositories-file", "cache-dir")
		if len(ps) > 1 && ps[0].Value == "add" {
			return ps[1:], func(v string) bool { return strings.ContainsAny(v, "=~<>") }
		}
	case c.Is("yum", "dnf", "microdnf", "tdnf"):
		ps := c.Positionals("c", "config", "installroot", "releasever", "enablerepo", "disablerepo", "setopt", "x", "exclude", "repo", "repoid", "nobest")
		if len(ps) > 1 && ps[0].Value == "install" {
			return ps[1:], rpmVersioned.MatchString
		}
	case c.Is("zypper"):
		ps := c.Positionals("r", "repo", "t", "type", "from")
		if len(ps) > 1 && (ps[0].Value == "install" || ps[0].Value == "in") {
			return ps[1:], func(v string) bool { return strings.ContainsAny(v, "=<>") }
		}
	}
	return nil, nil
}
