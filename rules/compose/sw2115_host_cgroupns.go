package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2115 catches cgroup: host: the container shares the host's namespace.
var SW2115 = &rules.Rule{
	ID:               "SW2115",
	Name:             "compose-host-cgroupns",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 5.5,
	Summary:          "Service shares the host cgroup namespace",
	Doc: "`cgroup: host` shows the container the host's whole cgroup tree instead of its own, which\n" +
		"leaks information about other containers and helps escapes that write to cgroup files.\n\n" +
		"Remove it (the default is a private cgroup namespace on cgroup v2 hosts).",
	Tags: []string{"security"},

	Fixable:   true,
	UnsafeFix: true,
	Run:       hostNamespace("cgroup", "so it sees the host's whole cgroup tree; remove it"),
}
