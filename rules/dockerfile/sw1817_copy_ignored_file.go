package dockerfile

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1817 is BuildKit's CopyIgnoredFile: a COPY or ADD of a path that
// .dockerignore keeps out of the build context fails or copies nothing.
var SW1817 = &rules.Rule{
	ID:       "SW1817",
	Name:     "copy-ignored-file",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleCopyIgnoredFile.Description,
	Doc: md(`´.dockerignore´ removes paths from the build context before the build starts, so
´COPY´ and ´ADD´ cannot see them: copying an ignored file fails with "not found", and copying
an ignored folder's contents through a wildcard silently copies nothing. Either stop ignoring
the path or stop copying it.

The rule reads the ignore file the way ´docker build´ does when the build context is the
Dockerfile's folder: ´<Dockerfile name>.dockerignore´ beside the Dockerfile if there is one,
otherwise ´.dockerignore´ there. Nothing is reported when there is no ignore file, or when it
has ´!´ exceptions (a re-included file inside an ignored folder cannot be judged statically, as
BuildKit also decides), for ´COPY --from´, for URLs and Git sources, and for sources built from
variables the linter cannot expand. This is BuildKit's own check (´docker build --check´), with
the same message.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleCopyIgnoredFile.Name}},
	Run:         runCopyIgnoredFile,
}

func runCopyIgnoredFile(p *rules.Pass) {
	pm := dockerignoreMatcher(p.Files, p.Source.Path)
	if pm == nil || pm.Exclusions() {
		return
	}
	w := newBKWalker(p)
	for _, s := range p.Dockerfile.Stages {
		w.walk(s, func(ins *df.Instruction, st *bkState) {
			if bkSkipped(p, ins, linter.RuleCopyIgnoredFile.Name) {
				return
			}
			srcs, cmd, ok := contextSources(ins)
			if !ok {
				return
			}
			for _, raw := range srcs {
				if strings.Contains(raw, "://") || strings.HasPrefix(raw, "git@") {
					continue
				}
				res, err := bkExpand(p.Dockerfile, raw, st.env)
				if err != nil || len(res.Unmatched) > 0 && !st.complete {
					continue
				}
				src := filepath.ToSlash(filepath.Clean(res.Result))
				if (src == "." || src == "/") && !rootIgnored(pm) {
					continue
				}
				if ok, err := pm.MatchesOrParentMatches(src); err != nil || !ok {
					continue
				}
				p.Reportf(sourceSpan(ins, raw), "%s", linter.RuleCopyIgnoredFile.Format(cmd, src))
			}
		})
	}
}

// dockerignoreMatcher reads the ignore file that applies to the Dockerfile
// at path when the build context is its folder; nil when there is none.
func dockerignoreMatcher(files *source.Reader, path string) *patternmatcher.PatternMatcher {
	if path == "" || path == "-" {
		return nil
	}
	dir := filepath.Dir(path)
	for _, name := range []string{filepath.Base(path) + ".dockerignore", ".dockerignore"} {
		data, err := files.Read(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
		if err != nil || len(patterns) == 0 {
			return nil
		}
		pm, err := patternmatcher.New(patterns)
		if err != nil {
			return nil
		}
		return pm
	}
	return nil
}

// rootIgnored reports whether the patterns exclude every entry of the
// context root, the only case where copying "." is reported.
func rootIgnored(pm *patternmatcher.PatternMatcher) bool {
	for _, pattern := range pm.Patterns() {
		if pattern.Exclusion() {
			continue
		}
		switch pattern.String() {
		case "*", "**", "**/*":
			return true
		}
	}
	return false
}
