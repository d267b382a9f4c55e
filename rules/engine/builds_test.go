package engine_test

import (
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

// writeTree writes files (slash paths relative to a new folder) and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return dir
}

// runOn lints paths under dir (relative names) with rules ids, as the CLI
// does from dir, and returns "file:line:col rule message" lines.
func runOn(t *testing.T, dir string, l *engine.Linter, paths ...string) []string {
	t.Helper()
	wd, err := os.Getwd()
	must(t, err)
	must(t, os.Chdir(dir))
	defer func() { must(t, os.Chdir(wd)) }()
	targets, errs := engine.Discover(paths, engine.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	res := l.Run(targets)
	for _, e := range res.Errors {
		t.Errorf("error %s: %s", e.File, e.Message)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s:%d:%d %s %s", filepath.ToSlash(f.File), f.Start.Line, f.Start.Column, f.Rule.ID, f.Message))
	}
	return out
}

func linterFor(t *testing.T, ids ...string) *engine.Linter {
	t.Helper()
	var rs []*rules.Rule
	for _, id := range ids {
		r := catalog.Lookup(id)
		if r == nil {
			t.Fatalf("no rule %s", id)
		}
		rs = append(rs, r)
	}
	return &engine.Linter{Rules: rs, Settings: &rules.Settings{}, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
}

const builtDockerfile = `ARG BASE=alpine:3.22
FROM ${BASE} AS dev
RUN echo dev
FROM alpine:3.22
USER 10001
`

// TestBuildsLintedOnce: the Dockerfile a service builds is linted as it
// builds it (args into FROM, target as the final stage, user:), once,
// whether the walk, the Compose file or several services reach it.
func TestBuildsLintedOnce(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": `services:
  dev:
    build: {context: api, target: dev, args: {BASE: "node:14"}}
  dev2:
    build: {context: api, target: dev, args: {BASE: "node:14"}}
  prod:
    build: api
  other:
    build: {context: api, target: dev, args: {BASE: "${BASE_IMAGE}"}}
    user: "1000"
  gone:
    build: missing
  remote:
    build: https://github.com/docker/welcome.git
`,
		"api/Dockerfile": builtDockerfile,
	})
	l := linterFor(t, "SW1104", "SW1201")
	want := []string{
		`api/Dockerfile:2:1 SW1201 the target stage "dev" has no USER instruction and service "dev" of compose.yaml sets no user:, so its containers run as root; add a non-root USER`,
		`api/Dockerfile:2:6 SW1104 Node.js 14 (base image "${BASE}" ("node:14")) reached end of life on 2023-04-30; move to a supported release`,
	}
	for _, paths := range [][]string{{"."}, {"compose.yaml"}, {"compose.yaml", "api/Dockerfile"}, {"api/Dockerfile", "compose.yaml"}} {
		got := runOn(t, dir, l, paths...)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("lint %v:\n got %q\nwant %q", paths, got, want)
		}
	}
	// The Dockerfile alone is built as `docker build` does: its last stage has a USER.
	if got := runOn(t, dir, l, "api/Dockerfile"); len(got) != 0 {
		t.Errorf("Dockerfile alone: %q", got)
	}
	// --no-builds: the Compose file alone lints no Dockerfile.
	nb := linterFor(t, "SW1104", "SW1201")
	nb.NoBuilds = true
	if got := runOn(t, dir, nb, "compose.yaml"); len(got) != 0 {
		t.Errorf("NoBuilds: %q", got)
	}
}

// TestBuildsTargetMissing: a build.target no stage has fails the build:
// a parse error at 1:1 naming the service.
func TestBuildsTargetMissing(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml":   "services:\n  web:\n    build: {context: api, target: tset}\n",
		"api/Dockerfile": builtDockerfile,
	})
	got := runOn(t, dir, linterFor(t, "SW1201"), "compose.yaml")
	want := `api/Dockerfile:1:1 SW0001 target stage "tset" could not be found (service "web" of compose.yaml builds it with build.target)`
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestBuildsKeepInTree: a build that names a Dockerfile outside the linted
// tree (by .. or a link) reads nothing and reports nothing; SkipBuilt
// excludes one the walk's exclude globs skip.
func TestBuildsKeepInTree(t *testing.T) {
	out := writeTree(t, map[string]string{"Dockerfile": "FROM node:14\n"})
	dir := writeTree(t, map[string]string{
		"proj/.git/HEAD": "ref: refs/heads/main\n",
		"proj/compose.yaml": "services:\n  up:\n    build: {context: .., dockerfile: " + filepath.Base(out) + "/Dockerfile}\n" +
			"  link:\n    build: linked\n  vendored:\n    build: vendor/x\n",
		"proj/vendor/x/Dockerfile": "FROM node:14\n",
	})
	must(t, os.Rename(out, filepath.Join(dir, filepath.Base(out))))
	must(t, os.Symlink(filepath.Join(dir, filepath.Base(out)), filepath.Join(dir, "proj", "linked")))
	l := linterFor(t, "SW1104")
	l.SkipBuilt = func(p string) bool { return strings.Contains(filepath.ToSlash(p), "vendor/") }
	if got := runOn(t, filepath.Join(dir, "proj"), l, "compose.yaml"); len(got) != 0 {
		t.Errorf("got %q", got)
	}
	l.SkipBuilt = nil
	got := runOn(t, filepath.Join(dir, "proj"), l, "compose.yaml")
	sort.Strings(got)
	if len(got) != 1 || !strings.HasPrefix(got[0], "vendor/x/Dockerfile:1:11 SW1104") {
		t.Errorf("got %q", got)
	}
}

// TestBuildsInline: a literal dockerfile_inline is linted as the service
// builds it, its findings at their place in the Compose file, once when an
// alias repeats it; other scalar styles are not (their text is not the
// file's), nor text with variables (Compose interpolates it), and
// --no-builds turns it off.
func TestBuildsInline(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"compose.yaml": "services:\n" +
			"  web:\n" +
			"    build:\n" +
			"      args: {BASE: \"node:14\"}\n" +
			"      dockerfile_inline: &df |\n" +
			"        ARG BASE=alpine:3.22\n" +
			"\n" +
			"        FROM node:14\n" +
			"          # indented more: still the text\n" +
			"  again:\n" +
			"    build:\n" +
			"      args: {BASE: \"node:14\"}\n" +
			"      dockerfile_inline: *df\n" +
			"  folded:\n" +
			"    build:\n" +
			"      dockerfile_inline: >\n" +
			"        FROM node:14\n" +
			"  quoted:\n" +
			"    build: {dockerfile_inline: \"FROM node:14\\n\"}\n" +
			"  vars:\n" +
			"    build:\n" +
			"      dockerfile_inline: |\n" +
			"        FROM node:${TAG}\n",
	})
	l := linterFor(t, "SW1104", "SW1201")
	want := []string{
		`compose.yaml:8:9 SW1201 the final stage has no USER instruction and service "web" of compose.yaml sets no user:, so its containers run as root; add a non-root USER`,
		`compose.yaml:8:19 SW1104 Node.js 14 (base image "node:14") reached end of life on 2023-04-30; move to a supported release`,
	}
	if got := runOn(t, dir, l, "."); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	l.NoBuilds = true
	if got := runOn(t, dir, l, "."); len(got) != 0 {
		t.Errorf("NoBuilds: %q", got)
	}
}

// TestBuildsCapped: services that build one Dockerfile in more distinct
// ways than engine.MaxBuilds cost MaxBuilds lints, and the rest is said.
func TestBuildsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("services:\n")
	n := engine.MaxBuilds + 5
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  s%d:\n    build: {context: app, args: {TAG: \"3.%d\"}}\n", i, i)
	}
	dir := writeTree(t, map[string]string{"compose.yaml": b.String(), "app/Dockerfile": "ARG TAG=3.22\nFROM alpine:${TAG}\nUSER 10001\n"})
	got := runOn(t, dir, linterFor(t, "SW1201"), "compose.yaml")
	want := fmt.Sprintf("app/Dockerfile:1:1 SW0001 Compose services build this file in 5 more ways than the %d seaworthy lints; their findings are not reported", engine.MaxBuilds)
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestBuildContextKeepsInTree: a Compose build whose Dockerfile is inside
// the tree but whose context is not (context: .., dockerfile: proj/...)
// has that context neither listed nor searched: SW1406 would name the
// files of the folder above the repository.
func TestBuildContextKeepsInTree(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"id_rsa":            "outside the tree\n",
		".env":              "outside the tree\n",
		"proj/.git/HEAD":    "ref: refs/heads/main\n",
		"proj/compose.yaml": "services:\n  up:\n    build: {context: .., dockerfile: proj/Dockerfile}\n  here:\n    build: {context: ., dockerfile: Dockerfile}\n",
		"proj/Dockerfile":   "FROM alpine:3.22\nCOPY . /app\nUSER app\n",
		"proj/.env":         "inside\n",
	})
	got := runOn(t, filepath.Join(dir, "proj"), linterFor(t, "SW1406"), "compose.yaml")
	if len(got) != 1 || !strings.Contains(got[0], "Dockerfile:2:6 SW1406") || !strings.Contains(got[0], "and .env, .git in it") {
		t.Errorf("got %q, want one SW1406 about the tree's own .env", got)
	}
	for _, g := range got {
		if strings.Contains(g, "id_rsa") {
			t.Errorf("a file outside the tree was named: %q", g)
		}
	}
}
