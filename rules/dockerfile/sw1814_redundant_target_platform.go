package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1814 is BuildKit's RedundantTargetPlatform: FROM already pulls the
// target platform, so --platform=$TARGETPLATFORM only adds noise.
var SW1814 = &rules.Rule{
	ID:       "SW1814",
	Name:     "redundant-target-platform",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleRedundantTargetPlatform.Description,
	Doc: md(`´FROM´ pulls the image for the target platform unless told otherwise, so
´FROM --platform=$TARGETPLATFORM alpine´ says nothing more than ´FROM alpine´. It is often a
misremembered cross-compilation idiom, which uses ´$BUILDPLATFORM´ for the stage that runs the
compiler:

´´´dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
´´´

This is BuildKit's own check (´docker build --check´), with the same message: it fires when the
flag's value is exactly the ´TARGETPLATFORM´ variable. Unlike BuildKit, a value with a fallback
(´${TARGETPLATFORM:-linux/amd64}´) is not reported: it pins the platform for the legacy builder,
where ´TARGETPLATFORM´ is not set. The fix removes the flag.`),
	Tags: []string{"style"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleRedundantTargetPlatform.Name},
		rules.Hadolint: {"DL3065"},
	},
	Fixable: true,
	Run:     runRedundantTargetPlatform,
}

func runRedundantTargetPlatform(p *rules.Pass) {
	f := p.Dockerfile
	env, _ := bkMetaArgs(f)
	for _, s := range f.Stages {
		st, ok := s.From.Command.(*instructions.Stage)
		if !ok || st.Platform == "" || bkSkipped(s.From, linter.RuleRedundantTargetPlatform.Name) {
			continue
		}
		tok, ok := s.From.Flag("platform")
		if !ok {
			continue
		}
		res, err := bkExpand(f, st.Platform, env)
		if err != nil || len(res.Matched) != 1 || len(res.Unmatched) != 0 {
			continue
		}
		if _, ok := res.Matched["TARGETPLATFORM"]; !ok || res.Result != env["TARGETPLATFORM"] || usesDefault(st.Platform, "TARGETPLATFORM") {
			continue
		}
		// Remove the flag and the blanks after it, up to the next word.
		end := tok.Span.End
		for end < len(p.Source.Data) && (p.Source.Data[end] == ' ' || p.Source.Data[end] == '\t') {
			end++
		}
		fix := &rules.Fix{Description: "Remove the --platform flag", Edits: []rules.Edit{rules.NewEdit(p.Source, source.Span{Start: tok.Span.Start, End: end}, "")}}
		p.ReportFix(tok.Span, fix, "%s", linter.RuleRedundantTargetPlatform.Format(st.Platform))
	}
}
