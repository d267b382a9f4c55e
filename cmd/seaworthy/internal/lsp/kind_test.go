package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// A document named like a sometimes-Compose file is linted when its text is
// Compose, as a folder walk lints it; other YAML is left alone.
func TestKindOfText(t *testing.T) {
	compose := "services:\n  web:\n    image: nginx:1.27\n"
	cases := []struct {
		path, lang, text string
		want             rules.Kind
	}{
		{"/p/deploy/stack.yml", "yaml", compose, rules.Compose},
		{"/p/faas/stack.yml", "yaml", "version: 1.0\nfunctions: {}\n", ""},
		{"/p/values.yaml", "yaml", compose, ""}, // a Helm values file may have services:
		{"/p/Dockerfile-dev", "", "FROM alpine\n", rules.Dockerfile},
		{"/p/anything.yml", "dockercompose", "", rules.Compose},
	}
	for _, c := range cases {
		if got := kindOfText(c.path, c.lang, c.text); got != c.want {
			t.Errorf("%s (%s): %q, want %q", c.path, c.lang, got, c.want)
		}
	}
}

// The project of an open Compose document is the one `docker compose` loads
// in its folder (compose-go's default and override names, whatever the
// family), as a folder walk merges it.
func TestTargetComposeProject(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"compose.yaml", "docker-compose.override.yml", "compose.prod.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("services: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	main, override := filepath.Join(dir, "compose.yaml"), filepath.Join(dir, "docker-compose.override.yml")
	for _, open := range []string{main, override} {
		tg := target(snapshot{path: open, kind: rules.Compose})
		if tg.Path != main || len(tg.Overrides) != 1 || tg.Overrides[0] != override {
			t.Errorf("%s: target %+v", filepath.Base(open), tg)
		}
	}
	// An override open in the editor but not yet saved counts too.
	if err := os.Remove(override); err != nil {
		t.Fatal(err)
	}
	tg := target(snapshot{path: main, kind: rules.Compose, overlay: map[string][]byte{override: []byte("services: {}\n")}})
	if len(tg.Overrides) != 1 {
		t.Errorf("overlay override: %+v", tg)
	}
	if tg := target(snapshot{path: filepath.Join(dir, "compose.prod.yaml"), kind: rules.Compose}); len(tg.Overrides) != 0 {
		t.Errorf("compose.prod.yaml is linted alone: %+v", tg)
	}
}
