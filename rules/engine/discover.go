package engine

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// skipDirs are never walked into: they hold vendored or generated files.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// DetectKind tells a file's kind from its name, as DESIGN.md lists the names.
func DetectKind(name string) (rules.Kind, bool) {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	if strings.HasSuffix(lower, ".dockerignore") {
		return "", false // Dockerfile.dockerignore: BuildKit's per-Dockerfile ignore file
	}
	switch {
	case base == "Dockerfile", base == "Containerfile",
		strings.HasPrefix(base, "Dockerfile."), strings.HasPrefix(base, "Containerfile."),
		strings.HasSuffix(lower, ".dockerfile"):
		return rules.Dockerfile, true
	}
	for _, stem := range []string{"compose", "docker-compose"} {
		for _, ext := range []string{".yaml", ".yml"} {
			if lower == stem+ext || (strings.HasPrefix(lower, stem+".") && strings.HasSuffix(lower, ext)) {
				return rules.Compose, true
			}
		}
	}
	return "", false
}

// isOverride reports whether a Compose file name is an override file that
// `docker compose` merges into the main file of its folder.
func isOverride(name string) bool {
	l := strings.ToLower(filepath.Base(name))
	return l == "compose.override.yaml" || l == "compose.override.yml" ||
		l == "docker-compose.override.yaml" || l == "docker-compose.override.yml"
}

// isMainCompose reports whether name is one of the files `docker compose` loads by default.
func isMainCompose(name string) bool {
	l := strings.ToLower(filepath.Base(name))
	return l == "compose.yaml" || l == "compose.yml" || l == "docker-compose.yaml" || l == "docker-compose.yml"
}

// Target is one unit of linting: a Dockerfile, or a Compose file with the
// override files merged into it.
type Target struct {
	Path      string
	Kind      rules.Kind
	Overrides []string
	Stdin     bool // read from standard input; Path is the name given to it
	// Root is the linted tree the target was found under: the git work
	// tree holding the path named on the command line, else that folder
	// (a named file: its folder). No file that resolves outside it is
	// read. Empty: RootOf(Path).
	Root string
}

// RootOf is the linted tree of a path named on the command line: the
// nearest folder at or above it that holds a .git entry (a work tree or a
// submodule), else the path itself when it is a folder, else its folder.
// Symbolic links are allowed to point anywhere inside it, never out.
func RootOf(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Dir(path)
	}
	dir := abs
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		dir = filepath.Dir(abs)
	}
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// PathError is a path the user named that cannot be read.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) {
		return e.Path + ": " + pe.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

// Discover turns the paths on the command line into targets. A folder is
// walked recursively; a file named explicitly is linted whatever its name,
// with kind forced when not empty. Errors name the path and do not stop the
// other paths.
func Discover(paths []string, forced rules.Kind) ([]Target, []error) {
	var targets []Target
	var errs []error
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &PathError{Path: p, Err: linkError(p, err)})
			continue
		}
		if !info.IsDir() {
			kind, ok := DetectKind(p)
			if forced != "" {
				kind = forced
			} else if !ok {
				kind = rules.Dockerfile
			}
			targets = append(targets, Target{Path: p, Kind: kind, Root: RootOf(p)})
			continue
		}
		found, walkErrs := walk(p, forced)
		root := RootOf(p)
		for i := range found {
			found[i].Root = root
		}
		targets = append(targets, found...)
		errs = append(errs, walkErrs...)
	}
	return targets, errs
}

func walk(root string, forced rules.Kind) ([]Target, []error) {
	byDir := map[string][]string{}
	var files []string
	var errs []error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &PathError{Path: p, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if _, ok := DetectKind(p); ok {
			files = append(files, p)
			byDir[filepath.Dir(p)] = append(byDir[filepath.Dir(p)], p)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, &PathError{Path: root, Err: err})
	}
	sort.Strings(files)
	merged := map[string]bool{}
	var targets []Target
	for _, p := range files {
		kind, _ := DetectKind(p)
		if forced != "" {
			kind = forced
		}
		if merged[p] {
			continue
		}
		t := Target{Path: p, Kind: kind}
		if kind == rules.Compose && isMainCompose(p) {
			for _, q := range byDir[filepath.Dir(p)] {
				if isOverride(q) && sameFamily(p, q) {
					t.Overrides = append(t.Overrides, q)
					merged[q] = true
				}
			}
		}
		targets = append(targets, t)
	}
	// An override file sorted before its main file was added on its own: drop it.
	out := targets[:0]
	for _, t := range targets {
		if !merged[t.Path] {
			out = append(out, t)
		}
	}
	return out, errs
}

// sameFamily pairs compose.yaml with compose.override.yaml and
// docker-compose.yml with docker-compose.override.yml, as docker compose does.
func sameFamily(main, override string) bool {
	stem := func(p string) string {
		l := strings.ToLower(filepath.Base(p))
		return strings.SplitN(l, ".", 2)[0]
	}
	return stem(main) == stem(override)
}
