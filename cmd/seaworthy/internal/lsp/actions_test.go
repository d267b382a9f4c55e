package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// lintText lints text as the document at dir/name and returns the server,
// its snapshot and the result.
func lintText(t *testing.T, name, text string) (*Server, snapshot, *result) {
	t.Helper()
	dir := project(t)
	s := newServer(testOptions())
	s.loadConfigs()
	path := filepath.Join(dir, name)
	snap := snapshot{uri: fileURI(path), path: path, kind: kindOf(path, ""), version: 1, text: text,
		overlay: map[string][]byte{path: []byte(text)}, configs: s.configs}
	return s, snap, s.lintNow(context.Background(), snap)
}

func findingOf(t *testing.T, res *result, id string) *rules.Finding {
	t.Helper()
	for i := range res.findings {
		if res.findings[i].Rule.ID == id {
			return &res.findings[i]
		}
	}
	t.Fatalf("no %s finding in %+v", id, res.diags)
	return nil
}

// Each suppression edit, applied, gives the expected text and silences the
// finding (checked as the server checks it before offering it).
func TestSuppressionEdits(t *testing.T) {
	cases := []struct {
		name, file, text, rule string
		line                   bool // on this line; else in this file
		want                   string
	}{
		{
			name: "after the parser directives", file: "Dockerfile", rule: "SW1512",
			text: "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.22\nRUN apt install -y\n",
			want: "# syntax=docker/dockerfile:1\n# escape=\\\n# seaworthy global ignore=SW1512\nFROM alpine:3.22\nRUN apt install -y\n",
		},
		{
			name: "added to the pragma above", file: "Dockerfile", rule: "SW1512", line: true,
			text: "FROM alpine:3.22\n# build tools\n# seaworthy ignore=SW1506\nRUN apt install -y \\\n    curl\n",
			want: "FROM alpine:3.22\n# build tools\n# seaworthy ignore=SW1506,SW1512\nRUN apt install -y \\\n    curl\n",
		},
		{
			name: "above a continued instruction", file: "Dockerfile", rule: "SW1512", line: true,
			text: "FROM alpine:3.22\n  RUN echo hi && \\\n    apt install -y curl=1\n",
			want: "FROM alpine:3.22\n  # seaworthy ignore=SW1512\n  RUN echo hi && \\\n    apt install -y curl=1\n",
		},
		{
			name: "added to the global pragma", file: "Dockerfile", rule: "SW1512",
			text: "# seaworthy global ignore=SW1506\r\nFROM alpine:3.22\r\nRUN apt install -y\r\n",
			want: "# seaworthy global ignore=SW1506,SW1512\r\nFROM alpine:3.22\r\nRUN apt install -y\r\n",
		},
		{
			name: "end of a Compose line", file: "compose.yaml", rule: "SW2501", line: true,
			text: "services:\n  web:\n    image: nginx:latest\n",
			want: "services:\n  web:\n    image: nginx:latest # seaworthy ignore=SW2501\n",
		},
		{
			name: "Compose file", file: "docker-compose.yml", rule: "SW2501",
			text: "services:\n  web:\n    image: nginx:latest\n",
			want: "# seaworthy global ignore=SW2501\nservices:\n  web:\n    image: nginx:latest\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, snap, res := lintText(t, c.file, c.text)
			f := findingOf(t, res, c.rule)
			e := fileSuppression(snap, f)
			if c.line {
				e = lineSuppression(snap, f)
			}
			te, ok := s.checked(context.Background(), snap, res, f, e)
			if !ok {
				t.Fatalf("the edit %+v was not accepted", e)
			}
			if got := apply(t, c.text, []TextEdit{te}); got != c.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, c.want)
			}
		})
	}
}

// A suppression is offered only if the edited text has one finding of the
// rule less and no new parse error.
func TestSuppressionChecked(t *testing.T) {
	s, snap, res := lintText(t, "compose.yaml", "services:\n  web:\n    image: nginx:latest\n")
	f := findingOf(t, res, "SW2501")
	at := strings.Index(snap.text, "    image")
	for _, c := range []struct {
		text string
		ok   bool
	}{
		{"    # seaworthy ignore=SW2501\n", true},
		{"    # seaworthy ignore=SW2101\n", false}, // another rule
		{"\t# seaworthy ignore=SW2501\n", false},   // a tab: not YAML any more
	} {
		if _, ok := s.checked(context.Background(), snap, res, f, edit{ok: true, start: at, end: at, text: c.text}); ok != c.ok {
			t.Errorf("inserting %q: accepted %v, want %v", c.text, ok, c.ok)
		}
	}
}

// fixAll leaves out a fix that overlaps one already taken.
func TestFixAllOverlap(t *testing.T) {
	_, _, res := lintText(t, "Dockerfile", "from alpine:3.22 as Build\nRUN apt install -y\n")
	edits := fixAll(res)
	ls := res.lines
	last := -1
	for _, e := range edits {
		start := ls.offset(e.Range.Start)
		if start < last {
			t.Errorf("overlapping edits: %+v", edits)
		}
		last = ls.offset(e.Range.End)
	}
	if len(edits) == 0 {
		t.Error("no fixes")
	}
}
