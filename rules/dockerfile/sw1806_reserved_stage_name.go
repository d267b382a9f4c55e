package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1806 is BuildKit's ReservedStageName: `scratch` and `context` already
// mean something, so a stage cannot usefully take those names.
var SW1806 = &rules.Rule{
	ID:       "SW1806",
	Name:     "reserved-stage-name",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleReservedStageName.Description,
	Doc: md(`´scratch´ is the empty base image and ´context´ is the name BuildKit gives the build
context (´COPY --from=context´, named contexts). A stage named after either shadows or is
shadowed by the built-in meaning, depending on where it is used, which makes the build hard to
follow. Choose another name.

This is BuildKit's own check (´docker build --check´), with the same message; names are
compared in lower case, as BuildKit stores them.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleReservedStageName.Name}, rules.Hadolint: {"DL3063"}},
	Run:         runReservedStageName,
}

func runReservedStageName(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		if s.Name == "" || len(s.From.Args) != 3 {
			continue
		}
		if name := strings.ToLower(s.Name); name == "scratch" || name == "context" {
			p.Reportf(s.From.Args[2].Span, "%s", linter.RuleReservedStageName.Format(name))
		}
	}
}
