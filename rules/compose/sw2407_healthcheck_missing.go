package compose

import (
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2407 asks network services built from a local Dockerfile to say how
// their health is checked, in the service or in the Dockerfile. Only built
// services are judged: for a pulled image, the image's own HEALTHCHECK
// cannot be seen without the registry.
var SW2407 = &rules.Rule{
	ID:       "SW2407",
	Name:     "compose-healthcheck-missing",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service built here has no health check in the service or its Dockerfile",
	Doc: "Docker marks a container `healthy` or `unhealthy` only when its image or its service has a\n" +
		"health check; without one, a service that hangs still shows as running, and\n" +
		"`depends_on: {condition: service_healthy}` cannot wait for it (CIS 5.27).\n\n" +
		"```yaml\nhealthcheck:\n  test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n  interval: 30s\n```\n\n" +
		"Reported: a service that is built here (`build:` with a local context, or\n" +
		"`dockerfile_inline`), serves a network port (`ports:`, `expose:`, or `EXPOSE` in its\n" +
		"Dockerfile when the service keeps the image's command: a worker that runs the web image\n" +
		"with its own `command:` serves only what it publishes), has no `healthcheck:`, and whose\n" +
		"Dockerfile has no `HEALTHCHECK` in the built stage (`build.target`, else the last) or the\n" +
		"stages it is built `FROM`. Not reported: services\n" +
		"that only pull an image (its `HEALTHCHECK` is in the registry, not here), Dockerfiles that\n" +
		"write `HEALTHCHECK NONE` (a choice), contexts written with variables or remote contexts, and\n" +
		"Dockerfiles that cannot be read or parsed. Relative paths are read from the folder of the\n" +
		"file that declares `build:`. Off by default, like healthcheck-missing (SW1703): Kubernetes and\n" +
		"other orchestrators use their own probes.",
	Tags:        []string{"reliability", "hardening"},
	Equivalents: map[string][]string{rules.KICS: {"698ed579-b239-4f8f-a388-baa4bcb13ef8"}},
	CIS:         []string{"5.27"},
	Off:         true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if s.Has("healthcheck") {
				continue // a test, or disabled on purpose (SW2405)
			}
			f, b, ok := serviceDockerfile(p, s)
			if !ok {
				continue
			}
			stage := f.FinalStage()
			if stage == nil || stage.Windows {
				continue
			}
			checked, exposes := stageHealth(stage)
			// The image's EXPOSE says what its own command serves: a
			// service that runs another command (a worker from the web
			// image) serves only what it publishes or exposes.
			ownCommand := s.Has("command") || s.Has("entrypoint")
			if checked || (!exposes || ownCommand) && !s.Has("ports") && !s.Has("expose") {
				continue
			}
			reportService(p, s, "service %q serves a port but has no healthcheck: and its Dockerfile (%s) has no HEALTHCHECK, so a hung service still shows as running; add a healthcheck", s.Name, b.Shown)
		}
	},
}

// maxBuildDockerfile bounds what is read of a service's Dockerfile.
const maxBuildDockerfile = 4 << 20

// stageHealth reads stage s and the stages it is built FROM: whether one
// has a HEALTHCHECK (NONE included: a choice), and whether one EXPOSEs.
func stageHealth(s *df.Stage) (checked, exposes bool) {
	for i := 0; s != nil && i < 1000; s, i = s.Parent, i+1 {
		for _, ins := range s.Instructions {
			switch ins.Command.(type) {
			case *instructions.HealthCheckCommand:
				checked = true
			case *instructions.ExposeCommand:
				exposes = true
			}
		}
	}
	return checked, exposes
}
