package dockerfile

import (
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

func str(s string) *string { return &s }

// TestParseBuild: build arguments override global ARG defaults in FROM (an
// unknown value leaves the reference unresolved, never empty), undeclared
// arguments change nothing, and the target is the final stage.
func TestParseBuild(t *testing.T) {
	text := "ARG BASE=alpine:3.22\nARG TAG\nFROM ${BASE} AS build\nFROM debian:${TAG:-12} AS dev\nFROM build\n"
	cases := []struct {
		name   string
		build  *Build
		bases  []string
		res    []bool
		final  string
		defStg string // Default of stage 1
	}{
		{"none", nil, []string{"alpine:3.22", "debian:12", "build"}, []bool{true, false, true}, "", "debian:12"},
		{"args", &Build{Args: map[string]*string{"BASE": str("node:14"), "TAG": str("11"), "OTHER": str("x")}}, []string{"node:14", "debian:11", "build"}, []bool{true, true, true}, "", ""},
		{"unknown", &Build{Args: map[string]*string{"BASE": nil, "TAG": nil}}, []string{"", "debian:12", "build"}, []bool{false, false, true}, "", ""},
		{"target", &Build{Target: "dev"}, []string{"alpine:3.22", "debian:12", "build"}, []bool{true, false, true}, "dev", "debian:12"},
	}
	for _, c := range cases {
		f, err := ParseBuild(source.New("Dockerfile", []byte(text)), c.build)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, s := range f.Stages {
			if s.Resolved != c.res[i] || s.Resolved && s.Base != c.bases[i] {
				t.Errorf("%s: stage %d: base %q resolved %v, want %q %v", c.name, i, s.Base, s.Resolved, c.bases[i], c.res[i])
			}
		}
		if got := f.Stages[1].Default; got != c.defStg {
			t.Errorf("%s: stage 1 default %q, want %q", c.name, got, c.defStg)
		}
		if got := f.FinalStage().Name; c.final != "" && got != c.final || c.final == "" && f.FinalStage() != f.Stages[2] {
			t.Errorf("%s: final stage %q", c.name, got)
		}
	}
	if _, err := ParseBuild(source.New("Dockerfile", []byte(text)), &Build{Target: "nope", By: `service "web" of compose.yaml`}); err == nil ||
		err.Error() != `Dockerfile:1:1: target stage "nope" could not be found (service "web" of compose.yaml builds it with build.target)` {
		t.Errorf("missing target: %v", err)
	}
	a := &Build{Args: map[string]*string{"A": str("1"), "B": nil}, Target: "x"}
	b := &Build{Args: map[string]*string{"B": nil, "A": str("1")}, Target: "x", By: "another"}
	if a.Key() != b.Key() || a.Key() == (&Build{Args: map[string]*string{"A": str("1"), "B": str("")}, Target: "x"}).Key() {
		t.Errorf("keys: %q %q", a.Key(), b.Key())
	}
}
