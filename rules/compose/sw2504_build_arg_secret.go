package compose

import "github.com/seaworthy-dev/seaworthy/rules"

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
		"`RUN --mount=type=secret,id=...`, which leaves nothing in the image.",
	Tags: []string{"security", "secrets"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, e := range s.Entries("build", "args") {
				if isSecretName(e.Name) {
					if text, ok := e.Text(); ok && literalSecret(text) != "" {
						markSecret(p, e)
					}
					reportPair(p, e.Node, "service %q passes %s as a build argument, which the image's history keeps; use build.secrets", s.Name, e.Name)
				}
			}
		}
	},
}
