package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2114 catches userns_mode: host: the container shares the host's namespace.
var SW2114 = &rules.Rule{
	ID:               "SW2114",
	Name:             "compose-host-userns",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 5.5,
	Summary:          "Service opts out of user namespace remapping",
	Doc: "When the daemon remaps users (`userns-remap`), root in a container is an unprivileged\n" +
		"user on the host. `userns_mode: host` turns that off for the service, so its root is the\n" +
		"host's root.\n\n" +
		"Remove it.",
	Tags:        []string{"security"},
	CIS:         []string{"5.31"},
	Equivalents: map[string][]string{rules.KICS: {"8af7162d-6c98-482f-868e-0d33fb675ca8"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         hostNamespace("userns_mode", "so root in it is root on the host even when the daemon remaps users"),
}
