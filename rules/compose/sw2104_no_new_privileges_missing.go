package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2104 is the hardening check that setuid binaries cannot raise privileges.
var SW2104 = &rules.Rule{
	ID:               "SW2104",
	Name:             "compose-no-new-privileges-missing",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 3.0,
	Summary:          "Service does not set no-new-privileges",
	Doc: "Without `no-new-privileges`, a process in the container can gain privileges through\n" +
		"setuid and setgid binaries or file capabilities, which is how many local exploits climb\n" +
		"to root inside the container before escaping it.\n\n" +
		"Add it to every service that does not need `sudo` or `su`:\n\n" +
		"```yaml\nsecurity_opt:\n  - no-new-privileges:true\n```\n\n" +
		"An explicit `no-new-privileges:false` is reported by SW2105.",
	Tags:        []string{"security", "hardening"},
	CIS:         []string{"5.26"},
	Equivalents: map[string][]string{rules.KICS: {"27fcc7d6-c49b-46e0-98f1-6c082a6a2750"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if _, _, found := noNewPrivileges(s); !found {
				fix := (*rules.Fix)(nil)
				if !s.Has("security_opt") {
					fix = serviceKeyFix(s, "security_opt: [\"no-new-privileges:true\"]", "Add security_opt no-new-privileges:true")
				}
				reportServiceFix(p, s, fix, "service %q does not set security_opt no-new-privileges:true, so setuid binaries can raise privileges in it", s.Name)
			}
		}
	},
}
