package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1203 catches sudo in RUN: the build already runs as the current USER,
// and sudo in an image means a user who can become root at run time.
var SW1203 = &rules.Rule{
	ID:               "SW1203",
	Name:             "sudo-in-run",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 4.5,
	Summary:          "RUN uses sudo",
	Doc: `` + "`RUN`" + ` runs as the stage's current ` + "`USER`" + `. ` + "`sudo`" + ` in a build either does nothing (the
build runs as root already) or means the image ships a non-root user with sudo rights, who can
become root inside the running container: the non-root ` + "`USER`" + ` no longer protects anything. sudo
also behaves unpredictably without a terminal (it may ask for a password and hang or fail).

Switch users with ` + "`USER`" + ` instead:

` + "```dockerfile" + `
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER app
` + "```" + `

The rule reads the parsed shell: ` + "`sudo`" + ` as a command after ` + "`&&`" + `, ` + "`;`" + `, ` + "`||`" + `, in pipelines,
inside ` + "`sh -c '…'`" + `, in heredocs and in ` + "`ONBUILD RUN`" + `. Not reported: ` + "`sudo`" + ` as an argument
(` + "`apt-get install sudo`" + `, ` + "`command -v sudo`" + `), in comments or in strings.`,
	Tags:        []string{"security"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3004"}, rules.Trivy: {"DS010"}, rules.KICS: {"8ada6e80-0ade-439e-b176-0b28f6bce35a"}, rules.Checkov: {"CKV2_DOCKER_1"}},
	Run:         runSudoInRun,
}

func runSudoInRun(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("sudo") {
			return
		}
		// `command -v sudo` looks sudo up; it does not run it.
		if w := c.Wrapper; w != nil && w.Is("command") && w.HasFlag("v", "V") {
			return
		}
		p.Reportf(c.NameSpan(), "RUN uses sudo; switch users with USER instead (sudo in an image lets a non-root user become root)")
	})
}
