package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1728 points out a COPY (or ADD) that directly follows another to the
// same folder with the same options: one instruction with both sources
// makes one layer instead of two.
var SW1728 = &rules.Rule{
	ID:       "SW1728",
	Name:     "consecutive-copy",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "Consecutive COPY or ADD to one folder could be one",
	Doc: hygMD(`Every ´COPY´ and ´ADD´ adds a layer. Two in a row that copy into the same folder with the
same options can be one instruction with both sources:

´´´dockerfile
COPY package.json package-lock.json /app/
´´´

Reported: a ´COPY´ that follows a ´COPY´ (or an ´ADD´ that follows an ´ADD´) of the same stage,
with only comments between them, the same flags (´--from´, ´--chown´, ´--chmod´, ´--link´) and
the same destination folder (written with a trailing ´/´, or ´.´). Not reported: different
destinations or flags (the usual ´COPY package.json ./´, ´RUN npm ci´, ´COPY . .´ caching
pattern has a ´RUN´ between them), a destination that is a file, here-documents and
destinations written with variables. Off by default, as SW1711 for ´RUN´: a split is sometimes
deliberate (a large, rarely changing file cached in a layer of its own).`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.KICS: {"0008c003-79aa-42d8-95b8-1c2fe37dbfe6"}},
	Off:         true,
	Run:         runConsecutiveCopy,
}

func runConsecutiveCopy(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		var prev *df.Instruction
		for _, ins := range s.Instructions {
			dst, ok := copyFolder(ins)
			if !ok {
				prev = nil
				continue
			}
			if prev != nil && prev.Keyword == ins.Keyword && hygFlags(prev) == hygFlags(ins) {
				if pd, _ := copyFolder(prev); pd == dst {
					p.Reportf(ins.KeywordSpan, "this %s copies into %s like the %s on line %d, with the same options; copy both sources in one %s to make one layer",
						ins.Keyword, ins.Args[len(ins.Args)-1].Value, prev.Keyword, prev.Line(), ins.Keyword)
				}
			}
			prev = ins
		}
	}
}

// copyFolder is the destination folder of a COPY or ADD that copies into
// one ("/app/", "."), cleaned; false for other instructions, file
// destinations, heredocs and variables.
func copyFolder(ins *df.Instruction) (string, bool) {
	if ins.Keyword != "COPY" && ins.Keyword != "ADD" || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
		return "", false
	}
	d := ins.Args[len(ins.Args)-1].Value
	if strings.Contains(d, "$") || !strings.HasSuffix(d, "/") && d != "." {
		return "", false
	}
	return path.Clean(d), true
}
