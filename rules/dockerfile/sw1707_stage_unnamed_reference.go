package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1707 asks for stage names instead of numbers in COPY --from: inserting
// a stage renumbers the others and silently changes what is copied.
var SW1707 = &rules.Rule{
	ID:       "SW1707",
	Name:     "stage-unnamed-reference",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "COPY --from refers to a stage by its number",
	Doc: hygMD(`´COPY --from=0´ copies from the first stage of the file. Add or move a stage and the
numbers shift: the instruction then copies from another stage, and the build may still succeed.
A name says which stage is meant and survives edits:

´´´dockerfile
FROM golang:1.23 AS build
…
COPY --from=build /out/app /app
´´´

When the stage already has a name, the fix writes it in place of the number.
Not reported: numbers that name no stage or the current stage (see SW1706).`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.KICS: {"68a51e22-ae5a-4d48-8e87-b01a323605c9"}},
	Fixable:     true,
	Run:         runStageUnnamedReference,
}

func runStageUnnamedReference(p *rules.Pass) {
	f := p.Dockerfile
	for _, s := range f.Stages {
		for _, ins := range s.Instructions {
			from, tok, ok := hygFromFlag(ins)
			if !ok {
				continue
			}
			target, isIndex := hygStageRef(f, from)
			if !isIndex || target == nil || target == s {
				continue
			}
			a, b := hygFlagValueSpan(tok)
			span := ins.SubSpan(tok, a, b)
			if target.Name == "" {
				p.Reportf(span, "COPY --from=%s refers to stage %s by its number, which changes when stages are added; name it (FROM … AS <name>) and copy --from=<name>", from, from)
				continue
			}
			fix := &rules.Fix{Description: "refer to the stage by its name", Edits: []rules.Edit{rules.NewEdit(p.Source, span, target.Name)}}
			p.ReportFix(span, fix, "COPY --from=%s refers to stage %s by its number, which changes when stages are added; use its name: --from=%s", from, target.Name, target.Name)
		}
	}
}
