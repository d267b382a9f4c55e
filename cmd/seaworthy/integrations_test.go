package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/seaworthy-dev/seaworthy/formatter"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// These tests keep the integration files at the repository root honest:
// .pre-commit-hooks.yaml, action.yml and .github/seaworthy-matcher.json.

// repoFile reads a file relative to the repository root.
func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	if pkgDirErr != nil {
		t.Fatal(pkgDirErr)
	}
	data, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// decodeStrict decodes YAML, failing on keys the struct does not name, so a
// misspelt key (e.g. "minimum_precommit_version") is caught.
func decodeStrict(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatal(err)
	}
}

// preCommitHook holds the manifest keys pre-commit knows
// (pre_commit/clientlib.py MANIFEST_HOOK_DICT) that the file may use.
type preCommitHook struct {
	ID                      string   `yaml:"id"`
	Name                    string   `yaml:"name"`
	Description             string   `yaml:"description"`
	Entry                   string   `yaml:"entry"`
	Language                string   `yaml:"language"`
	Types                   []string `yaml:"types"`
	TypesOr                 []string `yaml:"types_or"`
	Files                   string   `yaml:"files"`
	Exclude                 string   `yaml:"exclude"`
	Args                    []string `yaml:"args"`
	PassFilenames           *bool    `yaml:"pass_filenames"`
	RequireSerial           bool     `yaml:"require_serial"`
	MinimumPreCommitVersion string   `yaml:"minimum_pre_commit_version"`
}

// hookNames are file names the hook must agree on with engine.DetectKind:
// every form DESIGN.md lists, in folders, and near misses.
var hookNames = []string{
	// Dockerfiles (DESIGN: Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*)
	"Dockerfile", "api/Dockerfile", "deep/er/path/Dockerfile", "Dockerfile.dev", "Dockerfile.prod.arm64",
	"api/Dockerfile.test", "Dockerfile.", "Dockerfile.md", "api.Dockerfile", "svc/web.Dockerfile",
	"web.dockerfile", "x/y.dockerfile", "WEB.DOCKERFILE", "a.b.Dockerfile", ".dockerfile",
	"Containerfile", "build/Containerfile", "Containerfile.prod", "my dir/Dockerfile",
	// Variants real repositories use (issue 17).
	"dockerfile", "Dockerfile-dev", "api/Dockerfile-windows", "Containerfile-old", "containerfile",
	// Compose (DESIGN: compose.y(a)ml, compose.*.y(a)ml, docker-compose.y(a)ml, docker-compose.*.y(a)ml)
	"compose.yaml", "compose.yml", "deploy/compose.yaml", "compose.prod.yaml", "compose.override.yml",
	"docker-compose.yml", "docker-compose.yaml", "docker-compose.override.yaml",
	"deploy/docker-compose.prod.yml", "Compose.YAML", "DOCKER-COMPOSE.YML", "compose.a.b.yaml",
	"docker-compose-dev.yml", "deploy/docker-compose_secrets.yml", "Docker-Compose-Test.YAML",
	// Neither
	"DOCKERFILE", "Dockerfiles/app", "Dockerfile.d/run.sh", "Dockerfile-", "Dockerfile.dockerignore",
	"api/Dockerfile-dev.dockerignore", "web.Dockerfile.dockerignore", "stack.yml", "docker-stack.yml",
	"api/dockerfile.dev", "docs/Dockerfile.md/README", "dockerfile-dev",
	"compose.json", "compose.yaml.bak", "compose-dev.yaml", "my-compose.yaml", "docker-compose",
	"mycompose.yaml", "docs/compose-guide.yaml", "config.yaml", "compose/app.yaml", "README.md",
	"Dockerfile/", "dockerfile.yaml",
	// Skipped folders, as the folder walk skips them
	"node_modules/pkg/Dockerfile", "vendor/github.com/x/Dockerfile", "api/vendor/compose.yaml",
	"vendored/Dockerfile",
}

// walkSkips reports whether a folder walk from the repository root would
// skip name because it lies under a skipped folder (engine's skipDirs).
func walkSkips(name string) bool {
	parts := strings.Split(name, "/")
	for _, dir := range parts[:len(parts)-1] {
		if dir == "node_modules" || dir == "vendor" || dir == ".git" {
			return true
		}
	}
	return false
}

func TestPreCommitHooks(t *testing.T) {
	var hooks []preCommitHook
	decodeStrict(t, repoFile(t, ".pre-commit-hooks.yaml"), &hooks)
	languages := map[string]string{}
	for _, h := range hooks {
		if h.ID == "" || h.Name == "" || h.Entry == "" || h.Language == "" || h.Description == "" {
			t.Errorf("hook %+v lacks id, name, entry, language or description", h)
		}
		if _, dup := languages[h.ID]; dup {
			t.Errorf("hook id %s used twice", h.ID)
		}
		languages[h.ID] = h.Language
		// language golang runs `go install ./...` and puts the binaries, named
		// after their folders, on PATH: the entry must be cmd/<entry>.
		if bin := strings.Fields(h.Entry)[0]; bin != "seaworthy" {
			t.Errorf("hook %s: entry %q, want the seaworthy binary", h.ID, h.Entry)
		}
		if strings.Join(h.Types, ",") != "text" || len(h.TypesOr) != 0 {
			t.Errorf("hook %s: types %v: want [text] (identify's dockerfile type misses Compose and *.dockerfile)", h.ID, h.Types)
		}
		if h.PassFilenames != nil && !*h.PassFilenames {
			t.Errorf("hook %s: pass_filenames must stay true", h.ID)
		}
		if h.Files != hooks[0].Files || h.Exclude != hooks[0].Exclude {
			t.Errorf("hook %s: files/exclude differ from hook %s", h.ID, hooks[0].ID)
		}
	}
	if languages["seaworthy"] != "golang" || languages["seaworthy-system"] != "system" || len(hooks) != 2 {
		t.Errorf("hooks %v: want seaworthy (golang) and seaworthy-system (system)", languages)
	}
	if fi, err := os.Stat(filepath.Join(pkgDir, "main.go")); err != nil || filepath.Base(pkgDir) != "seaworthy" || fi.IsDir() {
		t.Errorf("the golang hook expects the main package in cmd/seaworthy")
	}

	files, err := regexp.Compile(hooks[0].Files)
	if err != nil {
		t.Fatalf("files: %v", err)
	}
	exclude, err := regexp.Compile(hooks[0].Exclude)
	if err != nil {
		t.Fatalf("exclude: %v", err)
	}
	goVerdicts := map[string]bool{}
	for _, name := range hookNames {
		got := files.MatchString(name) && !exclude.MatchString(name)
		goVerdicts[name] = got
		_, kind := engine.DetectKind(name)
		if want := kind && !strings.HasSuffix(name, "/") && !walkSkips(name); got != want {
			t.Errorf("%q: hook selects it = %v, but seaworthy's folder walk would lint it = %v", name, got, want)
		}
	}
	checkPythonRegex(t, hooks[0].Files, hooks[0].Exclude, goVerdicts)
}

// checkPythonRegex runs the patterns through Python's re.search, as
// pre-commit does, and compares each verdict with Go's, so the patterns stay
// in the syntax both read alike. Skipped where python3 is not installed.
func checkPythonRegex(t *testing.T, files, exclude string, goVerdicts map[string]bool) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not found: Python re cross-check skipped")
		return
	}
	const script = `import json, re, sys
d = json.load(sys.stdin)
f, x = re.compile(d["files"]), re.compile(d["exclude"])
json.dump({n: bool(f.search(n)) and not x.search(n) for n in d["names"]}, sys.stdout)`
	var names []string
	for n := range goVerdicts {
		names = append(names, n)
	}
	sort.Strings(names)
	in, err := json.Marshal(map[string]any{"files": files, "exclude": exclude, "names": names})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var pyVerdicts map[string]bool
	if err := json.Unmarshal(out, &pyVerdicts); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if pyVerdicts[n] != goVerdicts[n] {
			t.Errorf("%q: Python re says %v, Go regexp says %v", n, pyVerdicts[n], goVerdicts[n])
		}
	}
}

// actionManifest is the part of action.yml the checks read; unknown keys fail.
type actionManifest struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    map[string]string `yaml:"branding"`
	Inputs      map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	With  map[string]string `yaml:"with"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	Run   string            `yaml:"run"`
}

func loadAction(t *testing.T) *actionManifest {
	t.Helper()
	var a actionManifest
	decodeStrict(t, repoFile(t, "action.yml"), &a)
	return &a
}

func (a *actionManifest) step(id string) *actionStep {
	for i := range a.Runs.Steps {
		if a.Runs.Steps[i].ID == id {
			return &a.Runs.Steps[i]
		}
	}
	return nil
}

var (
	inputRef     = regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`)
	envRef       = regexp.MustCompile(`\$\{?([A-Z][A-Z0-9_]*)`)
	outputRef    = regexp.MustCompile(`^\$\{\{ steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+) \}\}$`)
	flagRef      = regexp.MustCompile(`(?:^|\s)(--[a-z][a-z-]*)`)
	moduleLineRE = regexp.MustCompile(`(?m)^module (\S+)$`)
)

func TestActionManifest(t *testing.T) {
	a := loadAction(t)
	if a.Name == "" || a.Description == "" || a.Runs.Using != "composite" {
		t.Errorf("name %q, description %q, runs.using %q: want a described composite action", a.Name, a.Description, a.Runs.Using)
	}
	for _, name := range []string{"paths", "format", "config", "failure-threshold", "sarif-file", "no-fail", "version"} {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("no input %q", name)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	if _, err := formatter.Get(a.Inputs["format"].Default); err != nil {
		t.Errorf("input format: default %v", err)
	}
	if _, err := rules.ParseSeverity(a.Inputs["failure-threshold"].Default); err != nil {
		t.Errorf("input failure-threshold: default %v", err)
	}

	used := map[string]bool{}
	var setupGo, install bool
	for _, s := range a.Runs.Steps {
		for _, v := range s.With {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				used[m[1]] = true
			}
		}
		for _, v := range s.Env {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				used[m[1]] = true
			}
		}
		if strings.HasPrefix(s.Uses, "actions/setup-go@") {
			setupGo = true
		}
		if s.Uses != "" {
			continue
		}
		checkRunStep(t, s)
		if strings.Contains(s.Run, "go install") {
			install = true
			checkInstallStep(t, s)
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared but no step reads it", name)
		}
	}
	for name := range used {
		if _, ok := a.Inputs[name]; !ok {
			t.Errorf("a step reads inputs.%s, which is not declared", name)
		}
	}
	if !setupGo || !install {
		t.Errorf("want an actions/setup-go step (%v) and a go install step (%v)", setupGo, install)
	}
	for name, out := range a.Outputs {
		m := outputRef.FindStringSubmatch(out.Value)
		if m == nil || out.Description == "" {
			t.Errorf("output %s: value %q: want a described ${{ steps.ID.outputs.NAME }}", name, out.Value)
			continue
		}
		s := a.step(m[1])
		if s == nil || !strings.Contains(s.Run, m[2]+"=") || !strings.Contains(s.Run, "$GITHUB_OUTPUT") {
			t.Errorf("output %s: step %q does not write %s to $GITHUB_OUTPUT", name, m[1], m[2])
		}
	}
	if _, ok := a.Outputs["sarif-file"]; !ok {
		t.Error("no sarif-file output for upload-sarif")
	}
}

// checkRunStep checks a script step: it names its shell, takes inputs only
// through env: (a ${{ }} inside a script is a template-injection hole), reads
// every variable it is given, and uses only flags the CLI has.
func checkRunStep(t *testing.T, s actionStep) {
	t.Helper()
	if s.Shell == "" {
		t.Errorf("step %q: composite run steps need a shell", s.Name)
	}
	if strings.Contains(s.Run, "${{") {
		t.Errorf("step %q: expression inside the script; pass it through env:", s.Name)
	}
	read := map[string]bool{}
	for _, m := range envRef.FindAllStringSubmatch(s.Run, -1) {
		read[m[1]] = true
	}
	for name := range s.Env {
		if !read[name] {
			t.Errorf("step %q: env %s is set but the script never reads it", s.Name, name)
		}
	}
	known := map[string]bool{}
	for _, f := range lintFlags() {
		for _, n := range f.Names() {
			known["--"+n] = true
		}
	}
	for _, line := range strings.Split(s.Run, "\n") {
		if !strings.Contains(line, "seaworthy ") && !strings.Contains(line, "args+=") {
			continue
		}
		for _, m := range flagRef.FindAllStringSubmatch(line, -1) {
			if !known[m[1]] {
				t.Errorf("step %q uses %s, which seaworthy does not have: %s", s.Name, m[1], strings.TrimSpace(line))
			}
		}
	}
}

// checkInstallStep checks the install names this module and falls back from
// the action's own ref (github.action_ref) to its checked-out source.
func checkInstallStep(t *testing.T, s actionStep) {
	t.Helper()
	m := moduleLineRE.FindSubmatch(repoFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	if !strings.Contains(s.Run, string(m[1])+"/cmd/seaworthy") {
		t.Errorf("install step does not go install %s/cmd/seaworthy", m[1])
	}
	var ref, path bool
	for name, v := range s.Env {
		ref = ref || strings.Contains(v, "github.action_ref") && strings.Contains(s.Run, name)
		path = path || strings.Contains(v, "github.action_path") && strings.Contains(s.Run, name)
	}
	if !ref || !path {
		t.Errorf("install step: uses github.action_ref %v, falls back to github.action_path %v", ref, path)
	}
}

// TestActionLintStep runs the action's lint script with bash and a real
// seaworthy binary over a small repository, as the runner would, and checks
// the annotations, the SARIF file, the outputs and the exit code.
func TestActionLintStep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	a := loadAction(t)
	lint := a.step("lint")
	if lint == nil {
		t.Fatal("no step with id lint")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not found")
	}
	bin := t.TempDir()
	build := exec.Command(goTool, "build", "-o", filepath.Join(bin, "seaworthy"), ".")
	build.Dir = pkgDir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := repo(t)

	cases := []struct {
		name   string
		inputs map[string]string
		code   string
		sarif  bool
		log    string
	}{
		{"defaults", nil, "1", true, "::warning file=api/Dockerfile,line=1,"},
		{"no-fail", map[string]string{"no-fail": "true"}, "0", true, "::warning file=api/Dockerfile,"},
		{"threshold none, text, two paths", map[string]string{"failure-threshold": "none", "format": "text", "paths": "api/Dockerfile\n  compose.yaml "}, "0", true, "api/Dockerfile:1:"},
		{"no sarif", map[string]string{"sarif-file": ""}, "1", false, "::warning file="},
		{"bad config", map[string]string{"config": "missing.yaml"}, "2", false, ""},
		// Exit 2 leaves standard output empty; the SARIF file (-o) is still written.
		{"bad path", map[string]string{"paths": "api nope"}, "2", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A stale report must not pass for a new one.
			stale := []byte("stale")
			if sf, ok := c.inputs["sarif-file"]; ok && sf == "" {
				stale = nil
			}
			_ = os.Remove(filepath.Join(root, "seaworthy.sarif"))
			if stale != nil {
				if err := os.WriteFile(filepath.Join(root, "seaworthy.sarif"), stale, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ghOut := filepath.Join(t.TempDir(), "github_output")
			env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_OUTPUT="+ghOut)
			for name, v := range lint.Env {
				m := regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`).FindStringSubmatch(v)
				if m == nil {
					t.Fatalf("env %s = %q: want one input", name, v)
				}
				val := a.Inputs[m[1]].Default
				if override, ok := c.inputs[m[1]]; ok {
					val = override
				}
				env = append(env, name+"="+val)
			}
			cmd := exec.Command(bash, "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", lint.Run)
			cmd.Dir, cmd.Env = root, env
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := "0"
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = strconv.Itoa(ee.ExitCode())
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.code {
				t.Fatalf("exit %s, want %s\nstdout:\n%s\nstderr:\n%s", code, c.code, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), c.log) {
				t.Errorf("log lacks %q:\n%s", c.log, &stdout)
			}
			outputs, _ := os.ReadFile(ghOut)
			wantOut := "sarif-file=\nexit-code=" + c.code + "\n"
			if c.sarif {
				wantOut = "sarif-file=seaworthy.sarif\nexit-code=" + c.code + "\n"
			}
			if string(outputs) != wantOut {
				t.Errorf("GITHUB_OUTPUT = %q, want %q", outputs, wantOut)
			}
			sarif, err := os.ReadFile(filepath.Join(root, "seaworthy.sarif"))
			if c.sarif != (err == nil) {
				t.Fatalf("SARIF file written = %v, want %v", err == nil, c.sarif)
			}
			if c.sarif && c.code != "2" {
				checkSARIF(t, sarif, root)
			}
		})
	}
}

// TestProblemMatcher runs the matcher's regexp (JavaScript, read here by Go's
// regexp: the syntax it uses means the same in both) over real text output:
// it must pick up every error and warning line with its file, position and
// rule, and nothing else.
func TestProblemMatcher(t *testing.T) {
	var m struct {
		ProblemMatcher []struct {
			Owner   string `json:"owner"`
			Pattern []struct {
				Regexp   string `json:"regexp"`
				File     int    `json:"file"`
				Line     int    `json:"line"`
				Column   int    `json:"column"`
				Severity int    `json:"severity"`
				Message  int    `json:"message"`
				Code     int    `json:"code"`
			} `json:"pattern"`
		} `json:"problemMatcher"`
	}
	if err := json.Unmarshal(repoFile(t, ".github/seaworthy-matcher.json"), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.ProblemMatcher) != 1 || m.ProblemMatcher[0].Owner != "seaworthy" || len(m.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("want one matcher owned by seaworthy with one pattern: %+v", m)
	}
	p := m.ProblemMatcher[0].Pattern[0]
	re, err := regexp.Compile(p.Regexp)
	if err != nil {
		t.Fatal(err)
	}
	src := seed + "RUN apt-get install -y curl\n"
	out, _, code := seaworthy(t, src, "--no-color", "--failure-threshold", "none", "--stdin-filename", "my app/Dockerfile", "-")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var matched, severe int
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		g := re.FindStringSubmatch(line)
		isSevere := !strings.HasPrefix(line, " ") && (strings.Contains(line, ": error: ") || strings.Contains(line, ": warning: "))
		if isSevere {
			severe++
		}
		if (g != nil) != isSevere {
			t.Errorf("matcher verdict %v on %q", g != nil, line)
			continue
		}
		if g == nil {
			continue
		}
		matched++
		if g[p.File] != "my app/Dockerfile" || g[p.Line] == "" || g[p.Column] == "" ||
			!strings.HasPrefix(g[p.Code], "SW") || g[p.Message] == "" || !strings.Contains(line, "["+g[p.Code]+" ") {
			t.Errorf("matcher groups %q on %q", g, line)
		}
	}
	if severe == 0 || matched != severe {
		t.Errorf("%d error/warning lines, %d matched", severe, matched)
	}
}

// TestStdinFilenameEachFormat checks that --stdin-filename is the file every
// format reports for standard input (editors match findings to the buffer by
// it) and picks the kind: a Compose name gets Compose rules.
func TestStdinFilenameEachFormat(t *testing.T) {
	const composeSrc = "services:\n  web:\n    image: nginx:latest\n    privileged: true\n"
	for _, c := range []struct{ name, src, prefix string }{
		{"api/Dockerfile", seed, "SW1"},
		{"deploy/compose.prod.yaml", composeSrc, "SW2"},
		{"/abs/Dockerfile", seed, "SW1"},
	} {
		for _, format := range formatter.Names() {
			if format == "compliance" || format == "compliance-html" {
				continue // the same report as compliance-json, for people
			}
			out, stderr, code := seaworthy(t, c.src, "-f", format, "--no-color", "--stdin-filename", c.name, "-")
			if code != 1 {
				t.Errorf("%s %s: exit %d: %s", format, c.name, code, stderr)
				continue
			}
			files, ids := reportedFiles(t, format, out)
			if len(files) == 0 {
				t.Errorf("%s %s: no findings in\n%s", format, c.name, out)
			}
			want := c.name
			if format == "sarif" && strings.HasPrefix(c.name, "/") {
				want = "file://" + c.name
			}
			for _, f := range files {
				if f != want {
					t.Errorf("%s: reports file %q, want %q", format, f, want)
				}
			}
			for _, id := range ids {
				if !strings.HasPrefix(id, c.prefix) {
					t.Errorf("%s %s: rule %s, want only %sxxx rules", format, c.name, id, c.prefix)
				}
			}
		}
	}
}

// reportedFiles parses each format's output for the file and the rule of
// every finding.
func reportedFiles(t *testing.T, format, out string) (files, ids []string) {
	t.Helper()
	switch format {
	case "text":
		re := regexp.MustCompile(`^(.+?):\d+:\d+: \w+: .* \[(SW\d{4}) `)
		for _, l := range strings.Split(out, "\n") {
			if g := re.FindStringSubmatch(l); g != nil {
				files, ids = append(files, g[1]), append(ids, g[2])
			}
		}
	case "github":
		re := regexp.MustCompile(`^::\w+ file=([^,]+),.*title=(SW\d{4}) `)
		for _, l := range strings.Split(out, "\n") {
			if g := re.FindStringSubmatch(l); g != nil {
				files, ids = append(files, g[1]), append(ids, g[2])
			}
		}
	case "json":
		for _, f := range decode(t, out).Findings {
			files, ids = append(files, f.File), append(ids, f.Rule)
		}
	case "sarif":
		var doc sarifDoc
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, r := range doc.Runs[0].Results {
			files, ids = append(files, r.Locations[0].PhysicalLocation.ArtifactLocation.URI), append(ids, r.RuleID)
		}
	case "compliance-json":
		var c struct {
			Controls []struct {
				Failures []struct{ File, Rule string } `json:"failures"`
			} `json:"controls"`
		}
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatal(err)
		}
		for _, cc := range c.Controls {
			for _, f := range cc.Failures {
				files, ids = append(files, f.File), append(ids, f.Rule)
			}
		}
	case "gitlab":
		var issues []struct {
			CheckName string `json:"check_name"`
			Location  struct {
				Path string `json:"path"`
			} `json:"location"`
		}
		if err := json.Unmarshal([]byte(out), &issues); err != nil {
			t.Fatal(err)
		}
		for _, is := range issues {
			files, ids = append(files, is.Location.Path), append(ids, is.CheckName)
		}
	case "checkstyle":
		var doc struct {
			Files []struct {
				Name   string `xml:"name,attr"`
				Errors []struct {
					Source string `xml:"source,attr"`
				} `xml:"error"`
			} `xml:"file"`
		}
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Files {
			for _, e := range f.Errors {
				files, ids = append(files, f.Name), append(ids, e.Source)
			}
		}
	default:
		t.Fatalf("no parser for format %s", format)
	}
	return files, ids
}

// TestPreCommitExcludeAdvice: pre-commit's exclude: in a user's config
// replaces the hook's own, so the one the docs suggest must still exclude
// everything the hook excludes (node_modules, vendor, .dockerignore files).
func TestPreCommitExcludeAdvice(t *testing.T) {
	var hooks []preCommitHook
	decodeStrict(t, repoFile(t, ".pre-commit-hooks.yaml"), &hooks)
	own := regexp.MustCompile(hooks[0].Exclude)
	m := regexp.MustCompile(`(?m)^\s*# exclude: '([^']+)'$`).FindSubmatch(repoFile(t, "docs/integrations.md"))
	if m == nil {
		t.Fatal("docs/integrations.md: no `# exclude: '...'` example in the pre-commit config")
	}
	advice, err := regexp.Compile(string(m[1]))
	if err != nil {
		t.Fatalf("the advised exclude %q: %v", m[1], err)
	}
	names := append([]string{"Dockerfile.md", "Dockerfile.dockerignore", "web/Dockerfile.prod.dockerignore"}, hookNames...)
	excluded := 0
	for _, name := range names {
		if own.MatchString(name) {
			excluded++
			if !advice.MatchString(name) {
				t.Errorf("%q: the hook excludes it, the advised exclude %q does not", name, m[1])
			}
		}
	}
	if excluded < 4 || !advice.MatchString("Dockerfile.md") {
		t.Errorf("the test checks too little: %d names excluded", excluded)
	}
	checkPythonRegex(t, hooks[0].Files, string(m[1]), pythonVerdicts(hooks[0].Files, string(m[1]), hookNames))
}

// pythonVerdicts is what Go's regexp says of names for files and exclude,
// for checkPythonRegex to compare with Python's.
func pythonVerdicts(files, exclude string, names []string) map[string]bool {
	f, x := regexp.MustCompile(files), regexp.MustCompile(exclude)
	out := map[string]bool{}
	for _, n := range names {
		out[n] = f.MatchString(n) && !x.MatchString(n)
	}
	return out
}
