package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1704 points out `HEALTHCHECK NONE` in the image that is shipped: it
// switches off the health check the base image defines.
var SW1704 = &rules.Rule{
	ID:       "SW1704",
	Name:     "healthcheck-disabled",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "HEALTHCHECK NONE disables the base image's health check",
	Doc: hygMD(`´HEALTHCHECK NONE´ removes any health check inherited from the base image. Containers
of the image then report no health: Docker and Compose cannot restart or wait on them when they
hang. That may be intended (the check needs a tool the image removed), so this is information:
replace it with a check that works in this image, or keep it with a suppression that says why.

´´´dockerfile
HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]
´´´

Reported: the ´HEALTHCHECK NONE´ in force at the end of the final stage (in it or in a stage it
is built ´FROM´). Not reported: build stages, and a ´HEALTHCHECK NONE´ followed by a new
´HEALTHCHECK CMD´.`),
	Tags: []string{"best-practice"},
	Run:  runHealthcheckDisabled,
}

func runHealthcheckDisabled(p *rules.Pass) {
	final := p.Dockerfile.FinalStage()
	if final == nil {
		return
	}
	var last *df.Instruction
	for _, s := range hygChain(final) {
		for _, ins := range s.Instructions {
			if _, ok := ins.Command.(*instructions.HealthCheckCommand); ok {
				last = ins
			}
		}
	}
	if last == nil {
		return
	}
	hc := last.Command.(*instructions.HealthCheckCommand)
	if hc.Health == nil || len(hc.Health.Test) == 0 || !strings.EqualFold(hc.Health.Test[0], "NONE") || len(last.Args) == 0 {
		return
	}
	p.Reportf(last.Args[0].Span, "HEALTHCHECK NONE disables the base image's health check, so containers of this image report no health; define a check that works here, or say why in a suppression")
}
