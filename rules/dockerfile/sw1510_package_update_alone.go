package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1510 catches package-index updates in a RUN that installs nothing: the
// layer is cached, so later installs read a stale index and fail or pick
// old versions once the mirror moves on.
var SW1510 = &rules.Rule{
	ID:       "SW1510",
	Name:     "package-update-alone",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A package index is updated in a RUN that installs nothing",
	Doc: `Docker caches each ` + "`RUN`" + ` layer by its text. A ` + "`RUN apt-get update`" + ` on its own is
therefore run once and reused for months, while the ` + "`RUN apt-get install`" + ` after it is
rebuilt whenever its list changes: it then reads the old index, and fails with 404s when the
mirror has dropped the versions it lists, or installs outdated packages.

Update and install in the same ` + "`RUN`" + `:

` + "```dockerfile" + `
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
` + "```" + `

Reported: ` + "`apt-get update`" + ` / ` + "`apt update`" + `, ` + "`apk update`" + `, ` + "`yum makecache`" + ` /
` + "`dnf makecache`" + `, ` + "`zypper refresh`" + `, when no command after it in the same ` + "`RUN`" + ` uses
the index: an install, upgrade or build-dep of the same manager, or a command that may run one
(a script, ` + "`xargs`" + `, ` + "`make`" + `, a shell function, a command given by a variable, ` + "`sh -c`" + `
with a script built from variables). Also not reported: an update whose index is kept in a
` + "`RUN --mount=type=cache`" + ` or removed again in the same ` + "`RUN`" + `, as nothing stale stays in the layer.

Where the peers differ, on purpose: Trivy DS017, KICS and Checkov CKV_DOCKER_5 count
` + "`yum update`" + ` (and ` + "`dnf update`" + `) as an index refresh left alone. It is not one: it upgrades
every installed package, refreshing the metadata on the way, so it does its work on its own;
upgrading in a build is SW1511's question (` + "`package-upgrade-in-build`" + `).`,
	Tags:        []string{"best-practice", "correctness"},
	CIS:         []string{"4.7"},
	Equivalents: map[string][]string{rules.Trivy: {"DS017"}, rules.KICS: {"9bae49be-0aa3-4de5-bab2-4c3a069e40cd"}, rules.Checkov: {"CKV_DOCKER_5"}},
	Run:         runPackageUpdateAlone,
}

func runPackageUpdateAlone(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for i, c := range r.Calls {
			family, sub := instIndexUpdate(p, c)
			if family == "" {
				continue
			}
			// An index kept in a cache mount, or removed again, leaves
			// nothing stale in the layer.
			dirs := indexDirs[family]
			if instCacheMounted(r.Ins, dirs...) || instRemovedAfter(r.Calls, i, dirs...) {
				continue
			}
			used := false
			for _, d := range r.Calls[i+1:] {
				if instUsesIndex(p, d, family) || instOpaque(d, r.Ins.Shell) {
					used = true
					break
				}
			}
			if !used {
				p.Reportf(instSpan(c, sub), "%s %s runs in a RUN that installs nothing, so its cached layer goes stale; update and install in the same RUN", c.Name, sub.Value)
			}
		}
	})
}

// indexDirs are where each manager keeps its package index.
var indexDirs = map[string][]string{
	"apt":    {"/var/lib/apt/lists"},
	"apk":    {"/var/cache/apk", "/etc/apk/cache"},
	"rpm":    {"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"},
	"zypper": {"/var/cache/zypp"},
}

// instIndexUpdate recognises a package-index update: the manager family
// and the subcommand word.
func instIndexUpdate(p *rules.Pass, c *shell.Call) (string, *shell.Word) {
	switch {
	case instAptFamily(c):
		if cl := instApt(p, c); cl.Sub() == "update" {
			return "apt", cl.Pos[0]
		}
	case c.Is("apk"):
		if cl := instApk(c); cl.Sub() == "update" {
			return "apk", cl.Pos[0]
		}
	case instRPMFamily(c):
		if cl := instRPMManager(c); cl.Sub() == "makecache" {
			return "rpm", cl.Pos[0]
		}
	case c.Is("zypper"):
		if cl := instZypper(c); cl.Sub() == "refresh" || cl.Sub() == "ref" {
			return "zypper", cl.Pos[0]
		}
	}
	return "", nil
}

// instUsesIndex reports whether c reads the index of family.
func instUsesIndex(p *rules.Pass, c *shell.Call, family string) bool {
	switch family {
	case "apt":
		if c.Is("apt-get", "apt", "aptitude", "apt-cache", "apt-file", "apt-mark", "mk-build-deps", "add-apt-repository", "install_packages", "apt-install") {
			sub := instApt(p, c).Sub()
			return !c.Is("apt-get", "apt", "aptitude") || sub != "update" && sub != "clean" && sub != "autoclean" && sub != ""
		}
	case "apk":
		if c.Is("apk") {
			sub := instApk(c).Sub()
			return sub != "update" && sub != ""
		}
	case "rpm":
		if instRPMFamily(c) || c.Is("yum-builddep", "dnf-builddep", "repoquery", "yumdownloader", "yum-config-manager") {
			sub := instRPMManager(c).Sub()
			return sub != "makecache" && sub != "clean" || !instRPMFamily(c)
		}
	case "zypper":
		if c.Is("zypper") {
			sub := instZypper(c).Sub()
			return sub != "refresh" && sub != "ref" && sub != "clean" && sub != "cc" && sub != ""
		}
	}
	return false
}

// instOpaque reports whether a call may run commands we cannot see: a
// script, xargs, make, a shell function, a shell running a file, or a
// command named by a variable.
func instOpaque(c *shell.Call, s *shell.Script) bool {
	if c.Name == "" {
		return true
	}
	if strings.Contains(c.NameWord.Value, "/") || strings.HasSuffix(c.Name, ".sh") {
		return true
	}
	if c.Is("xargs", "make", "parallel", "ansible-playbook", "ansible", "chef-solo", "puppet", "salt-call", "find", "docker-php-ext-install", "install-php-extensions") {
		return true
	}
	if instShells[c.Name] || c.Is("source", ".") {
		for i, a := range c.Args {
			if !a.Literal || !strings.HasPrefix(a.Value, "-") {
				return true // a script file
			}
			if strings.Contains(a.Value[1:], "c") && !strings.HasPrefix(a.Value, "--") {
				// sh -c SCRIPT: a literal script is parsed into calls of its own.
				return i+1 < len(c.Args) && !c.Args[i+1].Literal
			}
		}
		return false
	}
	return instFunction(s, c.Name)
}

// instShells lists the POSIX shells, which run a script operand.
var instShells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true}

// instFunction reports whether the script defines a shell function name.
func instFunction(s *shell.Script, name string) bool {
	for _, fd := range s.Index().FuncDecls {
		if fd.Name != nil && fd.Name.Value == name {
			return true
		}
	}
	return false
}
