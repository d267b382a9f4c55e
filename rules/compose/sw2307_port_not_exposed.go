package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2307 compares the ports a service publishes with the ports the image it
// builds says it serves: a container port the image never EXPOSEs is most
// often a typo or a stale port (the app moved from 3000 to 8080), and the
// published port then reaches nothing.
var SW2307 = &rules.Rule{
	ID:       "SW2307",
	Name:     "compose-port-not-exposed",
	Kind:     rules.Compose,
	Severity: rules.Warning,
	Summary:  "Service publishes a container port that the image it builds never EXPOSEs",
	Doc: "`EXPOSE` in a Dockerfile says which ports the image serves. When the Compose service that\n" +
		"builds it publishes a different container port, one of the two is wrong: the port in\n" +
		"`ports:` is a typo or stale, and connections to it are refused, or the app listens there and\n" +
		"the Dockerfile does not say so (then `docker run -P`, tools that read the image config and\n" +
		"the next reader miss it).\n\n" +
		"An app the Dockerfile says listens on 3000, published on host port 8080:\n\n" +
		"```dockerfile\nEXPOSE 3000\n```\n\n" +
		"```yaml\nservices:\n  web:\n    build: .\n    ports: [\"8080:3000\"]   # the container port is the one after the colon\n```\n\n" +
		"Reported: a container port (the target, after the last colon) of a service with a local\n" +
		"`build:` that neither an `EXPOSE` of the built stage (`build.target`, else the last) or a\n" +
		"stage it is built `FROM`, nor the service's own `expose:`, names, when at least one port is\n" +
		"named; `tcp`, `udp` and `sctp` are distinct, as in Docker. Not reported: images that EXPOSE\n" +
		"nothing (publishing is then the only place the port is said), an `EXPOSE` or `expose:` value\n" +
		"with a variable, a container port written with a variable, services in the host network or\n" +
		"another service's network (`ports:` does not apply), and Dockerfiles built on an image that\n" +
		"may EXPOSE ports of its own: the image's config is in the registry, which seaworthy does not\n" +
		"read. Only bases known to EXPOSE nothing count: `scratch`, distroless, and the operating\n" +
		"system, language and build-tool Official Images (alpine, debian, ubuntu, node, python,\n" +
		"golang, eclipse-temurin, maven, `php` without `-apache` or `-fpm`, ...). A service built\n" +
		"`FROM nginx` that publishes 80 is therefore never reported.",
	Tags: []string{"correctness", "network"},
	Run:  runPortNotExposed,
}

func runPortNotExposed(p *rules.Pass) {
	for _, s := range services(p) {
		if v, _, ok := s.Str("network_mode"); ok && !strings.EqualFold(strings.TrimSpace(v), "bridge") {
			continue // host, none, service:x, container:x: ports: does not apply
		}
		ports := s.Ports()
		if len(ports) == 0 {
			continue
		}
		f, _, ok := serviceDockerfile(p, s)
		if !ok {
			continue
		}
		known, texts, ok := imageExposes(f)
		if !ok {
			continue
		}
		extra, ok := serviceExpose(s)
		if !ok {
			continue
		}
		known = append(known, extra...)
		if len(known) == 0 {
			continue
		}
		said := "its Dockerfile EXPOSEs " + listPorts(texts)
		if len(texts) == 0 {
			said = "only its expose: names ports"
		}
		done := map[*compose.Node]bool{}
		for _, pt := range ports {
			if pt.Invalid != "" || pt.Target == 0 || done[pt.Node] {
				continue
			}
			at, ok := portTarget(pt.Node)
			if !ok {
				continue
			}
			proto := strings.ToLower(pt.Protocol)
			if proto == "" {
				proto = "tcp"
			}
			if covers(known, pt.Target, proto) {
				continue
			}
			done[pt.Node] = true
			reportValue(p, at, "service %q publishes container port %d/%s, which the image it builds never EXPOSEs (%s); publish the port the app listens on, or EXPOSE this one", s.Name, pt.Target, proto, said)
		}
	}
}

// serviceExpose reads the service's `expose:` list: the values it can read,
// and whether it read them all (false when one has a variable or is not a
// port).
func serviceExpose(s *compose.Service) (out []exposed, all bool) {
	all = true
	for _, n := range s.List("expose") {
		v, ok := n.Value()
		e, parsed := parseExposed(strings.TrimSpace(v))
		if !ok || n.HasVars() || !parsed {
			all = false
			continue
		}
		out = append(out, e)
	}
	return out, all
}

// portTarget is the node to report a `ports:` item's container port at: the
// long syntax's target, else the short-syntax string. ok is false when the
// container port is written with a variable.
func portTarget(n *compose.Node) (*compose.Node, bool) {
	if n.IsMap() {
		t := n.Get("target")
		return t, t != nil && !t.HasVars()
	}
	return n, !strings.Contains(containerPart(n.Text()), "$")
}

// containerPart is what follows the last colon of a short-syntax port
// outside ${...} (where ":-" gives a default): "3000" of "8080:3000/tcp",
// "${PORT:-3000}" of "80:${PORT:-3000}".
func containerPart(spec string) string {
	depth, start := 0, 0
	for i := 0; i < len(spec); i++ {
		switch spec[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ':':
			if depth == 0 {
				start = i + 1
			}
		case '/':
			if depth == 0 {
				return spec[start:i]
			}
		}
	}
	return spec[start:]
}

// listPorts joins EXPOSE values for a message, at most four of them.
func listPorts(texts []string) string {
	if len(texts) > 4 {
		return strings.Join(texts[:4], ", ") + ", ..."
	}
	return strings.Join(texts, ", ")
}
