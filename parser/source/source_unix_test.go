//go:build unix

package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Opening a FIFO blocks until a writer comes; ReadRegular must not open it.
func TestReadRegularFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	if _, err := ReadRegular(fifo, 1<<20); err == nil || err.Error() != "not a regular file (a named pipe)" {
		t.Errorf("a FIFO: %v", err)
	}
}

// A link that leaves the root is refused before its target is read; links
// inside the root, to files or through folders, keep working.
func TestReaderRoot(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "repo")
	secret := filepath.Join(base, "credentials")
	mustWrite(t, secret, "token=s3cr3t\n")
	mustWrite(t, filepath.Join(root, "docker", "Dockerfile"), "FROM alpine\n")
	mustLink(t, "../credentials", filepath.Join(root, "Dockerfile"))
	mustLink(t, "docker/Dockerfile", filepath.Join(root, "Dockerfile.in"))
	mustLink(t, "docker", filepath.Join(root, "d"))
	mustLink(t, base, filepath.Join(root, "up"))
	r := &Reader{Root: root, Max: 1 << 20}

	for _, p := range []string{filepath.Join(root, "Dockerfile.in"), filepath.Join(root, "d", "Dockerfile")} {
		if data, err := r.Read(p); err != nil || string(data) != "FROM alpine\n" {
			t.Errorf("%s: %q, %v", p, data, err)
		}
	}
	for p, link := range map[string]string{
		filepath.Join(root, "Dockerfile"):                   "../credentials",
		filepath.Join(root, "up", "credentials"):            base,
		filepath.Join(root, "..", "credentials"):            "",
		filepath.Join(root, "d", "..", "..", "credentials"): "",
	} {
		data, err := r.Read(p)
		var o *OutsideError
		if !errors.As(err, &o) || data != nil {
			t.Errorf("%s: %q, %v; want an OutsideError", p, data, err)
			continue
		}
		if o.Link != link {
			t.Errorf("%s: link %q, want %q", p, o.Link, link)
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the message quotes the target: %v", p, err)
		}
	}
	// No root: the user named the file.
	if _, err := (&Reader{Max: 1 << 20}).Read(filepath.Join(root, "Dockerfile")); err != nil {
		t.Errorf("no root: %v", err)
	}
}

// /dev/zero never ends and a FIFO blocks: both are refused on the open descriptor.
func TestReaderDevices(t *testing.T) {
	r := &Reader{Max: 1 << 20}
	if _, err := r.Read("/dev/zero"); err == nil || err.Error() != "not a regular file (a device)" {
		t.Errorf("/dev/zero: %v", err)
	}
	root := t.TempDir()
	mustLink(t, "/dev/zero", filepath.Join(root, ".env"))
	if _, err := (&Reader{Root: root, Max: 1 << 20}).Read(filepath.Join(root, ".env")); !IsOutside(err) {
		t.Errorf("link to /dev/zero: %v", err)
	}
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
