package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2111 catches pid: host: the container shares the host's namespace.
var SW2111 = &rules.Rule{
	ID:               "SW2111",
	Name:             "compose-host-pid",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 8.0,
	Summary:          "Service shares the host PID namespace",
	Doc: "`pid: host` shows the container every host process. As root it can signal them, and\n" +
		"with `SYS_PTRACE` read their memory and environment, secrets included.\n\n" +
		"Remove it; monitoring agents that need it should run with the fewest other privileges.",
	Tags:        []string{"security"},
	CIS:         []string{"5.16"},
	Equivalents: map[string][]string{rules.KICS: {"4f31dd9f-2cc3-4751-9b53-67e4af83dac0"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         hostNamespace("pid", "so it can see and signal every host process; remove it"),
}
