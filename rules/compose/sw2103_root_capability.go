package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2103 catches cap_add ALL and SYS_ADMIN, privileged in all but name.
var SW2103 = &rules.Rule{
	ID:               "SW2103",
	Name:             "compose-root-capability",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "Service adds ALL or SYS_ADMIN capabilities",
	Doc: "`cap_add: [ALL]` gives the container every capability, and `SYS_ADMIN` alone allows\n" +
		"mounting file systems, creating namespaces and most of what root can do: either is\n" +
		"close to `privileged: true`. Dropping other capabilities with `cap_drop` does not help.\n\n" +
		"Find the narrower capability the service needs (for example `NET_ADMIN` for a VPN,\n" +
		"`SYS_PTRACE` for a debugger) or a device it can use instead.",
	Tags: []string{"security"},
	CIS:  []string{"5.4"},
	Run:  func(p *rules.Pass) { runCaps(p, rootCaps) },
}
