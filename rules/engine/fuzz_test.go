package engine_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// The fuzz targets lint one in-memory file with every rule, as `seaworthy -`
// does, and check the invariants every output format relies on. Run them
// with, for example:
//
//	go test ./rules/engine -run '^$' -fuzz FuzzDockerfile -fuzztime 3m
//
// Crashers are kept in testdata/fuzz/<Target> and replayed by `go test`.

// fuzzSeeds adds every step-th file of ../shared/corpus/<sub> as a seed.
// Without the corpus (outside CI's layout) only the built-in seeds are used.
func fuzzSeeds(f *testing.F, sub string, step int) {
	root, err := ruletest.RepoRoot()
	if err != nil {
		return
	}
	dir := filepath.Join(root, "..", "shared", "corpus", sub)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for i := 0; i < len(names); i += step {
		data, err := os.ReadFile(filepath.Join(dir, names[i]))
		if err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
}

// lintOne lints data as the standard-input file path with every rule.
func lintOne(path string, kind rules.Kind, data []byte) engine.Result {
	l := &engine.Linter{Rules: catalog.All(), Settings: &rules.Settings{}, LoadCompose: engine.LoadCompose, Env: map[string]string{}, Stdin: data}
	return l.Run([]engine.Target{{Path: path, Kind: kind, Stdin: true}})
}

// checkInvariants fails on a finding that no formatter can print correctly.
func checkInvariants(t *testing.T, path string, data []byte, res engine.Result) {
	t.Helper()
	lines := source.New(path, data).LineCount()
	for _, e := range res.Errors {
		t.Errorf("unexpected file error for in-memory input: %s: %s", e.File, e.Message)
	}
	for _, f := range res.Findings {
		where := f.Rule.ID + " " + f.Message
		switch {
		case f.File != path:
			t.Errorf("%s: finding in file %q, want %q", where, f.File, path)
		case strings.TrimSpace(f.Message) == "":
			t.Errorf("%s: empty message", f.Rule.ID)
		case strings.Contains(f.Message, "internal error"):
			t.Errorf("%s: %s", f.Rule.ID, f.Message)
		case f.Start.Line < 1 || f.Start.Column < 1:
			t.Errorf("%s: start %d:%d is not 1-based", where, f.Start.Line, f.Start.Column)
		case f.End.Line < f.Start.Line || f.End.Line == f.Start.Line && f.End.Column < f.Start.Column:
			t.Errorf("%s: end %d:%d before start %d:%d", where, f.End.Line, f.End.Column, f.Start.Line, f.Start.Column)
		case f.End.Line > lines+1:
			t.Errorf("%s: end line %d past the file's %d lines", where, f.End.Line, lines)
		case !f.Span.Valid() || f.Span.End > len(data):
			t.Errorf("%s: span %v outside the file's %d bytes", where, f.Span, len(data))
		}
		if f.Fix != nil {
			for _, e := range f.Fix.Edits {
				if !e.Span.Valid() || e.Span.End > len(data) {
					t.Errorf("%s: fix edit span %v outside the file's %d bytes", where, e.Span, len(data))
				}
			}
		}
	}
}

func FuzzDockerfile(f *testing.F) {
	for _, s := range []string{
		"",
		"FROM alpine\n",
		"\ufeffFROM alpine:3.19\r\nRUN apt-get update && apt-get install -y curl \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n",
		"# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n",
		"ARG BASE=ubuntu:22.04\nFROM ${BASE} AS build\nRUN <<EOF\nset -e\necho hi\nEOF\nFROM build\nRUN python3 <<-'PY' > /out\n\tprint(1)\n\tPY\n",
		"FROM scratch\nONBUILD RUN curl -fsSL https://x | sudo sh -c 'bash -s'\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD [\"a\\\"b\", \"c\"]\n",
		"FROM alpine\nRUN a \\\n\n# comment\n  b \\  \n  c\n",
	} {
		f.Add([]byte(s))
	}
	fuzzSeeds(f, "dockerfiles", 60)
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "Dockerfile"
		checkInvariants(t, path, data, lintOne(path, rules.Dockerfile, data))
	})
}

func FuzzCompose(f *testing.F) {
	for _, s := range []string{
		"",
		"services:\n  web:\n    image: nginx:1.25\n",
		"services:\n  web:\n    build: .\n    ports: [\"80:80\"]\n    environment:\n      - A=${A:-1}\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
		"x-a: &a {image: redis}\nservices:\n  db:\n    <<: *a\n    privileged: true\n",
		"\ufeffservices:\r\n  web:\r\n    image: \"nginx\"\r\n",
		"---\nservices: {}\n---\nservices: []\n",
		// found by FuzzCompose: a merge of the mapping that holds it sent
		// compose-go's loader into endless recursion (a fatal stack overflow)
		"a: &a\n    <<: *a\n    d: 1\n",
	} {
		f.Add([]byte(s))
	}
	fuzzSeeds(f, "compose", 40)
	// A folder of its own, so that no .env, extends or include target of
	// the working directory takes part.
	path := filepath.Join(f.TempDir(), "compose.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkInvariants(t, path, data, lintOne(path, rules.Compose, data))
	})
}
