package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1709 catches RUNs that replace /bin/sh to get another shell for the
// build: that changes the shell of every script in the image at run time
// too, where the SHELL instruction changes only the build's.
var SW1709 = &rules.Rule{
	ID:       "SW1709",
	Name:     "shell-changed-via-run",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "A RUN replaces /bin/sh instead of using SHELL",
	Doc: hygMD(`´RUN ln -sf /bin/bash /bin/sh´ makes every later ´RUN´ use bash, but it also changes
´/bin/sh´ for everything in the image: system scripts, package maintainer scripts and the
application's own ´sh´ scripts run under bash at run time, and the package manager may restore
the link on the next upgrade. The ´SHELL´ instruction changes the shell of the build's ´RUN´,
´CMD´ and ´ENTRYPOINT´ shell forms only:

´´´dockerfile
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
´´´

Reported: ´ln´ whose link name is ´/bin/sh´ or ´/usr/bin/sh´, and
´update-alternatives --install /bin/sh …´. Not reported: links made elsewhere
(´ln -s /bin/sh /usr/local/bin/sh´), link names given by variables, and links to BusyBox
(´ln -s /busybox/sh /bin/sh´), which give a distroless ´:debug´ image the ´/bin/sh´ it lacks.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL4005"},
		rules.KICS:     {"8a301064-c291-4b20-adcb-403fe7fd95fd"},
	},
	Run: runShellChangedViaRun,
}

func runShellChangedViaRun(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		switch {
		case c.Is("ln"):
			args := c.Positionals("t", "S", "target-directory", "suffix")
			if len(args) < 2 || c.HasFlag("t", "target-directory") {
				return
			}
			link, src := args[len(args)-1], args[0]
			if src.Literal && hygBusybox(src.Value) {
				return // gives a distroless debug image the /bin/sh it lacks
			}
			if link.Literal && hygBinSh(link.Value) {
				p.Reportf(c.Span, "%s replaces /bin/sh for the whole image, at run time too; use the SHELL instruction to choose the build's shell", hygText(p, c))
			}
		case c.Is("update-alternatives"):
			w, ok := c.FlagValue("install")
			if ok && w != nil && w.Literal && hygBinSh(w.Value) {
				p.Reportf(c.Span, "update-alternatives --install %s replaces /bin/sh for the whole image, at run time too; use the SHELL instruction to choose the build's shell", w.Value)
			}
		}
	})
}

func hygBinSh(v string) bool {
	v = path.Clean(v)
	return v == "/bin/sh" || v == "/usr/bin/sh"
}

// hygBusybox reports whether a path is BusyBox's shell or binary.
func hygBusybox(v string) bool {
	return path.Base(v) == "busybox" || strings.HasPrefix(v, "/busybox/")
}
