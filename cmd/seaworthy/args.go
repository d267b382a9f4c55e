package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// subcommands are the words that, in first position, are not paths.
var subcommands = map[string]bool{"rules": true, "explain": true, "version": true, "config": true, "lsp": true, "help": true}

// valueFlags take a separate value ("-f json"); the others are switches.
// They are read off lintFlags, so a new flag cannot be forgotten here.
var valueFlags = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range lintFlags() {
		if _, isSwitch := f.(*cli.BoolFlag); isSwitch {
			continue
		}
		for _, name := range f.Names() {
			if len(name) == 1 {
				m["-"+name] = true
			} else {
				m["--"+name] = true
			}
		}
	}
	return m
}()

// reorder moves flags written after paths in front of them, because
// urfave/cli stops parsing flags at the first path and users write
// `seaworthy Dockerfile -f json`. Paths go after "--", so a path may start
// with a dash ("-" is standard input).
func reorder(args []string) []string {
	if len(args) < 2 {
		return args
	}
	rest := args[1:]
	var flags, paths []string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			paths = append(paths, rest[i+1:]...)
			i = len(rest)
		case a == "-" || !strings.HasPrefix(a, "-"):
			if len(flags) == 0 && len(paths) == 0 && subcommands[a] {
				if a == "config" && i+1 < len(rest) {
					return reorderConfig(args)
				}
				return args // a subcommand parses its own arguments
			}
			paths = append(paths, a)
		default:
			flags = append(flags, a)
			if valueFlags[a] && i+1 < len(rest) {
				i++
				flags = append(flags, rest[i])
			}
		}
	}
	out := append([]string{args[0]}, flags...)
	if len(paths) > 0 {
		out = append(out, "--")
		out = append(out, paths...)
	}
	return out
}

// reorderConfig lets `seaworthy config migrate .hadolint.yaml --force` put
// its flags after the file, as the lint command does.
func reorderConfig(args []string) []string {
	head := append([]string{}, args[:2]...) // seaworthy config
	return append(head, reorder(args[2:])...)
}
