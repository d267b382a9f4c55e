package dockerfile

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1703 asks long-running services to say how their health is checked
// (CIS 4.6). It is off by default: Kubernetes ignores HEALTHCHECK, and many
// images are checked by their orchestrator instead.
var SW1703 = &rules.Rule{
	ID:       "SW1703",
	Name:     "healthcheck-missing",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "The final stage of a service image has no HEALTHCHECK",
	Doc: hygMD(`Docker and Compose mark a container ´healthy´ or ´unhealthy´ only when its image (or the
run configuration) has a ´HEALTHCHECK´; without one, a service that hangs or stops answering
still shows as running, and ´depends_on: condition: service_healthy´ cannot wait for it. The CIS
Docker Benchmark (4.6) asks for a ´HEALTHCHECK´ in every image.

´´´dockerfile
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/healthz || exit 1
´´´

Reported: the final stage, when it ´EXPOSE´s a port (a network service) and neither it nor the
stages it is built ´FROM´ has a ´HEALTHCHECK´ (´HEALTHCHECK NONE´ is a choice, see SW1704).
Not reported: images that expose no port (command-line tools, one-shot jobs, workers), build
stages, and base images whose own ´HEALTHCHECK´ this file cannot see. Off by default: Kubernetes
ignores ´HEALTHCHECK´ and uses its own probes, and Compose can set ´healthcheck:´ per service.

Where the peers differ, on purpose: hadolint DL3057, Trivy DS026, KICS and Checkov CKV_DOCKER_2
report every image without a ´HEALTHCHECK´. An image that exposes no port is most often a tool,
a job or a base for other images: there is no service for a probe to ask, and a check written
only to satisfy the linter (´CMD true´) reports healthy whatever happens.`),
	Tags: []string{"best-practice", "hardening"},
	CIS:  []string{"4.6"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL3057"}, rules.Trivy: {"DS026"},
		rules.KICS: {"b03a748a-542d-44f4-bb86-9199ab4fd2d5"}, rules.Checkov: {"CKV_DOCKER_2"},
	},
	Off: true,
	Run: runHealthcheckMissing,
}

func runHealthcheckMissing(p *rules.Pass) {
	final := p.Dockerfile.FinalStage()
	if final == nil || final.Windows {
		return
	}
	exposes := false
	for _, s := range hygChain(final) {
		for _, ins := range s.Instructions {
			switch ins.Command.(type) {
			case *instructions.HealthCheckCommand:
				return
			case *instructions.ExposeCommand:
				exposes = true
			}
		}
	}
	if !exposes {
		return
	}
	p.Reportf(final.From.HeadSpan(), "the %s exposes a port but has no HEALTHCHECK, so a hung service still shows as running; add a HEALTHCHECK", finalName(p.Dockerfile))
}
