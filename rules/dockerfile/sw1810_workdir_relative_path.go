package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1810 is BuildKit's WorkdirRelativePath: a relative WORKDIR lands
// wherever the base image's working directory happens to be.
var SW1810 = &rules.Rule{
	ID:       "SW1810",
	Name:     "workdir-relative-path",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleWorkdirRelativePath.Description,
	Doc: md(`A relative ´WORKDIR´ is resolved against the working directory already in force, which,
before any ´WORKDIR´ of your own, is whatever the base image set. ´WORKDIR app´ on ´node:22´ is
´/app´ today and something else when the base image or its version changes, and every ´COPY´
and ´RUN´ after it moves with it. Start with an absolute path:

´´´dockerfile
WORKDIR /app
´´´

As in BuildKit, only the first ´WORKDIR´ of a stage (counting the stages it is built ´FROM´) is
checked: a relative ´WORKDIR´ after an absolute one is well defined. Paths built from variables
are checked once expanded, and not at all when a variable may come from the base image. This
is BuildKit's own check (´docker build --check´), with the same message.

Where the peers differ, on purpose: hadolint DL3000, Trivy DS009, KICS and Checkov
CKV_DOCKER_10 report every relative ´WORKDIR´. After an absolute one, a relative ´WORKDIR´
resolves to a path the Dockerfile fully states (´WORKDIR /app´ then ´WORKDIR src´ is
´/app/src´), so nothing depends on the base image and there is nothing to fix.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleWorkdirRelativePath.Name},
		rules.Hadolint: {"DL3000"},
		rules.Trivy:    {"DS009"},
		rules.KICS:     {"6b376af8-cfe8-49ab-a08d-f32de23661a4"},
		rules.Checkov:  {"CKV_DOCKER_10"},
	},
	Fixable:   true,
	UnsafeFix: true,
	Run:       runWorkdirRelativePath,
}

func runWorkdirRelativePath(p *rules.Pass) {
	w := newBKWalker(p)
	for _, s := range p.Dockerfile.Stages {
		w.walk(s, func(ins *df.Instruction, st *bkState) {
			c, ok := ins.Command.(*instructions.WorkdirCommand)
			if !ok || st.workdirSet || bkSkipped(p, ins, linter.RuleWorkdirRelativePath.Name) {
				return
			}
			res, err := bkExpand(p.Dockerfile, c.Path, st.env)
			if err != nil || len(res.Unmatched) > 0 && !st.complete {
				return
			}
			if !absPath(res.Result) {
				p.ReportFix(ins.ArgsSpan(), workdirFix(p, ins, c.Path), "%s", linter.RuleWorkdirRelativePath.Format(res.Result))
			}
		})
	}
}

// absPath reports whether a WORKDIR path is absolute, on Linux or Windows.
func absPath(path string) bool {
	if strings.HasPrefix(path, "/") || strings.HasPrefix(path, `\`) {
		return true
	}
	return len(path) >= 2 && path[1] == ':' && (path[0]|0x20 >= 'a' && path[0]|0x20 <= 'z')
}

// workdirFix makes a literal relative WORKDIR absolute from /, the
// WORKDIR of most base images: unsafe, since the base image may set
// another one (node's is /, golang's is /go).
func workdirFix(p *rules.Pass, ins *df.Instruction, written string) *rules.Fix {
	if len(ins.Args) != 1 || ins.JSON || strings.ContainsAny(written, "$\\\"'") || ins.Args[0].Value != written {
		return nil
	}
	abs := path.Clean("/" + written)
	return &rules.Fix{Description: "Make the WORKDIR absolute", Unsafe: true,
		Edits: []rules.Edit{rules.NewEdit(p.Source, ins.Args[0].Span, abs)}}
}
