package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1804 is BuildKit's ConsistentInstructionCasing: instruction keywords
// should all be upper case or all lower case.
var SW1804 = &rules.Rule{
	ID:       "SW1804",
	Name:     "consistent-instruction-casing",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleConsistentInstructionCasing.Description,
	Doc: md(`Dockerfile keywords are case-insensitive, so ´run´, ´RUN´ and ´Run´ all work. A file that
mixes them is harder to read and to search. The convention is upper case.

As in BuildKit, the majority wins: keywords written all in lower case or all in upper case
are counted (the ´ARG´s before the first ´FROM´ are not, as BuildKit leaves them out), and
every keyword that does not match the majority, or is itself in mixed case (´Run´), is reported.
This is BuildKit's own check (´docker build --check´), with the same message. The fix rewrites
the keyword.`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleConsistentInstructionCasing.Name}},
	Fixable:     true,
	Run:         runConsistentInstructionCasing,
}

func runConsistentInstructionCasing(p *rules.Pass) {
	var lower, upper int
	var all []*df.Instruction
	for _, s := range p.Dockerfile.Stages {
		all = append(all, s.From)
		all = append(all, s.Instructions...)
	}
	for _, ins := range all {
		name := keywordAsWritten(p.Dockerfile, ins)
		switch name {
		case strings.ToLower(name):
			lower++
		case strings.ToUpper(name):
			upper++
		}
	}
	majorityLower := lower > upper
	for _, ins := range all {
		name := keywordAsWritten(p.Dockerfile, ins)
		want, casing := strings.ToUpper(name), "uppercase"
		if majorityLower {
			want, casing = strings.ToLower(name), "lowercase"
		}
		if name == want {
			continue
		}
		fix := &rules.Fix{Description: "Write the keyword in " + casing, Edits: []rules.Edit{rules.NewEdit(p.Source, ins.KeywordSpan, want)}}
		p.ReportFix(ins.KeywordSpan, fix, "%s", linter.RuleConsistentInstructionCasing.Format(name, casing))
	}
}
