package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1202 asks for a numeric USER in the final stage: Kubernetes can only
// verify runAsNonRoot for a numeric user, since it cannot read the image's
// /etc/passwd. Off by default: it matters only under such policies.
var SW1202 = &rules.Rule{
	ID:               "SW1202",
	Name:             "user-not-numeric",
	Kind:             rules.Dockerfile,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "The final stage's USER is a name, not a numeric UID",
	Doc: `Kubernetes' ` + "`runAsNonRoot: true`" + ` (and Pod Security "restricted") must prove that a container
does not run as root. With ` + "`USER app`" + ` the kubelet cannot: the name is resolved inside the image,
so the pod is rejected with "image has non-numeric user, cannot verify user is non-root".
A numeric user can be checked without reading the image.

Use the UID (and GID) of the user you created:

` + "```dockerfile" + `
RUN useradd --uid 10001 app
USER 10001:10001
` + "```" + `

The rule reads the user the final stage runs as (its last ` + "`USER`" + `, or that of the stage it is
built ` + "`FROM`" + `). It is off by default. Not reported: numeric users, values from variables,
` + "`root`" + ` (user-root-final reports it), build stages and Windows images.`,
	Tags:        []string{"security", "best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3066"}},
	Off:         true,
	Run:         runUserNotNumeric,
}

func runUserNotNumeric(p *rules.Pass) {
	final := p.Dockerfile.FinalStage()
	if final == nil || final.Windows {
		return
	}
	for s := final; s != nil; s = s.Parent {
		u := lastUser(s)
		if u == nil {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimSpace(u.Command.(*instructions.UserCommand).User), ":")
		if len(u.Args) == 0 || name == "" || strings.Contains(u.Args[0].Raw, "$") || isRoot(name) || strings.Trim(name, "0123456789") == "" {
			return
		}
		arg := u.Args[0]
		p.Reportf(u.SubSpan(arg, 0, min(len(name), len(arg.Raw))), "USER %s is a name, so Kubernetes runAsNonRoot cannot verify it is not root; use its numeric UID (for example USER 10001)", name)
		return
	}
}
