package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2301 catches ports published on every host interface.
var SW2301 = &rules.Rule{
	ID:               "SW2301",
	Name:             "compose-port-all-interfaces",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 4.5,
	Summary:          "Port is published on all interfaces",
	Doc: "`\"8080:80\"` publishes the port on every interface of the host, `0.0.0.0` and `::`.\n" +
		"Docker writes its own iptables rules for it, which bypass host firewalls such as UFW\n" +
		"and firewalld: a port meant for the local network is reachable from the internet.\n\n" +
		"Bind ports that only local clients or a reverse proxy use to the loopback address\n" +
		"(`\"127.0.0.1:8080:80\"`), or to one interface's address. Ports of databases and other\n" +
		"sensitive services are reported by SW2302 instead. `expose:` publishes nothing and is\n" +
		"not reported.",
	Tags:        []string{"security"},
	CIS:         []string{"5.14"},
	Equivalents: map[string][]string{rules.KICS: {"451d79dc-0588-476a-ad03-3c7f0320abb3"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run: func(p *rules.Pass) {
		publicPorts(p, func(s *compose.Service, port *compose.Node, sensitive string) {
			if sensitive == "" {
				p.ReportIn(port.File(), port.Span(), loopbackPortFix(port), "service %q publishes port %s on all interfaces, past host firewalls such as UFW; bind it to 127.0.0.1 unless it must be public", s.Name, portText(port))
			}
		})
	},
}
