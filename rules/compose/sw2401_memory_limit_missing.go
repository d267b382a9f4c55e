package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2401 is the hardening check for a memory limit.
var SW2401 = &rules.Rule{
	ID:       "SW2401",
	Name:     "compose-memory-limit-missing",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service has no memory limit",
	Doc: "Without a memory limit a leaking or attacked service can take all the host's memory,\n" +
		"and the kernel's OOM killer may pick another service, or the Docker daemon, to kill.\n\n" +
		"Set `deploy.resources.limits.memory` (or the older `mem_limit`):\n\n" +
		"```yaml\ndeploy:\n  resources:\n    limits:\n      memory: 512M\n```",
	Tags:        []string{"hardening", "reliability"},
	CIS:         []string{"5.11"},
	Equivalents: map[string][]string{rules.KICS: {"bb9ac4f7-e13b-423d-a010-c74a1bfbe492"}},
	Run:         missingLimit("memory", deployLimit("memory"), []string{"mem_limit"}),
}
