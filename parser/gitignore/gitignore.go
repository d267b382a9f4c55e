// Package gitignore matches paths against .gitignore files as git does
// (gitignore(5)), so a folder walk skips what the repository ignores.
//
// It is small on purpose: the pattern syntax is the one git documents, and
// each rule below is a case in gitignore_test.go. What it does not do: the
// global excludes file (core.excludesFile) and .git/info/exclude, which are
// one user's settings rather than the project's.
package gitignore

import (
	"path"
	"strings"
)

// Pattern is one line of a .gitignore file.
type Pattern struct {
	segs    []string // slash-separated, "**" kept as a segment
	negate  bool     // "!pattern": re-include
	dirOnly bool     // "pattern/": folders only
	// anchored patterns (a slash at the start or in the middle) match
	// relative to the .gitignore's folder; the others match a name at any
	// depth.
	anchored bool
}

// File is the patterns of one .gitignore, relative to its folder.
type File struct {
	Dir      string // slash-separated, relative to the walk's root; "" for the root
	Patterns []Pattern
}

// Parse reads the text of a .gitignore whose folder is dir (relative to
// the root, slash-separated, "" for the root).
func Parse(dir string, data []byte) *File {
	f := &File{Dir: strings.Trim(dir, "/")}
	if f.Dir == "." {
		f.Dir = ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := parseLine(line); ok {
			f.Patterns = append(f.Patterns, p)
		}
	}
	return f
}

func parseLine(line string) (Pattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	line = trimTrailingSpaces(line)
	if line == "" || line[0] == '#' {
		return Pattern{}, false
	}
	var p Pattern
	switch {
	case line[0] == '!':
		p.negate = true
		line = line[1:]
	case strings.HasPrefix(line, `\!`), strings.HasPrefix(line, `\#`):
		line = line[1:]
	}
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return Pattern{}, false
	}
	if strings.HasPrefix(line, "/") {
		p.anchored = true
		line = strings.TrimLeft(line, "/")
	}
	if strings.Contains(line, "/") {
		p.anchored = true
	}
	for _, s := range strings.Split(line, "/") {
		if s == "" {
			continue // a//b is a/b
		}
		p.segs = append(p.segs, toGlob(s))
	}
	if len(p.segs) == 0 {
		return Pattern{}, false
	}
	if !p.anchored {
		p.segs = append([]string{"**"}, p.segs...)
	}
	return p, true
}

// trimTrailingSpaces drops trailing spaces unless escaped with a backslash.
func trimTrailingSpaces(s string) string {
	for strings.HasSuffix(s, " ") {
		if strings.HasSuffix(s, `\ `) {
			return s[:len(s)-2] + " "
		}
		s = s[:len(s)-1]
	}
	return s
}

// toGlob turns a gitignore segment into path.Match syntax: "[!a]" is "[^a]".
// A "**" inside a segment (a**b) is two ordinary stars, as git reads it.
func toGlob(s string) string {
	if s == "**" {
		return s
	}
	return strings.ReplaceAll(s, "[!", "[^")
}

// Match reports whether the slash-separated path rel (relative to the
// walk's root) is ignored by this file's patterns, and whether any pattern
// decided: the last matching pattern decides, a negated one re-includes.
func (f *File) Match(rel string, isDir bool) (ignored, decided bool) {
	if f.Dir != "" {
		if !strings.HasPrefix(rel, f.Dir+"/") {
			return false, false
		}
		rel = rel[len(f.Dir)+1:]
	}
	segs := strings.Split(rel, "/")
	for i := len(f.Patterns) - 1; i >= 0; i-- {
		p := &f.Patterns[i]
		if p.dirOnly && !isDir {
			continue
		}
		if matchSegs(p.segs, segs) {
			return !p.negate, true
		}
	}
	return false, false
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				// A trailing "/**" matches everything inside, not the folder itself.
				return len(segs) > 0
			}
			for i := 0; i < len(segs); i++ {
				if matchSegs(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// Stack is the .gitignore files that apply in one folder: those of the
// folder and of every folder above it up to the root, outermost first.
type Stack []*File

// Ignored reports whether rel is ignored: the deepest .gitignore with a
// matching pattern decides, as git reads them. Callers check folders as
// they walk and do not enter ignored ones, which gives git's rule that a
// file cannot be re-included when a folder above it is ignored.
func (s Stack) Ignored(rel string, isDir bool) bool {
	for i := len(s) - 1; i >= 0; i-- {
		if ignored, decided := s[i].Match(rel, isDir); decided {
			return ignored
		}
	}
	return false
}
