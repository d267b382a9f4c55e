package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
)

func write(t *testing.T, dir, name, text string) string {
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

func has(rs []*rules.Rule, id string) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func TestLookupUpwardsToRepositoryRoot(t *testing.T) {
	top := t.TempDir()
	write(t, top, ".seaworthy.yaml", "bogus: key above the repository\n") // never read
	repo := filepath.Join(top, "repo")
	write(t, repo, ".git/HEAD", "ref: refs/heads/main\n")
	write(t, repo, ".seaworthy.yaml", "ignore: [SW1102]\nfailure-threshold: error\n")
	write(t, repo, "svc/.seaworthy.yml", "severity: {SW1101: info}\n")
	write(t, repo, "bad/.seaworthy.yaml", "ignore: [nope]\n")
	other := filepath.Join(top, "norepo", "a", "b")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}

	r, err := NewResolver("", Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	root, err := r.Config(filepath.Join(repo, "api", "deep", "Dockerfile"))
	if err != nil || !strings.HasSuffix(root.Path, filepath.Join("repo", ".seaworthy.yaml")) {
		t.Fatalf("repo file: %v %+v", err, root)
	}
	svc, err := r.Config(filepath.Join(repo, "svc", "x", "Dockerfile"))
	if err != nil || !strings.HasSuffix(svc.Path, ".seaworthy.yml") {
		t.Fatalf("nearest config wins: %v %+v", err, svc)
	}
	if _, err := r.Config(filepath.Join(repo, "bad", "Dockerfile")); err == nil || !strings.Contains(err.Error(), `unknown rule "nope"`) {
		t.Errorf("bad config: %v", err)
	}
	// Outside the repository the search goes to the filesystem root and
	// finds the file in top (no .git stops it).
	if c, err := r.Config(filepath.Join(other, "Dockerfile")); err == nil {
		t.Errorf("norepo: want the error of %s, got %+v", filepath.Join(top, ".seaworthy.yaml"), c)
	}
	if got := Find(filepath.Join(repo, "api")); !strings.HasSuffix(got, filepath.Join("repo", ".seaworthy.yaml")) {
		t.Errorf("Find = %q", got)
	}

	// Engine view: the ignored rule is off, the threshold is the file's.
	fc, err := r.For(filepath.Join(repo, "api", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if has(fc.Rules, "SW1102") || !fc.Off[rule(t, "SW1102")] || !has(fc.Rules, "SW1101") {
		t.Errorf("ignore not applied")
	}
	if r.Threshold(filepath.Join(repo, "api", "Dockerfile")) != rules.Error || r.Threshold(filepath.Join(repo, "svc", "Dockerfile")) != rules.Warning {
		t.Errorf("thresholds")
	}
	fc2, _ := r.For(filepath.Join(repo, "svc", "Dockerfile"))
	if fc2.Severity[rule(t, "SW1101")] != rules.Info || !has(fc2.Rules, "SW1102") {
		t.Errorf("svc config not applied")
	}
}

func TestOverridesAndExplicit(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".git/HEAD", "")
	explicit := write(t, dir, "policy.yaml", "enable: [compose-image-no-digest]\nfailure-threshold: style\ntrusted-registries: [ghcr.io]\n")
	write(t, dir, ".seaworthy.yaml", "bogus: 1\n") // not read when --config is given
	r, err := NewResolver(explicit, Overrides{Ignore: []*rules.Rule{rule(t, "SW1101")}, Threshold: rules.Error, HasThreshold: true})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := r.For(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !has(fc.Rules, "SW2502") || has(fc.Rules, "SW1101") {
		t.Errorf("enable or --ignore not applied")
	}
	if len(fc.Settings.TrustedRegistries) != 1 || fc.Settings.TrustedRegistries[0] != "ghcr.io" {
		t.Errorf("settings: %+v", fc.Settings)
	}
	if r.Threshold("Dockerfile") != rules.Error {
		t.Errorf("--failure-threshold must win over the file")
	}
	if !has(r.Rules(), "SW2502") || has(r.Rules(), "SW1101") {
		t.Errorf("Rules() = %v", ids(r.Rules()))
	}
	if _, err := NewResolver(filepath.Join(dir, "missing.yaml"), Overrides{}); err == nil || !strings.Contains(err.Error(), "missing.yaml: configuration file not found") {
		t.Errorf("missing --config: %v", err)
	}
}

func TestIncludeExcludeRelativeToConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".git/HEAD", "")
	p := write(t, dir, "sub/.seaworthy.yaml", "include: [\"docker/*.df\"]\nexclude: [legacy]\n")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Included(filepath.Join(dir, "sub", "docker", "api.df")) || c.Included(filepath.Join(dir, "docker", "api.df")) {
		t.Errorf("include is not relative to the config's folder")
	}
	if !c.Excluded(filepath.Join(dir, "sub", "legacy", "x", "Dockerfile")) || c.Excluded(filepath.Join(dir, "sub", "api", "Dockerfile")) {
		t.Errorf("exclude")
	}
}
