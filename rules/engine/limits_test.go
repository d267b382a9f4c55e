package engine_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// doubling is n lines that double a value each: 2^n times its length.
func doubling(format string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, format, 0, "aaaaaaaaaaaaaaaa")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, format, i, fmt.Sprintf("${V%d}${V%d}", i-1, i-1))
	}
	return b.String()
}

// TestExpansionBombs: 831 bytes of doubling ENV lines ran BuildKit's
// lexer out of memory; the same in .env, in an include's env_file and in
// Compose interpolation. Each is refused before anything is built, with a
// finding at the line (Incomplete: exit 3), and the file is still linted.
func TestExpansionBombs(t *testing.T) {
	o := lintFolder(t, map[string][]byte{
		"df/Dockerfile":                []byte("FROM alpine:3.19\n" + doubling("ENV V%d=%s\n", 40) + "RUN echo $V39\nUSER app\n"),
		"arg/Dockerfile":               []byte(doubling("ARG V%d=%s\n", 40) + "FROM alpine:$V39\n"),
		"env/compose.yaml":             []byte("services:\n  app:\n    image: nginx:${V39}\n"),
		"env/.env":                     []byte(doubling("V%d=%s\n", 40)),
		"inc/compose.yaml":             []byte("include:\n  - path: sub.yaml\n    env_file: bomb.env\nservices:\n  app:\n    image: nginx:1.30\n"),
		"inc/sub.yaml":                 []byte("services:\n  sub:\n    image: nginx:1.30\n"),
		"inc/bomb.env":                 []byte(doubling("V%d=%s\n", 40)),
		"interp/compose.yaml":          []byte("services:\n  app:\n    image: nginx:1.30\n    command: [\"" + strings.Repeat("${BIG}", 3) + "\"]\n"),
		"interp/.env":                  []byte("BIG=" + strings.Repeat("x", 30<<10) + "\n"),
		"interp-ok/compose.yaml":       []byte("services:\n  app:\n    image: nginx:1.30\n    command: [\"${BIG}\"]\n"),
		"interp-ok/.env":               []byte("BIG=" + strings.Repeat("x", 30<<10) + "\n"),
		"fine/Dockerfile":              []byte("FROM alpine:3.19\nENV A=x B=${A}${A} C=${B}${B}\nUSER app\n"),
		"shellwords/compose.yaml":      []byte("services:\n  app:\n    image: nginx:1.30\n    command: \"" + strings.Repeat("a", 17<<10) + "\"\n"),
		"shellwords-list/compose.yaml": []byte("services:\n  app:\n    image: nginx:1.30\n    command: [\"" + strings.Repeat("a", 17<<10) + "\"]\n"),
	}, nil)
	check := func(file string, line, col int, msg string) {
		t.Helper()
		f := parseErrorOf(t, o, file)
		checkParseError(t, f, line, col, msg)
		if !f.Incomplete {
			t.Errorf("%s: a limit hit must be Incomplete (exit 3)", file)
		}
	}
	check("df/Dockerfile", 14, 1, "ENV V12 would expand to more than 64 KiB")
	check("arg/Dockerfile", 13, 1, "ARG V12 would expand to more than 64 KiB")
	check("env/.env", 13, 1, "V12 would expand to more than 64 KiB; seaworthy does not expand values that long")
	check("inc/compose.yaml", 3, 15, "bomb.env: V12 (line 13) would expand to more than 64 KiB")
	check("interp/compose.yaml", 4, 15, "interpolating this value could add more than 64 KiB")
	check("shellwords/compose.yaml", 4, 14, "command is a string of 17 KiB; seaworthy checks command strings of at most 16 KiB")
	for _, f := range o.findings {
		switch {
		case strings.HasPrefix(f.File, "fine/") || strings.HasPrefix(f.File, "interp-ok/") || strings.HasPrefix(f.File, "shellwords-list/"):
			if f.Rule == rules.ParseError {
				t.Errorf("%s: %s", f.File, f.Message)
			}
		case f.File == "env/.env" && !f.Sensitive:
			t.Errorf(".env lines may hold secrets: the finding must not quote its line")
		}
	}
	// The rest of a file past a limit is linted: df/Dockerfile still gets rules.
	n := 0
	for _, f := range o.findings {
		if f.File == "df/Dockerfile" && f.Rule != rules.ParseError {
			n++
		}
	}
	if n == 0 {
		t.Error("df/Dockerfile: no other rule ran after the expansion limit")
	}
}

// blockingRule never returns until released: the file it lints must time
// out without stopping the run.
func blockingRule(release chan struct{}) *rules.Rule {
	return &rules.Rule{ID: "SW1999", Name: "blocks", Kind: rules.Dockerfile, Severity: rules.Info,
		Run: func(p *rules.Pass) {
			if strings.Contains(p.Source.String(), "# block") {
				<-release
			}
		}}
}

// TestFileTimeout: one file that never finishes costs its own findings,
// never the run: it gets an Incomplete "lint timed out" SW0001 at 1:1 and
// the other file is linted.
func TestFileTimeout(t *testing.T) {
	dir := t.TempDir()
	slow, fast := filepath.Join(dir, "slow.Dockerfile"), filepath.Join(dir, "Dockerfile")
	must(t, os.WriteFile(slow, []byte("# block\nFROM alpine:3.19\n"), 0o644))
	must(t, os.WriteFile(fast, []byte("FROM alpine:3.19\n"), 0o644))
	release := make(chan struct{})
	defer close(release)
	l := &engine.Linter{Rules: append(catalog.All(), blockingRule(release)), FileTimeout: 200 * time.Millisecond}
	res := l.Run([]engine.Target{{Path: slow, Kind: rules.Dockerfile}, {Path: fast, Kind: rules.Dockerfile}})
	var slowOnes, fastOnes []rules.Finding
	for _, f := range res.Findings {
		if f.File == slow {
			slowOnes = append(slowOnes, f)
		} else {
			fastOnes = append(fastOnes, f)
		}
	}
	if len(slowOnes) != 1 || slowOnes[0].Rule != rules.ParseError || !slowOnes[0].Incomplete ||
		slowOnes[0].Start != (source.Position{Line: 1, Column: 1}) ||
		slowOnes[0].Message != "lint timed out after 200ms; the file's findings are not reported (--file-timeout sets the limit)" {
		t.Errorf("slow file: %+v", slowOnes)
	}
	if len(fastOnes) == 0 {
		t.Error("the other file was not linted")
	}
}
