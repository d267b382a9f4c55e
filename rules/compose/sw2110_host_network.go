package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2110 catches network_mode: host: the container shares the host's namespace.
var SW2110 = &rules.Rule{
	ID:               "SW2110",
	Name:             "compose-host-network",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service uses the host network",
	Doc: "`network_mode: host` puts the container in the host's network stack: it can bind any host\n" +
		"port, reach services listening on 127.0.0.1, and with `NET_ADMIN` rewrite the host's\n" +
		"firewall. Its `ports:` are ignored.\n\n" +
		"Use the default bridge network and publish the ports it needs.",
	Tags:        []string{"security"},
	CIS:         []string{"5.10"},
	Equivalents: map[string][]string{rules.KICS: {"071a71ff-f868-47a4-ac0b-3c59e4ab5443"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         hostNamespace("network_mode", "so it sees every host interface and the services bound to localhost; use a bridge network and publish ports"),
}
