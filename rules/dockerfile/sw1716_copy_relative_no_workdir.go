package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1716 catches COPY and ADD to a relative destination in a stage that
// never set WORKDIR: the files land wherever the base image's WORKDIR
// points, usually /, and move when the base image changes it.
var SW1716 = &rules.Rule{
	ID:       "SW1716",
	Name:     "copy-relative-no-workdir",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "COPY to a relative destination with no WORKDIR set",
	Doc: hygMD(`A relative destination (´COPY app.py .´, ´COPY src/ src/´) is resolved against the working
directory. When the Dockerfile never sets ´WORKDIR´, that is the base image's, which this file
does not show: ´/´ for most images (so files land among the system folders), ´/go´ for
´golang´, ´/var/www/html´ for ´php´, and it can change with a new base image. Set it:

´´´dockerfile
WORKDIR /app
COPY app.py .
´´´

The rule follows ´FROM <stage>´ links, so a ´WORKDIR´ set in a parent stage counts.
Not reported: absolute destinations and destinations that start with a variable; stages
´FROM scratch´, whose working directory is ´/´; ´ONBUILD COPY´, resolved in the child image.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3045"}},
	Run:         runCopyRelativeNoWorkdir,
}

func runCopyRelativeNoWorkdir(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		if hygScratch(s) || s.Windows {
			continue
		}
		for _, ins := range s.Instructions {
			if _, ok := hygCopyLike(ins); !ok {
				continue
			}
			dest, ok := hygDest(ins)
			if !ok {
				continue
			}
			v := dest.Value
			if v == "" || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "$") || strings.HasPrefix(v, `\`) ||
				len(v) >= 2 && v[1] == ':' {
				continue
			}
			if _, set := hygWorkdir(p, s, ins); set {
				continue
			}
			p.Reportf(dest.Span, "%s to the relative destination %s, but no WORKDIR is set, so it lands in the base image's working directory (often /); set WORKDIR first or use an absolute path", ins.Keyword, dest.Raw)
		}
	}
}
