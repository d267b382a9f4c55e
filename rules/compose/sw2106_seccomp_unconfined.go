package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2106 catches services that run without the default seccomp filter.
var SW2106 = &rules.Rule{
	ID:               "SW2106",
	Name:             "compose-seccomp-unconfined",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service disables seccomp",
	Doc: "Docker's default seccomp profile blocks about 50 system calls that containers rarely\n" +
		"need and kernel exploits often use (`keyctl`, `add_key`, `unshare`, `mount`, ...).\n" +
		"`seccomp:unconfined` removes that filter.\n\n" +
		"Keep the default profile; when the service needs one more call, write a custom profile\n" +
		"that allows just it (`seccomp:./seccomp.json`).",
	Tags:        []string{"security"},
	CIS:         []string{"5.22"},
	Equivalents: map[string][]string{rules.KICS: {"404fde2c-bc4b-4371-9747-7054132ac953"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         securityOpt("seccomp", "unconfined", "which removes the system-call filter that blocks most kernel exploits; use a custom profile that allows only the calls it needs"),
}
