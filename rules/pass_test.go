package rules_test

import (
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

type countKey struct{ node int }

func TestMemoOncePerFileAndKey(t *testing.T) {
	src := source.New("Dockerfile", []byte("FROM scratch\n"))
	calls := 0
	count := func() int { calls++; return calls }

	p := rules.NewPass(nil, src, nil, func(rules.Finding) {})
	for _, r := range []*rules.Rule{{ID: "SW1"}, {ID: "SW2"}} {
		p.Rule = r // the engine keeps one pass per file, changing the rule
		if got := rules.Memo(p, countKey{1}, count); got != 1 {
			t.Fatalf("rule %s: Memo = %d, want the first result, 1", r.ID, got)
		}
	}
	if got := rules.Memo(p, countKey{2}, count); got != 2 {
		t.Fatalf("another key: Memo = %d, want a new result, 2", got)
	}
	// A new file gets a new pass, and nothing of the last file's results.
	q := rules.NewPass(nil, src, nil, func(rules.Finding) {})
	if got := rules.Memo(q, countKey{1}, count); got != 3 {
		t.Fatalf("new pass: Memo = %d, want a new result, 3", got)
	}
	if calls != 3 {
		t.Fatalf("compute ran %d times, want 3", calls)
	}
}
