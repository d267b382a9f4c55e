package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1720 is hadolint's strict labels: with strict-labels on, every label
// must be one the project's label-schema lists, so that stray or misspelt
// labels do not creep in.
var SW1720 = &rules.Rule{
	ID:       "SW1720",
	Name:     "label-not-in-schema",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "Label not listed in the label schema (strict labels)",
	Doc: md(`With ´strict-labels: true´, a project allows only the labels its ´label-schema´ lists: a
misspelt key (´org.opencontainers.image.sources´) or a label nobody reads is reported, so the
set of labels stays the one registries and tools expect. Add the label to ´label-schema´ or
remove it.

` + labelConfigDoc + `

Not reported: anything when ´strict-labels´ is off (the default); keys written with a variable;
´ONBUILD LABEL´.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3050"}},
	Run:         runLabelNotInSchema,
}

func runLabelNotInSchema(p *rules.Pass) {
	schema := labelSchema(p)
	if schema == nil || !p.Settings.StrictLabels {
		return
	}
	for _, l := range labelAllPairs(p.Dockerfile) {
		if !l.KeyKnown {
			continue
		}
		if _, ok := schema[l.Key]; !ok {
			p.Reportf(l.KeySpan, "label %q is not in label-schema and strict-labels is on; add it to label-schema or remove it", l.Key)
		}
	}
}
