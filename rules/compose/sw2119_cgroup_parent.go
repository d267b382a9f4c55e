package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2119 reports services placed in a custom parent cgroup.
var SW2119 = &rules.Rule{
	ID:               "SW2119",
	Name:             "compose-cgroup-parent",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "Service runs under a custom parent cgroup",
	Doc: "`cgroup_parent` moves the container out of the cgroup Docker creates for it and under\n" +
		"one the host defines. The limits that apply are then the host's, not the ones written\n" +
		"in the Compose file, and a parent shared with host services lets the container compete\n" +
		"with them (CIS 5.25: confirm cgroup usage).\n\n" +
		"Remove `cgroup_parent` unless the host's administrators set that cgroup up for this\n" +
		"service. Off by default: it is a CIS item, and where it is used it is usually on\n" +
		"purpose.",
	Tags:        []string{"security", "cis"},
	CIS:         []string{"5.25"},
	Equivalents: map[string][]string{rules.KICS: {"4d9f44c6-2f4a-4317-9bb5-267adbea0232"}},
	Off:         true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if v, n, ok := s.Str("cgroup_parent"); ok && v != "" {
				reportPair(p, n, "service %q sets %s: check that the host set that cgroup up for it", s.Name, "cgroup_parent: "+written(n))
			}
		}
	},
}
