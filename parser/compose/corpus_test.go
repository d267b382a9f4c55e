package compose

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// corpusDir holds real-world Compose files (shared/corpus, dev split).
const corpusDir = "../../../shared/corpus"

// TestCorpus loads every Compose file of the corpus: no panic, and no
// problem for the files compose-go loads on their own (ref_check "ok").
func TestCorpus(t *testing.T) {
	entries, err := corpusCompose()
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	start := time.Now()
	var files, okFiles, withProblems int
	for _, c := range entries {
		path := c.path
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		files++
		p, problems, err := Load([]*source.File{source.New(path, data)}, Options{})
		if err == nil && p == nil {
			t.Errorf("%s: no project and no error", path)
		}
		for _, s := range servicesOf(p) { // every accessor must be safe on real files
			s.Volumes()
			s.Ports()
			s.Devices()
			s.SecurityOpts()
			s.Entries("environment")
		}
		if len(problems) > 0 || err != nil {
			if testing.Verbose() {
				t.Logf("%s %s: %v %v", c.refCheck, c.name, err, problems)
			}
			withProblems++
		}
		if c.refCheck != "ok" {
			continue
		}
		okFiles++
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		for _, pr := range problems {
			t.Errorf("%s: problem %v", c.name, pr)
		}
	}
	t.Logf("%d files (%d ok), %d with problems, in %v", files, okFiles, withProblems, time.Since(start))
	if files == 0 {
		t.Skip("no Compose file in the corpus")
	}
}

// corpusEntry is one Compose row of the corpus's MANIFEST.tsv.
type corpusEntry struct {
	name     string // the file under the corpus folder (compose/...)
	path     string // the file to read
	refCheck string // "ok" when compose-go loads it alone
}

// corpusCompose lists the corpus's Compose files, in MANIFEST.tsv order.
func corpusCompose() ([]corpusEntry, error) {
	manifest, err := os.Open(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		return nil, err
	}
	defer manifest.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(manifest)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 8 && cols[0] == "compose" {
			out = append(out, corpusEntry{cols[1], filepath.Join(corpusDir, cols[1]), cols[7]})
		}
	}
	return out, sc.Err()
}

func servicesOf(p *Project) []*Service {
	if p == nil {
		return nil
	}
	return p.Services()
}

// inParallel calls f(0) to f(n-1) on one goroutine per CPU: the corpus
// tests that load every file many times take half the time on two.
func inParallel(n int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}
