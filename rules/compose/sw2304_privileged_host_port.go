package compose

import (
	"strconv"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2304 reports host ports below 1024 (CIS 5.8).
var SW2304 = &rules.Rule{
	ID:               "SW2304",
	Name:             "compose-privileged-host-port",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "Service publishes a privileged host port (below 1024)",
	Doc: "Ports below 1024 are privileged on the host: only root may listen on them, and clients\n" +
		"trust them more (SSH on 22, mail on 25, DNS on 53). CIS 5.8 asks that containers do not\n" +
		"take them unless they serve that protocol, such as a reverse proxy on 80 and 443.\n\n" +
		"Publish on a port of 1024 or above (`\"8080:80\"`) unless the service is meant to answer\n" +
		"on the well-known port. Only the host port counts: a container may listen on 80 inside.\n" +
		"Off by default: reverse proxies and DNS servers publish these ports on purpose.",
	Tags:        []string{"security", "cis"},
	Equivalents: map[string][]string{rules.KICS: {"bc2908f3-f73c-40a9-8793-c1b7d5544f79"}},
	CIS:         []string{"5.8"},
	Off:         true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if !publishesPorts(s) {
				continue
			}
			var done *compose.Node
			for _, pt := range s.Ports() {
				if pt.Node == done {
					continue
				}
				if lo, _, ok := portRange(pt.Published); ok && lo > 0 && lo < 1024 {
					done = pt.Node
					reportValue(p, pt.Node, "service %q publishes privileged host port %s (below 1024); use a port of 1024 or above unless it must answer on this one", s.Name, portText(pt.Node))
				}
			}
		}
	},
}

// publishesPorts reports whether the service's `ports:` publish anything:
// in the host's network, or another container's, they are ignored.
func publishesPorts(s *compose.Service) bool {
	v, _, ok := s.Str("network_mode")
	if !ok {
		return true
	}
	v = strings.ToLower(strings.TrimSpace(v))
	return v != "host" && v != "none" && !strings.HasPrefix(v, "service:") && !strings.HasPrefix(v, "container:")
}

// portRange reads a published port or range ("8080", "8000-8010").
func portRange(published string) (lo, hi int, ok bool) {
	published = strings.TrimSpace(published)
	if published == "" {
		return 0, 0, false
	}
	a, b, isRange := strings.Cut(published, "-")
	lo, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || lo < 0 || lo > 65535 {
		return 0, 0, false
	}
	hi = lo
	if isRange {
		if hi, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || hi < lo || hi > 65535 {
			return 0, 0, false
		}
	}
	return lo, hi, true
}
