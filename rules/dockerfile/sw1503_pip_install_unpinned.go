package dockerfile

import (
	"regexp"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1503 catches `pip install <pkg>` without `==version`.
var SW1503 = &rules.Rule{
	ID:       "SW1503",
	Name:     "pip-install-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "pip installs a package without an exact version",
	Doc: `` + "`pip install flask`" + ` (or ` + "`flask>=2`" + `) installs the newest release at build time, so the
same Dockerfile builds different images over time. Pin exact versions (` + "`flask==3.0.3`" + `), or
install from a pinned requirements file: ` + "`pip install -r requirements.txt`" + ` (with
` + "`--require-hashes`" + ` for the strictest form).

Not reported: ` + "`-r`" + ` / ` + "`-c`" + ` files, local paths and wheels, URLs, package names built
from variables, and ` + "`pip install --upgrade pip setuptools wheel`" + `.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3013"}, rules.KICS: {"02d9c71f-3ee8-4986-9c27-1a20d0d19bfc"}},
	Run:         runPipInstallUnpinned,
}

// pipValueFlags take a separate value.
var pipValueFlags = []string{
	"r", "requirement", "c", "constraint", "e", "editable", "i", "index-url", "extra-index-url", "f", "find-links",
	"t", "target", "prefix", "root", "trusted-host", "platform", "python-version", "implementation", "abi", "src",
	"upgrade-strategy", "progress-bar", "cache-dir", "log", "proxy", "retries", "timeout", "exists-action",
	"global-option", "install-option", "C", "config-settings", "no-binary", "only-binary", "root-user-action", "report", "python",
}

// pipPinnedRe matches a requirement pinned with == or === (extras and
// environment markers allowed).
var pipPinnedRe = regexp.MustCompile(`^[A-Za-z0-9._-]+(\[[^\]]*\])?\s*===?\s*[^\s,;*]+\s*(;.*)?$`)

func runPipInstallUnpinned(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		ps, ok := pipInstallArgs(c)
		if !ok || c.HasFlag("c", "constraint", "require-hashes") {
			return
		}
		upgrade := c.HasFlag("U", "upgrade")
		for _, w := range ps {
			if !w.Literal || pipNotRegistry(w.Value) || pipPinnedRe.MatchString(w.Value) {
				continue
			}
			if upgrade && (w.Value == "pip" || w.Value == "setuptools" || w.Value == "wheel") {
				continue
			}
			p.Reportf(w.Span, "pip installs %s without an exact version; pin it with ==", w.Value)
		}
	})
}

// pipInstallArgs returns the requirement arguments of pip install, for
// pip, pip3, pip3.12 and python -m pip.
func pipInstallArgs(c *shell.Call) ([]*shell.Word, bool) {
	switch {
	case c.Name == "pip" || strings.HasPrefix(c.Name, "pip3") || strings.HasPrefix(c.Name, "pip2"):
		ps := c.Positionals(pipValueFlags...)
		if len(ps) == 0 || ps[0].Value != "install" {
			return nil, false
		}
		return ps[1:], true
	case strings.HasPrefix(c.Name, "python"):
		for i, a := range c.Args {
			if a.Value == "-m" && i+2 < len(c.Args) && c.Args[i+1].Value == "pip" {
				inner := &shell.Call{Name: "pip", Args: c.Args[i+2:]}
				ps := inner.Positionals(pipValueFlags...)
				if len(ps) == 0 || ps[0].Value != "install" {
					return nil, false
				}
				return ps[1:], true
			}
		}
	}
	return nil, false
}

// pipNotRegistry is true for requirements that do not come from an index
// by name: paths, archives, wheels and URLs.
func pipNotRegistry(v string) bool {
	return strings.HasPrefix(v, ".") || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") ||
		strings.Contains(v, "://") || strings.Contains(v, " @ ") || strings.HasPrefix(v, "git+") ||
		strings.HasSuffix(v, ".whl") || strings.HasSuffix(v, ".tar.gz") || strings.HasSuffix(v, ".zip") ||
		strings.Contains(v, "/")
}
