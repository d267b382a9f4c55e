package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2601 catches two services with the same container name.
var SW2601 = &rules.Rule{
	ID:       "SW2601",
	Name:     "compose-container-name-duplicate",
	Kind:     rules.Compose,
	Severity: rules.Error,
	Summary:  "Two services use the same container_name",
	Doc: "Container names are unique on a Docker host. When two services set the same\n" +
		"`container_name`, `docker compose up` refuses the project (\"container name is already in\n" +
		"use\"), and so does anything that creates the second container.\n\n" +
		"Give each service its own name, or remove `container_name` and let Compose name the\n" +
		"containers (`<project>-<service>-1`), which also lets a service scale. Services whose\n" +
		"`profiles` have nothing in common are alternatives and are not compared.",
	Tags: []string{"correctness"},
	Run: func(p *rules.Pass) {
		type named struct {
			s    *compose.Service
			n    *compose.Node
			name string
		}
		var seen []named
		for _, s := range services(p) {
			v, n, ok := s.Str("container_name")
			if v = strings.TrimSpace(v); !ok || v == "" {
				continue
			}
			seen = append(seen, named{s, n, v})
		}
		order := func(x named) (int, int) {
			for i, f := range p.Compose.Files {
				if f == x.n.File() {
					return i, x.n.Span().Start
				}
			}
			return len(p.Compose.Files), x.n.Span().Start
		}
		for _, b := range seen {
			fb, ob := order(b)
			for _, a := range seen {
				fa, oa := order(a)
				if a.s == b.s || a.name != b.name || fa > fb || fa == fb && oa >= ob ||
					exclusiveProfiles(serviceProfiles(a.s), serviceProfiles(b.s)) {
					continue
				}
				pos := a.n.File().Position(a.n.Span().Start)
				reportPair(p, b.n, "service %q sets %s, already the container name of service %q (%s)", b.s.Name, "container_name: "+written(b.n), a.s.Name, where(b.n, a.n.File(), pos.Line))
				break
			}
		}
	},
}
