package engine

import (
	"context"
	"path/filepath"
	"sort"

	composecli "github.com/compose-spec/compose-go/v2/cli"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// What editors need beyond a run over paths: the language server lints one
// open document at a time, in its own goroutine, so that it can recover and
// time out a lint without losing the server.

// Lint lints one target in the calling goroutine, stopping at the next rule
// once ctx is done; findings are sorted by rules.Less as Run sorts them.
// The caller bounds its time (FileTimeout is Run's).
func (l *Linter) Lint(ctx context.Context, t Target) Result {
	res := l.lintTarget(withTree(ctx, rules.NewTree()), t, nil)
	sort.SliceStable(res.Findings, func(i, j int) bool { return rules.Less(&res.Findings[i], &res.Findings[j]) })
	return res
}

// ComposeProject is the Compose project `docker compose` loads in folder
// dir: the first of compose-go's default file names that exists there
// (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml) and
// the first of its override names (compose.override.yml,
// compose.override.yaml, docker-compose.override.yml,
// docker-compose.override.yaml), whichever family each is of, as
// compose-go's cli.WithDefaultConfigPath picks them. Names match exactly.
// main is "" when the folder has none; override is "" then too.
func ComposeProject(dir string, exists func(path string) bool) (main, override string) {
	first := func(names []string) string {
		for _, n := range names {
			if p := filepath.Join(dir, n); exists(p) {
				return p
			}
		}
		return ""
	}
	main = first(composecli.DefaultFileNames)
	if main == "" {
		return "", ""
	}
	return main, first(composecli.DefaultOverrideFileNames)
}
