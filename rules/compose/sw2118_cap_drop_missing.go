package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2118 is the hardening check that a service drops every capability it
// does not need.
var SW2118 = &rules.Rule{
	ID:               "SW2118",
	Name:             "compose-cap-drop-missing",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 3.0,
	Summary:          "Service does not drop all capabilities",
	Doc: "Docker gives every container a default set of Linux capabilities (CHOWN, DAC_OVERRIDE,\n" +
		"FOWNER, SETUID, SETGID, NET_RAW, NET_BIND_SERVICE, ...). Most services need none of them\n" +
		"once started, and each one is something an attacker in the container can use: NET_RAW\n" +
		"to spoof packets on the Compose network, DAC_OVERRIDE to ignore file permissions.\n\n" +
		"Drop them all and add back only what the service needs:\n\n" +
		"```yaml\ncap_drop:\n  - ALL\ncap_add:\n  - NET_BIND_SERVICE\n```\n\n" +
		"Privileged services are not reported (SW2101 reports them: `privileged` ignores\n" +
		"`cap_drop`). Off by default: almost every service in the wild lacks `cap_drop: [ALL]`,\n" +
		"and many official images need a few capabilities to drop root themselves; turn it on for\n" +
		"a hardening profile.\n\n" +
		"KICS's Container Capabilities Unrestricted reports the same missing `cap_drop`, and also\n" +
		"every `cap_add`; seaworthy reports only the capabilities that matter (SW2102, SW2103),\n" +
		"since adding back NET_BIND_SERVICE after `cap_drop: [ALL]` is the advice itself.",
	Tags:        []string{"security", "hardening"},
	Equivalents: map[string][]string{rules.KICS: {"ce76b7d0-9e77-464d-b86f-c5c48e03e22d"}},
	CIS:         []string{"5.4"},
	Off:         true,
	Fixable:     true,
	UnsafeFix:   true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if v, ok := s.Get("privileged").Bool(); ok && v {
				continue
			}
			drops := s.List("cap_drop")
			all := false
			for _, n := range drops {
				if c, ok := capName(n); ok && c == "ALL" {
					all = true
				}
			}
			switch {
			case all:
			case len(drops) == 0:
				if n := s.Get("cap_drop"); n != nil {
					reportPair(p, n, "service %q sets cap_drop but drops nothing; drop ALL and add back only the capabilities it needs", s.Name)
					continue
				}
				fix := (*rules.Fix)(nil)
				if !s.Has("cap_drop") {
					fix = serviceKeyFix(s, "cap_drop: [ALL]", "Add cap_drop: [ALL]")
				}
				reportServiceFix(p, s, fix, "service %q keeps Docker's default capabilities; add cap_drop: [ALL] and cap_add only what it needs", s.Name)
			default:
				reportPair(p, s.Get("cap_drop"), "service %q drops some capabilities but not ALL; drop ALL and add back only the capabilities it needs", s.Name)
			}
		}
	},
}
