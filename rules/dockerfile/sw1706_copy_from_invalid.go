package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/util/suggest"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1706 catches COPY --from values that cannot work: the stage's own name,
// a stage index past the end, a variable, a cycle between stages, or a
// misspelt stage name that would be pulled as an image.
var SW1706 = &rules.Rule{
	ID:       "SW1706",
	Name:     "copy-from-invalid",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  "COPY --from names its own stage, a missing stage, or uses a variable",
	Doc: hygMD(`´COPY --from=X´ copies from the stage named (or numbered) ´X´, and otherwise from the
image ´X´. These values fail or do something else than intended:

- the stage's own name or index, or a stage that is itself built from this one: ´docker build´
  stops with "circular dependency detected";
- an index past the last stage (´--from=3´ with three stages): "invalid stage index";
- a variable (´--from=${BUILDER}´): BuildKit does not expand variables in ´--from´; define a
  stage ´FROM ${BUILDER} AS builder´ with a global ´ARG´ and copy from it;
- a name one or two letters away from a stage's name (´--from=bulid´ for ´build´): it is pulled
  as an image from Docker Hub, which fails, or worse, succeeds.

A stage defined later in the file is reported as a warning: BuildKit builds it first, but the
legacy builder, and tools that read stages in order, take the name for an image.
Not reported: image references (´--from=nginx:1.27´, ´--from=ghcr.io/org/tool´,
´--from=composer´), and ´ONBUILD COPY --from´, which is resolved in the child image's build.`),
	Tags: []string{"correctness"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL3022", "DL3023"}, rules.Trivy: {"DS006"},
		rules.KICS: {"cdddb86f-95f6-4fc4-b5a1-483d9afceb2b"},
	},
	Run: runCopyFromInvalid,
}

func runCopyFromInvalid(p *rules.Pass) {
	f := p.Dockerfile
	deps := hygStageDeps(f)
	var names []string
	for _, s := range f.Stages {
		if s.Name != "" {
			names = append(names, s.Name)
		}
	}
	for _, s := range f.Stages {
		for _, ins := range s.Instructions {
			from, tok, ok := hygFromFlag(ins)
			if !ok {
				continue
			}
			a, b := hygFlagValueSpan(tok)
			span := ins.SubSpan(tok, a, b)
			if strings.Contains(from, "$") {
				p.Reportf(span, "COPY --from=%s: BuildKit does not expand variables in --from; define a stage FROM %s AS <name> and copy from that name", from, from)
				continue
			}
			target, isIndex := hygStageRef(f, from)
			switch {
			case target == s:
				p.Reportf(span, "COPY --from=%s copies from its own stage, which docker build rejects as a circular dependency; name another stage", from)
			case target == nil && isIndex:
				p.Reportf(span, "COPY --from=%s: there is no stage %s (the file has %d stages, numbered from 0); docker build fails with an invalid stage index", from, from, len(f.Stages))
			case target != nil && hygReaches(deps, target, s):
				p.Reportf(span, "COPY --from=%s copies from a stage that is built from this one, a circular dependency docker build rejects", from)
			case target != nil && target.Index > s.Index:
				p.ReportSeverity(rules.Warning, span, "COPY --from=%s names a stage defined later in the file; BuildKit builds it first, but the legacy builder reads it as an image name; move that stage above this one", from)
			case target == nil && hygTypo(from):
				if m, ok := suggest.Search(from, names, false); ok && len(m) >= 4 {
					p.Reportf(span, "COPY --from=%s names no stage, so it is pulled as an image from a registry; did you mean the stage %s?", from, m)
				}
			}
		}
	}
}

// hygTypo reports whether a --from value could be a misspelt stage name:
// a plain word, not a registry path, tag or digest.
func hygTypo(v string) bool {
	return len(v) >= 4 && !strings.ContainsAny(v, "/:@.")
}

// hygStageDeps lists for each stage the stages it needs: its parent, the
// stages it copies from and the stages its RUN --mount reads.
func hygStageDeps(f *df.File) map[*df.Stage][]*df.Stage {
	deps := map[*df.Stage][]*df.Stage{}
	for _, s := range f.Stages {
		if s.Parent != nil {
			deps[s] = append(deps[s], s.Parent)
		}
		for _, ins := range s.Instructions {
			if from, _, ok := hygFromFlag(ins); ok {
				if t, _ := hygStageRef(f, from); t != nil {
					deps[s] = append(deps[s], t)
				}
			}
			if rc, ok := ins.Command.(*instructions.RunCommand); ok {
				for _, m := range instructions.GetMounts(rc) {
					if m.From == "" {
						continue
					}
					if t, isIndex := hygStageRef(f, m.From); t != nil && !isIndex {
						deps[s] = append(deps[s], t)
					}
				}
			}
		}
	}
	return deps
}

// hygReaches reports whether stage from depends, directly or not, on to.
func hygReaches(deps map[*df.Stage][]*df.Stage, from, to *df.Stage) bool {
	seen := map[*df.Stage]bool{}
	stack := []*df.Stage{from}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s == to {
			return true
		}
		if seen[s] {
			continue
		}
		seen[s] = true
		stack = append(stack, deps[s]...)
	}
	return false
}
