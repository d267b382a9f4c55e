package shell

import (
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// wrappers run the command that follows their own flags; the value lists name
// the flags that take a separate argument.
var wrappers = map[string][]string{
	"sudo":    {"u", "g", "h", "p", "C", "U", "r", "t", "user", "group", "host", "prompt"},
	"doas":    {"u", "C"},
	"env":     {"u", "C", "S", "unset", "chdir", "split-string"},
	"exec":    {"a"},
	"nohup":   nil,
	"time":    {"f", "o", "format", "output"},
	"nice":    {"n", "adjustment"},
	"command": nil,
	"stdbuf":  {"i", "o", "e"},
	"timeout": {"s", "k", "signal", "kill-after"},
}

// shells run the string after -c as a script of its own.
var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true, "busybox": false}

// unwrap returns the calls a wrapper or a `sh -c` runs, and records them.
func (w *walker) unwrap(c *Call, inSubst bool) []*Call {
	if vf, ok := wrappers[c.Name]; ok {
		return w.unwrapWrapper(c, vf, inSubst)
	}
	if shells[c.Name] {
		return w.unwrapShell(c)
	}
	return nil
}

func (w *walker) unwrapWrapper(c *Call, valueFlags []string, inSubst bool) []*Call {
	if c.Name == "command" && c.HasFlag("v", "V") {
		return nil // `command -v x` looks x up; it does not run it
	}
	i := 0
	for i < len(c.Args) {
		a := c.Args[i]
		if !a.Literal {
			return nil
		}
		switch {
		case a.Value == "--":
			i++
		case strings.HasPrefix(a.Value, "-") && a.Value != "-":
			if takesValue(a.Value, valueFlags) {
				i++
			}
			i++
			continue
		case c.Name == "env" && strings.Contains(a.Value, "=") && !strings.HasPrefix(a.Value, "="):
			i++
			continue
		case c.Name == "timeout" && i == 0 || c.Name == "timeout" && isDuration(a.Value):
			i++
			continue
		}
		break
	}
	if i >= len(c.Args) {
		return nil
	}
	inner := &Call{Expr: c.Expr, NameWord: c.Args[i], Args: c.Args[i+1:], Wrapper: c, InSubst: inSubst}
	inner.Span = c.Span
	inner.Span.Start = c.Args[i].Span.Start
	if inner.NameWord.Literal {
		inner.Name = path.Base(inner.NameWord.Value)
	}
	w.s.Calls = append(w.s.Calls, inner)
	return append([]*Call{inner}, w.unwrap(inner, inSubst)...)
}

func isDuration(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.smhd") == ""
}

// unwrapShell parses the script of `sh -c 'script'`.
func (w *walker) unwrapShell(c *Call) []*Call {
	if w.depth+1 >= maxNesting {
		return nil
	}
	for i, a := range c.Args {
		if !a.Literal || !strings.HasPrefix(a.Value, "-") || strings.HasPrefix(a.Value, "--") {
			return nil // the first operand is a script file, not -c
		}
		if !strings.Contains(a.Value[1:], "c") || i+1 >= len(c.Args) {
			continue
		}
		script := c.Args[i+1]
		if !script.Literal {
			return nil
		}
		nested, err := parse(script.Value, w.innerMapper(script.Node), w.depth+1)
		if err != nil {
			return nil
		}
		for _, n := range nested.Calls {
			if n.Wrapper == nil {
				n.Wrapper = c
			}
			n.InSubst = n.InSubst || c.InSubst
		}
		w.s.Calls = append(w.s.Calls, nested.Calls...)
		return nested.Calls
	}
	return nil
}

// innerMapper maps offsets inside a quoted script string to file offsets.
// When the string's text is not a contiguous copy of the source (escapes),
// every offset maps to the word's start: positions stay inside the word.
func (w *walker) innerMapper(wd *syntax.Word) Mapper {
	outer := w.s.mapOff
	start := int(wd.Pos().Offset())
	if len(wd.Parts) == 1 {
		base := -1
		switch p := wd.Parts[0].(type) {
		case *syntax.SglQuoted:
			base = int(p.Pos().Offset()) + 1
		case *syntax.DblQuoted:
			if len(p.Parts) == 1 {
				if lit, ok := p.Parts[0].(*syntax.Lit); ok && !strings.Contains(lit.Value, `\`) {
					base = int(lit.Pos().Offset())
				}
			}
		case *syntax.Lit:
			if !strings.Contains(p.Value, `\`) {
				base = int(p.Pos().Offset())
			}
		}
		if base >= 0 {
			return func(off int) int { return outer(base + off) }
		}
	}
	return func(int) int { return outer(start) }
}
