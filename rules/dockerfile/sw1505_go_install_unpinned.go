package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1505 catches `go install pkg@latest` (or a branch): the tool's version
// changes with every upstream push.
var SW1505 = &rules.Rule{
	ID:       "SW1505",
	Name:     "go-install-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "go install of a moving version (@latest or a branch)",
	Doc: `` + "`go install example.com/tool@latest`" + ` builds whatever was tagged last, and ` + "`@main`" + `
or ` + "`@master`" + ` whatever was pushed last. Pin a version: ` + "`go install example.com/tool@v1.4.2`" + `.

` + "`go install`" + ` without ` + "`@`" + ` inside a module takes the version from ` + "`go.mod`" + `, which is
pinned, and is not reported.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3062"}},
	Run:         runGoInstallUnpinned,
}

// movingVersions are the module queries that do not name one version.
var movingVersions = map[string]bool{"latest": true, "upgrade": true, "patch": true, "main": true, "master": true, "HEAD": true, "head": true, "trunk": true, "develop": true}

func runGoInstallUnpinned(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("go") {
			return
		}
		ps := c.Positionals("o", "tags", "ldflags", "gcflags", "mod", "modfile", "p", "C", "toolexec", "overlay", "pgo", "asmflags", "buildmode", "compiler", "installsuffix", "pkgdir")
		if len(ps) < 2 || ps[0].Value != "install" {
			return
		}
		for _, w := range ps[1:] {
			if !w.Literal {
				continue
			}
			_, version, ok := strings.Cut(w.Value, "@")
			if ok && movingVersions[version] {
				p.Reportf(w.Span, "go install %s builds a moving version; pin a release (@v1.2.3)", w.Value)
			}
		}
	})
}
