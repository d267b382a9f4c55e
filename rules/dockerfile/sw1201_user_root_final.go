package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1201 catches images whose containers run as root, the default: a process
// that escapes the container, or abuses a mounted volume, does so as root.
var SW1201 = &rules.Rule{
	ID:               "SW1201",
	Name:             "user-root-final",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "The final stage runs as root",
	Doc: `Containers run as the image's last ` + "`USER`" + `, and as root when there is none. A
compromised process running as root inside the container has root's rights over every mounted
volume and is one kernel or runtime bug away from root on the host.

Add a non-root user to the final stage and switch to it:

` + "```dockerfile" + `
RUN useradd --system --uid 10001 app
USER 10001
` + "```" + `

The rule reads the final stage (the one ` + "`docker build`" + ` builds by default) and the stages
it is built ` + "`FROM`" + `. A ` + "`USER root`" + ` followed by a non-root ` + "`USER`" + ` is fine. Not
reported: build stages, ` + "`USER`" + ` values that come from variables, Windows images, and base
images that already default to a non-root user (distroless ` + "`:nonroot`" + `, Chainguard,
` + "`nginxinc/nginx-unprivileged`" + `, Bitnami).

When a Compose service builds the Dockerfile, the container runs as the service's ` + "`user:`" + ` if
it sets one: the rule judges the stage the service builds (` + "`build.target`" + `) and is silent when
the service sets a non-root user (a ` + "`user: root`" + ` is compose-user-root's, SW2116). Its message
then names the service that sets no ` + "`user:`" + `. Linted alone, the file is judged as
` + "`docker build`" + ` builds it.`,
	Tags:        []string{"security"},
	CIS:         []string{"4.1"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3002"}, rules.Trivy: {"DS002"}, rules.KICS: {"67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae", "fd54f200-402c-4333-a5a4-36ef6709af2f"}, rules.Checkov: {"CKV_DOCKER_3", "CKV_DOCKER_8"}},
	Run:         runUserRootFinal,
}

func runUserRootFinal(p *rules.Pass) {
	final := p.Dockerfile.FinalStage()
	if final == nil || final.Windows {
		return
	}
	b := p.Dockerfile.Build
	if b != nil && b.User != "" && !isRoot(b.User) {
		return // the service runs it as its own user: (SW2116 judges that one)
	}
	for s := final; s != nil; s = s.Parent {
		if u := lastUser(s); u != nil {
			name := u.Command.(*instructions.UserCommand).User
			if isRoot(name) && len(u.Args) > 0 {
				if b != nil && b.User == "" {
					p.Reportf(u.Args[0].Span, "the %s runs as %s and %s sets no user:; switch to a non-root user with USER after the steps that need root", finalName(p.Dockerfile), u.Args[0].Value, b.By)
					return
				}
				p.Reportf(u.Args[0].Span, "the final stage runs as %s; switch to a non-root user with USER after the steps that need root", u.Args[0].Value)
			}
			return
		}
	}
	root := rootStage(final)
	if ref, ok := externalBase(root); ok && nonRootBase(ref) {
		return
	}
	if b != nil && b.User == "" {
		p.Reportf(final.From.HeadSpan(), "the %s has no USER instruction and %s sets no user:, so its containers run as root; add a non-root USER", finalName(p.Dockerfile), b.By)
		return
	}
	p.Reportf(final.From.HeadSpan(), "the final stage has no USER instruction, so its containers run as root; add a non-root USER")
}

// lastUser is the stage's last USER instruction.
func lastUser(s *df.Stage) *df.Instruction {
	for i := len(s.Instructions) - 1; i >= 0; i-- {
		if _, ok := s.Instructions[i].Command.(*instructions.UserCommand); ok {
			return s.Instructions[i]
		}
	}
	return nil
}

// isRoot reports whether a USER value names root: root, 0, root:group, 0:gid.
// Values built from variables are not known, so they are not root.
func isRoot(user string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return name == "root" || name == "0"
}

// nonRootBase lists bases whose default user is not root.
func nonRootBase(ref imagedata.Ref) bool {
	repo, tag := ref.Repo, ref.Tag
	switch {
	case strings.HasPrefix(repo, "gcr.io/distroless/") && (tag == "nonroot" || strings.HasSuffix(tag, "-nonroot") || strings.HasPrefix(tag, "nonroot")):
		return true
	case strings.HasPrefix(repo, "cgr.dev/chainguard/") && !strings.Contains(tag, "dev"):
		return true
	case repo == "nginxinc/nginx-unprivileged", strings.HasPrefix(repo, "bitnami/"), strings.HasPrefix(repo, "docker.io/bitnami/"):
		return true
	case strings.HasPrefix(repo, "mcr.microsoft.com/dotnet/") && (strings.Contains(tag, "chiseled") || strings.Contains(tag, "distroless")):
		return true
	}
	return false
}
