package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1812 is BuildKit's MultipleInstructionsDisallowed: only the last CMD,
// ENTRYPOINT or HEALTHCHECK of a stage counts, so earlier ones are dead code
// that readers take for real.
var SW1812 = &rules.Rule{
	ID:       "SW1812",
	Name:     "multiple-instructions-disallowed",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleMultipleInstructionsDisallowed.Description,
	Doc: md(`A stage has one command, one entrypoint and one health check: each ´CMD´,
´ENTRYPOINT´ or ´HEALTHCHECK´ replaces the previous one. When a stage has two, the first is
silently ignored, which is at best dead code and often a merge mistake (two services' commands
in one file, a debugging ´CMD´ left behind). Keep one.

As in BuildKit, the instruction reported is the earlier one, the one that is ignored, and
stages are counted separately (a ´CMD´ in a build stage does not clash with the final stage's).
This is BuildKit's own check (´docker build --check´), with the same message.`),
	Tags: []string{"correctness"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleMultipleInstructionsDisallowed.Name},
		rules.Hadolint: {"DL4003", "DL4004", "DL3012"},
		rules.Trivy:    {"DS016", "DS007", "DS023"},
		rules.KICS:     {"41c195f4-fc31-4a5c-8a1b-90605538d49f", "6938958b-3f1a-451c-909b-baeee14bdc97"},
	},
	Fixable: true,
	Run:     runMultipleInstructionsDisallowed,
}

func runMultipleInstructionsDisallowed(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		last := map[string]*df.Instruction{}
		for _, ins := range s.Instructions {
			switch ins.Keyword {
			case "CMD", "ENTRYPOINT", "HEALTHCHECK":
			default:
				continue
			}
			if prev := last[ins.Keyword]; prev != nil && !bkSkipped(p, ins, linter.RuleMultipleInstructionsDisallowed.Name) {
				p.ReportFix(prev.KeywordSpan, removeInstructionFix(p, prev, "Remove the "+prev.Keyword+" that a later one replaces"),
					"%s", linter.RuleMultipleInstructionsDisallowed.Format(keywordAsWritten(p.Dockerfile, ins)))
			}
			last[ins.Keyword] = ins
		}
	}
}
