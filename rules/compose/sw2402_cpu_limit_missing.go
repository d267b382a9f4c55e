package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2402 is the hardening check for a CPU limit.
var SW2402 = &rules.Rule{
	ID:       "SW2402",
	Name:     "compose-cpu-limit-missing",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service has no CPU limit",
	Doc: "Without a CPU limit one busy or attacked service can take every core and slow all the\n" +
		"others on the host.\n\n" +
		"Set `deploy.resources.limits.cpus` (or the older `cpus` or `cpu_quota`):\n\n" +
		"```yaml\ndeploy:\n  resources:\n    limits:\n      cpus: \"1.5\"\n```",
	Tags:        []string{"hardening", "reliability"},
	CIS:         []string{"5.12"},
	Equivalents: map[string][]string{rules.KICS: {"6b610c50-99fb-4ef0-a5f3-e312fd945bc3"}},
	Run:         missingLimit("CPU", deployLimit("cpus"), []string{"cpus"}, []string{"cpu_quota"}),
}
