package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1802 is BuildKit's FromAsCasing: `FROM image as name` mixes casings
// within one instruction.
var SW1802 = &rules.Rule{
	ID:       "SW1802",
	Name:     "from-as-casing",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleFromAsCasing.Description,
	Doc: md(`´FROM node:22 as build´ writes the instruction in upper case and its ´AS´ keyword in lower
case (or the other way round). Both work; the mix only makes the file harder to scan and to
search. Match the casing of ´AS´ to the casing of ´FROM´.

This is BuildKit's own check (´docker build --check´), with the same message. A ´FROM´ keyword
in mixed case (´From´) is left to consistent-instruction-casing. The fix rewrites the ´AS´
keyword.`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleFromAsCasing.Name}},
	Fixable:     true,
	Run:         runFromAsCasing,
}

func runFromAsCasing(p *rules.Pass) {
	for _, w := range bkWarnings(p.Dockerfile, linter.RuleFromAsCasing.Name) {
		if w.Ins.Keyword != "FROM" || len(w.Ins.Args) != 3 {
			continue
		}
		as := w.Ins.Args[1]
		want := "AS"
		if from := keywordAsWritten(p.Dockerfile, w.Ins); from == strings.ToLower(from) {
			want = "as"
		}
		fix := &rules.Fix{Description: "Match the casing of FROM", Edits: []rules.Edit{rules.NewEdit(p.Source, as.Span, want)}}
		p.ReportFix(as.Span, fix, "%s", w.Message)
	}
}
