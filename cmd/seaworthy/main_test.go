package main

import (
	"bytes"
	"encoding/json"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seed is the example from the "Secure Containers" seed: it must report
// the latest tag, the root user and npm install instead of npm ci.
const seed = "FROM alpine:latest\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n"

func seaworthy(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"seaworthy"}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type jsonReport struct {
	Version  int `json:"version"`
	Findings []struct {
		Rule      string `json:"rule"`
		Name      string `json:"name"`
		Severity  string `json:"severity"`
		File      string `json:"file"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
		Message   string `json:"message"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Message string `json:"message"`
	} `json:"errors"`
}

func decode(t *testing.T, s string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return r
}

func TestSeedExample(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", seed)
	out, errOut, code := seaworthy(t, "", "--format", "json", dir)
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	got := map[string]string{}
	for _, f := range decode(t, out).Findings {
		got[f.Name] = f.Message
	}
	for _, name := range []string{"base-image-latest", "user-root-final", "install-ignores-lockfile"} {
		if _, ok := got[name]; !ok {
			t.Errorf("no %s finding; got %v", name, got)
		}
	}
}

func TestFlagsAfterPaths(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "Dockerfile", seed)
	out, _, code := seaworthy(t, "", p, "-f", "json", "--ignore", "SW1201")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, f := range decode(t, out).Findings {
		if f.Rule == "SW1201" {
			t.Errorf("--ignore after the path was not honoured")
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean/Dockerfile", "FROM alpine:3.22\nUSER 10001\n")
	dirty := writeFile(t, dir, "dirty/Dockerfile", seed)
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"clean", []string{clean}, 0},
		{"findings", []string{dirty}, 1},
		{"no-fail", []string{"--no-fail", dirty}, 0},
		{"threshold error", []string{"--failure-threshold", "error", dirty}, 0},
		{"threshold none", []string{"--failure-threshold", "none", dirty}, 0},
		{"bad flag", []string{"--bogus", dirty}, 2},
		{"bad format", []string{"-f", "yaml", dirty}, 2},
		{"bad threshold", []string{"--failure-threshold", "high", dirty}, 2},
		{"unknown rule", []string{"--ignore", "SW9999", dirty}, 2},
		{"missing path", []string{filepath.Join(dir, "nope"), clean}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := seaworthy(t, "", c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, c.code, errOut)
			}
			if c.code == 2 {
				if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "seaworthy: ") {
					t.Errorf("want one stderr line, got %q", errOut)
				}
				if strings.Contains(errOut, "goroutine") || strings.Contains(out, "USAGE") {
					t.Errorf("usage or stack trace printed: %q %q", out, errOut)
				}
			}
		})
	}
}

func TestParseErrorIsFindingAndOthersStillLinted(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/Dockerfile", "FROM alpine:3.20\nRUN <<EOF\necho unterminated\n")
	writeFile(t, dir, "b/Dockerfile", "FROM alpine:latest\nUSER 1\n")
	out, _, code := seaworthy(t, "", "-f", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var rules []string
	for _, f := range decode(t, out).Findings {
		rules = append(rules, f.Rule+"@"+filepath.Base(filepath.Dir(f.File)))
	}
	if strings.Join(rules, " ") != "SW0001@a SW1102@b" {
		t.Errorf("findings %v", rules)
	}
}

func TestStdin(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "checkstyle", "gitlab", "github"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := seaworthy(t, seed, "-f", format, "--stdin-filename", "api/Dockerfile", "-")
			if code != 1 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, "api/Dockerfile") {
				t.Errorf("%s output does not name api/Dockerfile:\n%s", format, out)
			}
		})
	}
	out, _, code := seaworthy(t, "", "-f", "json", "-")
	if code != 1 || decode(t, out).Findings[0].Rule != "SW0001" {
		t.Errorf("empty stdin: exit %d, %s", code, out)
	}
}

func TestDeterministicOutput(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 20; i++ {
		writeFile(t, dir, filepath.Join("svc", string(rune('a'+i)), "Dockerfile"), seed)
	}
	first, _, _ := seaworthy(t, "", "-f", "json", dir)
	for i := 0; i < 5; i++ {
		if again, _, _ := seaworthy(t, "", "-f", "json", dir); again != first {
			t.Fatal("output differs between runs")
		}
	}
}

func TestOutputFileAndNoColor(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "Dockerfile", seed)
	out := filepath.Join(dir, "report.txt")
	if err := os.WriteFile(out, bytes.Repeat([]byte("x"), 100000), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FORCE_COLOR", "1")
	stdout, _, _ := seaworthy(t, "", "-o", out, p)
	data, _ := os.ReadFile(out)
	if stdout != "" || bytes.Contains(data, []byte("\x1b[")) || bytes.Contains(data, []byte("xxx")) {
		t.Errorf("report file is coloured or not truncated:\n%s", data)
	}
	colored, _, _ := seaworthy(t, "", p)
	if !strings.Contains(colored, "\x1b[") {
		t.Error("FORCE_COLOR did not colour the text output")
	}
	plain, _, _ := seaworthy(t, "", "--no-color", p)
	if strings.Contains(plain, "\x1b[") {
		t.Error("--no-color output is coloured")
	}
}

func TestRulesAndExplain(t *testing.T) {
	out, _, code := seaworthy(t, "", "rules", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) < 10 {
		t.Fatalf("rules json: %v (%d rules)", err, len(list))
	}
	for _, k := range []string{"id", "name", "kind", "severity", "summary", "help_uri", "tags", "cis", "equivalents", "fixable"} {
		if _, ok := list[0][k]; !ok {
			t.Errorf("rules json lacks %q", k)
		}
	}
	for _, name := range []string{"SW1102", "base-image-latest"} {
		out, _, code = seaworthy(t, "", "explain", name)
		if code != 0 || !strings.Contains(out, "SW1102 base-image-latest") {
			t.Errorf("explain %s: exit %d\n%s", name, code, out)
		}
	}
	if _, errOut, code := seaworthy(t, "", "explain", "nope"); code != 2 || !strings.Contains(errOut, "unknown rule") {
		t.Errorf("explain nope: exit %d %q", code, errOut)
	}
	if out, _, code := seaworthy(t, "", "version"); code != 0 || !strings.HasPrefix(out, "seaworthy ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// A peer's rule ID shows the seaworthy rules that declare it, for every
// equivalent any rule lists.
func TestExplainPeerRule(t *testing.T) {
	out, errOut, code := seaworthy(t, "", "explain", "DL3007")
	if code != 0 || !strings.HasPrefix(out, "hadolint DL3007 is covered by SW1102 base-image-latest.\n\nSW1102 base-image-latest (") {
		t.Fatalf("exit %d %q\n%s", code, errOut, out)
	}
	for _, r := range catalog.All() {
		for peer, ids := range r.Equivalents {
			for _, id := range ids {
				if catalog.Lookup(id) != nil {
					continue // a seaworthy name that is also a peer's
				}
				out, _, code := seaworthy(t, "", "explain", strings.ToLower(id))
				if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], r.ID+" "+r.Name) || !strings.HasPrefix(out, peer+" ") && !strings.Contains(out, " is covered by ") {
					t.Errorf("explain %s (%s): exit %d\n%.200s", id, peer, code, out)
				}
			}
		}
	}
}
