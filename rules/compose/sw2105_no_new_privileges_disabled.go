package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2105 catches no-new-privileges turned off on purpose.
var SW2105 = &rules.Rule{
	ID:               "SW2105",
	Name:             "compose-no-new-privileges-disabled",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 6.0,
	Summary:          "Service turns no-new-privileges off",
	Doc: "`no-new-privileges:false` explicitly lets processes gain privileges through setuid\n" +
		"binaries and file capabilities, overriding a daemon-wide `no-new-privileges` default.\n\n" +
		"Set `no-new-privileges:true`, and replace what needed setuid (`sudo`, `ping` on old\n" +
		"images) with a capability or a non-root design.",
	Tags:        []string{"security"},
	CIS:         []string{"5.26"},
	Equivalents: map[string][]string{rules.KICS: {"27fcc7d6-c49b-46e0-98f1-6c082a6a2750"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if o, on, found := noNewPrivileges(s); found && !on {
				p.ReportIn(o.Node.File(), o.Node.Span(), replaceInFix(o.Node, "false", "true", "Set no-new-privileges:true"),
					"service %q sets security_opt %s, so setuid binaries can raise privileges in it", s.Name, written(o.Node))
			}
		}
	},
}
