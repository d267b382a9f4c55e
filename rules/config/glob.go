package config

import (
	"errors"
	"path"
	"path/filepath"
	"strings"
)

// Globs (include, exclude) are slash-separated and relative to the folder
// of the configuration file:
//   - `*`, `?` and `[...]` work as in path.Match, within one path segment;
//   - `**` as a whole segment matches any number of folders;
//   - a pattern without a `/` (but for a final one) matches a name at any
//     depth (`*.dockerfile`); a leading `/` anchors it to the folder;
//   - a pattern matches a file when it matches the file's path or one of
//     its parent folders, so `legacy` and `legacy/` drop everything below.

// ValidGlob reports a glob include and exclude cannot read: empty, or a
// malformed [class].
func ValidGlob(g string) error { return validGlob(g) }

func validGlob(g string) error {
	g = normGlob(g)
	if g == "" {
		return errors.New("empty pattern")
	}
	for _, seg := range strings.Split(g, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return errors.New("malformed pattern")
		}
	}
	return nil
}

func normGlob(g string) string {
	g = filepath.ToSlash(strings.TrimSpace(g))
	g = strings.TrimPrefix(g, "./")
	g = strings.TrimPrefix(g, "/")
	return strings.TrimSuffix(g, "/")
}

// MatchGlob reports whether the slash-separated relative path rel matches
// glob g, as include and exclude use it.
func MatchGlob(g, rel string) bool {
	// A slash anywhere but at the end anchors the pattern to the folder.
	anchored := strings.Contains(strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(g)), "./"), "/"), "/")
	g = normGlob(g)
	rel = strings.TrimPrefix(filepath.ToSlash(rel), "./")
	if g == "" || rel == "" || rel == "." || strings.HasPrefix(rel, "../") {
		return false
	}
	segs := strings.Split(rel, "/")
	pat := strings.Split(g, "/")
	if !anchored {
		pat = append([]string{"**"}, pat...)
	}
	// The file or any folder above it.
	for n := len(segs); n > 0; n-- {
		if matchSegs(pat, segs[:n]) {
			return true
		}
	}
	return false
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// Included reports whether file (a path as the user named it) matches one
// of the configuration's include globs.
func (c *Config) Included(file string) bool {
	return c.matchAny(c.Include, file)
}

// Excluded reports whether file matches one of the exclude globs.
func (c *Config) Excluded(file string) bool {
	return c.matchAny(c.Exclude, file)
}

func (c *Config) matchAny(globs []string, file string) bool {
	if c == nil || len(globs) == 0 {
		return false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return false
	}
	for _, g := range globs {
		if MatchGlob(g, rel) {
			return true
		}
	}
	return false
}

func dirOf(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Dir(p)
	}
	return filepath.Dir(abs)
}
