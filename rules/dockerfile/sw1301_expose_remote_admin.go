package dockerfile

import (
	"fmt"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1301 catches EXPOSE of remote-administration ports: a container should
// not run its own SSH, telnet, RDP or VNC server, and an exposed Docker API
// port is root on the host.
var SW1301 = &rules.Rule{
	ID:               "SW1301",
	Name:             "expose-remote-admin-port",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 5.0,
	Summary:          "EXPOSE of a remote-administration port (SSH, telnet, Docker API, RDP, VNC)",
	Doc: `Exposing 22 (SSH), 23 (telnet), 2375/2376 (the Docker API), 3389 (RDP) or 5900 (VNC)
means the image runs a remote-login or remote-control server. Containers are managed with
` + "`docker exec`" + ` or ` + "`kubectl exec`" + `; an SSH daemon adds credentials to leak and a service to
patch, and an exposed Docker API gives root on the host to anyone who reaches it.

Remove the ` + "`EXPOSE`" + ` and the server behind it. Ranges that include one of these ports are
reported too; ports that only contain the digits (2222) are not.`,
	Tags:        []string{"security"},
	CIS:         []string{"5.7"},
	Equivalents: map[string][]string{rules.Trivy: {"DS004"}, rules.KICS: {"5907595b-5b6d-4142-b173-dbb0e73fbff8"}, rules.Checkov: {"CKV_DOCKER_1"}},
	Run:         runExposeRemoteAdmin,
}

// adminPorts names the remote-administration services by port.
var adminPorts = []struct {
	Port int
	Name string
}{{22, "SSH"}, {23, "telnet"}, {2375, "the unencrypted Docker API"}, {2376, "the Docker API"}, {3389, "RDP"}, {5900, "VNC"}}

func runExposeRemoteAdmin(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		if ins.Keyword != "EXPOSE" {
			continue
		}
		for _, a := range ins.Args {
			spec, ok := df.ParsePort(a.Value)
			if !ok || spec.Err != "" {
				continue
			}
			for _, ap := range adminPorts {
				if spec.Low <= ap.Port && ap.Port <= spec.High {
					what := fmt.Sprintf("port %d", ap.Port)
					if spec.Low != spec.High {
						what = fmt.Sprintf("range %s, which includes port %d", a.Value, ap.Port)
					}
					p.Reportf(a.Span, "EXPOSE %s (%s); do not run remote-administration servers in containers", what, ap.Name)
				}
			}
		}
	}
}
