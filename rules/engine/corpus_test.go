package engine_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// corpusDir is ../shared/corpus beside the repository, as CI lays it out.
func corpusDir(t testing.TB) string {
	root, err := ruletest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("corpus not found at %s", dir)
		}
		t.Skipf("corpus not found at %s", dir)
	}
	return dir
}

// manifest maps corpus_file to ref_check.
func manifest(t testing.TB, dir string) map[string]string {
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 8 && cols[0] != "kind" {
			m[cols[1]] = cols[7]
		}
	}
	return m
}

// corpusTargets lists every corpus file, each linted alone (the corpus
// flattens folders, so override files are not merged here).
func corpusTargets(dir string) []engine.Target {
	var targets []engine.Target
	for _, kind := range []rules.Kind{rules.Dockerfile, rules.Compose} {
		sub := "dockerfiles"
		if kind == rules.Compose {
			sub = "compose"
		}
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			targets = append(targets, engine.Target{Path: filepath.Join(dir, sub, e.Name()), Kind: kind})
		}
	}
	return targets
}

// TestCorpus lints every file of ../shared/corpus with every rule: no
// panic, no internal error, and no parse error on a file that docker build
// or compose-go accepts (manifest ref_check "ok").
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	refcheck := manifest(t, dir)
	targets := corpusTargets(dir)
	if len(targets) < 4000 {
		t.Fatalf("only %d corpus files", len(targets))
	}
	l := &engine.Linter{Rules: catalog.All(), LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	res := l.Run(targets)
	for _, e := range res.Errors {
		t.Errorf("%s: %s", e.File, e.Message)
	}
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		rel = filepath.ToSlash(rel)
		if strings.Contains(f.Message, "internal error") {
			t.Errorf("%s: %s", rel, f.Message)
			continue
		}
		if f.Rule == rules.ParseError && refcheck[rel] == "ok" {
			t.Errorf("%s:%d: parse error on a file the reference tools accept: %s", rel, f.Start.Line, f.Message)
		}
		if f.Start.Line < 1 || f.Start.Column < 1 || f.End.Line < f.Start.Line || (f.End.Line == f.Start.Line && f.End.Column < f.Start.Column) {
			t.Errorf("%s: %s finding with a bad range %v-%v", rel, f.Rule.ID, f.Start, f.End)
		}
	}
	t.Logf("%d files, %d findings", len(targets), len(res.Findings))
}
