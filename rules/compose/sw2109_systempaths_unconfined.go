package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2109 catches services that unmask /proc and /sys paths.
var SW2109 = &rules.Rule{
	ID:               "SW2109",
	Name:             "compose-systempaths-unconfined",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.5,
	Summary:          "Service unmasks /proc and /sys paths",
	Doc: "Docker masks or makes read-only parts of `/proc` and `/sys` that leak host information\n" +
		"or control the kernel (`/proc/kcore`, `/proc/sysrq-trigger`, `/sys/firmware`).\n" +
		"`systempaths=unconfined` exposes them all.\n\n" +
		"Remove the option; nested container runtimes that need it belong on a dedicated host.",
	Tags:      []string{"security"},
	Fixable:   true,
	UnsafeFix: true,
	Run:       securityOpt("systempaths", "unconfined", "which exposes /proc and /sys paths Docker masks, such as /proc/kcore and /proc/sysrq-trigger"),
}
