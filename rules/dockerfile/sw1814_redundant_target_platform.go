package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
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
	fromPlatforms(p, linter.RuleRedundantTargetPlatform.Name, func(_ *df.Stage, st *instructions.Stage, tok df.Token, res bkshell.ProcessWordResult, env bkEnv) {
		if len(res.Matched) != 1 || len(res.Unmatched) != 0 {
			return
		}
		if _, ok := res.Matched["TARGETPLATFORM"]; !ok || res.Result != env["TARGETPLATFORM"] || usesDefault(st.Platform, "TARGETPLATFORM") {
			return
		}
		// Remove the flag and the blanks after it, up to the next word.
		end := tok.Span.End
		for end < len(p.Source.Data) && (p.Source.Data[end] == ' ' || p.Source.Data[end] == '\t') {
			end++
		}
		fix := &rules.Fix{Description: "Remove the --platform flag", Edits: []rules.Edit{rules.NewEdit(p.Source, source.Span{Start: tok.Span.Start, End: end}, "")}}
		p.ReportFix(tok.Span, fix, "%s", linter.RuleRedundantTargetPlatform.Format(st.Platform))
	})
}
