package compose

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2308 catches a database or remote-administration port that the image a
// service builds EXPOSEs, run in the host network: there every port the
// container listens on is open on every host interface, and nothing in
// `ports:` can narrow it. It is SW2302 for the services `ports:` cannot
// describe.
var SW2308 = &rules.Rule{
	ID:               "SW2308",
	Name:             "compose-host-network-sensitive-port",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 7.5,
	Summary:          "Service in the host network EXPOSEs a database or remote-administration port",
	Doc: "In the host network (`network_mode: host`) a container's listeners bind the host's own\n" +
		"interfaces: a port its image EXPOSEs is published on every interface without any `ports:`\n" +
		"entry, and `ports:` (which Compose ignores there) cannot bind it to 127.0.0.1. For the ports\n" +
		"compose-sensitive-port-public (SW2302) knows, databases, caches, brokers, the Docker API, SSH,\n" +
		"telnet, RDP and VNC, that is what internet scanners look for.\n\n" +
		"Leave the host network and publish only what is needed, on the loopback address:\n\n" +
		"```yaml\nservices:\n  db:\n    build: ./db\n    ports: [\"127.0.0.1:5432:5432\"]\n```\n\n" +
		"Reported at `network_mode`: a service with a local `build:` whose built stage (`build.target`,\n" +
		"else the last) or a stage it is built `FROM` EXPOSEs such a port, or whose `expose:` names one;\n" +
		"ranges that include one count. Not reported: EXPOSE values with variables (the port is only\n" +
		"known at build time), pulled images and ports a base image EXPOSEs: those are in the registry.\n" +
		"compose-host-network (SW2110) reports every use of the host network; this rule says which\n" +
		"open port makes it dangerous.",
	Tags: []string{"security", "network"},
	Run:  runHostNetworkSensitivePort,
}

func runHostNetworkSensitivePort(p *rules.Pass) {
	for _, s := range services(p) {
		v, at, ok := s.Str("network_mode")
		if !ok || !isHost(v) {
			continue
		}
		var ports []exposed
		if f, _, ok := serviceDockerfile(p, s); ok {
			ports, _, _ = chainExposes(builtChain(f)) // the ports it can read
		}
		extra, _ := serviceExpose(s) // the ports it can read
		ports = append(ports, extra...)
		if what := sensitiveExposed(ports); what != "" {
			reportValue(p, at, "service %q runs in the host network and EXPOSEs %s, so it listens on every host interface, past host firewalls; leave the host network and publish the port on 127.0.0.1", s.Name, what)
		}
	}
}

// sensitiveExposed names the first sensitive port (by port number) that
// ports include, "" when none: "PostgreSQL (port 5432)".
func sensitiveExposed(ports []exposed) string {
	best := uint32(0)
	for port := range sensitivePorts {
		if (best == 0 || port < best) && (covers(ports, port, "tcp") || covers(ports, port, "udp")) {
			best = port
		}
	}
	if best == 0 {
		return ""
	}
	return fmt.Sprintf("%s (port %d)", sensitivePorts[best], best)
}
