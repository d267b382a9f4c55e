package rules

import (
	"sync"
	"sync/atomic"
	"testing"
)

type testTreeKey struct{ dir string }

// A tree analysis is computed once per run however many files, on however
// many workers, ask for it; without a Tree each asks anew.
func TestTreeMemoOncePerRun(t *testing.T) {
	tree := NewTree()
	var computed atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &Pass{Tree: tree}
			for _, dir := range []string{"a", "b", "a"} {
				got := TreeMemo(p, testTreeKey{dir}, func() string { computed.Add(1); return "names in " + dir })
				if got != "names in "+dir {
					t.Errorf("TreeMemo(%s) = %q", dir, got)
				}
			}
		}()
	}
	wg.Wait()
	if n := computed.Load(); n != 2 {
		t.Errorf("computed %d times for two keys", n)
	}
	p := &Pass{}
	TreeMemo(p, testTreeKey{"a"}, func() int { computed.Add(1); return 0 })
	TreeMemo(p, testTreeKey{"a"}, func() int { computed.Add(1); return 0 })
	if n := computed.Load(); n != 4 {
		t.Errorf("without a Tree: computed %d times in all, want 4", n)
	}
}
