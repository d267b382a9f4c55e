package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const privilegedCompose = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n"

func findingNames(t *testing.T, out string) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	for _, f := range decode(t, out).Findings {
		m[f.Name] = append(m[f.Name], filepath.ToSlash(f.File))
	}
	return m
}

// Standard input without --stdin-filename, and a named file whose name
// says nothing, are told by content: Compose, not "unknown instruction".
func TestKindByContent(t *testing.T) {
	out, errOut, _ := seaworthy(t, privilegedCompose, "-f", "json", "-")
	got := findingNames(t, out)
	if _, ok := got["parse-error"]; ok || len(got["compose-privileged"]) != 1 {
		t.Errorf("stdin: %v %s", got, errOut)
	}
	dir := t.TempDir()
	stack := writeFile(t, dir, "deploy/stack.yml", privilegedCompose)
	odd := writeFile(t, dir, "x__docker-compose.yml", privilegedCompose)
	out, errOut, _ = seaworthy(t, "", "-f", "json", stack, odd)
	got = findingNames(t, out)
	if _, ok := got["parse-error"]; ok || len(got["compose-privileged"]) != 2 {
		t.Errorf("named: %v %s", got, errOut)
	}
	// --kind applies to named files and stdin, not to the files a walk finds.
	writeFile(t, dir, "Dockerfile", seed)
	out, errOut, _ = seaworthy(t, "", "-f", "json", "--kind", "compose", dir)
	got = findingNames(t, out)
	if _, ok := got["parse-error"]; ok || len(got["base-image-latest"]) != 1 {
		t.Errorf("walk with --kind: %v %s", got, errOut)
	}
}

func TestIncludeExcludeFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", seed)
	writeFile(t, dir, "legacy/Dockerfile", seed)
	writeFile(t, dir, "docker/web.df", seed)
	writeFile(t, dir, "deploy/prod.yml", privilegedCompose)
	t.Chdir(dir)
	out, errOut, _ := seaworthy(t, "", "-f", "json", "--include", "**/*.df", "--include", "deploy/*.yml", "--exclude", "legacy", ".")
	got := findingNames(t, out)
	if strings.Join(got["base-image-latest"], ",") != "Dockerfile,docker/web.df" || len(got["compose-privileged"]) != 1 {
		t.Errorf("%v %s", got, errOut)
	}
	// A file named on the command line is linted whatever the globs say.
	out, _, _ = seaworthy(t, "", "-f", "json", "--exclude", "legacy", "legacy/Dockerfile")
	if got := findingNames(t, out); len(got["base-image-latest"]) != 1 {
		t.Errorf("named excluded file: %v", got)
	}
	if _, errOut, code := seaworthy(t, "", "--exclude", "[", "."); code != 2 || !strings.Contains(errOut, `--exclude "["`) {
		t.Errorf("bad glob: exit %d %q", code, errOut)
	}
}

func TestGitignoreAndNoIgnore(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".gitignore", "build/\n")
	writeFile(t, dir, "Dockerfile", seed)
	writeFile(t, dir, "build/Dockerfile", seed)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	out, _, _ := seaworthy(t, "", "-f", "json", ".")
	if got := findingNames(t, out)["base-image-latest"]; strings.Join(got, ",") != "Dockerfile" {
		t.Errorf("ignored file linted: %v", got)
	}
	out, _, _ = seaworthy(t, "", "-f", "json", "--no-ignore", ".")
	if got := findingNames(t, out)["base-image-latest"]; strings.Join(got, ",") != "Dockerfile,build/Dockerfile" {
		t.Errorf("--no-ignore: %v", got)
	}
}

// `seaworthy . docker/web` reports each finding once.
func TestOverlappingPathsLintOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "docker/web/Dockerfile", seed)
	writeFile(t, dir, "docker/web/compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
	writeFile(t, dir, "docker/web/docker-compose.override.yml", "services:\n  web:\n    privileged: true\n")
	t.Chdir(dir)
	out, _, _ := seaworthy(t, "", "-f", "json", ".", "docker/web", "docker/web/Dockerfile", "docker/web/docker-compose.override.yml")
	r := decode(t, out)
	seen := map[string]bool{}
	for _, f := range r.Findings {
		k := f.Rule + f.File + string(rune(f.Line)) + string(rune(f.Column))
		if seen[k] {
			t.Errorf("reported twice: %+v", f)
		}
		seen[k] = true
	}
	got := findingNames(t, out)
	if p := got["compose-privileged"]; len(p) != 1 || p[0] != "docker/web/docker-compose.override.yml" {
		t.Errorf("privileged: %v", p)
	}
}

// Exit 2 leaves standard output empty (-o FILE still gets the report), and
// the error names the path once.
func TestExit2StdoutEmpty(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "Dockerfile", seed)
	missing := filepath.Join(dir, "nope")
	for _, format := range []string{"text", "json", "sarif"} {
		out, errOut, code := seaworthy(t, "", "-f", format, missing, good)
		if code != 2 || out != "" {
			t.Errorf("%s: exit %d, stdout %q", format, code, out)
		}
		if errOut != "seaworthy: "+missing+": no such file or directory\n" {
			t.Errorf("%s: stderr %q", format, errOut)
		}
	}
	report := filepath.Join(dir, "report.json")
	if _, _, code := seaworthy(t, "", "-f", "json", "-o", report, missing, good); code != 2 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	r := decode(t, string(data))
	if len(r.Errors) != 1 || r.Errors[0].File != missing || r.Errors[0].Message != "no such file or directory" || len(r.Findings) == 0 {
		t.Errorf("-o report: %+v", r)
	}
}

func TestNothingFound(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "README.md", "x\n")
	out, errOut, code := seaworthy(t, "", dir)
	if code != 2 || out != "" || errOut != "seaworthy: no Dockerfile or Compose file found under "+dir+"\n" {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errOut)
	}
}

// On a terminal the text format ends with the summary line; piped, it does not.
func TestSummaryOnTerminal(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", seed)
	writeFile(t, dir, "compose.yaml", privilegedCompose)
	out, _, _ := seaworthy(t, "", "--no-color", dir)
	if strings.Contains(out, "files linted") {
		t.Errorf("summary when not a terminal:\n%s", out)
	}
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	out, _, _ = seaworthy(t, "", "--no-color", dir)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "2 files linted (1 Dockerfile, 1 Compose file): ") || !strings.Contains(last, " findings (") {
		t.Errorf("last line %q", last)
	}
	// Not in a machine format, nor in -o files.
	if out, _, _ := seaworthy(t, "", "-f", "json", dir); strings.Contains(out, "files linted") {
		t.Error("summary in JSON")
	}
}
