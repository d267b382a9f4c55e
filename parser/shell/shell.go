// Package shell parses the shell inside RUN, CMD and ENTRYPOINT with
// mvdan.cc/sh and turns it into the simple commands (calls) that rules ask
// about: "is apt-get install run without -y?", "is curl piped into sh?".
//
// Rules never match regular expressions against shell text: they read calls,
// whose words know whether they are literal and where they were written.
// Wrapper commands (sudo, env, exec, ...) and `sh -c '...'` strings are
// unwrapped into calls of their own, so a rule sees through them.
package shell

import (
	"path"
	"strings"
	"sync"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"mvdan.cc/sh/v3/syntax"
)

// Mapper converts a byte offset in the parsed text to a byte offset in the file.
type Mapper func(off int) int

// Script is a parsed shell script with every simple command in source order.
type Script struct {
	File   *syntax.File
	Calls  []*Call
	mapOff Mapper

	indexOnce sync.Once
	index     Index
}

// Index lists the nodes of a script that rules look for, each kind in the
// order syntax.Walk visits them (source order, parents first). It is built
// on first use with one walk of the script, whichever rules ask, so that
// the rules do not each walk every RUN again; callers must not change it.
type Index struct {
	// Stmts maps each call expression written as a statement of the
	// script (not one of an `sh -c` string) to that statement, for its
	// redirections (`curl URL > file`, `2>/dev/null`).
	Stmts     map[*syntax.CallExpr]*syntax.Stmt
	CallExprs []*syntax.CallExpr // every call expression, in substitutions too
	Redirects []*syntax.Redirect
	Assigns   []*syntax.Assign   // VAR=x, export VAR=x, env prefixes
	FuncDecls []*syntax.FuncDecl // shell function definitions
	// Pipelines are the `|` and `|&` commands that are not inside another
	// one: walking into a pipeline's parts is the rule's choice.
	Pipelines []*syntax.BinaryCmd
}

// Index returns the script's index of nodes (see Index); nil-safe.
func (s *Script) Index() *Index {
	if s == nil || s.File == nil {
		return &Index{}
	}
	s.indexOnce.Do(func() {
		ix := &s.index
		ix.Stmts = map[*syntax.CallExpr]*syntax.Stmt{}
		var pipes []bool // for each node being walked, whether it is a pipeline
		inPipe := 0      // how many of them are
		syntax.Walk(s.File, func(n syntax.Node) bool {
			if n == nil { // Walk is done with the children of the top node
				if pipes[len(pipes)-1] {
					inPipe--
				}
				pipes = pipes[:len(pipes)-1]
				return true
			}
			switch n := n.(type) {
			case *syntax.Stmt:
				if ce, ok := n.Cmd.(*syntax.CallExpr); ok {
					ix.Stmts[ce] = n
				}
			case *syntax.CallExpr:
				ix.CallExprs = append(ix.CallExprs, n)
			case *syntax.Redirect:
				ix.Redirects = append(ix.Redirects, n)
			case *syntax.Assign:
				ix.Assigns = append(ix.Assigns, n)
			case *syntax.FuncDecl:
				ix.FuncDecls = append(ix.FuncDecls, n)
			case *syntax.BinaryCmd:
				if n.Op == syntax.Pipe || n.Op == syntax.PipeAll {
					if inPipe == 0 {
						ix.Pipelines = append(ix.Pipelines, n)
					}
					inPipe++
					pipes = append(pipes, true)
					return true
				}
			}
			pipes = append(pipes, false)
			return true
		})
	})
	return &s.index
}

// Stmts is Index().Stmts.
func (s *Script) Stmts() map[*syntax.CallExpr]*syntax.Stmt {
	if s == nil || s.File == nil {
		return nil
	}
	return s.Index().Stmts
}

// Call is one simple command: its name and arguments as written.
type Call struct {
	Expr *syntax.CallExpr
	// Name is the base name of the command word ("apt-get" for /usr/bin/apt-get),
	// or "" when the command word is not a literal.
	Name     string
	NameWord *Word
	Args     []*Word // the words after the name
	Span     source.Span
	// Upstream are the calls whose output is piped into this one (`curl | sh`).
	Upstream []*Call
	// Wrapper is the call this one was unwrapped from (sudo, env, sh -c, ...).
	Wrapper *Call
	// InSubst is true for calls inside a command or process substitution.
	InSubst bool
}

// Word is one argument.
type Word struct {
	Node *syntax.Word
	// Value is the word's value when it is literal (quotes removed).
	Value string
	// Literal is false when the word holds an expansion ($VAR, $(cmd), globs
	// are literal): rules must then treat its value as unknown.
	Literal bool
	Span    source.Span
}

// parsers reuses mvdan parsers, which are not safe for concurrent use but
// are costly to allocate for every RUN.
var parsers = sync.Pool{New: func() any {
	return syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(false))
}}

// Parse parses text as a bash script; mapOff maps offsets into the file.
func Parse(text string, mapOff Mapper) (*Script, error) {
	return parse(text, mapOff, 0)
}

// maxNesting bounds `sh -c "sh -c '...'"` recursion on hostile input.
const maxNesting = 4

func parse(text string, mapOff Mapper, depth int) (*Script, error) {
	parser := parsers.Get().(*syntax.Parser)
	f, err := parser.Parse(strings.NewReader(text), "")
	parsers.Put(parser)
	if err != nil {
		return nil, err
	}
	s := &Script{File: f, mapOff: mapOff}
	w := walker{s: s, depth: depth}
	for _, st := range f.Stmts {
		w.stmt(st, false)
	}
	return s, nil
}

// Span maps a syntax node's range to file offsets.
func (s *Script) Span(n syntax.Node) source.Span {
	return source.Span{Start: s.mapOff(int(n.Pos().Offset())), End: s.mapOff(int(n.End().Offset()))}
}

type walker struct {
	s     *Script
	depth int
}

// stmt records the calls of one statement and returns them.
func (w *walker) stmt(st *syntax.Stmt, inSubst bool) []*Call {
	if st == nil {
		return nil
	}
	var calls []*Call
	calls = append(calls, w.cmd(st.Cmd, inSubst)...)
	for _, r := range st.Redirs {
		calls = append(calls, w.wordSubst(r.Word)...)
		calls = append(calls, w.wordSubst(r.Hdoc)...)
	}
	return calls
}

func (w *walker) stmts(list []*syntax.Stmt, inSubst bool) []*Call {
	var calls []*Call
	for _, st := range list {
		calls = append(calls, w.stmt(st, inSubst)...)
	}
	return calls
}

// cmd walks one command node, recording calls in source order.
func (w *walker) cmd(c syntax.Command, inSubst bool) []*Call {
	switch c := c.(type) {
	case *syntax.CallExpr:
		return w.call(c, inSubst)
	case *syntax.BinaryCmd:
		left := w.stmt(c.X, inSubst)
		right := w.stmt(c.Y, inSubst)
		if c.Op == syntax.Pipe || c.Op == syntax.PipeAll {
			for _, r := range right {
				if len(right) > 0 && (r == right[0] || r.wrappedBy(right[0])) {
					r.Upstream = append(append([]*Call(nil), left...), r.Upstream...)
				}
			}
		}
		return append(left, right...)
	case *syntax.Block:
		return w.stmts(c.Stmts, inSubst)
	case *syntax.Subshell:
		return w.stmts(c.Stmts, inSubst)
	case *syntax.IfClause:
		var calls []*Call
		for ic := c; ic != nil; ic = ic.Else {
			calls = append(calls, w.stmts(ic.Cond, inSubst)...)
			calls = append(calls, w.stmts(ic.Then, inSubst)...)
		}
		return calls
	case *syntax.WhileClause:
		return append(w.stmts(c.Cond, inSubst), w.stmts(c.Do, inSubst)...)
	case *syntax.ForClause:
		return w.stmts(c.Do, inSubst)
	case *syntax.CaseClause:
		var calls []*Call
		for _, item := range c.Items {
			calls = append(calls, w.stmts(item.Stmts, inSubst)...)
		}
		return calls
	case *syntax.FuncDecl:
		return w.stmt(c.Body, inSubst)
	case *syntax.TimeClause:
		return w.stmt(c.Stmt, inSubst)
	case *syntax.CoprocClause:
		return w.stmt(c.Stmt, inSubst)
	case *syntax.DeclClause:
		var calls []*Call
		for _, a := range c.Args {
			if a.Value != nil {
				calls = append(calls, w.wordSubst(a.Value)...)
			}
		}
		return calls
	}
	return nil
}

// wordSubst records the calls inside command and process substitutions of a word.
func (w *walker) wordSubst(word *syntax.Word) []*Call {
	if word == nil || plain(word) {
		return nil
	}
	var calls []*Call
	syntax.Walk(word, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			calls = append(calls, w.stmts(n.Stmts, true)...)
			return false
		case *syntax.ProcSubst:
			calls = append(calls, w.stmts(n.Stmts, true)...)
			return false
		}
		return true
	})
	return calls
}

// plain reports whether a word is made of literal text and quotes of
// literal text only, so holds no substitution (most words: no walk).
func plain(word *syntax.Word) bool {
	for _, p := range word.Parts {
		switch p := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				if _, ok := q.(*syntax.Lit); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func (w *walker) call(ce *syntax.CallExpr, inSubst bool) []*Call {
	var calls []*Call
	for _, a := range ce.Assigns {
		if a.Value != nil {
			calls = append(calls, w.wordSubst(a.Value)...)
		}
	}
	if len(ce.Args) == 0 {
		return calls
	}
	c := &Call{Expr: ce, InSubst: inSubst, Span: w.s.Span(ce)}
	c.NameWord = w.word(ce.Args[0])
	if c.NameWord.Literal {
		c.Name = path.Base(c.NameWord.Value)
	}
	for _, a := range ce.Args[1:] {
		c.Args = append(c.Args, w.word(a))
	}
	w.s.Calls = append(w.s.Calls, c)
	var inner []*Call
	for _, a := range ce.Args {
		inner = append(inner, w.wordSubst(a)...)
	}
	calls = append(calls, c)
	calls = append(calls, inner...)
	calls = append(calls, w.unwrap(c, inSubst)...)
	return calls
}

func (w *walker) word(wd *syntax.Word) *Word {
	v, ok := Literal(wd)
	return &Word{Node: wd, Value: v, Literal: ok, Span: w.s.Span(wd)}
}

// Literal returns a word's value when it has no expansion: bare literals,
// single-quoted strings and double-quoted strings of plain text.
func Literal(wd *syntax.Word) (string, bool) {
	if wd == nil {
		return "", false
	}
	if len(wd.Parts) == 1 { // the common case, without a builder
		if lit, ok := wd.Parts[0].(*syntax.Lit); ok {
			return unescape(lit.Value), true
		}
	}
	var b strings.Builder
	for _, p := range wd.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(unescape(p.Value))
		case *syntax.SglQuoted:
			if p.Dollar {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok {
					return "", false
				}
				b.WriteString(unescapeDouble(lit.Value))
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

// unescape removes the backslashes of an unquoted literal (`\;` is `;`).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescapeDouble removes the backslashes that escape $ ` " \ inside double quotes.
func unescapeDouble(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// wrappedBy reports whether c was unwrapped, directly or not, from w.
func (c *Call) wrappedBy(w *Call) bool {
	for x := c.Wrapper; x != nil; x = x.Wrapper {
		if x == w {
			return true
		}
	}
	return false
}
