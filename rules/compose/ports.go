package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// sensitivePorts are container ports of services that must never face the
// internet: databases, caches, brokers, and every remote-administration
// port that expose-remote-admin-port (SW1301) knows: SSH, telnet, the Docker
// API, RDP, VNC.
var sensitivePorts = map[uint32]string{
	22:    "SSH",
	23:    "telnet",
	1433:  "SQL Server",
	2375:  "the Docker API",
	2376:  "the Docker API",
	2379:  "etcd",
	3306:  "MySQL",
	3389:  "RDP",
	5432:  "PostgreSQL",
	5672:  "RabbitMQ",
	5900:  "VNC",
	5984:  "CouchDB",
	6379:  "Redis",
	8086:  "InfluxDB",
	9042:  "Cassandra",
	9200:  "Elasticsearch",
	9300:  "Elasticsearch",
	11211: "Memcached",
	15672: "the RabbitMQ console",
	27017: "MongoDB",
}

// allInterfaces reports a port published on every host interface.
func allInterfaces(pt compose.Port) bool {
	if pt.Invalid != "" {
		return false // not published at all: docker compose rejects it (SW0001)
	}
	switch strings.Trim(strings.TrimSpace(pt.HostIP), "[]") {
	case "", "0.0.0.0", "::":
		return true
	}
	return false
}

// publicPorts calls f once per `ports:` item published on all interfaces
// (a range once, sensitive when any port in it is), skipping services in the host network, where
// `ports:` is ignored.
func publicPorts(p *rules.Pass, f func(s *compose.Service, port *compose.Node, sensitive string)) {
	for _, s := range services(p) {
		if v, _, ok := s.Str("network_mode"); ok && isHost(v) {
			continue
		}
		var order []*compose.Node
		what := map[*compose.Node]string{}
		for _, pt := range s.Ports() {
			if !allInterfaces(pt) {
				continue
			}
			if _, seen := what[pt.Node]; !seen {
				order = append(order, pt.Node)
			}
			if what[pt.Node] == "" {
				what[pt.Node] = sensitivePorts[pt.Target]
			}
		}
		for _, n := range order {
			f(s, n, what[n])
		}
	}
}

// portText is the port as written, for messages.
func portText(n *compose.Node) string {
	if n.IsMap() {
		for _, k := range []string{"published", "target"} {
			if v := n.Get(k); v != nil {
				return v.Text()
			}
		}
	}
	return n.Text()
}
