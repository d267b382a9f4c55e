package gctune

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestStartupPolicyThenDefault(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: init leaves the policy alone")
	}
	if got := debug.SetMemoryLimit(-1); got != startupHeap {
		t.Fatalf("memory limit before the first collection = %d, want %d", got, startupHeap)
	}
	if got := gcPercent(); got != -1 {
		t.Fatalf("GOGC before the first collection = %d, want -1 (off)", got)
	}
	// The first collection finalizes the sentinel; its finalizer runs on
	// another goroutine, so wait for it.
	for i := 0; i < 200 && debug.SetMemoryLimit(-1) != math.MaxInt64; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("memory limit after a collection = %d, want none", got)
	}
	if got := gcPercent(); got != 100 {
		t.Fatalf("GOGC after a collection = %d, want 100", got)
	}
}

func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
