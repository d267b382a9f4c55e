package dockerfile

import (
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1815 is BuildKit's InvalidDefaultArgInFrom: with no --build-arg, the
// ARG defaults must still give FROM a valid image name.
var SW1815 = &rules.Rule{
	ID:       "SW1815",
	Name:     "invalid-default-arg-in-from",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleInvalidDefaultArgInFrom.Description,
	Doc: md(`A ´FROM´ built from ´ARG´s should work without any ´--build-arg´: that is what
´docker build .´, IDEs, Dependabot and scanners do. When an ´ARG´ has no default, or its
default leaves the reference empty or malformed, the plain build fails:

´´´dockerfile
ARG TAG
FROM alpine:${TAG}        # "alpine:" is not a valid reference
´´´

Give the ´ARG´ a sensible default (´ARG TAG=3.20´). Only ´FROM´ lines that use variables are
checked, with BuildKit's predefined platform arguments set as for a linux/amd64 build. This is
BuildKit's own check (´docker build --check´), with the same message.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleInvalidDefaultArgInFrom.Name}},
	Run:         runInvalidDefaultArgInFrom,
}

func runInvalidDefaultArgInFrom(p *rules.Pass) {
	f := p.Dockerfile
	meta := bkMetaArgs(p)
	env := meta.env
	if meta.failed {
		return // BuildKit abandons the check when a default does not expand
	}
	for _, s := range f.Stages {
		st, ok := s.From.Command.(*instructions.Stage)
		if !ok || !strings.Contains(st.BaseName, "$") {
			continue
		}
		res, err := bkExpand(f, st.BaseName, env)
		if err != nil {
			return // BuildKit abandons the check on an expansion error
		}
		if _, err := reference.ParseNormalizedNamed(res.Result); err != nil {
			p.Reportf(s.Image.Span, "%s", linter.RuleInvalidDefaultArgInFrom.Format(st.BaseName))
		}
	}
}
