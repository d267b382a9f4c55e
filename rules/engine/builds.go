package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// A Compose service that builds a local Dockerfile is one way that file is
// built: Run lints the Dockerfile as the service builds it (its build.args
// as ARG values, its build.target as the final stage, its user:), once per
// distinct way, and reports each finding once, whether a folder walk also
// reached the file or several services build it.

// builtRef is a Dockerfile a linted Compose file builds, and how.
type builtRef struct {
	path  string // as the Compose file names it, joined to its folder
	root  string // the Compose target's tree: nothing outside it is read
	build *dockerfile.Build
}

// composeBuilds lists the local Dockerfiles proj's services build, in
// service order. dockerfile_inline builds are linted by the Compose rules
// that read them, not here: their text has no file of its own.
func composeBuilds(proj *compose.Project, shown, root string) []builtRef {
	var out []builtRef
	for _, s := range proj.Services() {
		b, ok := s.Build()
		if !ok || b.Path == "" {
			continue
		}
		out = append(out, builtRef{path: b.Path, root: root, build: &dockerfile.Build{
			Args: b.Args, Target: b.Target, User: b.User, Context: b.Context,
			By: fmt.Sprintf("service %q of %s", s.Name, shown),
		}})
	}
	return out
}

// MaxBuilds bounds the distinct builds one Dockerfile is linted as: each is
// a lint of the whole file, so a Compose file of many services building it
// with different arguments must not multiply its cost past this.
const MaxBuilds = 16

// dockerfileJob is one Dockerfile to lint and the builds to lint it as.
type dockerfileJob struct {
	t      Target
	builds []*dockerfile.Build
}

// dockerfileJobs merges the Dockerfile targets with the Dockerfiles the
// Compose targets build: one job per file (by absolute path), its builds
// deduplicated by Build.Key in the order the Compose files name them. A
// file only a build reaches is linted when it exists, is in the tree and
// SkipBuilt does not exclude it; else it is not a target and is skipped
// without a word (a context may be generated or not checked out).
func (l *Linter) dockerfileJobs(targets []Target, refs []builtRef) []dockerfileJob {
	var jobs []dockerfileJob
	index := map[string]int{}
	keys := map[string]map[string]bool{}
	for _, t := range targets {
		if t.Kind == rules.Compose {
			continue
		}
		if !t.Stdin {
			index[absKey(t.Path)] = len(jobs)
		}
		jobs = append(jobs, dockerfileJob{t: t})
	}
	for _, r := range refs {
		k := absKey(r.path)
		i, ok := index[k]
		if !ok {
			if l.SkipBuilt != nil && l.SkipBuilt(r.path) {
				continue
			}
			i = len(jobs)
			index[k] = i
			jobs = append(jobs, dockerfileJob{t: Target{Path: r.path, Kind: rules.Dockerfile, Root: r.root, built: true}})
		}
		if keys[k] == nil {
			keys[k] = map[string]bool{}
		}
		if bk := r.build.Key(); !keys[k][bk] {
			keys[k][bk] = true
			if len(jobs[i].builds) == MaxBuilds {
				jobs[i].t.droppedBuilds++
				continue
			}
			jobs[i].builds = append(jobs[i].builds, r.build)
		}
	}
	return jobs
}

func absKey(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// quietBuilt reports the read errors that skip a file only a build
// reaches: it does not exist, it is not a regular file, or it resolves
// outside the tree.
func quietBuilt(err error) bool {
	var nr *source.NotRegularError
	return errors.Is(err, fs.ErrNotExist) || source.IsOutside(err) || errors.As(err, &nr)
}

// findingKey identifies a finding across the builds of one file.
type findingKey struct {
	rule       string
	file       string
	start, end int
	msg        string
}

func keyOf(f *rules.Finding) findingKey {
	return findingKey{f.Rule.ID, f.File, f.Span.Start, f.Span.End, f.Message}
}

// mergeBuilds joins the findings of one file linted as several builds:
// each finding once, in the order found; a suppression is reported unused
// (SW0002) only when no build used it.
func mergeBuilds(per [][]rules.Finding) []rules.Finding {
	if len(per) == 1 {
		return per[0]
	}
	var out []rules.Finding
	seen := map[findingKey]bool{}
	stale := map[findingKey]int{}
	for _, fs := range per {
		for i := range fs {
			k := keyOf(&fs[i])
			if fs[i].Rule == rules.UnusedSuppression {
				stale[k]++
				if stale[k] < len(per) {
					continue
				}
			} else if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, fs[i])
		}
	}
	return out
}
