package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Reader is the one way seaworthy reads a file: the files it lints and every
// file they name (.env, include and extends targets, .dockerignore, build
// Dockerfiles, nested configuration). It reads regular files only, at most
// Max bytes, and, when Root is set, never a file that resolves outside Root:
// a committed `Dockerfile -> ../../.git-credentials` is refused before a byte
// of the target is read.
type Reader struct {
	// Root is the linted tree (an absolute path). Empty: no containment check,
	// for files the user named outright (--config, --baseline).
	Root string
	// Max bounds what is read of one file.
	Max int64
}

// OutsideError is Reader.Read's error for a path that resolves, through a
// symbolic link, outside the linted tree.
type OutsideError struct {
	Path string // as asked for
	Root string // the linted tree
	Link string // the first symbolic link on the way out, as written in it; "" when unknown
}

func (e *OutsideError) Error() string {
	if e.Link != "" {
		return "symlink leaves the project: it points to " + e.Link + ", outside " + e.Root + ", so it is not read"
	}
	return "path leaves the project: it resolves outside " + e.Root + ", so it is not read"
}

// Limit is a copy of r that reads at most max bytes of a file (or r's own
// Max when smaller). A nil Reader stays nil.
func (r *Reader) Limit(max int64) *Reader {
	if r == nil {
		return nil
	}
	c := *r
	c.Max = min(c.Max, max)
	return &c
}

// Read reads the regular file at path. Errors: the operating system's
// (*fs.PathError, a dangling or looping link), *OutsideError,
// *NotRegularError and ErrTooLarge. A nil Reader reads nothing: every path
// is fs.ErrNotExist.
func (r *Reader) Read(path string) ([]byte, error) {
	if r == nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	if r.Root == "" {
		return ReadRegular(path, r.Max)
	}
	root, rel, err := r.within(path)
	if err != nil {
		return nil, err
	}
	// Open the resolved path through an os.Root: were a link swapped in
	// between, the open fails instead of leaving the tree.
	dir, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	f, err := dir.OpenFile(rel, openFlags, 0)
	if err != nil {
		if strings.Contains(err.Error(), "escapes") {
			return nil, &OutsideError{Path: path, Root: r.Root}
		}
		return nil, err
	}
	return readOpen(f, r.Max)
}

// within resolves path with all its links and returns the tree's resolved
// root and path's place in it; *OutsideError when it lands outside r.Root.
func (r *Reader) within(path string) (root, rel string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", err
	}
	if root, err = filepath.EvalSymlinks(r.Root); err != nil {
		return "", "", err
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// The system's own words (a dangling link, a loop) over EvalSymlinks'.
		if _, serr := os.Stat(abs); serr != nil {
			return "", "", serr
		}
		return "", "", err
	}
	rel, ok := inside(root, resolved)
	if !ok {
		return "", "", &OutsideError{Path: path, Root: r.Root, Link: firstLinkOut(abs, root)}
	}
	return root, rel, nil
}

// Contains reports whether path, with its links resolved, is inside r's
// tree (always, when r has no Root), so that a folder may be listed or
// searched: a build context a Compose file names, for instance. A nil
// Reader contains nothing, as it reads nothing.
func (r *Reader) Contains(path string) bool {
	if r == nil {
		return false
	}
	if r.Root == "" {
		return true
	}
	_, _, err := r.within(path)
	return err == nil
}

// inside reports whether path is root or below it, and the path relative to root.
func inside(root, path string) (string, bool) {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// firstLinkOut walks abs from the root of the file system and returns the
// text of the first symbolic link whose target lies outside root.
func firstLinkOut(abs, root string) string {
	vol := filepath.VolumeName(abs)
	cur := vol + string(filepath.Separator)
	for _, part := range strings.Split(strings.TrimPrefix(abs[len(vol):], string(filepath.Separator)), string(filepath.Separator)) {
		next := filepath.Join(cur, part)
		if info, err := os.Lstat(next); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			text, _ := os.Readlink(next)
			target, err := filepath.EvalSymlinks(next)
			if err != nil {
				return text
			}
			if _, ok := inside(root, target); !ok {
				return text
			}
			next = target
		}
		cur = next
	}
	return ""
}

// ReadRegular reads the regular file at path, of at most max bytes. It
// never blocks on what is not a regular file: opening a FIFO waits for a
// writer and a device may never end, so the file is opened non-blocking
// and its mode checked on the open descriptor. Errors: os.Open's,
// *NotRegularError and ErrTooLarge (also when the file grew past max while
// being read).
func ReadRegular(path string, max int64) ([]byte, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	return readOpen(f, max)
}

func readOpen(f *os.File, max int64) ([]byte, error) {
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &NotRegularError{Mode: info.Mode()}
	}
	if info.Size() > max {
		return nil, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	return data, err
}

// IsOutside reports whether err is an *OutsideError.
func IsOutside(err error) bool {
	var o *OutsideError
	return errors.As(err, &o)
}
