package engine_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// corpusFile is one MANIFEST.tsv row: where the file came from.
type corpusFile struct {
	kind, file, repo, path string
}

func corpusFiles(t *testing.T, dir string) []corpusFile {
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	must(t, err)
	defer f.Close()
	var out []corpusFile
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) >= 4 && c[0] != "kind" {
			out = append(out, corpusFile{c[0], c[1], c[2], c[3]})
		}
	}
	return out
}

// crossFile are the Compose rules that read the Dockerfile a service
// builds: their findings in the Compose files are listed for the review.
var crossFile = map[string]bool{"SW2307": true, "SW2308": true, "SW2407": true, "SW2504": true}

// TestCorpusComposeBuilds puts the corpus files of each repository back
// at their paths and lints every Compose file of it, which lints the
// Dockerfiles its services build: no error, no internal error, no parse
// error, and each Dockerfile's findings compared with its lint alone
// (go test -v lists the differences, the review in docs/review/compose-builds.md).
func TestCorpusComposeBuilds(t *testing.T) {
	dir := corpusDir(t)
	byRepo := map[string][]corpusFile{}
	for _, f := range corpusFiles(t, dir) {
		byRepo[f.repo] = append(byRepo[f.repo], f)
	}
	tmp := t.TempDir()
	l := &engine.Linter{Rules: catalog.All(), Settings: &rules.Settings{}, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	// A finding is compared by rule and place: a build's message may
	// name the service.
	line := func(f *rules.Finding, root string) string {
		rel, _ := filepath.Rel(root, f.File)
		return fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), f.Start.Line, f.Start.Column, f.Rule.ID)
	}
	var repos []string
	for r := range byRepo {
		repos = append(repos, r)
	}
	sort.Strings(repos)
	projects, built := 0, 0
	var diffs, cross []string
	for _, repo := range repos {
		files := byRepo[repo]
		var composes []string
		root := filepath.Join(tmp, strings.ReplaceAll(repo, "/", "__"))
		for _, f := range files {
			p := filepath.Join(root, filepath.FromSlash(f.path))
			data, err := os.ReadFile(filepath.Join(dir, f.file))
			must(t, err)
			must(t, os.MkdirAll(filepath.Dir(p), 0o755))
			must(t, os.WriteFile(p, data, 0o644))
			if f.kind == "compose" {
				composes = append(composes, p)
			}
		}
		must(t, os.MkdirAll(filepath.Join(root, ".git"), 0o755))
		for _, c := range composes {
			res := l.Run([]engine.Target{{Path: c, Kind: rules.Compose}})
			for _, e := range res.Errors {
				t.Errorf("%s: %s", e.File, e.Message)
			}
			got := map[string][]string{}
			msgs := map[string]string{}
			for i := range res.Findings {
				f := &res.Findings[i]
				if strings.Contains(f.Message, "internal error") {
					t.Errorf("%s: %s", line(f, root), f.Message)
				}
				if f.File == c {
					if crossFile[f.Rule.ID] {
						rc, _ := filepath.Rel(root, c)
						cross = append(cross, fmt.Sprintf("%s %s:%d:%d %s %s", repo, filepath.ToSlash(rc), f.Start.Line, f.Start.Column, f.Rule.ID, f.Message))
					}
					continue
				}
				if f.Rule == rules.ParseError {
					t.Errorf("%s: parse error in a Dockerfile a service builds: %s", repo, line(f, root))
				}
				got[f.File] = append(got[f.File], line(f, root))
				msgs[line(f, root)] = f.Message
			}
			if len(got) == 0 {
				continue
			}
			projects++
			rc, _ := filepath.Rel(root, c)
			for file, lines := range got {
				built++
				alone := map[string]bool{}
				plain := l.Run([]engine.Target{{Path: file, Kind: rules.Dockerfile}})
				for i := range plain.Findings {
					alone[line(&plain.Findings[i], root)] = true
					msgs["-"+line(&plain.Findings[i], root)] = plain.Findings[i].Message
				}
				in := map[string]bool{}
				for _, s := range lines {
					in[s] = true
					if !alone[s] {
						diffs = append(diffs, fmt.Sprintf("%s %s: + %s %s", repo, filepath.ToSlash(rc), s, msgs[s]))
					}
				}
				for s := range alone {
					if !in[s] {
						diffs = append(diffs, fmt.Sprintf("%s %s: - %s %s", repo, filepath.ToSlash(rc), s, msgs["-"+s]))
					}
				}
			}
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Log(d)
	}
	sort.Strings(cross)
	for _, c := range cross {
		t.Log("compose:", c)
	}
	t.Logf("%d Compose files build %d Dockerfiles of the corpus; %d findings differ from the Dockerfiles' lint alone; %d findings of the rules that read the built Dockerfile", projects, built, len(diffs), len(cross))
	if projects < 40 {
		t.Errorf("only %d Compose files build a Dockerfile of the corpus", projects)
	}
}
