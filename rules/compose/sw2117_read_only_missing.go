package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2117 is the hardening check for a read-only root file system.
var SW2117 = &rules.Rule{
	ID:               "SW2117",
	Name:             "compose-read-only-missing",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "Service root file system is writable",
	Doc: "With a writable root file system, an attacker who gets code execution can change the\n" +
		"service's binaries and configuration, or drop tools, and the change lives as long as\n" +
		"the container.\n\n" +
		"Set `read_only: true` and give the service writable space only where it needs it:\n\n" +
		"```yaml\nread_only: true\ntmpfs:\n  - /tmp\nvolumes:\n  - data:/var/lib/app\n```",
	Tags:      []string{"security", "hardening"},
	CIS:       []string{"5.13"},
	Fixable:   true,
	UnsafeFix: true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			n := s.Get("read_only")
			switch v, ok := n.Bool(); {
			case n == nil:
				fix := (*rules.Fix)(nil)
				if !s.Has("read_only") {
					fix = serviceKeyFix(s, "read_only: true", "Add read_only: true")
				}
				reportServiceFix(p, s, fix, "service %q does not set read_only: true, so its root file system is writable", s.Name)
			case ok && !v:
				reportPair(p, n, "service %q sets %s: its root file system is writable", s.Name, "read_only: "+written(n))
			}
		}
	},
}
