//go:build unix

package source

import (
	"path/filepath"
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
