// Package dockerfile parses a Dockerfile with BuildKit's own parser (the one
// `docker build` uses) into a typed model with exact positions: stages,
// instructions, flags, arguments, heredocs and the parsed shell of RUN, CMD
// and ENTRYPOINT. Every rule reads this model; nothing is parsed twice.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// File is a parsed Dockerfile.
type File struct {
	Source *source.File
	Escape byte // the escape character: '\\' or '`'
	// GlobalArgs are the ARG instructions before the first FROM.
	GlobalArgs []*Instruction
	Stages     []*Stage
	// Instructions lists every instruction in file order.
	Instructions []*Instruction
	// Warnings are what BuildKit's parser and its parse-time checks reported.
	Warnings []Warning
	// Limits are the places seaworthy does not follow fully to stay bounded:
	// ARG and ENV values whose expansion would pass expand.Max. The engine
	// reports each as an SW0001 finding; the rest of the file is linted.
	Limits []*source.Error
	// Build is how the file is built when a Compose service builds it
	// (ParseBuild); nil for `docker build` with no arguments.
	Build *Build
}

// Warning is one of BuildKit's own check results, found while parsing.
type Warning struct {
	Rule    string // BuildKit check name, e.g. "StageNameCasing"
	Message string // BuildKit's message, as `docker build --check` prints it
	Line    int    // 1-based
}

// Stage is one FROM and the instructions after it.
type Stage struct {
	Index int
	Name  string // the name after AS, lower-cased as BuildKit keeps it ("" when unnamed)
	From  *Instruction
	// Image is the base reference as written (${BASE} included).
	Image Token
	// Base is Image with the global ARG defaults expanded; Resolved is false
	// when it uses an ARG that has no default (then Base is unreliable).
	Base     string
	Resolved bool
	// Default is Image as `docker build` expands it without --build-arg,
	// when Resolved is false only because global ARGs declared without a
	// default are used: BuildKit expands those (EmptyArgs, sorted) to the
	// empty string, so `ARG TAG` + `FROM alpine$TAG` builds on "alpine".
	Default   string
	EmptyArgs []string
	// Parent is the earlier stage this one is built FROM, if any.
	Parent   *Stage
	Platform string
	// Instructions are the stage's instructions after FROM.
	Instructions []*Instruction
	// Shell is the shell in force for shell-form commands at the stage's end.
	Shell []string
	// Windows is true for stages built on a Windows base image.
	Windows bool
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	// Keyword is the instruction name in upper case ("RUN").
	Keyword string
	Node    *parser.Node
	// Command is BuildKit's typed form (*instructions.RunCommand, ...; a
	// *instructions.Stage for FROM).
	Command any
	Stage   *Stage // nil for global ARGs
	// Span covers the whole instruction, heredoc bodies included.
	Span        source.Span
	KeywordSpan source.Span
	Flags       []Token // --flag=value words, as written
	Args        []Token // the words after the flags (exec-form elements when JSON)
	JSON        bool    // exec form (["a", "b"])
	Heredocs    []Heredoc
	// Shell is the parsed shell of a shell-form RUN, CMD or ENTRYPOINT, and
	// of an exec-form RUN: its argv as one call (the script of
	// ["sh", "-c", "..."] unwrapped as for any sh -c), with positions inside
	// the JSON strings. Nil for exec-form CMD and ENTRYPOINT, under a
	// non-POSIX SHELL (pwsh, powershell, cmd) and when the text does not
	// parse.
	Shell *shell.Script
	// OnBuild is the instruction an ONBUILD wraps.
	OnBuild *Instruction
	// ShellInForce is the SHELL in force for this instruction.
	ShellInForce []string

	line *logical
}

// Heredoc is a here-document attached to an instruction.
type Heredoc struct {
	Name    string
	Content string
	Body    source.Span // the body lines, terminator excluded
}

// Line is the 1-based line the instruction starts on.
func (i *Instruction) Line() int { return i.Node.StartLine }

// Flag returns the value of --name (or --name=value) and whether it is given.
func (i *Instruction) Flag(name string) (Token, bool) {
	for _, f := range i.Flags {
		body := strings.TrimPrefix(f.Value, "--")
		k, v, _ := strings.Cut(body, "=")
		if strings.EqualFold(k, name) {
			return Token{Raw: f.Raw, Value: v, Span: f.Span, log: f.log}, true
		}
	}
	return Token{}, false
}

// ArgsText is the logical text after the keyword and flags.
func (i *Instruction) ArgsText() string {
	if len(i.Args) == 0 {
		return ""
	}
	return i.line.text[i.Args[0].log:]
}

// ArgsSpan covers the arguments from the first to the end of the logical line.
func (i *Instruction) ArgsSpan() source.Span {
	if len(i.Args) == 0 {
		return i.KeywordSpan
	}
	return i.line.span(i.Args[0].log, len(i.line.text))
}

// HeadSpan covers the instruction's logical line, without heredoc bodies.
func (i *Instruction) HeadSpan() source.Span {
	return i.line.span(0, len(i.line.text))
}

// SubSpan maps a byte range [a, b) inside token t's Raw text to the file.
func (i *Instruction) SubSpan(t Token, a, b int) source.Span {
	return i.line.span(t.log+a, t.log+b)
}

// FinalStage is the stage the build builds: its target (Build.Target), or
// the last one, which `docker build` builds by default.
func (f *File) FinalStage() *Stage {
	if len(f.Stages) == 0 {
		return nil
	}
	if f.Build != nil && f.Build.Target != "" {
		if s := f.StageByName(f.Build.Target); s != nil {
			return s
		}
	}
	return f.Stages[len(f.Stages)-1]
}

// StageByName finds a stage by name (case-insensitive, as BuildKit) or index.
func (f *File) StageByName(name string) *Stage {
	for _, s := range f.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return s
		}
	}
	for _, s := range f.Stages {
		if fmt.Sprint(s.Index) == name {
			return s
		}
	}
	return nil
}

// MaxLines is the longest Dockerfile parsed. The model takes a few KiB per
// instruction, so a 16 MiB file of one-word RUN lines would need gigabytes;
// real Dockerfiles are shorter by orders of magnitude.
const MaxLines = 100_000

// Parse parses a Dockerfile. The error, when not nil, is a *source.Error
// with the line BuildKit reports: the same files `docker build` rejects.
func Parse(src *source.File) (f *File, err error) { return parseFile(src, nil) }

func parseFile(src *source.File, build *Build) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("SEAWORTHY_DEBUG") != "" {
				panic(r)
			}
			f, err = nil, &source.Error{Path: src.Path, Msg: fmt.Sprintf("internal error while parsing: %v; please report it", r), Incomplete: true}
		}
	}()
	if n := src.LineCount(); n > MaxLines {
		return nil, &source.Error{Path: src.Path, Line: MaxLines + 1, Column: 1, Incomplete: true,
			Msg: fmt.Sprintf("file has %d lines; seaworthy lints Dockerfiles of at most %d lines, to keep memory bounded", n, MaxLines)}
	}
	res, err := parser.Parse(bytes.NewReader(src.Data))
	if err != nil {
		return nil, locate(src, err)
	}
	f = &File{Source: src, Escape: byte(res.EscapeToken), Build: build}
	for _, w := range res.Warnings {
		line := 0
		if w.Location != nil {
			line = w.Location.Start.Line
		}
		f.Warnings = append(f.Warnings, Warning{Rule: "NoEmptyContinuation", Message: linter.RuleNoEmptyContinuation.Format(), Line: line})
	}
	lint := linter.New(&linter.Config{ExperimentalAll: true, Warn: func(rule, _, _, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		f.Warnings = append(f.Warnings, Warning{Rule: rule, Message: msg, Line: line})
	}})
	b := builder{f: f}
	for _, node := range res.AST.Children {
		cmd, err := instructions.ParseInstructionWithLinter(node, lint)
		if err != nil {
			return nil, locate(src, err)
		}
		if _, isStage := cmd.(*instructions.Stage); !isStage && len(f.Stages) == 0 {
			if _, isArg := cmd.(*instructions.ArgCommand); !isArg {
				// instructions.Parse (docker build) rejects this too.
				return nil, &source.Error{Path: src.Path, Line: node.StartLine, Column: 1,
					Msg: "no build stage in current context: only ARG may come before the first FROM"}
			}
		}
		b.add(f.newInstruction(node, cmd))
	}
	if len(f.Stages) == 0 {
		line := 1
		if n := len(f.Instructions); n > 0 {
			line = f.Instructions[n-1].Line()
		}
		return nil, &source.Error{Path: src.Path, Line: line, Msg: "no FROM instruction: a Dockerfile must start a build stage with FROM"}
	}
	b.finish()
	f.checkExpansion()
	return f, nil
}

// locate turns a BuildKit error into a one-line positioned error.
func locate(src *source.File, err error) *source.Error {
	e := &source.Error{Path: src.Path, Msg: firstLine(err.Error())}
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		e.Line = le.Locations[0][0].Start.Line
		if e.Line > 0 {
			e.Column = 1
		}
	}
	e.Msg = strings.TrimPrefix(e.Msg, "dockerfile parse error on line "+fmt.Sprint(e.Line)+": ")
	if strings.HasPrefix(e.Msg, "dockerfile line greater than max allowed size") {
		// BuildKit's line scanner stops at 64 KiB and reports the line
		// before the long one: name the long line and the limit instead.
		for n := 1; n <= src.LineCount(); n++ {
			if src.LineStart(n+1)-src.LineStart(n) > maxLine+1 {
				e.Line, e.Column = n, 1
				e.Msg = fmt.Sprintf("line %d is %d bytes long; BuildKit's Dockerfile parser (docker build) reads lines of at most %d bytes (64 KiB), so this file cannot be built", n, src.LineEnd(n)-src.LineStart(n), maxLine)
				break
			}
		}
	}
	return e
}

// maxLine is the longest line BuildKit's parser reads, newline excluded
// (bufio.MaxScanTokenSize - 1).
const maxLine = 64<<10 - 1

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// newInstruction builds the positioned form of one BuildKit node.
func (f *File) newInstruction(node *parser.Node, cmd any) *Instruction {
	src := f.Source
	l := scanLogical(src, node.StartLine, f.Escape)
	ins := &Instruction{Keyword: strings.ToUpper(node.Value), Node: node, Command: cmd, line: l}
	end := src.LineEnd(node.EndLine)
	ins.Span = source.Span{Start: l.fileOff(0), End: end}
	toks := words(l, f.Escape)
	if len(toks) == 0 {
		ins.KeywordSpan = ins.Span
		return ins
	}
	ins.KeywordSpan = toks[0].Span
	rest := toks[1:]
	if ins.Keyword == "ONBUILD" {
		ins.parseOnBuild(f, rest)
		return ins
	}
	for len(rest) > 0 && strings.HasPrefix(rest[0].Raw, "--") {
		ins.Flags = append(ins.Flags, rest[0])
		rest = rest[1:]
	}
	ins.JSON = node.Attributes["json"]
	if ins.JSON && len(rest) > 0 {
		ins.Args = jsonWords(l, rest[0].log)
	} else {
		ins.Args = rest
	}
	ins.Heredocs = heredocs(src, node, l.lastLine)
	return ins
}

// parseOnBuild models the instruction inside ONBUILD on the same logical line.
func (ins *Instruction) parseOnBuild(f *File, rest []Token) {
	if len(rest) == 0 || ins.Node.Next == nil || len(ins.Node.Next.Children) == 0 {
		return
	}
	inner := &Instruction{Keyword: strings.ToUpper(rest[0].Value), Node: ins.Node.Next.Children[0], line: ins.line, Span: ins.Span, KeywordSpan: rest[0].Span}
	rest = rest[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0].Raw, "--") {
		inner.Flags = append(inner.Flags, rest[0])
		rest = rest[1:]
	}
	inner.JSON = inner.Node.Attributes["json"]
	if inner.JSON && len(rest) > 0 {
		inner.Args = jsonWords(ins.line, rest[0].log)
	} else {
		inner.Args = rest
	}
	inner.Heredocs = heredocs(f.Source, ins.Node, ins.line.lastLine)
	if c, ok := ins.Command.(*instructions.OnbuildCommand); ok {
		if parsed, err := instructions.ParseInstruction(inner.Node); err == nil {
			inner.Command = parsed
		}
		_ = c
	}
	ins.OnBuild = inner
}

// heredocs locates the bodies of a node's here-documents, which follow the
// instruction's last logical line in the order they were opened.
func heredocs(src *source.File, node *parser.Node, lastLine int) []Heredoc {
	var out []Heredoc
	line := lastLine + 1
	for _, h := range node.Heredocs {
		start := src.LineStart(line)
		for ; line <= node.EndLine; line++ {
			text := strings.TrimRight(src.Line(line), "\r\n")
			if h.Chomp {
				text = strings.TrimLeft(text, "\t")
			}
			if text == h.Name {
				break
			}
		}
		out = append(out, Heredoc{Name: h.Name, Content: h.Content, Body: source.Span{Start: start, End: src.LineStart(line)}})
		line++
	}
	return out
}

// Effective is the instruction that takes effect: the one an ONBUILD wraps,
// or the instruction itself.
func (i *Instruction) Effective() *Instruction {
	if i.OnBuild != nil {
		return i.OnBuild
	}
	return i
}

// Runs lists the RUN instructions whose shell parsed (exec form included), ONBUILD
// RUNs included (as the wrapped instruction), in file order: what most
// shell rules iterate over.
func (f *File) Runs() []*Instruction {
	var out []*Instruction
	for _, ins := range f.Instructions {
		if e := ins.Effective(); e.Keyword == "RUN" && e.Shell != nil {
			out = append(out, e)
		}
	}
	return out
}
