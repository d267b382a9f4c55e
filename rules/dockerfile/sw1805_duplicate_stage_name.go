package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1805 is BuildKit's DuplicateStageName: two stages with one name make
// every reference to that name ambiguous.
var SW1805 = &rules.Rule{
	ID:       "SW1805",
	Name:     "duplicate-stage-name",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  linter.RuleDuplicateStageName.Description,
	Doc: md(`Stage names are how ´COPY --from´, ´RUN --mount=from=´, ´FROM <stage>´ and ´--target´ find
a stage. When two stages share a name, BuildKit resolves ´COPY --from´ and ´--target´ to the last of
them and ´FROM <stage>´ to the latest one defined above it, so a copy or a target can silently
use a stage the author did not mean. Give every
stage its own name.

Names are compared as BuildKit does, ignoring case (´AS Build´ and ´AS build´ are the same
stage). The later definition is reported. This is BuildKit's own check
(´docker build --check´), with the same message.`),
	Tags: []string{"correctness"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleDuplicateStageName.Name},
		rules.Hadolint: {"DL3024"},
		rules.Trivy:    {"DS012"},
		rules.KICS:     {"f2daed12-c802-49cd-afed-fe41d0b82fed"},
		rules.Checkov:  {"CKV_DOCKER_11"},
	},
	Run: runDuplicateStageName,
}

func runDuplicateStageName(p *rules.Pass) {
	seen := map[string]bool{}
	for _, s := range p.Dockerfile.Stages {
		if s.Name == "" || len(s.From.Args) != 3 {
			continue
		}
		name := strings.ToLower(s.Name)
		if seen[name] {
			p.Reportf(s.From.Args[2].Span, "%s", linter.RuleDuplicateStageName.Format(name))
		}
		seen[name] = true
	}
}
