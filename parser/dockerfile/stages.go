package dockerfile

import (
	"path"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/seaworthy-dev/seaworthy/parser/expand"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
)

// defaultShell is what BuildKit runs shell-form commands with on Linux.
var defaultShell = []string{"/bin/sh", "-c"}

// builder assembles stages as instructions arrive, tracking the SHELL in force.
type builder struct {
	f *File
}

func (b *builder) add(ins *Instruction) {
	f := b.f
	f.Instructions = append(f.Instructions, ins)
	if st, ok := ins.Command.(*instructions.Stage); ok {
		b.startStage(ins, st)
		return
	}
	if len(f.Stages) == 0 {
		if ins.Keyword == "ARG" {
			f.GlobalArgs = append(f.GlobalArgs, ins)
			return
		}
		return // instructions.Parse already rejected this
	}
	s := f.Stages[len(f.Stages)-1]
	ins.Stage = s
	s.Instructions = append(s.Instructions, ins)
	if sc, ok := ins.Command.(*instructions.ShellCommand); ok {
		s.Shell = sc.Shell
	}
	ins.ShellInForce = s.Shell
	b.parseShell(ins)
	if ins.OnBuild != nil {
		ins.OnBuild.Stage = s
		ins.OnBuild.ShellInForce = s.Shell
		b.parseShell(ins.OnBuild)
	}
}

func (b *builder) startStage(ins *Instruction, st *instructions.Stage) {
	f := b.f
	s := &Stage{Index: len(f.Stages), Name: st.Name, From: ins, Platform: st.Platform, Shell: defaultShell}
	ins.Stage = s
	if len(ins.Args) > 0 {
		s.Image = ins.Args[0]
	}
	s.Base, s.Resolved = f.expandGlobal(s.Image.Value)
	if !s.Resolved {
		s.Default, s.EmptyArgs = f.expandDefault(s.Image.Value)
	}
	if p := f.StageByName(s.Base); p != nil && s.Resolved && !strings.Contains(s.Base, "/") && !strings.Contains(s.Base, ":") {
		s.Parent = p
		s.Shell = p.Shell
	}
	if isWindowsImage(s.Base) || s.Parent != nil && s.Parent.Windows {
		s.Windows = true
		s.Shell = []string{"cmd", "/S", "/C"}
	}
	ins.ShellInForce = s.Shell
	f.Stages = append(f.Stages, s)
}

// expandGlobal expands ${ARG} in a FROM reference with the defaults of the
// global ARGs before it, as BuildKit does, or the values the build passes
// for them (File.Build).
func (f *File) expandGlobal(word string) (string, bool) {
	if !strings.Contains(word, "$") {
		return word, true
	}
	env := argEnv{}
	lex := bkshell.NewLex(rune(f.Escape))
	for _, ins := range f.GlobalArgs {
		ac, ok := ins.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range ac.Args {
			if v, given, known := f.Build.Arg(kv.Key); given {
				if known {
					env[kv.Key] = v // --build-arg wins over the default, unexpanded
				} else {
					delete(env, kv.Key)
				}
				continue
			}
			if kv.Value != nil && expand.Bound(*kv.Value, env.size) <= expand.Max {
				v, _, err := lex.ProcessWord(*kv.Value, env)
				if err == nil {
					env[kv.Key] = v
					continue
				}
			}
			delete(env, kv.Key)
		}
	}
	if expand.Bound(word, env.size) > expand.Max {
		return word, false
	}
	res, err := bkshell.NewLex(rune(f.Escape)).ProcessWordWithMatches(word, env)
	if err != nil || len(res.Unmatched) > 0 {
		return res.Result, false
	}
	return res.Result, true
}

// expandDefault expands a FROM reference as `docker build` does when no
// --build-arg is given: a global ARG declared without a default expands to
// the empty string (BuildKit's semantics). It returns the expansion and the
// ARGs that were empty, or "" and nil when the reference uses anything else
// that is unknown before the build: an undeclared variable, or one of the
// platform ARGs BuildKit sets itself (TARGETARCH, BUILDPLATFORM, ...).
func (f *File) expandDefault(word string) (string, []string) {
	env := argEnv{}
	empty := map[string]bool{}
	lex := bkshell.NewLex(rune(f.Escape))
	for _, ins := range f.GlobalArgs {
		ac, ok := ins.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range ac.Args {
			delete(empty, kv.Key)
			if v, given, known := f.Build.Arg(kv.Key); given {
				if known {
					env[kv.Key] = v
				} else {
					delete(env, kv.Key) // a value not known here: not empty
				}
				continue
			}
			if kv.Value != nil && expand.Bound(*kv.Value, env.size) <= expand.Max {
				if v, _, err := lex.ProcessWord(*kv.Value, env); err == nil {
					env[kv.Key] = v
					continue
				}
			}
			delete(env, kv.Key)
			if kv.Value == nil && !platformArgs[kv.Key] {
				empty[kv.Key] = true
			}
		}
	}
	if expand.Bound(word, env.size) > expand.Max {
		return "", nil
	}
	// The unmatched names are what the expansion used without a value.
	res, err := lex.ProcessWordWithMatches(word, env)
	if err != nil || len(res.Unmatched) == 0 {
		return "", nil
	}
	var names []string
	for name := range res.Unmatched {
		if !empty[name] {
			return "", nil
		}
		env[name] = ""
		names = append(names, name)
	}
	sort.Strings(names)
	res, err = lex.ProcessWordWithMatches(word, env)
	if err != nil {
		return "", nil
	}
	return res.Result, names
}

// platformArgs are the build arguments BuildKit sets itself, in FROM too.
var platformArgs = map[string]bool{
	"TARGETPLATFORM": true, "TARGETOS": true, "TARGETARCH": true, "TARGETVARIANT": true,
	"BUILDPLATFORM": true, "BUILDOS": true, "BUILDARCH": true, "BUILDVARIANT": true,
}

type argEnv map[string]string

func (e argEnv) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }
func (e argEnv) size(k string) int           { return len(e[k]) }
func (e argEnv) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	return keys
}

// isWindowsImage recognises Windows base images (mcr.microsoft.com/windows/*,
// servercore and nanoserver images and tags, *-windows images), whose
// default shell is cmd.
func isWindowsImage(ref string) bool {
	r := strings.ToLower(ref)
	for _, w := range []string{"servercore", "nanoserver", "windows"} {
		if strings.Contains(r, w) {
			return true
		}
	}
	return false
}

// posixShell reports whether a SHELL runs POSIX-style scripts we can parse.
func posixShell(sh []string) bool {
	if len(sh) == 0 {
		return true
	}
	switch strings.ToLower(strings.TrimSuffix(path.Base(strings.ReplaceAll(sh[0], `\`, "/")), ".exe")) {
	case "sh", "bash", "dash", "ash", "zsh", "ksh", "busybox":
		return true
	}
	return false
}

// parseShell parses the shell of a RUN, CMD or ENTRYPOINT once, so every
// rule reads the same calls: the script of a shell form (when the SHELL in
// force is a POSIX shell), the argv of an exec-form RUN (see parseExec).
func (b *builder) parseShell(ins *Instruction) {
	switch ins.Keyword {
	case "RUN", "CMD", "ENTRYPOINT":
	default:
		return
	}
	if ins.JSON {
		if ins.Keyword == "RUN" {
			b.parseExec(ins)
		}
		return
	}
	if len(ins.Args) == 0 || !posixShell(ins.ShellInForce) || b.f.Escape != '\\' {
		return
	}
	l := ins.line
	from := ins.Args[0].log
	text := l.text[from:]
	mapOff := func(off int) int { return l.fileOff(from + off) }
	if len(ins.Heredocs) > 0 {
		h := ins.Heredocs[0]
		src := b.f.Source
		if len(ins.Args) == 1 && strings.HasPrefix(ins.Args[0].Raw, "<<") {
			// `RUN <<EOF` with no command: the body is the script, run by
			// its #! interpreter when it has one (BuildKit's dispatchRun).
			// `RUN <<EOF cat` is a command whose input is the body: below.
			text = src.Text(h.Body)
			if interp, ok := strings.CutPrefix(text, "#!"); ok && !posixShell(shebang(interp)) {
				return
			}
			mapOff = func(off int) int { return h.Body.Start + off }
		} else {
			// `RUN python3 <<EOF`: the body is the command's input; give the
			// shell parser the heredocs as written so it sees them as such.
			head := len(text)
			tail := src.LineStart(l.lastLine + 1)
			text += "\n" + src.Text(sourceSpan(tail, ins.Span.End)) + "\n"
			mapOff = func(off int) int {
				if off <= head {
					return l.fileOff(from + off)
				}
				return tail + off - head - 1
			}
		}
	}
	// A heredoc body keeps the \r of CRLF files; the shell would read it as
	// part of the last word. A blank in its place keeps every offset.
	text = strings.ReplaceAll(text, "\r\n", " \n")
	if s, err := shell.Parse(text, mapOff); err == nil {
		ins.Shell = s
	}
}

// shebang splits the interpreter line of a script after its "#!":
// "/usr/bin/env python3" is ["python3"], "/bin/bash -e" is ["/bin/bash", "-e"].
func shebang(line string) []string {
	line, _, _ = strings.Cut(line, "\n")
	fields := strings.Fields(line)
	if len(fields) > 1 && path.Base(fields[0]) == "env" {
		fields = fields[1:]
		for len(fields) > 1 && strings.HasPrefix(fields[0], "-") {
			fields = fields[1:]
		}
	}
	if len(fields) == 0 {
		return []string{"sh"}
	}
	return fields
}

func (b *builder) finish() {}
