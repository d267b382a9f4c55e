// Package gctune sets the garbage collector's policy for the seaworthy
// command. It is imported by main alone, for its init, which runs before the
// large packages' inits (the JSON schema library's compiles five
// meta-schemas), so that they too run without a collection.
package gctune

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// startupHeap is how much memory the process may use before its first
// garbage collection.
const startupHeap = 64 << 20

// init turns the garbage collector off until the process has used
// startupHeap, then hands back Go's default policy (GOGC=100).
//
// Go's first collections come at a 4 MB heap. Linting one file, as an
// editor does on every save, allocates a few tens of megabytes (package
// inits, and compose-go compiling its JSON schema on first use), so it
// collected one to four times, which made up a third of a one-Dockerfile
// run from process start (15 ms against 10 ms). Below startupHeap there
// is nothing to gain from collecting; above it, a long run over many files
// keeps the default policy and its bounded memory. GOGC or GOMEMLIMIT set
// in the environment are the user's choice and are left alone.
func init() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(startupHeap)
	// The first collection, triggered by the limit, finalizes this
	// sentinel, which restores the default policy.
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
