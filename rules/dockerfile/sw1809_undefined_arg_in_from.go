package dockerfile

import (
	"sort"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1809 is BuildKit's UndefinedArgInFrom: FROM can only use the ARGs
// declared before the first FROM (and the predefined platform ARGs).
var SW1809 = &rules.Rule{
	ID:       "SW1809",
	Name:     "undefined-arg-in-from",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleUndefinedArgInFrom.Description,
	Doc: md(`´FROM´ expands variables only from the ´ARG´ instructions before the first ´FROM´ and from
BuildKit's predefined platform arguments (´BUILDPLATFORM´, ´TARGETARCH´, ...). A variable that
is not declared there is always empty, even when ´--build-arg´ sets it, so ´FROM node:${NODE}´
pulls ´node:´... or fails. It is usually a typo or an ´ARG´ declared after the ´FROM´:

´´´dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-alpine
´´´

The base image and the ´--platform´ flag are checked. This is BuildKit's own check
(´docker build --check´), with the same message and the same "did you mean" suggestion.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleUndefinedArgInFrom.Name}},
	Run:         runUndefinedArgInFrom,
}

func runUndefinedArgInFrom(p *rules.Pass) {
	f := p.Dockerfile
	meta := bkMetaArgs(p)
	env := meta.env
	declared := make(map[string]bool, len(meta.declared)+len(env))
	for k := range meta.declared {
		declared[k] = true
	}
	for k := range env {
		declared[k] = true
	}
	options := make([]string, 0, len(declared))
	for k := range declared {
		options = append(options, k)
	}
	for _, s := range f.Stages {
		st, ok := s.From.Command.(*instructions.Stage)
		if !ok || bkSkipped(p, s.From, linter.RuleUndefinedArgInFrom.Name) {
			continue
		}
		check := func(word string, tok df.Token) {
			// BuildKit reports the names it could not match even when the
			// expansion then fails.
			res, _ := bkExpand(f, word, env)
			var names []string
			for name := range res.Unmatched {
				if !declared[name] {
					names = append(names, name)
				}
			}
			sort.Strings(names)
			for _, name := range names {
				span := tok.Span
				if a, b, ok := findVarRef(tok.Raw, name); ok {
					span = s.From.SubSpan(tok, a, b)
				}
				p.Reportf(span, "%s", linter.RuleUndefinedArgInFrom.Format(name, bkSuggest(name, options)))
			}
		}
		check(st.BaseName, s.Image)
		if st.Platform != "" {
			if tok, ok := s.From.Flag("platform"); ok {
				check(st.Platform, tok)
			}
		}
	}
}
