package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1711 points out RUNs that directly follow one another with the same
// options; each makes a layer. Off by default: separate RUNs are often
// chosen on purpose, to cache a slow step apart from a fast one.
var SW1711 = &rules.Rule{
	ID:       "SW1711",
	Name:     "consecutive-run",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "Consecutive RUN instructions could be one",
	Doc: hygMD(`Every ´RUN´ adds a layer. Two ´RUN´s in a row with the same options can usually be joined
with ´&&´, which makes one layer and lets a clean-up in the second command actually shrink the
image:

´´´dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
´´´

Reported: a ´RUN´ that follows another ´RUN´ of the same stage, with only comments between
them and the same flags (´--mount´, ´--network´, ´--security´). Not reported: ´RUN´s with
different flags, exec-form ´RUN´s and here-document ´RUN´s. Off by default: separate ´RUN´s
are often deliberate (a slow dependency step cached apart from a fast build step).`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3059"}, rules.KICS: {"0008c003-79aa-42d8-95b8-1c2fe37dbfe6"}},
	Off:         true,
	Run:         runConsecutiveRun,
}

func runConsecutiveRun(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		var prev *df.Instruction
		for _, ins := range s.Instructions {
			if ins.Keyword != "RUN" || ins.JSON || len(ins.Heredocs) > 0 {
				prev = nil
				continue
			}
			if prev != nil && hygFlags(prev) == hygFlags(ins) {
				p.Reportf(ins.KeywordSpan, "this RUN follows another RUN with the same options; join them with && to make one layer")
			}
			prev = ins
		}
	}
}

func hygFlags(ins *df.Instruction) string {
	var vs []string
	for _, f := range ins.Flags {
		vs = append(vs, f.Value)
	}
	return strings.Join(vs, " ")
}
