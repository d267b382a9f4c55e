package dockerfile

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1727 reports a label that label-schema types as email whose value is not an email address.
var SW1727 = &rules.Rule{
	ID:       "SW1727",
	Name:     "label-not-email",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not an email address",
	Doc: md(`A label that ´label-schema´ types as ´email´ must hold an email address (RFC 5322), so that
people and tools can reach the maintainers: ´team@example.com´.

´´´dockerfile
LABEL org.opencontainers.image.authors="team@example.com"
´´´

Accepted: an address (´team@example.com´), a named address (´Team <team@example.com>´) or a
comma-separated list of them; hadolint accepts a bare address only.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3058"}},
	Run:         runLabelNotEmail,
}

func runLabelNotEmail(p *rules.Pass) {
	labelCheckFormat(p, "email", labelEmail, func(l labelKV) string {
		return fmt.Sprintf("label %q is %q, not an email address such as team@example.com", l.Key, l.Value)
	})
}
