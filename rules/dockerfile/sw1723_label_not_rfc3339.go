package dockerfile

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1723 reports a label that label-schema types as rfc3339 whose value is not an RFC 3339 time.
var SW1723 = &rules.Rule{
	ID:       "SW1723",
	Name:     "label-not-rfc3339",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not an RFC 3339 time",
	Doc: md(`A label that ´label-schema´ types as ´rfc3339´ must hold an RFC 3339 date and time, as the
OCI annotation ´org.opencontainers.image.created´ requires: ´2024-05-01T12:00:00Z´. Pass the
build time in through an ´ARG´, for instance from ´date -u +%Y-%m-%dT%H:%M:%SZ´:

´´´dockerfile
ARG CREATED
LABEL org.opencontainers.image.created="${CREATED}"
´´´

Accepted: ´YYYY-MM-DDThh:mm:ss´ with optional fractions and ´Z´ or a ´±hh:mm´ offset.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3053"}},
	Run:         runLabelNotRfc3339,
}

func runLabelNotRfc3339(p *rules.Pass) {
	labelCheckFormat(p, "rfc3339", labelRFC3339, func(l labelKV) string {
		return fmt.Sprintf("label %q is %q, not an RFC 3339 time such as 2024-05-01T12:00:00Z", l.Key, l.Value)
	})
}
