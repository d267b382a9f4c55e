package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2403 is the hardening check for a process count limit.
var SW2403 = &rules.Rule{
	ID:       "SW2403",
	Name:     "compose-pids-limit-missing",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service has no process limit",
	Doc: "Without a PIDs limit a fork bomb, or a leak of threads, in one container exhausts the\n" +
		"host's process table and nothing else can start, not even a shell to fix it.\n\n" +
		"Set `pids_limit` (or `deploy.resources.limits.pids`) to a value well above what the\n" +
		"service needs, such as 200. `-1` and `0` mean no limit and are reported too.",
	Tags:        []string{"hardening", "reliability"},
	CIS:         []string{"5.29"},
	Equivalents: map[string][]string{rules.KICS: {"221e0658-cb2a-44e3-b08a-db96a341d6fa"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			n := limit(s, []string{"pids_limit"}, deployLimit("pids"))
			if n == nil {
				fix := (*rules.Fix)(nil)
				if !s.Has("pids_limit") && !s.Has("deploy", "resources", "limits", "pids") {
					fix = serviceKeyFix(s, "pids_limit: 200", "Add pids_limit: 200")
				}
				reportServiceFix(p, s, fix, "service %q has no process limit (pids_limit), so a fork bomb in it can exhaust the host's process table", s.Name)
				continue
			}
			if v, ok := n.Value(); ok && (strings.TrimSpace(v) == "-1" || strings.TrimSpace(v) == "0") {
				reportPair(p, n, "service %q sets %s, which means no process limit", s.Name, n.Key.Value+": "+written(n))
			}
		}
	},
}
