package engine

import (
	"context"
	"sort"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// What editors need beyond a run over paths: the language server lints one
// open document at a time, in its own goroutine, so that it can recover and
// time out a lint without losing the server.

// Lint lints one target in the calling goroutine, stopping at the next rule
// once ctx is done; findings are sorted by rules.Less as Run sorts them.
// The caller bounds its time (FileTimeout is Run's).
func (l *Linter) Lint(ctx context.Context, t Target) Result {
	res := l.lintTarget(ctx, t)
	sort.SliceStable(res.Findings, func(i, j int) bool { return rules.Less(&res.Findings[i], &res.Findings[j]) })
	return res
}

// IsMainCompose reports whether name is one of the files `docker compose`
// loads by default (compose.yaml, docker-compose.yml, ...), into which the
// folder walk merges the override files beside it.
func IsMainCompose(name string) bool { return isMainCompose(name) }

// IsComposeOverride reports whether name is an override file that `docker
// compose` merges into the main file of its folder.
func IsComposeOverride(name string) bool { return isOverride(name) }

// SameComposeFamily reports whether override belongs to main:
// compose.override.yaml to compose.yaml, docker-compose.override.yml to
// docker-compose.yml.
func SameComposeFamily(main, override string) bool { return sameFamily(main, override) }
