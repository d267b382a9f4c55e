package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2112 catches ipc: host: the container shares the host's namespace.
var SW2112 = &rules.Rule{
	ID:               "SW2112",
	Name:             "compose-host-ipc",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "Service shares the host IPC namespace",
	Doc: "`ipc: host` gives the container the host's shared memory and semaphores, where other\n" +
		"processes may keep data it should not read or change.\n\n" +
		"Remove it, or share IPC only between the services that need it (`ipc: service:NAME`).",
	Tags:        []string{"security"},
	CIS:         []string{"5.17"},
	Equivalents: map[string][]string{rules.KICS: {"baa3890f-bed7-46f5-ab8f-1da8fc91c729"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         hostNamespace("ipc", "so it can read and change the host's shared memory; share IPC with one service (ipc: service:NAME) if needed"),
}
