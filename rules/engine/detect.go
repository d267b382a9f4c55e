package engine

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"go.yaml.in/yaml/v4"

	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// DetectKind tells a file's kind from its name alone: the names a folder
// walk lints without looking inside (DESIGN.md's list, plus the variants
// real repositories use: Dockerfile-dev, a lower-case dockerfile,
// docker-compose-dev.yml, docker-compose_test.yml). The pre-commit hooks'
// `files` pattern selects the same names (integrations_test.go).
func DetectKind(name string) (rules.Kind, bool) {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	if strings.HasSuffix(lower, ".dockerignore") {
		return "", false // Dockerfile.dockerignore: BuildKit's per-Dockerfile ignore file
	}
	switch {
	case base == "Dockerfile", base == "Containerfile", base == "dockerfile", base == "containerfile",
		strings.HasPrefix(base, "Dockerfile."), strings.HasPrefix(base, "Containerfile."),
		// Dockerfile-dev, Dockerfile-windows: a suffix after a dash, as after a dot.
		len(base) > len("Dockerfile-") && strings.HasPrefix(base, "Dockerfile-"),
		len(base) > len("Containerfile-") && strings.HasPrefix(base, "Containerfile-"),
		strings.HasSuffix(lower, ".dockerfile"):
		return rules.Dockerfile, true
	}
	if !strings.HasSuffix(lower, ".yaml") && !strings.HasSuffix(lower, ".yml") {
		return "", false
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(lower, ".yaml"), ".yml")
	switch {
	case stem == "compose", stem == "docker-compose",
		strings.HasPrefix(stem, "compose."),
		strings.HasPrefix(stem, "docker-compose."),
		strings.HasPrefix(stem, "docker-compose-"),
		strings.HasPrefix(stem, "docker-compose_"):
		return rules.Compose, true
	}
	return "", false
}

// maybeCompose reports whether a name is often, but not always, a Compose
// file: compose-dev.yaml, prod.compose.yml, app-compose.yml, and the Swarm
// stack names (stack.yml, docker-stack.yml; OpenFaaS also writes a
// stack.yml, which is not Compose). A walk lints such a file only when its
// content is Compose.
func maybeCompose(name string) bool {
	lower := strings.ToLower(filepath.Base(name))
	if !strings.HasSuffix(lower, ".yaml") && !strings.HasSuffix(lower, ".yml") {
		return false
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(lower, ".yaml"), ".yml")
	for _, s := range []string{"stack", "docker-stack"} {
		if stem == s || strings.HasPrefix(stem, s+".") || strings.HasPrefix(stem, s+"-") || strings.HasPrefix(stem, s+"_") {
			return true
		}
	}
	return strings.HasPrefix(stem, "compose-") || strings.HasPrefix(stem, "compose_") ||
		strings.HasSuffix(stem, ".compose") || strings.HasSuffix(stem, "-compose") || strings.HasSuffix(stem, "_compose")
}

// ComposeByContent reports whether a file whose name is only sometimes
// Compose (stack.yml, compose-dev.yaml) is, by its content: what a folder
// walk decides for such a name, and the language server for such a document.
func ComposeByContent(name string, data []byte) bool {
	return maybeCompose(name) && composeContent(data)
}

// isYAMLName reports whether a name ends in .yaml or .yml.
func isYAMLName(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
}

// SniffKind tells a file's kind from its content: a YAML mapping with a
// top-level `services` or `include` key is Compose (the keys a Compose
// file needs to do anything); text BuildKit's parser accepts and that has a
// FROM instruction is a Dockerfile. Anything else says nothing.
func SniffKind(data []byte) (rules.Kind, bool) {
	if composeContent(data) {
		return rules.Compose, true
	}
	if dockerfileContent(data) {
		return rules.Dockerfile, true
	}
	return "", false
}

// composeContent decodes the first YAML document only: a Compose file is
// one document, and a stream of many says nothing more. A panic of the
// YAML library on hostile input says "not Compose", as parser/compose
// turns it into an error.
func composeContent(data []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && (k.Value == "services" || k.Value == "include") {
			return true
		}
	}
	return false
}

// dockerfileContent keeps parser/dockerfile's bounds: no more than
// dockerfile.MaxLines lines (memory), and a panic of BuildKit's parser says
// "not a Dockerfile".
func dockerfileContent(data []byte) (ok bool) {
	if bytes.Count(data, []byte("\n")) >= dockerfile.MaxLines {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil || res == nil || res.AST == nil {
		return false
	}
	for _, n := range res.AST.Children {
		if strings.EqualFold(n.Value, "from") {
			return true
		}
	}
	return false
}

// KindOf is the kind of a file named on the command line or read from
// standard input, given its name (as given or --stdin-filename) and its
// content (nil when it could not be read): the name first, then the
// content, then .yaml/.yml for Compose and anything else a Dockerfile, so
// a file that is neither gets the parse error of the likelier kind.
func KindOf(name string, data []byte) rules.Kind {
	if k, ok := DetectKind(name); ok {
		return k
	}
	if k, ok := SniffKind(data); ok {
		return k
	}
	if isYAMLName(name) {
		return rules.Compose
	}
	return rules.Dockerfile
}
