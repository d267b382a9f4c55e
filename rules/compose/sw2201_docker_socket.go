package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2201 catches the Docker socket (or another runtime's) mounted into a service.
var SW2201 = &rules.Rule{
	ID:               "SW2201",
	Name:             "compose-docker-socket",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "Service mounts the Docker socket",
	Doc: "Whoever can talk to `/var/run/docker.sock` can start a privileged container that mounts\n" +
		"the host's root file system: the socket is root on the host. Mounting it read-only\n" +
		"(`:ro`) does not help, since the API is used through the socket, not by writing the file.\n" +
		"The same holds for the containerd, CRI-O and Podman sockets, rootless sockets, the\n" +
		"Windows `\\\\.\\pipe\\docker_engine` pipe, and folders holding them (`/var/run`, `/run`).\n\n" +
		"Give tools that need the API a filtering proxy (for example\n" +
		"`tecnativa/docker-socket-proxy` with only the endpoints they use), or run them outside\n" +
		"Compose.",
	Tags:        []string{"security"},
	CIS:         []string{"5.32"},
	Equivalents: map[string][]string{rules.KICS: {"d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"}},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, v := range s.Volumes() {
				if hp, ok := hostPath(p, v); ok && isRuntimeSocket(hp) {
					reportValue(p, v.At(), "service %q mounts %q, which gives it control of the container runtime and so root on the host, even read-only; use a filtering socket proxy", s.Name, v.SourceText)
				}
			}
		}
	},
}
