package engine_test

import (
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// BuildKit's per-Dockerfile ignore file is named like a Dockerfile variant
// (Dockerfile.dockerignore) but is not one: linting it gave SW0001.
func TestDetectKindIgnoreFile(t *testing.T) {
	for _, name := range []string{"Dockerfile.dockerignore", "api/Dockerfile.prod.dockerignore", "web.Dockerfile.dockerignore"} {
		if k, ok := engine.DetectKind(name); ok {
			t.Errorf("%s: detected as %s", name, k)
		}
	}
	if k, ok := engine.DetectKind("Dockerfile.prod"); !ok || k != "dockerfile" {
		t.Errorf("Dockerfile.prod: %q %v", k, ok)
	}
}
