package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1721 reports a label of the label schema set to an empty value, which
// satisfies "the label is present" while telling nothing.
var SW1721 = &rules.Rule{
	ID:       "SW1721",
	Name:     "label-empty",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is empty",
	Doc: md(`A label that ´label-schema´ lists is set to an empty value (´LABEL org.opencontainers.image.version=""´):
it is present, so ´label-missing´ is satisfied, but it tells nothing. Set the value, or pass it
at build time through an ´ARG´:

´´´dockerfile
ARG VERSION
LABEL org.opencontainers.image.version="${VERSION}"
´´´

` + labelConfigDoc + `

Not reported: labels outside ´label-schema´; values written with a variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3051"}},
	Run:         runLabelEmpty,
}

func runLabelEmpty(p *rules.Pass) {
	schema := labelSchema(p)
	if schema == nil {
		return
	}
	for _, l := range labelAllPairs(p.Dockerfile) {
		if !l.KeyKnown || !l.ValueKnown || strings.TrimSpace(l.Value) != "" {
			continue
		}
		typ, ok := schema[l.Key]
		if !ok {
			continue
		}
		want := "a value"
		if typ != "text" {
			want = labelTypeNames[typ]
		}
		p.Reportf(l.Span, "label %q is empty, but label-schema expects %s; set it", l.Key, want)
	}
}

// labelTypeNames says what a value of each label-schema type is.
var labelTypeNames = map[string]string{
	"text":    "text",
	"url":     "a URL",
	"rfc3339": "an RFC 3339 time",
	"semver":  "a SemVer version",
	"hash":    "a git commit hash",
	"spdx":    "an SPDX license expression",
	"email":   "an email address",
}
