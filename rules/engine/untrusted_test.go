//go:build unix

package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// marker stands for what a file outside the linted tree holds (a runner's
// credentials): no byte of it may reach a finding.
const marker = "ghp_0utside0f0the0tree0000000000000000"

// outsideFiles writes the files an attacker's links point at, in a folder
// that is not under the linted one.
func outsideFiles(t *testing.T) string {
	out := t.TempDir()
	for name, text := range map[string]string{
		"credentials":  "token=" + marker + "\n",
		"outside.yaml": "services:\n  web:\n    image: " + marker + "\n",
		"outside.env":  "TOKEN=" + marker + "\n",
	} {
		must(t, os.WriteFile(filepath.Join(out, name), []byte(text), 0o644))
	}
	return out
}

// TestUntrustedLinksLeaveTheTree: a path that resolves outside the linted
// tree, through a link or `..`, is never read, whoever names it: the walk,
// a Compose include (literal or ${VAR}), its env_file, extends, .env or a
// .dockerignore. The finding says so where the path is named; links inside
// the tree keep working.
func TestUntrustedLinksLeaveTheTree(t *testing.T) {
	out := outsideFiles(t)
	var dir string
	o := lintFolder(t, map[string][]byte{
		"inside/docker/Dockerfile.web": []byte("FROM alpine:3.19\nUSER app\n"),
		"inc/compose.yaml":             []byte("include:\n  - OUT/outside.yaml\nservices:\n  app:\n    image: nginx:1.30\n"),
		"ext/compose.yaml":             []byte("services:\n  app:\n    extends: {file: base.yaml, service: web}\n"),
		"env/compose.yaml":             []byte("services:\n  app:\n    image: nginx:${TOKEN}\n"),
		"incenv/compose.yaml":          []byte("include:\n  - path: sub.yaml\n    env_file: envs/x.env\nservices:\n  app:\n    image: nginx:1.30\n"),
		"incenv/sub.yaml":              []byte("services:\n  sub:\n    image: nginx:1.30\n"),
		"ign/Dockerfile":               []byte("FROM alpine:3.19\nCOPY . /app\nUSER app\n"),
	}, func(d string) {
		dir = d
		rel := func(from string) string {
			r, err := filepath.Rel(filepath.Join(d, from), out)
			must(t, err)
			return r
		}
		inc := filepath.Join(d, "inc", "compose.yaml")
		data, _ := os.ReadFile(inc)
		must(t, os.WriteFile(inc, []byte(strings.Replace(string(data), "OUT", rel("inc"), 1)), 0o644))
		must(t, os.Symlink(filepath.Join(out, "credentials"), filepath.Join(d, "Dockerfile")))
		must(t, os.Symlink("docker/Dockerfile.web", filepath.Join(d, "inside", "Dockerfile")))
		must(t, os.Symlink(filepath.Join(rel("ext"), "outside.yaml"), filepath.Join(d, "ext", "base.yaml")))
		must(t, os.Symlink(filepath.Join(out, "outside.env"), filepath.Join(d, "env", ".env")))
		must(t, os.MkdirAll(filepath.Join(d, "incenv", "envs"), 0o755))
		must(t, os.Symlink(filepath.Join(out, "outside.env"), filepath.Join(d, "incenv", "envs", "x.env")))
		must(t, os.Symlink(filepath.Join(out, "credentials"), filepath.Join(d, "ign", ".dockerignore")))
	})
	for _, f := range o.findings {
		if strings.Contains(f.Message, marker) || strings.Contains(f.Message, "token=") {
			t.Errorf("%s: a finding quotes a file outside the tree: %s", f.File, f.Message)
		}
	}
	checkParseError(t, parseErrorOf(t, o, "Dockerfile"), 1, 1, "symlink leaves the project: it points to "+filepath.Join(out, "credentials")+", outside "+dir)
	checkParseError(t, parseErrorOf(t, o, "inc/compose.yaml"), 2, 5, "outside.yaml: path leaves the project")
	checkParseError(t, parseErrorOf(t, o, "ext/compose.yaml"), 3, 21, "base.yaml: symlink leaves the project")
	checkParseError(t, parseErrorOf(t, o, "env/.env"), 1, 1, ".env is not read: symlink leaves the project")
	checkParseError(t, parseErrorOf(t, o, "incenv/compose.yaml"), 3, 15, "x.env: symlink leaves the project")
	// Inside the tree: linted as usual (its one finding: no HEALTHCHECK... any non-SW0001 is fine).
	for _, f := range o.findings {
		if (f.File == "inside/Dockerfile" || strings.HasPrefix(f.File, "ign/")) && f.Rule == rules.ParseError {
			t.Errorf("%s: %s", f.File, f.Message)
		}
	}
}

// TestUntrustedVariableInclude: an include path made of a variable is
// interpolated as compose-go would, then checked like any path.
func TestUntrustedVariableInclude(t *testing.T) {
	out := outsideFiles(t)
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "compose.yaml"), []byte("include:\n  - ${INC}\nservices:\n  app:\n    image: nginx:1.30\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, ".env"), []byte("INC="+filepath.Join(out, "outside.yaml")+"\n"), 0o644))
	o := lintFolder(t, map[string][]byte{}, func(d string) {
		must(t, os.Rename(filepath.Join(dir, "compose.yaml"), filepath.Join(d, "compose.yaml")))
		must(t, os.Rename(filepath.Join(dir, ".env"), filepath.Join(d, ".env")))
	})
	checkParseError(t, parseErrorOf(t, o, "compose.yaml"), 2, 5, "outside.yaml: path leaves the project")
}
