package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2101 catches privileged services: root in the container is root on the host.
var SW2101 = &rules.Rule{
	ID:               "SW2101",
	Name:             "compose-privileged",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "Service runs privileged",
	Doc: "`privileged: true` gives the container every Linux capability, every host device and\n" +
		"turns off seccomp, AppArmor and SELinux confinement. Root in such a container can load\n" +
		"kernel modules, mount the host's disks and take over the host.\n\n" +
		"Remove `privileged` and grant only what the service needs: a capability with `cap_add`,\n" +
		"one device with `devices`.",
	Tags:        []string{"security"},
	CIS:         []string{"5.5"},
	Equivalents: map[string][]string{rules.KICS: {"ae5b6871-7f45-42e0-bb4c-ab300c4d2026"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         runPrivileged,
}

func runPrivileged(p *rules.Pass) {
	for _, s := range services(p) {
		n := s.Get("privileged")
		if v, ok := n.Bool(); ok && v {
			reportPairRemovable(p, n, "Remove privileged", "service %q runs privileged: it gets every capability and host device, so root in it is root on the host; grant only the capabilities it needs with cap_add", s.Name)
		}
	}
}
