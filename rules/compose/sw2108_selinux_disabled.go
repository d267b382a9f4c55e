package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2108 catches services that turn SELinux labelling off.
var SW2108 = &rules.Rule{
	ID:               "SW2108",
	Name:             "compose-selinux-disabled",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service disables SELinux separation",
	Doc: "On SELinux hosts every container gets its own label, so one container cannot touch\n" +
		"another's files or the host's. `label:disable` runs the container unconfined.\n\n" +
		"Keep labelling on; relabel bind mounts with the `:z` or `:Z` volume option instead.",
	Tags:      []string{"security"},
	CIS:       []string{"5.3"},
	Fixable:   true,
	UnsafeFix: true,
	Run:       securityOpt("label", "disable", "which turns off the SELinux separation between it, other containers and the host; relabel volumes with :z or :Z instead"),
}
