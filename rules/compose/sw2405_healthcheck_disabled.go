package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2405 reports services that turn their image's health check off.
var SW2405 = &rules.Rule{
	ID:       "SW2405",
	Name:     "compose-healthcheck-disabled",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service disables its health check",
	Doc: "`healthcheck: {disable: true}` and `test: [\"NONE\"]` turn off the image's `HEALTHCHECK`.\n" +
		"Docker then reports the container as running however broken it is, `depends_on` with\n" +
		"`condition: service_healthy` cannot wait for it, and orchestrators do not replace it\n" +
		"(CIS 5.27).\n\n" +
		"Remove the override, or replace it with a test that works for this service:\n\n" +
		"```yaml\nhealthcheck:\n  test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]\n  interval: 30s\n```",
	Tags:        []string{"reliability"},
	Equivalents: map[string][]string{rules.KICS: {"698ed579-b239-4f8f-a388-baa4bcb13ef8"}},
	CIS:         []string{"5.27"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if n := s.Get("healthcheck", "disable"); n != nil {
				if v, ok := n.Bool(); ok && v {
					reportPair(p, n, "service %q disables its health check (%s); Docker cannot tell when it is broken", s.Name, "disable: "+written(n))
					continue
				}
			}
			n := s.Get("healthcheck", "test")
			var first string
			switch {
			case n.IsSeq() && len(n.Items()) > 0:
				first, _ = n.Items()[0].Value()
			case n.IsScalar():
				first, _ = n.Value()
			}
			if strings.TrimSpace(first) == "NONE" {
				reportPair(p, n, "service %q disables its health check (test: NONE); Docker cannot tell when it is broken", s.Name)
			}
		}
	},
}
