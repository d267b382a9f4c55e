package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1302 catches EXPOSE values Docker cannot use.
var SW1302 = &rules.Rule{
	ID:       "SW1302",
	Name:     "expose-invalid-port",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  "EXPOSE of an invalid port, range or protocol",
	Doc: `` + "`EXPOSE`" + ` takes container ports (0 to 65535), ranges (` + "`8000-8010`" + `) and an optional
protocol (` + "`/tcp`" + `, ` + "`/udp`" + `, ` + "`/sctp`" + `). A port out of range, a range that runs backwards, an
unknown protocol or a ` + "`host:container`" + ` mapping is a mistake: publish host ports at run time
(` + "`docker run -p`" + `, Compose ` + "`ports:`" + `). Values built from variables are checked only when
they are known.`,
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3011"}, rules.BuildKit: {"ExposeInvalidFormat"}, rules.Trivy: {"DS008"}, rules.KICS: {"71bf8cf8-f0a1-42fa-b9d2-d10525e0a38e"}},
	Run:         runExposeInvalidPort,
}

func runExposeInvalidPort(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		if ins.Keyword != "EXPOSE" {
			continue
		}
		for _, a := range ins.Args {
			if spec, ok := df.ParsePort(a.Value); ok && spec.Err != "" {
				p.Reportf(a.Span, "invalid EXPOSE %s: %s", a.Raw, spec.Err)
			}
		}
	}
}
