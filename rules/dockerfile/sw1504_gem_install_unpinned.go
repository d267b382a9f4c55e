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
with Bundler. Local ` + "`.gem`" + ` files and names built from variables are not reported.

With several gems on one line, ` + "`-v`" + ` pins only the gem written before it (and RubyGems refuses
` + "`--version`" + ` with several gems): ` + "`gem install grpc -v 1.2 blunder`" + ` leaves ` + "`blunder`" + ` unpinned. Pin
each gem in its own word: ` + "`gem install grpc:1.2 blunder:0.4`" + `.`,
	Tags:        []string{"supply-chain"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3028"}, rules.KICS: {"22cd11f7-9c6c-4f6e-84c0-02058120b341"}},
	Run:         runGemInstallUnpinned,
}

var gemValueFlags = []string{"v", "version", "i", "install-dir", "n", "bindir", "source", "s", "platform", "P", "trust-policy", "g", "file", "document", "build-root"}

func runGemInstallUnpinned(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("gem") {
			return
		}
		ps := c.Positionals(gemValueFlags...)
		if len(ps) < 2 || ps[0].Value != "install" {
			return
		}
		gems := ps[1:]
		pinned := gemVersionFlagged(c, gems)
		for _, w := range gems {
			if pinned[w] || !w.Literal || strings.Contains(w.Value, ":") || strings.HasSuffix(w.Value, ".gem") || strings.Contains(w.Value, "/") {
				continue
			}
			if len(pinned) > 0 {
				p.Reportf(w.Span, "gem installs %s without a version: -v pins one gem, and gem refuses it with several; pin each as %s:1.2.3", w.Value, w.Value)
				continue
			}
			p.Reportf(w.Span, "gem installs %s without a version; pin it (%s -v 1.2.3)", w.Value, w.Value)
		}
	})
}

// gemVersionFlagged returns the gems that a -v/--version flag pins: with
// one gem, that gem; with several, the gem written just before each flag
// (the reading KICS and hadolint share; RubyGems itself rejects --version
// with several gems, so the others stay unpinned either way).
func gemVersionFlagged(c *shell.Call, gems []*shell.Word) map[*shell.Word]bool {
	pinned := map[*shell.Word]bool{}
	for _, a := range c.Args {
		if !a.Literal || !gemVersionFlag(a.Value) {
			continue
		}
		if len(gems) == 1 {
			pinned[gems[0]] = true
			break
		}
		var before *shell.Word
		for _, g := range gems {
			if g.Span.Start < a.Span.Start {
				before = g
			}
		}
		if before == nil {
			before = gems[0]
		}
		pinned[before] = true
	}
	return pinned
}

// gemVersionFlag matches -v, -vX, --version and --version=X.
func gemVersionFlag(arg string) bool {
	return arg == "--version" || strings.HasPrefix(arg, "--version=") || strings.HasPrefix(arg, "-v") && !strings.HasPrefix(arg, "--")
}
