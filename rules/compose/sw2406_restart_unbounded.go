package compose

import (
	"strconv"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2406 is the CIS check that restarts are bounded.
var SW2406 = &rules.Rule{
	ID:       "SW2406",
	Name:     "compose-restart-unbounded",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Restart policy retries without a bound",
	Doc: "`restart: always`, `unless-stopped` and `on-failure` without a maximum restart a\n" +
		"crashing container forever. A service that fails at start-up then loops, filling logs\n" +
		"and using CPU, and a crash an attacker can trigger becomes a cheap denial of service\n" +
		"(CIS 5.15 asks for `on-failure` with at most 5 retries).\n\n" +
		"Use `restart: on-failure:5`, or in `deploy.restart_policy` set `max_attempts: 5`.\n" +
		"Off by default: `unless-stopped` is what most long-running services want; turn it on for\n" +
		"a CIS profile.\n\n" +
		"Where KICS differs, on purpose: its Restart Policy On Failure Not Set To 5 asks for\n" +
		"exactly 5 retries and so also reports `on-failure:3`; fewer retries are as bounded as\n" +
		"five, and CIS 5.15 asks for at most 5, so seaworthy reports only unbounded policies and\n" +
		"maxima above 5.",
	Tags:        []string{"reliability", "cis"},
	Equivalents: map[string][]string{rules.KICS: {"2fc99041-ddad-49d5-853f-e35e70a48391"}},
	CIS:         []string{"5.15"},
	Off:         true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if v, n, ok := s.Str("restart"); ok {
				policy, max, hasMax := strings.Cut(strings.ToLower(strings.TrimSpace(v)), ":")
				switch policy {
				case "always", "unless-stopped":
					reportPair(p, n, "service %q sets %s, which restarts it forever; use on-failure:5", s.Name, "restart: "+written(n))
				case "on-failure":
					if m, err := strconv.Atoi(strings.TrimSpace(max)); !hasMax || err == nil && (m <= 0 || m > 5) {
						reportPair(p, n, "service %q sets %s, which retries more than 5 times; use on-failure:5", s.Name, "restart: "+written(n))
					}
				}
				continue
			}
			rp := s.Get("deploy", "restart_policy")
			if !rp.IsMap() {
				continue
			}
			cond := rp.Get("condition")
			if c, ok := cond.Value(); cond != nil && (!ok || c != "any" && c != "on-failure") {
				continue // none, or not known
			}
			mx := rp.Get("max_attempts")
			if mx == nil {
				at := cond
				if at == nil {
					at = rp
				}
				reportPair(p, at, "service %q has a deploy.restart_policy without max_attempts, so it restarts forever; set max_attempts: 5", s.Name)
				continue
			}
			if v, ok := mx.Value(); ok {
				if m, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && (m <= 0 || m > 5) {
					reportPair(p, mx, "service %q sets %s, more than 5 restarts; use max_attempts: 5 or fewer", s.Name, "max_attempts: "+written(mx))
				}
			}
		}
	},
}
