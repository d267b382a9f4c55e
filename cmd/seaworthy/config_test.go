package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// findings lists "RULE@dir/file" (relative to dir) of a JSON report.
func findings(t *testing.T, dir, out string) string {
	t.Helper()
	var got []string
	for _, f := range decode(t, out).Findings {
		rel, err := filepath.Rel(dir, f.File)
		if err != nil {
			rel = f.File
		}
		got = append(got, f.Rule+"@"+filepath.ToSlash(rel))
	}
	sort.Strings(got)
	return strings.Join(got, " ")
}

func oneErrorLine(t *testing.T, errOut string) {
	t.Helper()
	if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.HasPrefix(errOut, "seaworthy: ") {
		t.Errorf("want one stderr line, got %q", errOut)
	}
}

// gitRepo makes a folder that looks like a repository root.
func gitRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, ".git/HEAD", "ref: refs/heads/main\n")
	return dir
}

const latest = "FROM alpine:latest\nUSER 10001\n"

func TestConfigErrorsExit2(t *testing.T) {
	cases := []struct{ config, want string }{
		{"ignore: [SW1102]\nbogus: 1\n", `.seaworthy.yaml:2:1: unknown key "bogus"`},
		{"severity:\n  SW1102: loud\n", `.seaworthy.yaml:2:11: severity: SW1102: unknown severity "loud"`},
		{"ignore: [nope]\n", `.seaworthy.yaml:1:10: ignore: unknown rule "nope"`},
		{"failure-threshold: high\n", `.seaworthy.yaml:1:20: failure-threshold: unknown severity "high"`},
		{"rules:\n  nope: {}\n", `.seaworthy.yaml:2:3: rules: unknown rule "nope"`},
		{"ignore: [a\n", `.seaworthy.yaml:`},
	}
	for _, c := range cases {
		dir := gitRepo(t)
		writeFile(t, dir, ".seaworthy.yaml", c.config)
		writeFile(t, dir, "api/Dockerfile", latest)
		writeFile(t, dir, "web/Dockerfile", latest)
		out, errOut, code := seaworthy(t, "", "-f", "json", dir)
		if code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q", c.config, code, out)
		}
		oneErrorLine(t, errOut)
		if !strings.Contains(errOut, c.want) {
			t.Errorf("%q: stderr %q, want %q", c.config, errOut, c.want)
		}
	}
	// --config names a missing or bad file.
	dir := gitRepo(t)
	p := writeFile(t, dir, "Dockerfile", latest)
	_, errOut, code := seaworthy(t, "", "--config", filepath.Join(dir, "nope.yaml"), p)
	if code != 2 || !strings.Contains(errOut, "nope.yaml: configuration file not found") {
		t.Errorf("missing --config: exit %d %q", code, errOut)
	}
	oneErrorLine(t, errOut)
}

func TestConfigPerFolder(t *testing.T) {
	dir := gitRepo(t)
	writeFile(t, dir, "api/Dockerfile", latest)
	writeFile(t, dir, "web/Dockerfile", latest)
	writeFile(t, dir, "web/.seaworthy.yaml", "ignore: [base-image-latest]\n")
	writeFile(t, dir, "web/deep/Dockerfile", latest)
	out, _, code := seaworthy(t, "", "-f", "json", dir)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if got := findings(t, dir, out); got != "SW1102@api/Dockerfile" {
		t.Errorf("findings %s", got)
	}
	// A config above the repository root is not read.
	outer := t.TempDir()
	writeFile(t, outer, ".seaworthy.yaml", "bogus: 1\n")
	inner := filepath.Join(outer, "r")
	writeFile(t, inner, ".git/HEAD", "")
	writeFile(t, inner, "Dockerfile", latest)
	if _, errOut, code := seaworthy(t, "", inner); code != 1 {
		t.Errorf("config above the repository read: exit %d %q", code, errOut)
	}
}

func TestConfigThresholdSeverityEnable(t *testing.T) {
	dir := gitRepo(t)
	p := writeFile(t, dir, "Dockerfile", latest)
	writeFile(t, dir, ".seaworthy.yaml", "failure-threshold: error\n")
	if _, _, code := seaworthy(t, "", p); code != 0 {
		t.Errorf("config threshold error: exit %d", code)
	}
	if _, _, code := seaworthy(t, "", "--failure-threshold", "warning", p); code != 1 {
		t.Errorf("the flag must win over the config: exit %d", code)
	}
	writeFile(t, dir, ".seaworthy.yaml", "failure-threshold: error\nseverity:\n  SW1102: error\n")
	out, _, code := seaworthy(t, "", "-f", "json", p)
	if code != 1 || decode(t, out).Findings[0].Severity != "error" {
		t.Errorf("severity override: exit %d %s", code, out)
	}
	writeFile(t, dir, ".seaworthy.yaml", "failure-threshold: none\n")
	if _, _, code := seaworthy(t, "", p); code != 0 {
		t.Errorf("threshold none: exit %d", code)
	}
	// enable turns on a rule that is off by default.
	c := writeFile(t, dir, "compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
	out, _, _ = seaworthy(t, "", "-f", "json", c)
	if strings.Contains(out, "SW2502") {
		t.Fatalf("SW2502 is on by default: %s", out)
	}
	writeFile(t, dir, ".seaworthy.yaml", "enable: [compose-image-no-digest]\n")
	out, _, _ = seaworthy(t, "", "-f", "json", c)
	if !strings.Contains(out, "SW2502") {
		t.Errorf("enable did not turn SW2502 on: %s", out)
	}
	// --ignore adds to the config's ignore list.
	writeFile(t, dir, ".seaworthy.yaml", "ignore: [SW1101]\n")
	out, _, _ = seaworthy(t, "", "-f", "json", "--ignore", "SW1102", p)
	if strings.Contains(out, "SW1102") {
		t.Errorf("--ignore with a config: %s", out)
	}
}

func TestExplicitConfig(t *testing.T) {
	dir := gitRepo(t)
	p := writeFile(t, dir, "api/Dockerfile", latest)
	writeFile(t, dir, "api/.seaworthy.yaml", "bogus: 1\n") // not read
	policy := writeFile(t, dir, "policy.yaml", "ignore: [SW1102]\n")
	if _, errOut, code := seaworthy(t, "", p, "-c", policy); code != 0 {
		t.Errorf("--config: exit %d %q", code, errOut)
	}
}

func TestStdinConfigLookup(t *testing.T) {
	dir := gitRepo(t)
	writeFile(t, dir, "api/.seaworthy.yaml", "ignore: [SW1102]\n")
	name := filepath.Join(dir, "api", "Dockerfile")
	if _, errOut, code := seaworthy(t, latest, "--stdin-filename", name, "-"); code != 0 {
		t.Errorf("stdin config look-up: exit %d %q", code, errOut)
	}
}

func TestIncludeExclude(t *testing.T) {
	dir := gitRepo(t)
	writeFile(t, dir, ".seaworthy.yaml", "include: [\"docker/*.df\", \"deploy/*.yml\"]\nexclude: [legacy, \"**/testdata/**\"]\n")
	writeFile(t, dir, "docker/api.df", latest)
	writeFile(t, dir, "docker/notes.txt", "not linted\n")
	writeFile(t, dir, "deploy/prod.yml", "services:\n  web:\n    image: nginx:1.30\n    privileged: true\n")
	writeFile(t, dir, "legacy/Dockerfile", latest)
	writeFile(t, dir, "src/testdata/Dockerfile", latest)
	writeFile(t, dir, "src/Dockerfile", latest)
	out, _, _ := seaworthy(t, "", "-f", "json", "--ignore", "SW2104,SW2117,SW2401,SW2402,SW2403", dir)
	if got := findings(t, dir, out); got != "SW1102@docker/api.df SW1102@src/Dockerfile SW2101@deploy/prod.yml" {
		t.Errorf("findings %s", got)
	}
	// A file named on the command line is linted even when excluded.
	out, _, _ = seaworthy(t, "", "-f", "json", filepath.Join(dir, "legacy", "Dockerfile"))
	if got := findings(t, dir, out); got != "SW1102@legacy/Dockerfile" {
		t.Errorf("named file: %s", got)
	}
}

func TestConfigInit(t *testing.T) {
	dir := gitRepo(t)
	p := filepath.Join(dir, ".seaworthy.yaml")
	out, errOut, code := seaworthy(t, "", "config", "init", "-o", p)
	if code != 0 || !strings.Contains(out, "wrote ") {
		t.Fatalf("init: exit %d %q %q", code, out, errOut)
	}
	data, _ := os.ReadFile(p)
	if !strings.Contains(string(data), "# failure-threshold: warning") {
		t.Errorf("template:\n%s", data)
	}
	_, errOut, code = seaworthy(t, "", "config", "init", "-o", p)
	if code != 2 || !strings.Contains(errOut, "already exists; use --force") {
		t.Errorf("overwrite: exit %d %q", code, errOut)
	}
	oneErrorLine(t, errOut)
	if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code = seaworthy(t, "", "config", "init", "-o", p, "--force"); code != 0 {
		t.Errorf("--force: exit %d %q", code, errOut)
	}
	if data, _ := os.ReadFile(p); string(data) == "x" {
		t.Error("--force did not overwrite")
	}
	// The written default lints like no config at all.
	d := writeFile(t, dir, "Dockerfile", latest)
	if _, errOut, code := seaworthy(t, "", d); code != 1 || errOut != "" {
		t.Errorf("lint with the default config: exit %d %q", code, errOut)
	}
	out, _, code = seaworthy(t, "", "config", "init", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, "# seaworthy configuration") {
		t.Errorf("-o -: %d %q", code, out)
	}
	if _, _, code := seaworthy(t, "", "config"); code != 2 {
		t.Errorf("config alone: exit %d", code)
	}
}

func TestConfigMigrate(t *testing.T) {
	dir := gitRepo(t)
	h := writeFile(t, dir, ".hadolint.yaml", "ignored: [DL3007, DL3059]\noverride:\n  error: [DL3006]\ntrustedRegistries: docker.io\nfailure-threshold: warning\n")
	p := filepath.Join(dir, ".seaworthy.yaml")
	// Flags after the file, as for linting.
	if out, errOut, code := seaworthy(t, "", "config", "migrate", h, "-o", p); code != 0 {
		t.Fatalf("migrate: exit %d %q %q", code, out, errOut)
	}
	data, _ := os.ReadFile(p)
	for _, want := range []string{"  - SW1102 # base-image-latest (hadolint DL3007)", "  SW1101: error", "failure-threshold: warning", "  - \"docker.io\""} {
		if !strings.Contains(string(data), want) {
			t.Errorf("migrated file lacks %q:\n%s", want, data)
		}
	}
	d := writeFile(t, dir, "Dockerfile", latest)
	if _, errOut, code := seaworthy(t, "", d); code != 0 {
		t.Errorf("migrated config: DL3007 ignored, exit %d %q", code, errOut)
	}
	if _, errOut, code := seaworthy(t, "", "config", "migrate", h, "-o", p); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("migrate overwrite: exit %d %q", code, errOut)
	}
	if _, errOut, code := seaworthy(t, "", "config", "migrate", filepath.Join(dir, "missing.yaml"), "-o", "-"); code != 2 || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing hadolint file: exit %d %q", code, errOut)
	}
	bad := writeFile(t, dir, "bad.yaml", "failure-threshold: loud\n")
	_, errOut, code := seaworthy(t, "", "config", "migrate", bad, "-o", "-")
	if code != 2 || !strings.Contains(errOut, "bad.yaml:1:20: failure-threshold") {
		t.Errorf("bad hadolint file: exit %d %q", code, errOut)
	}
	oneErrorLine(t, errOut)
}
