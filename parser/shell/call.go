package shell

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Is reports whether the call runs one of the named commands.
func (c *Call) Is(names ...string) bool {
	for _, n := range names {
		if c.Name == n {
			return true
		}
	}
	return false
}

// Arg is the i-th argument's literal value, or "" when absent or not literal.
func (c *Call) Arg(i int) string {
	if i < 0 || i >= len(c.Args) || !c.Args[i].Literal {
		return ""
	}
	return c.Args[i].Value
}

// HasFlag reports whether any of the flags is given. Names are written
// without dashes: a one-letter name matches "-y" and short clusters such as
// "-qy"; a longer name matches "--yes" and "--yes=value". Arguments after
// "--" are not flags.
func (c *Call) HasFlag(names ...string) bool {
	_, ok := c.flag(names)
	return ok
}

// FlagValue returns the value of the first of the flags that is given:
// "--name=value", "--name value", "-n value" or "-nvalue".
func (c *Call) FlagValue(names ...string) (*Word, bool) {
	i, ok := c.flag(names)
	if !ok {
		return nil, false
	}
	a := c.Args[i]
	if a.Literal {
		if k := strings.IndexByte(a.Value, '='); k >= 0 && strings.HasPrefix(a.Value, "--") {
			return &Word{Node: a.Node, Value: a.Value[k+1:], Literal: true, Span: a.Span}, true
		}
		if v, ok := attachedValue(a.Value, names); ok {
			return &Word{Node: a.Node, Value: v, Literal: true, Span: a.Span}, true
		}
	}
	if i+1 < len(c.Args) {
		return c.Args[i+1], true
	}
	return nil, true
}

// attachedValue is the value written in the same argument as a one-letter
// flag, getopt style: "-u1000" and "-mu1000" give "1000" for u, "-qO-" gives
// "-" for O, "-o=x" gives "x". A flag that ends its cluster ("-mu") and a
// single-dash long option ("-name") take the next argument instead.
func attachedValue(arg string, names []string) (string, bool) {
	if strings.HasPrefix(arg, "--") {
		return "", false
	}
	for _, n := range names {
		if len(n) != 1 || !matchFlag(arg, n) {
			continue
		}
		rest := arg[1+strings.Index(arg[1:], n)+1:]
		if rest == "" {
			return "", false
		}
		return strings.TrimPrefix(rest, "="), true
	}
	return "", false
}

// FlagWord returns the argument that carries one of the flags.
func (c *Call) FlagWord(names ...string) (*Word, bool) {
	i, ok := c.flag(names)
	if !ok {
		return nil, false
	}
	return c.Args[i], true
}

func (c *Call) flag(names []string) (int, bool) {
	for i, a := range c.Args {
		if !a.Literal {
			continue
		}
		v := a.Value
		if v == "--" {
			return 0, false
		}
		if !strings.HasPrefix(v, "-") || v == "-" {
			continue
		}
		for _, n := range names {
			if matchFlag(v, n) {
				return i, true
			}
		}
	}
	return 0, false
}

func matchFlag(arg, name string) bool {
	if strings.HasPrefix(arg, "--") {
		body := arg[2:]
		if k := strings.IndexByte(body, '='); k >= 0 {
			body = body[:k]
		}
		return len(name) > 1 && body == name
	}
	if len(name) == 1 {
		// A short cluster such as -qy; stop at '=' (-o=value is a value).
		body := arg[1:]
		if k := strings.IndexByte(body, '='); k >= 0 {
			body = body[:k]
		}
		i := strings.Index(body, name)
		return i >= 0 && !strings.ContainsAny(body[:i], "0123456789")
	}
	// Single-dash long options (-o, -name): exact match.
	return arg[1:] == name
}

// Positionals returns the arguments that are not flags. valueFlags name the
// flags that take a separate value ("o" for apt-get -o X, "t" ...), so that
// value is skipped too. Everything after "--" is positional.
func (c *Call) Positionals(valueFlags ...string) []*Word {
	var out []*Word
	c.positionals(valueFlags, func(w *Word) bool { out = append(out, w); return true })
	return out
}

// positionals calls fn with each positional argument until fn returns false.
func (c *Call) positionals(valueFlags []string, fn func(*Word) bool) {
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		if !a.Literal || !strings.HasPrefix(a.Value, "-") || a.Value == "-" {
			if !fn(a) {
				return
			}
			continue
		}
		if a.Value == "--" {
			for _, w := range c.Args[i+1:] {
				if !fn(w) {
					return
				}
			}
			return
		}
		if takesValue(a.Value, valueFlags) {
			i++
		}
	}
}

// takesValue reports whether flag arg is one of valueFlags given without an
// attached value, so the next argument is its value.
func takesValue(arg string, valueFlags []string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	for _, n := range valueFlags {
		if strings.HasPrefix(arg, "--") {
			if arg[2:] == n {
				return true
			}
			continue
		}
		if arg[1:] == n || (len(n) == 1 && strings.HasSuffix(arg, n) && !strings.HasPrefix(arg, "--")) {
			return true
		}
	}
	return false
}

// Subcommand is the first positional argument's literal value ("install" in
// "apt-get -y install curl").
func (c *Call) Subcommand(valueFlags ...string) string {
	sub := ""
	c.positionals(valueFlags, func(w *Word) bool {
		if w.Literal {
			sub = w.Value
		}
		return false
	})
	return sub
}

// NameSpan is where the command word is written.
func (c *Call) NameSpan() source.Span { return c.NameWord.Span }
