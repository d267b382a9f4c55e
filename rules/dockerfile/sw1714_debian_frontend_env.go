package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1714 catches ENV DEBIAN_FRONTEND=noninteractive in the shipped image:
// meant for the build, it stays in every container and silently answers
// debconf questions for whoever runs apt-get in it later.
var SW1714 = &rules.Rule{
	ID:       "SW1714",
	Name:     "debian-frontend-env",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "ENV DEBIAN_FRONTEND=noninteractive persists into the image",
	Doc: hygMD(`´DEBIAN_FRONTEND=noninteractive´ stops debconf from asking questions while packages
install, which a build needs. Set with ´ENV´, it also stays in the image: every container gets
it, and a person who runs ´apt-get install´ or ´dpkg-reconfigure´ in one later gets defaults
picked without a prompt. Debian's Docker FAQ and Docker's best practices advise against it.
Set it for the build only, with ´ARG´ (visible to ´RUN´, not kept in the image) or on the
command:

´´´dockerfile
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends tzdata
´´´

The fix turns the ´ENV´ into an ´ARG´ when it sets only that variable in a stage no other
stage is built ´FROM´ (an ´ARG´ is not inherited by those). Not reported: build stages whose
environment does not ship, and an ´ENV DEBIAN_FRONTEND=…´ reset later in the final stage.`),
	Tags:    []string{"best-practice"},
	Fixable: true,
	Run:     runDebianFrontendEnv,
}

func runDebianFrontendEnv(p *rules.Pass) {
	f := p.Dockerfile
	final := f.FinalStage()
	if final == nil {
		return
	}
	var last *df.Instruction
	var lastKV instructions.KeyValuePair
	for _, s := range hygChain(final) {
		for _, ins := range s.Instructions {
			env, ok := ins.Command.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range env.Env {
				if kv.Key == "DEBIAN_FRONTEND" {
					last, lastKV = ins, kv
				}
			}
		}
	}
	if last == nil || !strings.EqualFold(strings.Trim(lastKV.Value, `"'`), "noninteractive") {
		return
	}
	span, tok := last.ArgsSpan(), df.Token{}
	for _, a := range last.Args {
		if strings.HasPrefix(a.Raw, "DEBIAN_FRONTEND=") {
			span, tok = a.Span, a
		}
	}
	msg := "ENV DEBIAN_FRONTEND=noninteractive stays in the image and answers debconf for anyone running apt-get in its containers; set it with ARG, or on the RUN command, for the build only"
	env := last.Command.(*instructions.EnvCommand)
	if len(env.Env) != 1 || hygHasChildren(f, last.Stage) {
		p.Reportf(span, "%s", msg)
		return
	}
	kw := "ARG"
	if strings.ToLower(p.Source.Text(last.KeywordSpan)) == p.Source.Text(last.KeywordSpan) {
		kw = "arg"
	}
	edits := []rules.Edit{rules.NewEdit(p.Source, last.KeywordSpan, kw)}
	if tok.Raw == "" { // ENV DEBIAN_FRONTEND noninteractive
		edits = append(edits, rules.NewEdit(p.Source, source.Span{Start: last.Args[0].Span.Start, End: last.ArgsSpan().End}, "DEBIAN_FRONTEND="+lastKV.Value))
	}
	p.ReportFix(span, &rules.Fix{Description: "set DEBIAN_FRONTEND with ARG, for the build only", Edits: edits}, "%s", msg)
}
