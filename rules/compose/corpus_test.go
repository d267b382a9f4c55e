package compose_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	. "github.com/seaworthy-dev/seaworthy/rules/compose"
)

// TestCorpus runs every rule over the shared corpus: no panic, and every
// finding lies inside the file it names.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "compose", "*"))
	if len(paths) == 0 {
		t.Skip("corpus not available")
	}
	counts := map[string]int{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		src := source.New(path, data)
		p, _, err := compose.Load([]*source.File{src}, compose.Options{})
		if err != nil {
			continue
		}
		for _, r := range All {
			pass := rules.NewPass(r, src, nil, func(f rules.Finding) {
				counts[r.ID]++
				if os.Getenv("SW_SHOW") == r.ID {
					t.Logf("%s:%d %s | %s", filepath.Base(path), f.Start.Line, f.Source.Line(f.Start.Line), f.Message)
				}
				if f.Span.End > len(f.Source.Data) || f.Span.Start >= f.Span.End || f.Start.Line < 1 {
					t.Errorf("%s: %s: bad span %v", filepath.Base(path), r.ID, f.Span)
				}
			})
			pass.Compose = p
			r.Run(pass)
		}
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t.Logf("%s %d", id, counts[id])
	}
}
