package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1504 catches `gem install <gem>` without a version.
var SW1504 = &rules.Rule{
	ID:       "SW1504",
	Name:     "gem-install-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "gem installs a gem without a version",
	Doc: `` + "`gem install rails`" + ` installs the newest release at build time. Pin it:
` + "`gem install rails -v 7.2.1`" + ` or ` + "`gem install rails:7.2.1`" + `, or install from ` + "`Gemfile.lock`" + `
with Bundler. Local ` + "`.gem`" + ` files and names built from variables are not reported.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3028"}, rules.KICS: {"22cd11f7-9c6c-4f6e-84c0-02058120b341"}},
	Run:         runGemInstallUnpinned,
}

var gemValueFlags = []string{"v", "version", "i", "install-dir", "n", "bindir", "source", "s", "platform", "P", "trust-policy", "g", "file", "document", "build-root"}

func runGemInstallUnpinned(p *rules.Pass) {
	runCalls(p.Dockerfile, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("gem") {
			return
		}
		ps := c.Positionals(gemValueFlags...)
		if len(ps) < 2 || ps[0].Value != "install" || c.HasFlag("v", "version") {
			return
		}
		for _, w := range ps[1:] {
			if !w.Literal || strings.Contains(w.Value, ":") || strings.HasSuffix(w.Value, ".gem") || strings.Contains(w.Value, "/") {
				continue
			}
			p.Reportf(w.Span, "gem installs %s without a version; pin it (%s -v 1.2.3)", w.Value, w.Value)
		}
	})
}
