//go:build unix

package source

import (
	"os"
	"syscall"
)

// openFlags open without blocking: a FIFO opened for reading otherwise waits
// for a writer. Regular files ignore O_NONBLOCK.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
