package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2107 catches services that run without an AppArmor profile.
var SW2107 = &rules.Rule{
	ID:               "SW2107",
	Name:             "compose-apparmor-unconfined",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service disables AppArmor",
	Doc: "On hosts with AppArmor, Docker confines containers with the `docker-default` profile,\n" +
		"which denies writes to `/proc` and `/sys` and mounting. `apparmor:unconfined` removes it.\n\n" +
		"Keep the default profile, or load a custom one and name it (`apparmor:my-profile`).",
	Tags:      []string{"security"},
	CIS:       []string{"5.2"},
	Fixable:   true,
	UnsafeFix: true,
	Run:       securityOpt("apparmor", "unconfined", "which removes the AppArmor profile that keeps it away from /proc, /sys and mounts; keep the default or name a custom profile"),
}
