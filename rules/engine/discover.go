package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/gitignore"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

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

	built         bool // only a Compose build reaches it: skipped quietly when absent
	droppedBuilds int  // distinct builds past MaxBuilds, not linted
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

// Reason is the error without the path, for reports that print the path
// beside it.
func (e *PathError) Reason() string {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) {
		return pe.Err.Error()
	}
	return e.Err.Error()
}

// NotFoundError is a folder named on the command line in which the walk
// found nothing to lint: a typo in a path must not look like a clean run.
type NotFoundError struct {
	Path string
	// Ignored counts the files with Dockerfile or Compose names .gitignore files hid.
	Ignored int
}

func (e *NotFoundError) Error() string {
	msg := "no Dockerfile or Compose file found under " + e.Path
	switch {
	case e.Ignored == 1:
		msg += " (1 is ignored by .gitignore; --no-ignore lints it)"
	case e.Ignored > 1:
		msg += fmt.Sprintf(" (%d are ignored by .gitignore; --no-ignore lints them)", e.Ignored)
	}
	return msg
}

// Selection is what include and exclude globs say of a walked path.
type Selection int

const (
	// Default means the globs say nothing; the name decides.
	Default Selection = iota
	// Include lints the file whatever its name.
	Include
	// Exclude skips the file, or the folder and all below it.
	Exclude
)

// Options tune Discover.
type Options struct {
	// Kind, when set, is the kind of every file named on the command line
	// (--kind). Files found by walking a folder keep the kind of their name.
	Kind rules.Kind
	// NoIgnore lints the files .gitignore files ignore (--no-ignore).
	NoIgnore bool
	// Select, when set, applies include and exclude globs to each walked
	// file and folder (path as walked). An error stops the walk of that
	// folder and is reported.
	Select func(path string, isDir bool) (Selection, error)
	// Max bounds what is read of a file to tell its kind from its content.
	Max int64
}

// skipDirs are never walked into: they hold vendored or generated files.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// Discover turns the paths on the command line into targets. A folder is
// walked recursively; a file named explicitly is linted whatever its name,
// its kind told by name, then content (KindOf), unless opts.Kind forces
// it. A file reached twice (`seaworthy . docker/web`, or a named file that
// a walk merged as an override) is linted once. Errors name the path and
// do not stop the other paths.
func Discover(paths []string, opts Options) ([]Target, []error) {
	if opts.Max == 0 {
		opts.Max = DefaultMaxFileSize
	}
	var targets []Target
	var errs []error
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &PathError{Path: p, Err: linkError(p, err)})
			continue
		}
		root := RootOf(p)
		if !info.IsDir() {
			kind := opts.Kind
			if kind == "" {
				kind = namedKind(p, root, opts.Max)
			}
			targets = append(targets, Target{Path: p, Kind: kind, Root: root})
			continue
		}
		found, ignored, walkErrs := walk(p, root, opts)
		for i := range found {
			found[i].Root = root
		}
		if len(found) == 0 && len(walkErrs) == 0 {
			errs = append(errs, &NotFoundError{Path: p, Ignored: ignored})
		}
		targets = append(targets, found...)
		errs = append(errs, walkErrs...)
	}
	return dedupe(targets), errs
}

// namedKind is KindOf for a file on disk, read through the bounded,
// root-checked reader; a file that cannot be read is judged by its name
// (linting it reports why it cannot be read).
func namedKind(p, root string, max int64) rules.Kind {
	if k, ok := DetectKind(p); ok {
		return k
	}
	data, err := (&source.Reader{Root: root, Max: max}).Read(p)
	if err != nil {
		data = nil
	}
	return KindOf(p, data)
}

// dedupe keeps the first target of each file and drops a target whose
// file another target lints as an override. A file is known by its path
// with links resolved, so one reached through a linked folder counts once.
func dedupe(targets []Target) []Target {
	key := func(p string) string {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return filepath.Clean(p)
	}
	merged := map[string]bool{}
	for _, t := range targets {
		for _, o := range t.Overrides {
			merged[key(o)] = true
		}
	}
	seen := map[string]bool{}
	out := targets[:0]
	for _, t := range targets {
		if t.Stdin {
			out = append(out, t)
			continue
		}
		k := key(t.Path)
		if seen[k] || (len(t.Overrides) == 0 && merged[k]) {
			continue
		}
		seen[k] = true
		for _, o := range t.Overrides {
			seen[key(o)] = true
		}
		out = append(out, t)
	}
	return out
}

// walker is one folder walk.
type walker struct {
	root    string // the folder walked, as named
	gitRoot string // the linted tree; .gitignore files are read from here down
	opts    Options
	files   *source.Reader
	ignores map[string]gitignore.Stack // by absolute folder
	errs    []error
}

func walk(root, tree string, opts Options) (targets []Target, ignored int, errs []error) {
	w := &walker{root: root, gitRoot: tree, opts: opts, files: &source.Reader{Root: tree, Max: opts.Max}, ignores: map[string]gitignore.Stack{}}
	if _, err := os.Lstat(filepath.Join(tree, ".git")); err != nil {
		w.opts.NoIgnore = true // .gitignore files mean something in a git work tree only
	}
	byDir := map[string]map[string]bool{} // folder → base names found
	var files []string
	kinds := map[string]rules.Kind{}
	start := root
	if info, err := os.Lstat(root); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		// A named link to a folder is walked (WalkDir would not enter it);
		// the trailing separator makes the system follow it, and the paths
		// keep the name the user gave.
		start = root + string(filepath.Separator)
	}
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			w.errs = append(w.errs, &PathError{Path: p, Err: err})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == start {
			return nil
		}
		if d.IsDir() {
			if skipDirs[d.Name()] || w.ignored(p, true) {
				return fs.SkipDir
			}
			if sel, err := w.selectPath(p, true); err != nil {
				return fs.SkipAll
			} else if sel == Exclude {
				return fs.SkipDir
			}
			return nil
		}
		sel, candidate := w.candidate(p)
		if !candidate {
			return nil
		}
		if w.ignored(p, false) {
			// Checked before any content is read: an ignored file is never opened.
			ignored++
			return nil
		}
		kind, ok := w.kind(p, sel)
		if !ok {
			return nil
		}
		files = append(files, p)
		kinds[p] = kind
		dir := filepath.Dir(p)
		if byDir[dir] == nil {
			byDir[dir] = map[string]bool{}
		}
		byDir[dir][filepath.Base(p)] = true
		return nil
	})
	if err != nil {
		w.errs = append(w.errs, &PathError{Path: root, Err: err})
	}
	sort.Strings(files)
	// The project of each folder, as `docker compose` finds it there.
	overrideOf := map[string]string{}
	merged := map[string]bool{}
	for dir, names := range byDir {
		main, override := ComposeProject(dir, func(p string) bool { return names[filepath.Base(p)] })
		if main != "" && override != "" && kinds[main] == rules.Compose && kinds[override] == rules.Compose {
			overrideOf[main] = override
			merged[override] = true
		}
	}
	for _, p := range files {
		if merged[p] {
			continue
		}
		t := Target{Path: p, Kind: kinds[p]}
		if o := overrideOf[p]; o != "" {
			t.Overrides = []string{o}
		}
		targets = append(targets, t)
	}
	return targets, ignored, w.errs
}

// candidate reports whether a walked file may be linted, from the globs
// (exclude wins) and its name alone: a Dockerfile or Compose name, a name
// that is sometimes Compose, or a file an include glob adds.
func (w *walker) candidate(p string) (Selection, bool) {
	sel, err := w.selectPath(p, false)
	if err != nil || sel == Exclude {
		return sel, false
	}
	if _, ok := DetectKind(p); ok {
		return sel, true
	}
	return sel, sel == Include || maybeCompose(p)
}

// kind is a candidate's kind: its name's, else, for names that are only
// sometimes Compose, Compose when the content is (else it is not linted),
// else, for included files, KindOf.
func (w *walker) kind(p string, sel Selection) (rules.Kind, bool) {
	if k, ok := DetectKind(p); ok {
		return k, true
	}
	data, err := w.files.Read(p)
	if err != nil {
		if sel == Include {
			return KindOf(p, nil), true // linting it reports why it cannot be read
		}
		return "", false
	}
	if sel != Include {
		return rules.Compose, composeContent(data)
	}
	return KindOf(p, data), true
}

func (w *walker) selectPath(p string, isDir bool) (Selection, error) {
	if w.opts.Select == nil {
		return Default, nil
	}
	sel, err := w.opts.Select(p, isDir)
	if err != nil {
		w.errs = append(w.errs, err)
	}
	return sel, err
}

// ignored reports whether the .gitignore files from the linted tree's
// root down ignore p. Folders above the walked one are not checked
// themselves: the user named the walked folder.
func (w *walker) ignored(p string, isDir bool) bool {
	if w.opts.NoIgnore {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(w.gitRoot, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	return w.stack(filepath.Dir(abs)).Ignored(filepath.ToSlash(rel), isDir)
}

// stack is the .gitignore files that apply in folder dir (absolute),
// read once each through the bounded, root-checked reader.
func (w *walker) stack(dir string) gitignore.Stack {
	if s, ok := w.ignores[dir]; ok {
		return s
	}
	var s gitignore.Stack
	rel, err := filepath.Rel(w.gitRoot, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	if rel != "." {
		s = append(s, w.stack(filepath.Dir(dir))...)
	}
	if data, err := w.files.Limit(maxGitignore).Read(filepath.Join(dir, ".gitignore")); err == nil {
		s = append(s[:len(s):len(s)], gitignore.Parse(filepath.ToSlash(rel), data))
	}
	w.ignores[dir] = s
	return s
}

// maxGitignore bounds what is read of one .gitignore.
const maxGitignore = 1 << 20
