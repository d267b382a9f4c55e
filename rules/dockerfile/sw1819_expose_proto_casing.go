package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1819 is BuildKit's ExposeProtoCasing: EXPOSE 80/TCP works, but the
// protocol is conventionally lower case everywhere else it appears.
var SW1819 = &rules.Rule{
	ID:       "SW1819",
	Name:     "expose-proto-casing",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleExposeProtoCasing.Description,
	Doc: md(`Docker accepts ´EXPOSE 53/UDP´, but image metadata, ´docker inspect´, Compose and
Kubernetes all spell protocols in lower case, and tools that compare port specifications as
strings can miss the match. Write ´53/udp´.

This is BuildKit's own check (´docker build --check´), with the same message. Ports written with
variables are not checked. The fix lower-cases the protocol.`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleExposeProtoCasing.Name}},
	Fixable:     true,
	Run:         runExposeProtoCasing,
}

func runExposeProtoCasing(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		if ins.Keyword != "EXPOSE" || bkSkipped(p, ins, linter.RuleExposeProtoCasing.Name) {
			continue
		}
		for _, a := range ins.Args {
			if strings.Contains(a.Raw, "$") || strings.Count(a.Value, ":") > 2 {
				continue
			}
			slash := strings.LastIndexByte(a.Raw, '/')
			if slash < 0 {
				continue
			}
			proto := strings.Trim(a.Raw[slash+1:], `"'`)
			switch strings.ToLower(proto) {
			case "tcp", "udp", "sctp":
			default:
				continue // an invalid protocol is expose-invalid-port's
			}
			if proto == strings.ToLower(proto) {
				continue
			}
			span := ins.SubSpan(a, slash+1, slash+1+len(proto))
			fix := &rules.Fix{Description: "Lower-case the protocol", Edits: []rules.Edit{rules.NewEdit(p.Source, span, strings.ToLower(proto))}}
			p.ReportFix(span, fix, "%s", linter.RuleExposeProtoCasing.Format(a.Value))
		}
	}
}
