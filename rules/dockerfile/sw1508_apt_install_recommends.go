package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1508 notes apt installs that pull in recommended packages as well: the
// shipped image grows by packages nobody asked for, each one more thing to
// patch.
var SW1508 = &rules.Rule{
	ID:       "SW1508",
	Name:     "apt-install-recommends",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "apt-get install also installs recommended packages",
	Doc: `By default ` + "`apt-get install`" + ` installs each package's "Recommends" as well: documentation,
optional tools, sometimes whole toolchains. They enlarge the image and its attack surface and
are rarely needed in a container.

` + "```dockerfile" + `
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
` + "```" + `

Not reported: ` + "`-o APT::Install-Recommends=false`" + ` (or ` + "`0`" + `); an apt configuration written
by an earlier instruction of the same stage (` + "`echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/…`" + `,
or a ` + "`COPY <<EOF`" + ` heredoc), which no other linter honours, or a file copied into
` + "`/etc/apt/apt.conf.d`" + `, which cannot be read; ` + "`apt-get install`" + ` without
package arguments (` + "`-f`" + ` repairs); and build stages, whose packages never reach the shipped
image (only the final stage and the stages it is built ` + "`FROM`" + ` are read).`,
	Tags:        []string{"best-practice", "image-size"},
	CIS:         []string{"4.3"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3015"}, rules.Trivy: {"DS029"}, rules.KICS: {"7384dfb2-fcd1-4fbf-91cd-6c44c318c33c"}},
	Fixable:     true,
	UnsafeFix:   true,
	Run:         runAptInstallRecommends,
}

func runAptInstallRecommends(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		if !instShipped(p.Dockerfile, r.Stage) {
			return
		}
		for _, c := range r.Calls {
			if !c.Is("apt-get", "apt") {
				continue
			}
			cl := instApt(p, c)
			if cl.Sub() != "install" || len(cl.Pos) < 2 || cl.Has("no-install-recommends") {
				continue
			}
			if v, ok := instAptOption(cl, "APT::Install-Recommends"); ok && instFalse(v) {
				continue
			}
			if aptConfNoRecommends(p, r.Stage, r.Ins) {
				return
			}
			p.ReportFix(instSpan(c, cl.Pos[0]), insertAfter(p, r.Ins, cl.Pos[0], " --no-install-recommends", "Add --no-install-recommends"),
				"%s install also installs recommended packages; add --no-install-recommends", c.Name)
		}
	})
}

// aptConfNoRecommends finds APT::Install-Recommends "0" (or "false") written
// by an earlier instruction of the stage, or a configuration copied in from
// the build context that may set it.
func aptConfNoRecommends(p *rules.Pass, s *df.Stage, before *df.Instruction) bool {
	return instConfBefore(p, s, before, "APT::Install-Recommends", "/etc/apt/apt.conf.d", false)
}
