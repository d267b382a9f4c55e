package dockerfile

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1724 reports a label that label-schema types as spdx whose value is not an SPDX license expression.
var SW1724 = &rules.Rule{
	ID:       "SW1724",
	Name:     "label-not-spdx",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not an SPDX license expression",
	Doc: md(`A label that ´label-schema´ types as ´spdx´ must hold an SPDX license expression, as the OCI
annotation ´org.opencontainers.image.licenses´ requires, so that license scanners can read it:
´Apache-2.0´, ´MIT OR Apache-2.0´, ´GPL-2.0-only WITH Classpath-exception-2.0´. A free-text
name (´Apache 2.0´, ´BSD´) is not one; a license without an SPDX identifier is written
´LicenseRef-<name>´.

´´´dockerfile
LABEL org.opencontainers.image.licenses="Apache-2.0"
´´´

Accepted: identifiers of the SPDX License List (case-insensitive, deprecated ones included, with
an optional ´+´), ´LicenseRef-´ and ´DocumentRef-´ references, ´AND´, ´OR´, ´WITH´ an SPDX
exception, parentheses, and ´NONE´ or ´NOASSERTION´. hadolint accepts a single identifier only.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3054"}},
	Run:         runLabelNotSpdx,
}

func runLabelNotSpdx(p *rules.Pass) {
	labelCheckFormat(p, "spdx", labelSPDX, func(l labelKV) string {
		return fmt.Sprintf("label %q is %q, not an SPDX license expression (such as Apache-2.0 or MIT OR Apache-2.0)", l.Key, l.Value)
	})
}
