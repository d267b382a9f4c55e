package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1801 is BuildKit's StageNameCasing: stage names are case-insensitive, so
// a mixed-case name reads as if case mattered.
var SW1801 = &rules.Rule{
	ID:       "SW1801",
	Name:     "stage-name-casing",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleStageNameCasing.Description,
	Doc: md(`BuildKit lower-cases stage names: ´FROM golang AS Builder´ defines the stage ´builder´,
and ´COPY --from=BUILDER´ finds it too. A mixed-case name suggests that case matters when it does
not, and the name shown in build output and accepted by ´--target´ differs from the one written.
Write stage names in lower case.

This is BuildKit's own check (´docker build --check´), with the same message; the fix
lower-cases the name where it is defined (references to it keep working, as they are
case-insensitive).`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleStageNameCasing.Name}},
	Fixable:     true,
	Run:         runStageNameCasing,
}

func runStageNameCasing(p *rules.Pass) {
	for _, w := range bkWarnings(p.Dockerfile, linter.RuleStageNameCasing.Name) {
		if w.Ins.Keyword != "FROM" || len(w.Ins.Args) != 3 {
			continue
		}
		name := w.Ins.Args[2]
		fix := &rules.Fix{Description: "Lower-case the stage name", Edits: []rules.Edit{rules.NewEdit(p.Source, name.Span, strings.ToLower(name.Raw))}}
		p.ReportFix(name.Span, fix, "%s", w.Message)
	}
}
