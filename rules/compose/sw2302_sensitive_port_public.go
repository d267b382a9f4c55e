package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2302 catches databases, brokers, the Docker API and the other
// remote-administration ports (SSH, telnet, RDP, VNC) published on every
// host interface.
var SW2302 = &rules.Rule{
	ID:               "SW2302",
	Name:             "compose-sensitive-port-public",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 7.5,
	Summary:          "Database or remote-administration port is published on all interfaces",
	Doc: "Databases, caches and brokers (PostgreSQL 5432, MySQL 3306, Redis 6379, MongoDB 27017,\n" +
		"Elasticsearch 9200, Memcached 11211, RabbitMQ, CouchDB, InfluxDB, Cassandra, etcd), the\n" +
		"Docker API (2375, 2376) and the remote-administration ports that expose-remote-admin-port\n" +
		"(SW1301) knows, SSH (22), telnet (23), RDP (3389) and VNC (5900), published on every\n" +
		"interface are found by internet scanners within hours, and Docker's iptables rules bypass host firewalls such as UFW.\n" +
		"Many of these images ship without authentication or with a default password.\n\n" +
		"Other services on the same Compose network reach the port without publishing it:\n" +
		"remove `ports:`, or bind it to the loopback address (`\"127.0.0.1:5432:5432\"`) for local\n" +
		"tools. The container port decides, whatever the host port.",
	Tags: []string{"security"},
	CIS:  []string{"5.14"},
	Run: func(p *rules.Pass) {
		publicPorts(p, func(s *compose.Service, port *compose.Node, sensitive string) {
			if sensitive != "" {
				reportValue(p, port, "service %q publishes %s (port %s) on all interfaces, past host firewalls; remove the published port or bind it to 127.0.0.1", s.Name, sensitive, portText(port))
			}
		})
	},
}
