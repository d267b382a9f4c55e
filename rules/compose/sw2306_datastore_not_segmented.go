package compose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW2306 finds data stores on the same network as a service the internet
// can reach: one compromised front end is then one hop from the data.
var SW2306 = &rules.Rule{
	ID:               "SW2306",
	Name:             "compose-datastore-not-segmented",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 5.3,
	Summary:          "A database shares a network with a service published on all interfaces",
	Doc: "A service that publishes ports on every host interface faces whoever reaches the host. When a\n" +
		"database, cache or broker (PostgreSQL, MySQL, MariaDB, MongoDB, Redis, Valkey, Memcached,\n" +
		"Elasticsearch, OpenSearch, RabbitMQ, Kafka, Cassandra, CouchDB, InfluxDB, Neo4j, ClickHouse,\n" +
		"etcd, ZooKeeper, SQL Server: the images the end-of-life data knows) sits on a network with it\n" +
		"that is not `internal: true`, a flaw in the front end reaches the data store directly, and\n" +
		"the data store can reach the internet. Without `networks:`, every service of the file is on\n" +
		"the implicit `default` network, so this is what Compose does unless told otherwise.\n\n" +
		"Segment: the public service joins a front network and an internal back network; the data\n" +
		"store joins only the back one.\n\n" +
		"```yaml\n" +
		"services:\n" +
		"  web:\n" +
		"    image: nginx:1.27\n" +
		"    ports: [\"80:80\"]\n" +
		"    networks: [front, back]\n" +
		"  db:\n" +
		"    image: postgres:17\n" +
		"    networks: [back]\n" +
		"networks:\n" +
		"  front: {}\n" +
		"  back:\n" +
		"    internal: true\n" +
		"```\n\n" +
		"Not reported: networks declared `external: true` (whether they are internal is not in the\n" +
		"file), services in the host network or with `network_mode: none`, and ports bound to one\n" +
		"address (`127.0.0.1:80:80`). A service with `network_mode: service:NAME` shares NAME's networks.\n" +
		"KICS and Checkov have no equivalent: they check services one at a time.\n\n" +
		"The severity is info: most published Compose files keep every service on the default network\n" +
		"(about one in six files of the corpus has a data store beside a public service), and the\n" +
		"fix is a design change, not a one-line edit. Raise it in `.seaworthy.yaml`\n" +
		"(`severity: {SW2306: warning}`) to make it fail CI.",
	Tags: []string{"security", "network"},
	Run:  runDatastoreNotSegmented,
}

// dataStores are the end-of-life index's products that hold data.
var dataStores = map[string]bool{
	"postgresql": true, "mysql": true, "mariadb": true, "mongodb": true, "redis": true, "valkey": true,
	"memcached": true, "elasticsearch": true, "opensearch": true, "rabbitmq": true, "apache-kafka": true,
	"apache-cassandra": true, "apache-couchdb": true, "influxdb": true, "neo4j": true, "clickhouse": true,
	"etcd": true, "zookeeper": true, "mssqlserver": true,
}

// attachment is one network a service is on, and where it says so (nil:
// the implicit default network).
type attachment struct {
	name string
	at   *compose.Node
}

func runDatastoreNotSegmented(p *rules.Pass) {
	all := services(p)
	byName := map[string]*compose.Service{}
	for _, s := range all {
		byName[s.Name] = s
	}
	nets := map[*compose.Service][]attachment{}
	for _, s := range all {
		nets[s] = serviceNetworks(s, byName, 0)
	}
	public := map[*compose.Service]string{} // the first port published on all interfaces
	publicPorts(p, func(s *compose.Service, port *compose.Node, _ string) {
		if _, ok := public[s]; !ok {
			public[s] = portText(port)
		}
	})
	for _, db := range all {
		what := dataStore(db)
		if what == "" {
			continue
		}
		for _, a := range nets[db] {
			if !openNetwork(p, a.name) {
				continue
			}
			var with []string
			for _, s := range all {
				if s == db || public[s] == "" || !onNetwork(nets[s], a.name) {
					continue
				}
				with = append(with, s.Name)
			}
			if len(with) == 0 {
				continue
			}
			sort.Strings(with)
			first := byName[with[0]]
			others := ""
			if len(with) > 1 {
				others = fmt.Sprintf(" (and %d more)", len(with)-1)
			}
			if a.at == nil {
				reportService(p, db, "service %q (%s) is on the implicit default network with service %q%s, which publishes port %s on all interfaces; put %q on an internal network (internal: true) that only the services that use it join",
					db.Name, what, first.Name, others, public[first], db.Name)
				continue
			}
			reportValue(p, a.at, "service %q (%s) shares network %q with service %q%s, which publishes port %s on all interfaces, and the network is not internal; put %q on an internal network (internal: true) that only the services that use it join",
				db.Name, what, a.name, first.Name, others, public[first], db.Name)
		}
	}
}

// dataStore names the data store a service runs, or "".
func dataStore(s *compose.Service) string {
	ref, _, ok := pulledImageRef(s)
	if !ok {
		return ""
	}
	for _, pr := range imagedata.Products(ref) {
		if dataStores[pr.Key] {
			return pr.Title
		}
	}
	return ""
}

// serviceNetworks lists the networks a service is attached to: its
// `networks:` (list or mapping), else the default network; none in the host
// network or with network_mode none; those of the service it shares
// (network_mode: service:NAME).
func serviceNetworks(s *compose.Service, byName map[string]*compose.Service, depth int) []attachment {
	if mode, at, ok := s.Str("network_mode"); ok {
		name, shared := strings.CutPrefix(strings.TrimSpace(mode), "service:")
		other := byName[name]
		if !shared || other == nil || depth >= 8 {
			return nil // host, none, container:ID, bridge: not the project's networks
		}
		// in NAME's network namespace: on its networks, said here
		var out []attachment
		for _, a := range serviceNetworks(other, byName, depth+1) {
			out = append(out, attachment{name: a.name, at: at})
		}
		return out
	}
	n := s.Get("networks")
	if n == nil {
		return []attachment{{name: "default"}}
	}
	var out []attachment
	switch {
	case n.IsSeq():
		for _, item := range n.Items() {
			if v, ok := item.Value(); ok && !item.HasVars() {
				out = append(out, attachment{name: v, at: item})
			}
		}
	case n.IsMap():
		for _, pair := range n.Pairs() {
			out = append(out, attachment{name: pair.Name, at: pair.Key})
		}
	}
	return out
}

func onNetwork(as []attachment, name string) bool {
	for _, a := range as {
		if a.name == name {
			return true
		}
	}
	return false
}

// openNetwork reports whether the top-level declaration of a network lets
// it reach out: not internal, and not external (then the file does not say).
func openNetwork(p *rules.Pass, name string) bool {
	decl := p.Compose.Top("networks", name)
	if decl == nil || !decl.IsMap() {
		return true // undeclared (default) or declared empty: a bridge network
	}
	if b, ok := decl.Get("internal").Bool(); ok && b {
		return false
	}
	if ext := decl.Get("external"); ext != nil {
		if b, ok := ext.Bool(); !ok || b {
			return false
		}
	}
	return true
}
