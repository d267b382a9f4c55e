package engine_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// BuildKit's per-Dockerfile ignore file is named like a Dockerfile variant
// (Dockerfile.dockerignore) but is not one: linting it gave SW0001.
func TestDetectKindIgnoreFile(t *testing.T) {
	for _, name := range []string{"Dockerfile.dockerignore", "api/Dockerfile.prod.dockerignore", "web.Dockerfile.dockerignore", "Dockerfile-dev.dockerignore"} {
		if k, ok := engine.DetectKind(name); ok {
			t.Errorf("%s: detected as %s", name, k)
		}
	}
	if k, ok := engine.DetectKind("Dockerfile.prod"); !ok || k != "dockerfile" {
		t.Errorf("Dockerfile.prod: %q %v", k, ok)
	}
}

func TestDetectKindVariants(t *testing.T) {
	cases := map[string]rules.Kind{
		"Dockerfile-dev": rules.Dockerfile, "docker/Dockerfile.web": rules.Dockerfile, "dev.Dockerfile": rules.Dockerfile,
		"x.dockerfile": rules.Dockerfile, "dockerfile": rules.Dockerfile, "Containerfile-old": rules.Dockerfile,
		"compose.prod.yml": rules.Compose, "docker-compose-dev.yml": rules.Compose, "docker-compose.test.yaml": rules.Compose,
		"docker-compose_secrets.yml": rules.Compose, "DOCKER-COMPOSE-V2.YML": rules.Compose,
		// Not by name: stack.yml and compose-*.yaml are Compose only by content.
		"stack.yml": "", "compose-dev.yaml": "", "config.yaml": "", "Dockerfile-": "", "dockerfile.yaml": "",
		"docker-compose-dev.json": "", "README.md": "", "DOCKERFILE": "",
	}
	for name, want := range cases {
		got, ok := engine.DetectKind(name)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", name, got, ok, want)
		}
	}
}

// TestDetectKindCorpusNames: every corpus file whose original name is a
// Dockerfile or Compose name gets the kind the corpus records for it.
func TestDetectKindCorpusNames(t *testing.T) {
	f, err := os.Open(filepath.Join(corpusDir(t), "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	named := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 || cols[0] == "kind" {
			continue
		}
		if k, ok := engine.DetectKind(cols[3]); ok {
			named++
			if string(k) != cols[0] {
				t.Errorf("%s (%s): detected as %s", cols[3], cols[0], k)
			}
		}
	}
	if named < 1000 {
		t.Errorf("only %d corpus names detected", named)
	}
}

func TestKindOf(t *testing.T) {
	compose := "version: '3'\nservices:\n  web:\n    image: nginx:1.27\n"
	cases := []struct {
		name, data string
		want       rules.Kind
	}{
		{"deploy/stack.yml", compose, rules.Compose},
		{"x__docker-compose.yml", compose, rules.Compose},
		{"-", compose, rules.Compose},
		{"-", "include:\n  - other.yaml\n", rules.Compose},
		{"-", "FROM alpine:3.22\nRUN true\n", rules.Dockerfile},
		{"Buildfile", "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:3.22\n", rules.Dockerfile},
		// The name wins over the content.
		{"Dockerfile", compose, rules.Dockerfile},
		{"compose.yaml", "FROM alpine\n", rules.Compose},
		// Neither: YAML names are Compose, others Dockerfiles, so the parse
		// error is the likelier kind's.
		{"openfaas/stack.yml", "version: 1.0\nprovider:\n  name: openfaas\nfunctions: {}\n", rules.Compose},
		{"notes.txt", "hello\n", rules.Dockerfile},
		{"-", "", rules.Dockerfile},
		// A YAML sequence or a scalar is not a Compose file.
		{"-", "- services\n", rules.Dockerfile},
	}
	for _, c := range cases {
		if got := engine.KindOf(c.name, []byte(c.data)); got != c.want {
			t.Errorf("%s %q: %s, want %s", c.name, c.data, got, c.want)
		}
	}
}

// tree writes files (slash-separated names) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// found lists targets as "kind path [+ override]" relative to dir.
func found(t *testing.T, dir string, targets []engine.Target) []string {
	t.Helper()
	var out []string
	for _, tg := range targets {
		rel := func(p string) string {
			r, err := filepath.Rel(dir, p)
			if err != nil {
				t.Fatal(err)
			}
			return filepath.ToSlash(r)
		}
		s := string(tg.Kind) + " " + rel(tg.Path)
		for _, o := range tg.Overrides {
			s += " + " + rel(o)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

const (
	plainDockerfile = "FROM alpine:3.22\nUSER 10001\n"
	composeDoc      = "services:\n  web:\n    image: nginx:1.27\n"
)

func discover(t *testing.T, paths []string, opts engine.Options) []engine.Target {
	t.Helper()
	targets, errs := engine.Discover(paths, opts)
	for _, e := range errs {
		t.Errorf("discover: %v", e)
	}
	return targets
}

func TestWalkFindsVariants(t *testing.T) {
	dir := tree(t, map[string]string{
		"Dockerfile-dev":                  plainDockerfile,
		"dev.Dockerfile":                  plainDockerfile,
		"docker/Dockerfile.web":           plainDockerfile,
		"build/app.dockerfile":            plainDockerfile,
		"compose.prod.yml":                composeDoc,
		"docker-compose-dev.yml":          composeDoc,
		"docker-compose.ci.yml":           composeDoc,
		"deploy/stack.yml":                composeDoc,
		"deploy/docker-stack.yaml":        composeDoc,
		"tests/compose-e2e.yaml":          composeDoc,
		"faas/stack.yml":                  "version: 1.0\nprovider:\n  name: openfaas\nfunctions: {}\n",
		"k8s/compose-like.yaml":           "apiVersion: v1\nkind: Service\n",
		"Dockerfile.dockerignore":         "node_modules\n",
		"config.yaml":                     composeDoc, // random YAML names are never read
		"docs/Dockerfile-guide.md.orig/x": "x",
	})
	got := found(t, dir, discover(t, []string{dir}, engine.Options{}))
	want := []string{
		"compose compose.prod.yml", "compose deploy/docker-stack.yaml", "compose deploy/stack.yml",
		"compose docker-compose-dev.yml", "compose docker-compose.ci.yml", "compose tests/compose-e2e.yaml",
		"dockerfile Dockerfile-dev", "dockerfile build/app.dockerfile", "dockerfile dev.Dockerfile",
		"dockerfile docker/Dockerfile.web",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found\n%q\nwant\n%q", got, want)
	}
}

// --kind is for named files and standard input: a walk keeps each file's
// own kind, a named file takes the forced one.
func TestKindForcesNamedFilesOnly(t *testing.T) {
	dir := tree(t, map[string]string{"Dockerfile": plainDockerfile, "compose.yaml": composeDoc, "other/notes": plainDockerfile})
	got := found(t, dir, discover(t, []string{dir, filepath.Join(dir, "other/notes")}, engine.Options{Kind: rules.Compose}))
	want := []string{"compose compose.yaml", "compose other/notes", "dockerfile Dockerfile"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
	// Without --kind a named file's content decides when the name says nothing.
	dir = tree(t, map[string]string{"deploy/stack.yml": composeDoc, "x__docker-compose.yml": composeDoc, "Buildfile": plainDockerfile})
	got = found(t, dir, discover(t, []string{filepath.Join(dir, "deploy/stack.yml"), filepath.Join(dir, "x__docker-compose.yml"), filepath.Join(dir, "Buildfile")}, engine.Options{}))
	want = []string{"compose deploy/stack.yml", "compose x__docker-compose.yml", "dockerfile Buildfile"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// TestWalkComposeProject follows compose-go's cli.WithDefaultConfigPath:
// the first existing of compose.yaml, compose.yml, docker-compose.yml,
// docker-compose.yaml, and the first existing of compose.override.yml,
// compose.override.yaml, docker-compose.override.yml,
// docker-compose.override.yaml, whatever the family.
func TestWalkComposeProject(t *testing.T) {
	dir := tree(t, map[string]string{
		"a/compose.yaml":                 composeDoc,
		"a/docker-compose.override.yml":  composeDoc,
		"b/compose.yaml":                 composeDoc,
		"b/compose.yml":                  composeDoc,
		"b/compose.override.yaml":        composeDoc,
		"b/compose.override.yml":         composeDoc,
		"c/docker-compose.yaml":          composeDoc,
		"c/docker-compose.yml":           composeDoc,
		"c/docker-compose.override.yaml": composeDoc,
		"d/docker-compose.override.yml":  composeDoc, // no main file: linted alone
		"e/compose.prod.yaml":            composeDoc,
		"e/compose.override.yaml":        composeDoc, // compose.prod.yaml is not a default name
		"f/Compose.yaml":                 composeDoc, // names match exactly, as compose-go's os.Stat
		"f/compose.override.yaml":        composeDoc,
	})
	got := found(t, dir, discover(t, []string{dir}, engine.Options{}))
	want := []string{
		"compose a/compose.yaml + a/docker-compose.override.yml",
		"compose b/compose.override.yaml",
		"compose b/compose.yaml + b/compose.override.yml",
		"compose b/compose.yml",
		"compose c/docker-compose.yaml",
		"compose c/docker-compose.yml + c/docker-compose.override.yaml",
		"compose d/docker-compose.override.yml",
		"compose e/compose.override.yaml",
		"compose e/compose.prod.yaml",
		"compose f/Compose.yaml",
		"compose f/compose.override.yaml",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found\n%q\nwant\n%q", got, want)
	}
}

// TestMergedFindingsPointAtTheirFile: a value set in the override file is
// reported in the override file, at its line.
func TestMergedFindingsPointAtTheirFile(t *testing.T) {
	dir := tree(t, map[string]string{
		"compose.yaml":                "services:\n  web:\n    image: nginx:1.27\n",
		"docker-compose.override.yml": "services:\n  web:\n    privileged: true\n",
	})
	targets := discover(t, []string{dir}, engine.Options{})
	if len(targets) != 1 {
		t.Fatalf("targets %v", targets)
	}
	l := &engine.Linter{Rules: catalog.All(), Settings: &rules.Settings{}, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	res := l.Run(targets)
	hit := false
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "privileged") {
			hit = true
			if filepath.Base(f.File) != "docker-compose.override.yml" || f.Start.Line != 3 || f.Start.Column != 5 {
				t.Errorf("privileged finding at %s:%d:%d", f.File, f.Start.Line, f.Start.Column)
			}
		}
	}
	if !hit {
		t.Errorf("no finding on privileged: %v", res.Findings)
	}
}

func gitTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := tree(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWalkSkipsGitignored(t *testing.T) {
	files := map[string]string{
		".gitignore":                  "gen/\nDockerfile.local\n/docker-compose.override.yml\n",
		"Dockerfile":                  plainDockerfile,
		"Dockerfile.local":            plainDockerfile,
		"compose.yaml":                composeDoc,
		"docker-compose.override.yml": composeDoc,
		"gen/Dockerfile":              plainDockerfile,
		"api/.gitignore":              "!Dockerfile.local\nDockerfile.tmp\n",
		"api/Dockerfile.local":        plainDockerfile,
		"api/Dockerfile.tmp":          plainDockerfile,
		"api/Dockerfile":              plainDockerfile,
	}
	dir := gitTree(t, files)
	got := found(t, dir, discover(t, []string{dir}, engine.Options{}))
	want := []string{"compose compose.yaml", "dockerfile Dockerfile", "dockerfile api/Dockerfile", "dockerfile api/Dockerfile.local"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found\n%q\nwant\n%q", got, want)
	}
	// A walk of a sub-folder still reads the .gitignore files above it.
	got = found(t, dir, discover(t, []string{filepath.Join(dir, "api")}, engine.Options{}))
	if want := []string{"dockerfile api/Dockerfile", "dockerfile api/Dockerfile.local"}; !reflect.DeepEqual(got, want) {
		t.Errorf("api: found %q, want %q", got, want)
	}
	// --no-ignore lints them all, and the override merges again.
	got = found(t, dir, discover(t, []string{dir}, engine.Options{NoIgnore: true}))
	want = []string{
		"compose compose.yaml + docker-compose.override.yml", "dockerfile Dockerfile", "dockerfile Dockerfile.local",
		"dockerfile api/Dockerfile", "dockerfile api/Dockerfile.local", "dockerfile api/Dockerfile.tmp", "dockerfile gen/Dockerfile",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("--no-ignore: found\n%q\nwant\n%q", got, want)
	}
	// Outside a git work tree a .gitignore means nothing.
	dir = tree(t, map[string]string{".gitignore": "Dockerfile\n", "Dockerfile": plainDockerfile})
	if got := found(t, dir, discover(t, []string{dir}, engine.Options{})); len(got) != 1 {
		t.Errorf("no .git: found %q", got)
	}
}

// A .gitignore that is a link out of the tree is not read (so it ignores
// nothing): every file goes through the bounded, root-checked reader.
func TestGitignoreLinkOutsideNotRead(t *testing.T) {
	outside := tree(t, map[string]string{"ignore": "Dockerfile\n"})
	dir := gitTree(t, map[string]string{"Dockerfile": plainDockerfile})
	if err := os.Symlink(filepath.Join(outside, "ignore"), filepath.Join(dir, ".gitignore")); err != nil {
		t.Skip(err)
	}
	if got := found(t, dir, discover(t, []string{dir}, engine.Options{})); len(got) != 1 {
		t.Errorf("found %q: the .gitignore outside the tree was read", got)
	}
}

func TestWalkSelect(t *testing.T) {
	dir := tree(t, map[string]string{
		"Dockerfile": plainDockerfile, "legacy/Dockerfile": plainDockerfile, "docker/web.df": plainDockerfile,
		"deploy/prod.yml": composeDoc, "notes.txt": "x",
	})
	sel := func(p string, isDir bool) (engine.Selection, error) {
		rel, _ := filepath.Rel(dir, p)
		switch {
		case filepath.ToSlash(rel) == "legacy":
			if !isDir {
				t.Errorf("legacy asked as a file")
			}
			return engine.Exclude, nil
		case strings.HasSuffix(rel, ".df"), strings.HasSuffix(rel, ".yml"):
			return engine.Include, nil
		case strings.HasPrefix(rel, "legacy"):
			t.Errorf("%s: walked into an excluded folder", rel)
		}
		return engine.Default, nil
	}
	got := found(t, dir, discover(t, []string{dir}, engine.Options{Select: sel}))
	want := []string{"compose deploy/prod.yml", "dockerfile Dockerfile", "dockerfile docker/web.df"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// A file reached twice is linted once: overlapping folders, a named file
// inside a walked folder, a named override file of a merged project.
func TestDiscoverDedupe(t *testing.T) {
	dir := tree(t, map[string]string{
		"Dockerfile": plainDockerfile, "docker/web/Dockerfile": plainDockerfile,
		"docker/web/compose.yaml": composeDoc, "docker/web/compose.override.yaml": composeDoc,
	})
	web := filepath.Join(dir, "docker", "web")
	paths := []string{filepath.Join(web, "compose.override.yaml"), dir, web, filepath.Join(web, "Dockerfile"), web + "/"}
	if err := os.Symlink(web, filepath.Join(dir, "web")); err == nil {
		paths = append(paths, filepath.Join(dir, "web"), filepath.Join(dir, "web", "Dockerfile"))
	}
	got := found(t, dir, discover(t, paths, engine.Options{}))
	want := []string{"compose docker/web/compose.yaml + docker/web/compose.override.yaml", "dockerfile Dockerfile", "dockerfile docker/web/Dockerfile"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
}

// A folder with nothing to lint is an error that names it: a typo must not
// look like a clean project.
func TestDiscoverNothingFound(t *testing.T) {
	dir := tree(t, map[string]string{"README.md": "x", "config.yaml": "a: 1\n"})
	full := tree(t, map[string]string{"Dockerfile": plainDockerfile})
	targets, errs := engine.Discover([]string{dir, full}, engine.Options{})
	var nf *engine.NotFoundError
	if len(targets) != 1 || len(errs) != 1 || !errors.As(errs[0], &nf) || nf.Path != dir {
		t.Fatalf("targets %v errs %v", targets, errs)
	}
	if want := "no Dockerfile or Compose file found under " + dir; errs[0].Error() != want {
		t.Errorf("%q, want %q", errs[0].Error(), want)
	}
}

// Nothing found because .gitignore hides it: the error says so.
func TestDiscoverNothingFoundIgnored(t *testing.T) {
	dir := gitTree(t, map[string]string{".gitignore": "Dockerfile*\n", "Dockerfile": plainDockerfile, "Dockerfile.dev": plainDockerfile})
	_, errs := engine.Discover([]string{dir}, engine.Options{})
	if want := "no Dockerfile or Compose file found under " + dir + " (2 are ignored by .gitignore; --no-ignore lints them)"; len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errs %v, want %q", errs, want)
	}
}

// BenchmarkDiscover walks a git tree of 2,000 files in 200 folders, with a
// .gitignore at the root and in every tenth folder, and a stack.yml (read
// to tell its kind) in every folder: the cost of finding files per file.
func BenchmarkDiscover(b *testing.B) {
	dir := b.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write(".git/HEAD", "ref: refs/heads/main\n")
	write(".gitignore", "*.log\nbuild/\n")
	files := 0
	for d := 0; d < 200; d++ {
		base := fmt.Sprintf("svc%03d/", d)
		if d%10 == 0 {
			write(base+".gitignore", "Dockerfile.local\n!keep.log\n")
		}
		for _, name := range []string{"Dockerfile", "Dockerfile.local", "compose.yaml", "compose.override.yml", "stack.yml", "main.go", "README.md", "x.log", "config.yaml"} {
			write(base+name, composeDoc)
			files++
		}
		write(base+"src/app.go", "package app\n")
		files++
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if targets, errs := engine.Discover([]string{dir}, engine.Options{}); len(errs) != 0 || len(targets) < 600 {
			b.Fatalf("%d targets, errors %v", len(targets), errs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
}

// Telling a kind from hostile content keeps the parsers' bounds: no panic,
// a file past dockerfile.MaxLines is not parsed as a Dockerfile.
func TestKindOfHostile(t *testing.T) {
	deep := strings.Repeat("[", 200_000)
	if k := engine.KindOf("-", []byte(deep)); k != rules.Dockerfile {
		t.Errorf("deep YAML: %s", k)
	}
	long := "FROM alpine\n" + strings.Repeat("RUN true\n", 150_000)
	if k, ok := engine.SniffKind([]byte(long)); ok {
		t.Errorf("a Dockerfile past MaxLines sniffed as %s", k)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'z'; i++ {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	if k := engine.KindOf("stack.yml", []byte(bomb+"services: {}\n")); k != rules.Compose {
		t.Errorf("alias bomb: %s", k)
	}
}
