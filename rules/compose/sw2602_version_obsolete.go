package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2602 reports the top-level version key, which Compose ignores: it
// misleads readers into thinking a file format is chosen, and `docker
// compose` warns about it on every command.
var SW2602 = &rules.Rule{
	ID:       "SW2602",
	Name:     "compose-version-obsolete",
	Kind:     rules.Compose,
	Severity: rules.Style,
	Summary:  "The top-level version key is obsolete",
	Doc: "The Compose Specification ignores `version:`: every file is read with the latest\n" +
		"format whatever it says, so `version: \"2.4\"` does not bring back version 2's options, and\n" +
		"`docker compose` prints \"the attribute `version` is obsolete, it will be ignored\" on\n" +
		"every command. Remove the line.\n\n" +
		"```yaml\nservices:\n  web:\n    image: nginx:1.27\n```\n\n" +
		"The fix removes the line when `version:` and its value are a line of their own.",
	Tags:    []string{"best-practice"},
	Fixable: true,
	Run: func(p *rules.Pass) {
		for _, n := range p.Compose.TopEach("version") {
			p.ReportIn(n.File(), n.PairSpan(), removeLineFix(n.File(), n.PairSpan()), "the top-level version key is obsolete: Compose ignores it and warns on every command; remove it")
		}
	},
}
