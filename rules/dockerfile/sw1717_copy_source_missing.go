package dockerfile

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1717 looks for each COPY and ADD source in the build context on disk:
// a source that no folder that may be the context holds fails the build
// with "not found", after every earlier step has run.
var SW1717 = &rules.Rule{
	ID:       "SW1717",
	Name:     "copy-source-missing",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  "A COPY or ADD source is not in the build context",
	Doc: md(`´COPY´ and ´ADD´ read their sources from the build context. A source the context does
not hold fails the build with "failed to compute cache key: ... not found", often after minutes
of earlier steps, and a renamed or moved file is the usual cause.

The context is not written in the Dockerfile, so the rule looks in every folder that may be it:
the Dockerfile's folder and each folder above it up to the root of the Git repository. A source
is reported only when none of them holds it. To stay exact, the rule is silent outside a Git
repository (the file may be anywhere), for paths that a ´.gitignore´ on the way covers (build
outputs such as ´dist/´ or ´target/app.jar´ that an earlier CI step makes), for sources with
variables or wildcards, for ´COPY --from´, URLs and Git sources, heredocs, ´ONBUILD´ (it runs in
another build's context), and for stages the final image does not need (BuildKit does not build
them). A source that exists but is excluded by ´.dockerignore´ is copy-ignored-file (SW1817).

´´´dockerfile
COPY requirements.txt /app/   # the file is requirements/base.txt since the last refactor
´´´

When a Compose service builds the Dockerfile, its ´build.context´ is the one context read.`),
	Tags: []string{"correctness"},
	Run:  runCopySourceMissing,
}

func runCopySourceMissing(p *rules.Pass) {
	dirs, _, ok := contextsOf(p)
	if !ok {
		return
	}
	repo := gitRoot(dirs[0])
	if repo == "" {
		return
	}
	ships := neededStages(p.Dockerfile)
	for _, ins := range p.Dockerfile.Instructions {
		if !ships[ins.Stage] || len(ins.Heredocs) > 0 {
			continue
		}
		srcs, _, ok := contextSources(ins)
		if !ok {
			continue
		}
		for _, raw := range srcs {
			rel, ok := literalSource(raw)
			if !ok || inSomeContext(dirs, rel) || gitIgnored(p, repo, dirs, rel) {
				continue
			}
			span := sourceSpan(ins, raw)
			p.Reportf(span, "%s source %s is not in the build context: %s, so the build fails with \"not found\"",
				ins.Keyword, raw, lookedIn(p, dirs))
		}
	}
}

// neededStages are the stages `docker build` builds without --target: the
// final one and those it copies from or is built on, transitively.
func neededStages(f *df.File) map[*df.Stage]bool {
	out := map[*df.Stage]bool{}
	var visit func(s *df.Stage, depth int)
	visit = func(s *df.Stage, depth int) {
		if s == nil || out[s] || depth > 1000 {
			return
		}
		out[s] = true
		visit(s.Parent, depth+1)
		for _, ins := range s.Instructions {
			if c, ok := ins.Command.(*instructions.CopyCommand); ok && c.From != "" {
				visit(f.StageByName(c.From), depth+1)
			}
			if m, ok := ins.Flag("mount"); ok {
				for _, part := range strings.Split(m.Value, ",") {
					if k, v, _ := strings.Cut(part, "="); k == "from" {
						visit(f.StageByName(v), depth+1)
					}
				}
			}
		}
	}
	visit(f.FinalStage(), 0)
	return out
}

// literalSource returns the context-relative slash path of a source written
// without variables, wildcards or escapes, and false for anything else.
func literalSource(raw string) (string, bool) {
	if raw == "" || strings.ContainsAny(raw, "$*?[\\") || strings.Contains(raw, "://") || strings.HasPrefix(raw, "git@") {
		return "", false
	}
	rel := strings.TrimPrefix(path.Clean("/"+raw), "/")
	if rel == "" || rel == "." {
		return "", false
	}
	return rel, true
}

// inSomeContext reports whether one of the candidate contexts holds rel
// (a link counts: BuildKit copies or follows it; nothing is read).
func inSomeContext(dirs []string, rel string) bool {
	for _, d := range dirs {
		if _, err := os.Lstat(filepath.Join(d, filepath.FromSlash(rel))); err == nil {
			return true
		}
	}
	return false
}

// gitIgnored reports whether a .gitignore between the repository root and
// the source, in any candidate context, or the repository's
// .git/info/exclude covers it. It errs towards yes: negations are not
// applied and a pattern without a slash matches any part of the path, so a
// build output is never taken for a missing file.
func gitIgnored(p *rules.Pass, repo string, dirs []string, rel string) bool {
	if ignoresPath(p, filepath.Join(repo, ".git", "info", "exclude"), repo, filepath.Join(dirs[0], filepath.FromSlash(rel))) {
		return true
	}
	for _, c := range dirs {
		abs := filepath.Join(c, filepath.FromSlash(rel))
		for d := filepath.Dir(abs); strings.HasPrefix(d, repo); d = filepath.Dir(d) {
			if ignoresPath(p, filepath.Join(d, ".gitignore"), d, abs) {
				return true
			}
			if d == repo || filepath.Dir(d) == d {
				break
			}
		}
	}
	return false
}

// ignoresPath reports whether the ignore file, whose patterns are relative
// to dir, covers abs.
func ignoresPath(p *rules.Pass, file, dir, abs string) bool {
	data, err := p.Files.Read(file)
	if err != nil {
		return false
	}
	r, err := filepath.Rel(dir, abs)
	if err != nil {
		return true
	}
	rel := filepath.ToSlash(r)
	parts := strings.Split(rel, "/")
	for _, line := range bytes.Split(data, []byte("\n")) {
		pat := strings.TrimSpace(string(line))
		if pat == "" || strings.HasPrefix(pat, "#") || strings.HasPrefix(pat, "!") {
			continue
		}
		pat = strings.TrimSuffix(pat, "/")
		if !strings.Contains(pat, "/") {
			for _, part := range parts {
				if ok, err := path.Match(pat, part); ok || err != nil {
					return true
				}
			}
			continue
		}
		pm, err := patternmatcher.New([]string{strings.TrimPrefix(pat, "/")})
		if err != nil {
			return true
		}
		if ok, err := pm.MatchesOrParentMatches(rel); ok || err != nil {
			return true
		}
	}
	return false
}

// lookedIn says where the source was looked for, for a message.
func lookedIn(p *rules.Pass, dirs []string) string {
	if b := p.Dockerfile.Build; b != nil && b.Context != "" {
		return fmt.Sprintf("the folder %s/, which %s builds it in, does not hold it", filepath.Base(dirs[0]), b.By)
	}
	if len(dirs) == 1 {
		return "the repository root, the Dockerfile's folder, does not hold it"
	}
	return fmt.Sprintf("neither %s/ nor a folder above it up to the repository root holds it", filepath.Base(dirs[0]))
}

// contextSources are the sources a COPY or ADD takes from the build
// context, as BuildKit parsed them, and "Copy" or "Add" for messages; ok is
// false for other instructions and for COPY --from.
func contextSources(ins *df.Instruction) (srcs []string, cmd string, ok bool) {
	switch c := ins.Command.(type) {
	case *instructions.CopyCommand:
		return c.SourcePaths, "Copy", c.From == ""
	case *instructions.AddCommand:
		return c.SourcePaths, "Add", true
	}
	return nil, "", false
}

// sourceSpan is the span of source raw among the instruction's arguments,
// else of all its arguments.
func sourceSpan(ins *df.Instruction, raw string) source.Span {
	for _, a := range ins.Args {
		if a.Value == raw || a.Raw == raw {
			return a.Span
		}
	}
	return ins.ArgsSpan()
}
