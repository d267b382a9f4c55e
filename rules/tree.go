package rules

import "sync"

// Tree holds analyses of the linted tree that several files share, such
// as the names in a build context that many Dockerfiles copy: computed
// once per run instead of once per file, so a folder of N Dockerfiles
// costs N, not N squared. The engine makes one per run (and one per
// language-server lint, so nothing outlives a change on disk).
type Tree struct {
	mu sync.Mutex
	m  map[any]*treeEntry
}

type treeEntry struct {
	once sync.Once
	v    any
}

// NewTree returns an empty cache.
func NewTree() *Tree { return &Tree{m: map[any]*treeEntry{}} }

// TreeMemo returns compute's result for key, computing it at most once per
// run whichever file asks first (each file's pass shares the run's Tree);
// without a Tree it computes every time. key is a comparable value of an
// unexported type, as for Memo.
func TreeMemo[T any](p *Pass, key any, compute func() T) T {
	t := p.Tree
	if t == nil {
		return compute()
	}
	t.mu.Lock()
	e := t.m[key]
	if e == nil {
		e = &treeEntry{}
		t.m[key] = e
	}
	t.mu.Unlock()
	e.once.Do(func() { e.v = compute() })
	return e.v.(T)
}
