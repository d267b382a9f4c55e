package dockerfile

import (
	"fmt"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1726 reports a label that label-schema types as semver whose value is not a SemVer version.
var SW1726 = &rules.Rule{
	ID:       "SW1726",
	Name:     "label-not-semver",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A label of the label schema is not a SemVer version",
	Doc: md(`A label that ´label-schema´ types as ´semver´ must hold a Semantic Versioning 2.0.0 version:
´1.4.2´, ´2.0.0-rc.1´, ´1.0.0+build.5´, so that tools can compare versions. ´v1.4.2´ (with a
´v´), ´1.4´ and ´latest´ are not SemVer.

´´´dockerfile
LABEL org.opencontainers.image.version="1.4.2"
´´´

Accepted: what the regular expression of semver.org accepts.

` + labelConfigDoc + `

Not reported: labels of other types, empty values (´label-empty´), values written with a
variable.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3056"}},
	Run:         runLabelNotSemver,
}

func runLabelNotSemver(p *rules.Pass) {
	labelCheckFormat(p, "semver", labelSemVer, func(l labelKV) string {
		if v := strings.TrimSpace(l.Value); len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && labelSemVer(v[1:]) {
			return fmt.Sprintf("label %q is %q, not a SemVer version: drop the leading %q (%s)", l.Key, l.Value, v[:1], v[1:])
		}
		return fmt.Sprintf("label %q is %q, not a SemVer version such as 1.4.2", l.Key, l.Value)
	})
}
