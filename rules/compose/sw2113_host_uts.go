package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2113 catches uts: host: the container shares the host's namespace.
var SW2113 = &rules.Rule{
	ID:               "SW2113",
	Name:             "compose-host-uts",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 4.5,
	Summary:          "Service shares the host UTS namespace",
	Doc: "`uts: host` lets the container see and, with `SYS_ADMIN`, change the host's hostname and\n" +
		"domain name.\n\n" +
		"Remove it; set `hostname:` for the container instead.",
	Tags:      []string{"security"},
	CIS:       []string{"5.21"},
	Fixable:   true,
	UnsafeFix: true,
	Run:       hostNamespace("uts", "so it shares the host's hostname; set hostname: instead"),
}
