package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1601 catches downloads run straight by a shell or interpreter
// (`curl … | sh`): whatever the server sends that day runs in the build,
// unreviewed and unverified.
var SW1601 = &rules.Rule{
	ID:               "SW1601",
	Name:             "pipe-to-shell",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.0,
	Summary:          "A download is piped into a shell or interpreter",
	Doc: `` + "`curl -fsSL https://example.com/install.sh | sh`" + ` runs whatever the server returns at
build time: a compromised or hijacked server, a truncated transfer or a changed script runs
with the build's privileges, and nothing records what ran.

Download the script to a file, verify it against a checksum or signature you keep in the
Dockerfile, then run it:

` + "```dockerfile" + `
RUN curl -fsSLo install.sh https://example.com/install.sh \
 && echo "3b1f…  install.sh" | sha256sum -c - \
 && sh install.sh
` + "```" + `

Reported forms: a ` + "`curl`" + ` or ` + "`wget`" + ` piped into ` + "`sh`" + `, ` + "`bash`" + ` and other shells,
` + "`python`" + `, ` + "`perl`" + `, ` + "`ruby`" + `, ` + "`node`" + ` or ` + "`php`" + ` (also through ` + "`sudo`" + `), and
` + "`sh -c \"$(curl …)\"`" + `, ` + "`bash <(curl …)`" + `, ` + "`source <(curl …)`" + `, ` + "`eval \"$(curl …)\"`" + `.
Not reported: a download piped into ` + "`tar`" + `, ` + "`gpg`" + ` or ` + "`sha256sum`" + `, or into an
interpreter that runs a program of its own (` + "`curl … | python3 -c 'import json…'`" + `), which
reads the download as data.`,
	Tags: []string{"security", "supply-chain"},
	Run:  runPipeToShell,
}

var interpreters = map[string]bool{
	"sh": true, "bash": true, "zsh": true, "ash": true, "dash": true, "ksh": true, "fish": true,
	"python": true, "python2": true, "python3": true, "perl": true, "ruby": true, "node": true, "php": true,
}

var downloaders = map[string]bool{"curl": true, "wget": true}

func runPipeToShell(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		name := interpreterName(c.Name)
		if name == "" {
			if (c.Is("eval", "source", ".")) && len(c.Args) > 0 {
				if d := substDownload(c.Args[0]); d {
					p.Reportf(c.Span, "%s runs a downloaded script; download it to a file, verify its checksum, then run it", c.Name)
				}
			}
			return
		}
		for _, up := range c.Upstream {
			if downloaders[up.Name] && readsStdin(c, name) {
				span := source.Span{Start: up.Span.Start, End: c.Span.End}
				if span.End < span.Start {
					span = c.Span
				}
				p.Reportf(span, "%s output is piped into %s, which runs it unverified; download to a file, verify its checksum, then run it", up.Name, c.Name)
				return
			}
		}
		for _, a := range c.Args {
			if substDownload(a) {
				p.Reportf(c.Span, "%s runs a downloaded script; download it to a file, verify its checksum, then run it", c.Name)
				return
			}
		}
	})
}

// interpreterName maps python3.12 to python3, and so on; "" when the
// command is not a shell or interpreter.
func interpreterName(name string) string {
	if interpreters[name] {
		return name
	}
	if i := strings.IndexAny(name, ".0123456789"); i > 0 && interpreters[name[:i]] {
		return name[:i]
	}
	if strings.HasPrefix(name, "python3") {
		return "python3"
	}
	return ""
}

// readsStdin reports whether an interpreter runs the program on its
// standard input: no -c/-e program and no script file operand.
func readsStdin(c *shell.Call, name string) bool {
	switch name {
	case "perl", "ruby", "node":
		if c.HasFlag("e", "E", "eval", "p", "print") {
			return false
		}
	case "php":
		if c.HasFlag("r") {
			return false
		}
	default:
		if c.HasFlag("c") {
			return false
		}
	}
	if c.HasFlag("s") {
		return true
	}
	ps := c.Positionals("O", "o")
	return len(ps) == 0 || ps[0].Value == "-"
}

// substDownload reports whether a word is a command or process
// substitution that runs curl or wget.
func substDownload(w *shell.Word) bool {
	found := false
	syntax.Walk(w.Node, func(n syntax.Node) bool {
		var stmts []*syntax.Stmt
		switch n := n.(type) {
		case *syntax.CmdSubst:
			stmts = n.Stmts
		case *syntax.ProcSubst:
			stmts = n.Stmts
		default:
			return !found
		}
		for _, st := range stmts {
			syntax.Walk(st, func(m syntax.Node) bool {
				if ce, ok := m.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
					if v, ok := shell.Literal(ce.Args[0]); ok && downloaders[path.Base(v)] {
						found = true
					}
				}
				return !found
			})
		}
		return false
	})
	return found
}
