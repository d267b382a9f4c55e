package dockerfile

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1725 reports a label that label-schema types as hash whose value is not a git commit hash.
var SW1725 = &rules.Rule{
	ID:       "SW1725",
	Name:     "label-not-git-hash",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not a git commit hash",
	Doc: md(`A label that ´label-schema´ types as ´hash´ must hold a git commit id, as
´org.opencontainers.image.revision´ does, so that the image can be traced to its source: pass
it in at build time (´--build-arg REVISION=$(git rev-parse HEAD)´):

´´´dockerfile
ARG REVISION
LABEL org.opencontainers.image.revision="${REVISION}"
´´´

Accepted: 7 to 40 hexadecimal digits (an abbreviated or full SHA-1 id) or 64 (SHA-256). hadolint
accepts exactly 7 or 40 lower-case digits.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3055"}},
	Run:         runLabelNotGitHash,
}

func runLabelNotGitHash(p *rules.Pass) {
	labelCheckFormat(p, "hash", labelGitHash, func(l labelKV) string {
		return fmt.Sprintf("label %q is %q, not a git commit hash (7 to 40 hexadecimal digits)", l.Key, l.Value)
	})
}
