package compose

import (
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2504 catches secrets passed as build arguments, which images keep.
var SW2504 = &rules.Rule{
	ID:               "SW2504",
	Name:             "compose-build-arg-secret",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.5,
	Summary:          "Secret is passed as a build argument",
	Doc: "Build arguments are recorded in the image's history and build provenance, readable by\n" +
		"anyone who can pull the image, whether the value is literal or comes from the\n" +
		"environment.\n\n" +
		"Pass secrets with `build.secrets` and read them in the Dockerfile with\n" +
		"`RUN --mount=type=secret,id=...`, which leaves nothing in the image.\n\n" +
		"```yaml\nbuild:\n  context: .\n  secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n```\n\n" +
		"When the Dockerfile the service builds is on disk, the message says where the argument goes:\n" +
		"into an `ARG` of the built stage or a stage it is built `FROM` (the image's history keeps it:\n" +
		"every later `RUN` of that stage records it), into an `ARG` of a build stage only (the\n" +
		"provenance and that stage's cache keep it), or nowhere (no `ARG` declares it: remove it).",
	Tags: []string{"security", "secrets"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, e := range s.Entries("build", "args") {
				if !isSecretName(e.Name) {
					continue
				}
				if text, ok := e.Text(); ok && literalSecret(text) != "" {
					markSecret(p, e)
				}
				reportPair(p, e.Node, "service %q passes %s as a build argument%s; use build.secrets", s.Name, e.Name, argLanding(p, s, e.Name))
			}
		}
	},
}

// argLanding says where build argument name goes in the Dockerfile the
// service builds, when it can be read: "" when it cannot.
func argLanding(p *rules.Pass, s *compose.Service, name string) string {
	f, b, ok := serviceDockerfile(p, s)
	if !ok {
		return ", which the image's history keeps"
	}
	chain := map[*df.Stage]bool{}
	for _, st := range builtChain(f) {
		chain[st] = true
	}
	var inBuild *df.Instruction
	for _, ins := range f.Instructions {
		ac, isArg := ins.Command.(*instructions.ArgCommand)
		if !isArg || ins.Stage == nil {
			continue // a global ARG reaches FROM lines only
		}
		for _, kv := range ac.Args {
			if kv.Key != name {
				continue
			}
			if chain[ins.Stage] {
				return fmt.Sprintf(" into ARG %s of the built stage (%s:%d), so the image's history keeps it", name, b.Shown, ins.Line())
			}
			if inBuild == nil {
				inBuild = ins
			}
		}
	}
	if inBuild != nil {
		return fmt.Sprintf(" into ARG %s of a build stage (%s:%d), whose cache and the build's provenance keep it", name, b.Shown, inBuild.Line())
	}
	for _, ins := range f.GlobalArgs {
		if ac, ok := ins.Command.(*instructions.ArgCommand); ok {
			for _, kv := range ac.Args {
				if kv.Key == name {
					return fmt.Sprintf(" into global ARG %s (%s:%d), which the build's provenance keeps", name, b.Shown, ins.Line())
				}
			}
		}
	}
	return fmt.Sprintf(" that its Dockerfile (%s) never declares, so it only reaches the build's provenance; remove it", b.Shown)
}
