// Command seaworthy lints Dockerfiles and Docker Compose files.
//
//	seaworthy [flags] [PATH ...]     lint files and folders (no PATH: the current folder)
//	seaworthy rules [--format json]  list every rule with its metadata
//	seaworthy explain RULE           the rule's documentation (ID or name)
//	seaworthy version
//
// Exit codes: 0 no finding at or above the failure threshold, 1 findings,
// 2 the tool could not do its job (bad flag, unreadable path, invalid config),
// 3 a file was not linted fully (one of seaworthy's limits, an internal error).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	_ "github.com/seaworthy-dev/seaworthy/cmd/seaworthy/internal/gctune"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := newApp(stdin, stdout, stderr)
	err := app.Run(reorder(args))
	if err == nil {
		return 0
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "seaworthy: "+err.Error())
	return 2
}

type exitCoder interface {
	error
	ExitCode() int
}
