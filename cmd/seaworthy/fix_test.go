package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/seaworthy-dev/seaworthy/rules/fix"
)

// Fixable findings of several rules on one CRLF file with a continuation
// and a comment, one line fixed by two rules in turn (casing, then the
// key=value form).
const fixable = "# build image\r\nfrom alpine:3.20 as Build\r\nMAINTAINER me@example.com\r\nENV A 1\r\nRUN apt update && \\\r\n    apt install -y curl\r\nexpose 80/TCP\r\n"

const fixedText = "# build image\r\nFROM alpine:3.20 AS build\r\nLABEL org.opencontainers.image.authors=\"me@example.com\"\r\nENV A=1\r\nRUN apt-get update && \\\r\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\nEXPOSE 80/tcp\r\n"

func TestDiffChangesNothing(t *testing.T) {
	dir := t.TempDir()
	df := writeFile(t, dir, "Dockerfile", fixable)
	out, errs, code := seaworthy(t, "", "--diff", df)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (something to fix); stderr %s", code, errs)
	}
	name := strings.TrimPrefix(filepath.ToSlash(df), "/")
	for _, want := range []string{"--- a/" + name + "\n+++ b/" + name + "\n@@ -1,7 +1,7 @@\n # build image\r\n-from alpine:3.20 as Build\r\n",
		"+ENV A=1\r\n", "+    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if got, _ := os.ReadFile(df); string(got) != fixable {
		t.Errorf("--diff changed the file:\n%q", got)
	}
}

func TestFixRewritesInPlace(t *testing.T) {
	dir := t.TempDir()
	df := writeFile(t, dir, "Dockerfile", fixable)
	if err := os.Chmod(df, 0o640); err != nil {
		t.Fatal(err)
	}
	out, errs, code := seaworthy(t, "", "--fix", "-f", "json", "--no-fail", df)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	got, _ := os.ReadFile(df)
	if string(got) != fixedText {
		t.Errorf("fixed file:\n%q\nwant:\n%q", got, fixedText)
	}
	if info, _ := os.Stat(df); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}
	// The report is of the fixed file: no finding of a fixed rule is left.
	fixed := map[string]bool{"SW1512": true, "SW1802": true, "SW1804": true, "SW1808": true, "SW1813": true, "SW1819": true}
	for _, f := range decode(t, out).Findings {
		if fixed[f.Rule] {
			t.Errorf("a finding of a fixed rule is left: %+v", f)
		}
	}
	// Twice changes nothing the second time.
	if out, _, code := seaworthy(t, "", "--diff", df); code != 0 || out != "" {
		t.Errorf("second run: exit %d, diff %q", code, out)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}

func TestFixNarrowed(t *testing.T) {
	dir := t.TempDir()
	df := writeFile(t, dir, "Dockerfile", fixable)
	if _, errs, code := seaworthy(t, "", "--fix", "--no-fail", "--fix-only", "apt-instead-of-apt-get", df); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile(df)
	if want := strings.ReplaceAll(fixable, "apt ", "apt-get "); string(got) != want {
		t.Errorf("--fix-only SW1512:\n%q", got)
	}

	// fix: false in the configuration.
	df = writeFile(t, dir, "Dockerfile", fixable)
	writeFile(t, dir, ".seaworthy.yaml", "rules:\n  SW1512:\n    fix: false\n")
	if _, errs, code := seaworthy(t, "", "--fix", "--no-fail", df); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, _ = os.ReadFile(df)
	if want := strings.ReplaceAll(fixedText, "apt-get ", "apt "); string(got) != want {
		t.Errorf("fix: false for SW1512:\n%q", got)
	}

	if _, errs, code := seaworthy(t, "", "--fix-only", "SW1512", df); code != 2 || !strings.Contains(errs, "go with --fix or --diff") {
		t.Errorf("--fix-only alone: exit %d, %s", code, errs)
	}
	if _, errs, code := seaworthy(t, "", "--fix", "--diff", df); code != 2 || !strings.Contains(errs, "give one of them") {
		t.Errorf("--fix --diff: exit %d, %s", code, errs)
	}
	writeFile(t, dir, ".seaworthy.yaml", "rules:\n  SW1101:\n    fix: false\n")
	if _, errs, code := seaworthy(t, "", "--fix", df); code != 2 || !strings.Contains(errs, `unknown option "fix"`) {
		t.Errorf("fix: on a rule without fixes: exit %d, %s", code, errs)
	}
}

// A read-only file is an error line; the other files are still fixed.
func TestFixReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		// root may write any file, but seaworthy still leaves a read-only one alone
		t.Log("running as root: the read-only check is seaworthy's own")
	}
	dir := t.TempDir()
	ro := writeFile(t, dir, "a/Dockerfile", fixable)
	rw := writeFile(t, dir, "b/Dockerfile", fixable)
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	out, errs, code := seaworthy(t, "", "--fix", ro, rw)
	if code != 2 || !strings.Contains(errs, filepath.ToSlash(ro)+": not fixed: the file is read-only") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if got, _ := os.ReadFile(ro); string(got) != fixable {
		t.Error("the read-only file was changed")
	}
	if got, _ := os.ReadFile(rw); string(got) != fixedText {
		t.Errorf("the writable file was not fixed:\n%q", got)
	}
}

// breaker offers a fix that makes the Dockerfile fail to parse.
var breaker = &rules.Rule{ID: "SW9999", Name: "breaker", Kind: rules.Dockerfile, Severity: rules.Warning, Fixable: true,
	Run: func(p *rules.Pass) {
		ins := p.Dockerfile.Instructions[0]
		span := source.Span{Start: ins.Span.Start, End: ins.Span.Start + 4}
		p.ReportFix(span, &rules.Fix{Edits: []rules.Edit{{Span: span, Text: "FRM"}}}, "breaks FROM")
	}}

// A fix that would make the file fail to parse is dropped with a warning.
func TestFixThatBreaksParsingIsDropped(t *testing.T) {
	dir := t.TempDir()
	df := writeFile(t, dir, "Dockerfile", "FROM alpine:3.20\n")
	lint := &engine.Linter{Rules: []*rules.Rule{breaker}}
	targets := []engine.Target{{Path: df, Kind: rules.Dockerfile}}
	var stderr bytes.Buffer
	f, err := fixRounds(lint, targets, lint.Run(targets), fix.Options{}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.changed) != 0 || !strings.Contains(stderr.String(), "would make the file fail to parse, so they are not applied") {
		t.Errorf("changed %v; stderr %s", f.changed, stderr.String())
	}
}

// TestFixCorpus fixes every Dockerfile and Compose file of the shared
// corpus in memory, as --fix does: no fix breaks a file (the fixed text
// still parses: no round was undone), and no finding with a safe fix is
// left. The figures are in docs/fixes.md.
func TestFixCorpus(t *testing.T) {
	var targets []engine.Target
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	for kind, dir := range map[rules.Kind]string{rules.Dockerfile: "dockerfiles", rules.Compose: "compose"} {
		files, _ := filepath.Glob(filepath.Join(corpus, dir, "*"))
		for _, f := range files {
			targets = append(targets, engine.Target{Path: f, Kind: kind})
		}
	}
	if len(targets) == 0 {
		t.Skip("corpus not available (../shared/corpus)")
	}
	configs, err := config.NewResolver("", config.Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	lint := &engine.Linter{Configs: configs, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	first := lint.Run(targets)
	var stderr bytes.Buffer
	f, err := fixRounds(lint, targets, first, fix.Options{}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if stderr.Len() > 0 {
		t.Errorf("fixes undone:\n%s", stderr.String())
	}
	fixable, left := 0, 0
	byRule := map[string]int{}
	for i := range first.Findings {
		if x := &first.Findings[i]; fix.Safe(x) {
			fixable++
			byRule[x.Rule.ID]++
		}
	}
	for i := range f.res.Findings {
		if x := &f.res.Findings[i]; fix.Safe(x) {
			left++
			t.Errorf("%s:%d:%d: a safe fix is left after %d rounds: %s %s", x.File, x.Start.Line, x.Start.Column, fix.Rounds, x.Rule.ID, x.Message)
		}
	}
	parse := func(res engine.Result) int {
		n := 0
		for _, x := range res.Findings {
			if x.Rule == rules.ParseError {
				n++
			}
		}
		return n
	}
	if a, b := parse(first), parse(f.res); b > a {
		t.Errorf("parse errors: %d before the fixes, %d after", a, b)
	}
	t.Logf("%d files, %d changed; %d findings with a safe fix before, %d after; by rule: %v", len(targets), len(f.changed), fixable, left, byRule)

	// With the unsafe fixes too: still no file broken.
	lint = &engine.Linter{Configs: configs, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	stderr.Reset()
	u, err := fixRounds(lint, targets, first, fix.Options{Unsafe: true}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := parse(first), parse(u.res); b > a {
		t.Errorf("with unsafe fixes, parse errors: %d before, %d after", a, b)
	}
	t.Logf("with --unsafe-fixes: %d files changed; rounds undone: %q", len(u.changed), stderr.String())
}

// Compose fixes are unsafe (they change what the service may do): applied
// only with --unsafe-fixes, as lines of their own that keep the file's
// CRLF ends, comments, anchors and key order; a flow-style service gets
// none.
func TestFixComposeUnsafe(t *testing.T) {
	dir := t.TempDir()
	text := "x-base: &base\r\n  restart: unless-stopped\r\nservices:\r\n  web:   # the front\r\n    <<: *base\r\n    image: nginx:1.27\r\n  db: {image: postgres:16}\r\n"
	cf := writeFile(t, dir, "compose.yaml", text)
	if out, _, code := seaworthy(t, "", "--diff", cf); code != 0 || out != "" {
		t.Errorf("safe fixes only: exit %d, diff %q", code, out)
	}
	if _, errs, code := seaworthy(t, "", "--fix", "--unsafe-fixes", "--no-fail", "--fix-only", "SW2104,SW2117", cf); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got, _ := os.ReadFile(cf)
	want := "x-base: &base\r\n  restart: unless-stopped\r\nservices:\r\n  web:   # the front\r\n    read_only: true\r\n    security_opt: [\"no-new-privileges:true\"]\r\n    <<: *base\r\n    image: nginx:1.27\r\n  db: {image: postgres:16}\r\n"
	if string(got) != want {
		t.Errorf("fixed:\n%q\nwant:\n%q", got, want)
	}
}

// A link inside the tree is fixed through: the file it names changes and
// the link stays a link. A link out of the tree is not read, so not fixed.
func TestFixThroughLinkInsideTree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".git/HEAD", "ref: refs/heads/main\n")
	real := writeFile(t, dir, "docker/Dockerfile.real", fixable)
	link := filepath.Join(dir, "Dockerfile")
	if err := os.Symlink(filepath.Join("docker", "Dockerfile.real"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	outside := writeFile(t, t.TempDir(), "Dockerfile", fixable)
	if err := os.Symlink(outside, filepath.Join(dir, "other.Dockerfile")); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := seaworthy(t, "", "--fix", "--no-fail", dir); code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	if got, _ := os.ReadFile(real); string(got) != fixedText {
		t.Errorf("the linked file was not fixed:\n%q", got)
	}
	if got, _ := os.ReadFile(outside); string(got) != fixable {
		t.Error("a file outside the tree was changed")
	}
}
