package dockerfile

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1722 reports a label that label-schema types as url whose value is not an absolute URL.
var SW1722 = &rules.Rule{
	ID:       "SW1722",
	Name:     "label-not-url",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not a URL",
	Doc: md(`A label that ´label-schema´ types as ´url´ must hold an absolute URL with a scheme, as tools
that read ´org.opencontainers.image.source´ or ´org.opencontainers.image.url´ expect: a
value without ´https://´ (´github.com/example/app´) is not followed as a link.

´´´dockerfile
LABEL org.opencontainers.image.source="https://github.com/example/app"
´´´

Accepted: any absolute URI (´https://host/path´, ´git://host/repo´, ´mailto:x@example.com´); web
schemes need a host.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3052"}},
	Run:         runLabelNotURL,
}

func runLabelNotURL(p *rules.Pass) {
	labelCheckFormat(p, "url", labelURL, func(l labelKV) string {
		return fmt.Sprintf("label %q is %q, not an absolute URL (with a scheme such as https://)", l.Key, l.Value)
	})
}
