package engine_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// The hostile-input tests lint a folder holding one bad file beside a
// good Dockerfile: the bad file must give one clear, one-line finding or
// error, and the good file must still be linted.

// goodDockerfile has exactly one finding with every rule on: no USER.
const goodDockerfile = "FROM alpine:3.19\nRUN echo hi\n"

type outcome struct {
	findings []rules.Finding // of the hostile file
	errors   []engine.FileError
	good     bool // the good Dockerfile was linted
}

// lintFolder writes files (path -> content) beside good/Dockerfile, walks
// the folder as the CLI does and lints it with every rule.
func lintFolder(t *testing.T, files map[string][]byte, setup func(dir string)) outcome {
	t.Helper()
	dir := t.TempDir()
	files["good/Dockerfile"] = []byte(goodDockerfile)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if setup != nil {
		setup(dir)
	}
	targets, errs := engine.Discover([]string{dir}, engine.Options{})
	l := &engine.Linter{Rules: catalog.All(), Settings: &rules.Settings{}, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	done := make(chan engine.Result, 1)
	go func() { done <- l.Run(targets) }()
	var res engine.Result
	select {
	case res = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("linting did not finish in 2 minutes")
	}
	var out outcome
	for _, e := range errs {
		out.errors = append(out.errors, engine.FileError{File: "discover", Message: e.Error()})
	}
	for _, e := range res.Errors {
		e.File = rel(dir, e.File)
		out.errors = append(out.errors, e)
	}
	for _, f := range res.Findings {
		f.File = rel(dir, f.File)
		if f.File == "good/Dockerfile" {
			out.good = out.good || f.Rule.ID == "SW1201"
			continue
		}
		if strings.Contains(f.Message, "internal error") {
			t.Errorf("%s: %s", f.File, f.Message)
		}
		out.findings = append(out.findings, f)
	}
	if !out.good {
		t.Error("the good Dockerfile beside the hostile file was not linted")
	}
	for _, e := range out.errors {
		if strings.Contains(e.Message, "\n") {
			t.Errorf("error is not one line: %q", e.Message)
		}
	}
	for _, f := range out.findings {
		if strings.Contains(f.Message, "\n") {
			t.Errorf("finding is not one line: %q", f.Message)
		}
	}
	return out
}

func rel(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// parseErrorOf is the only SW0001 finding of a file: "L:C-L:C message".
func parseErrorOf(t *testing.T, o outcome, file string) rules.Finding {
	t.Helper()
	var found []rules.Finding
	for _, f := range o.findings {
		if f.File == file && f.Rule == rules.ParseError {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d parse errors, want 1 (findings %v, errors %v)", file, len(found), o.findings, o.errors)
	}
	return found[0]
}

func checkParseError(t *testing.T, f rules.Finding, line, col int, msg string) {
	t.Helper()
	if f.Start.Line != line || f.Start.Column != col || !strings.Contains(f.Message, msg) {
		t.Errorf("finding %d:%d %q, want %d:%d containing %q", f.Start.Line, f.Start.Column, f.Message, line, col, msg)
	}
}

func TestHostileBinary(t *testing.T) {
	data := append([]byte("FROM alpine\n\x00\x01\x02\x1b[2J"), bytes.Repeat([]byte{0xff, 0}, 500)...)
	o := lintFolder(t, map[string][]byte{"bin/Dockerfile": data}, nil)
	checkParseError(t, parseErrorOf(t, o, "bin/Dockerfile"), 1, 1, "not a text file (it contains NUL bytes)")
	if len(o.findings) != 1 || len(o.errors) != 0 {
		t.Errorf("findings %v errors %v", o.findings, o.errors)
	}
}

func TestHostileEmpty(t *testing.T) {
	o := lintFolder(t, map[string][]byte{"empty/Dockerfile": nil, "empty/compose.yaml": nil}, nil)
	checkParseError(t, parseErrorOf(t, o, "empty/Dockerfile"), 1, 1, "file with no instructions")
	if len(o.errors) != 0 {
		t.Errorf("errors %v", o.errors)
	}
}

func TestHostileInvalidUTF8(t *testing.T) {
	o := lintFolder(t, map[string][]byte{"bad/Dockerfile": []byte("FROM alpine\nRUN echo é\xff\xfe\n")}, nil)
	// The finding points at the first invalid byte: line 2, after "RUN echo é".
	checkParseError(t, parseErrorOf(t, o, "bad/Dockerfile"), 2, 11, "not valid UTF-8 text (invalid byte 0xFF here)")
}

func TestHostileBOMAndCRLF(t *testing.T) {
	const text = "FROM alpine:3.19\nRUN apt-get install curl \\\n  wget\n"
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	o := lintFolder(t, map[string][]byte{
		"plain/Dockerfile": []byte(text),
		"bom/Dockerfile":   []byte("\ufeff" + text),
		"crlf/Dockerfile":  []byte(crlf),
		"both/Dockerfile":  []byte("\ufeff" + crlf),
	}, nil)
	// Each lints as the plain file does, at the same lines and columns:
	// the byte order mark is not a column and \r is not part of a line.
	got := map[string][]string{}
	for _, f := range o.findings {
		dir, _, _ := strings.Cut(f.File, "/")
		got[dir] = append(got[dir], f.Rule.ID+"@"+spanString(f))
	}
	plain := strings.Join(got["plain"], " ")
	for _, want := range []string{"SW1201@1:1-1:17", "SW1506@2:21-3:7"} {
		if !strings.Contains(plain, want) {
			t.Errorf("plain: findings %s, want %s among them", plain, want)
		}
	}
	for _, dir := range []string{"bom", "crlf", "both"} {
		if g := strings.Join(got[dir], " "); g != plain {
			t.Errorf("%s: findings\n %s\nwant\n %s", dir, g, plain)
		}
	}
}

func spanString(f rules.Finding) string {
	return fmt.Sprintf("%d:%d-%d:%d", f.Start.Line, f.Start.Column, f.End.Line, f.End.Column)
}

func TestHostileManyLines(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var b strings.Builder
	b.WriteString("FROM alpine:3.19\n")
	for i := 1; i < dockerfile.MaxLines; i++ {
		b.WriteString("RUN echo hi\n")
	}
	long := b.String() + "RUN echo one too many\n"
	o := lintFolder(t, map[string][]byte{
		"max/Dockerfile":  []byte(b.String()),
		"over/Dockerfile": []byte(long),
	}, nil)
	for _, f := range o.findings {
		if f.File == "max/Dockerfile" && f.Rule == rules.ParseError {
			t.Errorf("a %d-line Dockerfile was not linted: %s", dockerfile.MaxLines, f.Message)
		}
	}
	checkParseError(t, parseErrorOf(t, o, "over/Dockerfile"), dockerfile.MaxLines+1, 1,
		"file has 100001 lines; seaworthy lints Dockerfiles of at most 100000 lines")
}

func TestHostileLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	data := "FROM alpine:3.19\nRUN echo " + strings.Repeat("a", 10<<20) + "\nUSER app\n"
	o := lintFolder(t, map[string][]byte{"long/Dockerfile": []byte(data)}, nil)
	checkParseError(t, parseErrorOf(t, o, "long/Dockerfile"), 2, 1,
		"line 2 is 10485769 bytes long; BuildKit's Dockerfile parser (docker build) reads lines of at most 65535 bytes (64 KiB)")
}

func TestHostileYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		name := string(c)
		b.WriteString("x-" + name + ": &" + name + " [" + strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ",") + "]\n")
		prev = name
	}
	b.WriteString("services:\n  web:\n    image: nginx:1.25\n    environment: *i\n")
	start := time.Now()
	o := lintFolder(t, map[string][]byte{"bomb/compose.yaml": []byte(b.String())}, nil)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
	checkParseError(t, parseErrorOf(t, o, "bomb/compose.yaml"), 1, 1, "excessive aliasing")
}

// A merge key whose alias names the mapping that holds it made compose-go's
// loader recurse until the stack overflowed, a fatal error that took the
// whole process down (found by FuzzCompose).
func TestHostileRecursiveMergeAlias(t *testing.T) {
	o := lintFolder(t, map[string][]byte{
		"loop/compose.yaml":   []byte("services:\n  web: &w\n    <<: *w\n    image: nginx:1.30\n"),
		"nested/compose.yaml": []byte("x-a: &a\n  labels:\n    <<: *a\nservices:\n  web:\n    image: nginx:1.30\n"),
		"fine/compose.yaml":   []byte("x-base: &b\n  image: nginx:1.30\nservices:\n  web:\n    <<: *b\n"),
		// compose-go reads include and extends targets itself: they are checked first
		"inc/compose.yaml": []byte("include:\n  - path: [base.yaml]\nservices:\n  app:\n    image: nginx:1.30\n"),
		"inc/base.yaml":    []byte("services:\n  web: &w\n    <<: *w\n    image: nginx:1.30\n"),
		"ext/compose.yaml": []byte("services:\n  app:\n    extends: {file: base.yaml, service: web}\n"),
		"ext/base.yaml":    []byte("services:\n  web: &w\n    <<: *w\n    image: nginx:1.30\n"),
	}, nil)
	checkParseError(t, parseErrorOf(t, o, "loop/compose.yaml"), 3, 9, "alias *w refers to a node that contains it")
	checkParseError(t, parseErrorOf(t, o, "nested/compose.yaml"), 3, 9, "alias *a refers to a node that contains it")
	checkParseError(t, parseErrorOf(t, o, "inc/base.yaml"), 3, 9, "alias *w refers to a node that contains it")
	checkParseError(t, parseErrorOf(t, o, "ext/base.yaml"), 3, 9, "alias *w refers to a node that contains it")
	for _, f := range o.findings {
		if f.Rule == rules.ParseError && strings.Contains(f.File, "fine") {
			t.Errorf("a merge of another mapping is not recursive: %v", f)
		}
	}
}

// compose-go reads the files that extends and include name; one that is a
// FIFO made it wait for a writer forever. seaworthy reports it instead.
func TestHostileFIFOTargets(t *testing.T) {
	o := lintFolder(t, map[string][]byte{
		"ext/compose.yaml": []byte("services:\n  app:\n    image: nginx:1.30\n    extends: {file: base.yaml, service: web}\n"),
		"inc/compose.yaml": []byte("include:\n  - base.yaml\nservices:\n  app:\n    image: nginx:1.30\n"),
	}, func(dir string) {
		must(t, syscall.Mkfifo(filepath.Join(dir, "ext", "base.yaml"), 0o644))
		must(t, syscall.Mkfifo(filepath.Join(dir, "inc", "base.yaml"), 0o644))
	})
	checkParseError(t, parseErrorOf(t, o, "ext/compose.yaml"), 4, 21, "base.yaml is not a regular file (a named pipe); Compose would wait on reading it")
	checkParseError(t, parseErrorOf(t, o, "inc/compose.yaml"), 2, 5, "base.yaml is not a regular file (a named pipe)")
}

func TestHostileDeepYAML(t *testing.T) {
	flow := "services:\n  web:\n    image: nginx:1.25\n    labels:\n      x: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	var block strings.Builder
	block.WriteString("services:\n  web:\n    image: nginx:1.25\n    x-deep:\n")
	for i := 0; i < 500; i++ {
		block.WriteString(strings.Repeat("  ", i+3) + "a:\n")
	}
	block.WriteString(strings.Repeat("  ", 503) + "b: 1\n")
	o := lintFolder(t, map[string][]byte{
		"flow/compose.yaml":  []byte(flow),
		"block/compose.yaml": []byte(block.String()),
	}, nil)
	checkParseError(t, parseErrorOf(t, o, "flow/compose.yaml"), 5, 10010, "exceeded max depth of 10000")
	// compose-go's time grows with the square of the depth: past 100
	// levels the file is not given to it, and the finding is at the level.
	checkParseError(t, parseErrorOf(t, o, "block/compose.yaml"), 103, 203, "YAML nested more than 100 levels deep")
}

func TestHostileSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	o := lintFolder(t, map[string][]byte{}, func(dir string) {
		must(t, os.MkdirAll(filepath.Join(dir, "links", "sub"), 0o755))
		must(t, os.Symlink("Dockerfile.b", filepath.Join(dir, "links", "Dockerfile.a")))
		must(t, os.Symlink("Dockerfile.a", filepath.Join(dir, "links", "Dockerfile.b")))
		must(t, os.Symlink("nowhere", filepath.Join(dir, "links", "Dockerfile")))
		// A folder link back up must not be walked forever.
		must(t, os.Symlink("..", filepath.Join(dir, "links", "sub", "up")))
	})
	got := map[string]string{}
	for _, e := range o.errors {
		got[e.File] = e.Message
	}
	want := map[string]string{
		"links/Dockerfile":   "dangling symbolic link to nowhere (the target does not exist)",
		"links/Dockerfile.a": "symbolic link to Dockerfile.b cannot be followed: too many levels of symbolic links",
		"links/Dockerfile.b": "symbolic link to Dockerfile.a cannot be followed: too many levels of symbolic links",
	}
	for file, msg := range want {
		if !strings.Contains(got[file], msg) {
			t.Errorf("%s: error %q, want %q", file, got[file], msg)
		}
	}
	if len(o.errors) != len(want) || len(o.findings) != 0 {
		t.Errorf("errors %v findings %v", o.errors, o.findings)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestHostileUnreadable: a file that cannot be read is an error naming it.
// Root reads any file, so there the test uses what even root cannot lint:
// a named pipe (reading it would block forever) and a folder named like a
// Dockerfile.
func TestHostileUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions")
	}
	if os.Geteuid() != 0 {
		o := lintFolder(t, map[string][]byte{"secret/Dockerfile": []byte(goodDockerfile)}, func(dir string) {
			must(t, os.Chmod(filepath.Join(dir, "secret", "Dockerfile"), 0))
		})
		if len(o.errors) != 1 || o.errors[0].File != "secret/Dockerfile" || !strings.Contains(o.errors[0].Message, "permission denied") {
			t.Errorf("errors %v", o.errors)
		}
	}
	o := lintFolder(t, map[string][]byte{"dir/Dockerfile/Dockerfile": []byte(goodDockerfile)}, func(dir string) {
		must(t, os.MkdirAll(filepath.Join(dir, "fifo"), 0o755))
		must(t, syscall.Mkfifo(filepath.Join(dir, "fifo", "Dockerfile"), 0o644))
	})
	if len(o.errors) != 1 || o.errors[0].File != "fifo/Dockerfile" || !strings.Contains(o.errors[0].Message, "not a regular file (a named pipe), not linted") {
		t.Errorf("errors %v", o.errors)
	}
	// The folder named Dockerfile is walked into, not read: the Dockerfile
	// inside it is linted like any other.
	linted := false
	for _, f := range o.findings {
		linted = linted || f.File == "dir/Dockerfile/Dockerfile" && f.Rule.ID == "SW1201"
	}
	if !linted {
		t.Errorf("dir/Dockerfile/Dockerfile not linted: %v", o.findings)
	}
}

// TestFolderNamedDockerfile: a folder named on the command line is walked,
// even when its name is a Dockerfile's (empty, it is "no Dockerfile or
// Compose file found"); one named as a target is an error.
func TestFolderNamedDockerfile(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "Dockerfile"), 0o755))
	targets, errs := engine.Discover([]string{filepath.Join(dir, "Dockerfile")}, engine.Options{})
	var nf *engine.NotFoundError
	if len(targets) != 0 || len(errs) != 1 || !errors.As(errs[0], &nf) {
		t.Errorf("targets %v errs %v", targets, errs)
	}
	l := &engine.Linter{Rules: catalog.All()}
	res := l.Run([]engine.Target{{Path: filepath.Join(dir, "Dockerfile"), Kind: rules.Dockerfile}})
	if len(res.Errors) != 1 || !strings.HasSuffix(res.Errors[0].Message, "Dockerfile: is a directory") {
		t.Errorf("errors %v", res.Errors)
	}
}

func TestStdinEmpty(t *testing.T) {
	res := lintOne("-", rules.Dockerfile, nil)
	if len(res.Errors) != 0 || len(res.Findings) != 1 || res.Findings[0].Rule != rules.ParseError ||
		res.Findings[0].Message != "file with no instructions" || spanString(res.Findings[0]) != "1:1-1:1" {
		t.Errorf("findings %v errors %v", res.Findings, res.Errors)
	}
	res = lintOne("compose.yaml", rules.Compose, nil)
	for _, f := range res.Findings {
		if f.Rule == rules.ParseError {
			t.Errorf("empty Compose from stdin: %s", f.Message)
		}
	}
}

func TestMaxFileSize(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "Dockerfile")
	must(t, os.WriteFile(big, []byte(goodDockerfile+strings.Repeat("# padding\n", 200)), 0o644))
	l := &engine.Linter{Rules: catalog.All(), MaxFileSize: 1024, Stdin: bytes.Repeat([]byte("#\n"), 1000)}
	res := l.Run([]engine.Target{
		{Path: big, Kind: rules.Dockerfile},
		{Path: "-", Kind: rules.Dockerfile, Stdin: true},
	})
	// A file over the limit is a limit hit: an Incomplete SW0001 at 1:1
	// (exit 3), never read past the limit.
	if len(res.Errors) != 0 || len(res.Findings) != 2 {
		t.Fatalf("errors %v findings %v", res.Errors, res.Findings)
	}
	for _, f := range res.Findings {
		if f.Rule != rules.ParseError || !f.Incomplete || f.Start != (source.Position{Line: 1, Column: 1}) ||
			!strings.Contains(f.Message, "file is larger than 1024 bytes, the most seaworthy reads; not linted") {
			t.Errorf("%s: %+v", f.File, f)
		}
	}
	l = &engine.Linter{Rules: catalog.All()}
	must(t, os.WriteFile(big, make([]byte, engine.DefaultMaxFileSize+1), 0o644))
	res = l.Run([]engine.Target{{Path: big, Kind: rules.Dockerfile}})
	if len(res.Findings) != 1 || !strings.HasSuffix(res.Findings[0].Message, "file is larger than 16 MiB, the most seaworthy reads; not linted") {
		t.Errorf("findings %v", res.Findings)
	}
}

// TestNamedDanglingLink: a dangling link named on the command line says so.
func TestNamedDanglingLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "Dockerfile")
	must(t, os.Symlink("gone", link))
	_, errs := engine.Discover([]string{link, filepath.Join(dir, "missing")}, engine.Options{})
	if len(errs) != 2 ||
		errs[0].Error() != link+": dangling symbolic link to gone (the target does not exist)" ||
		errs[1].Error() != filepath.Join(dir, "missing")+": no such file or directory" {
		t.Errorf("errors %v", errs)
	}
}
