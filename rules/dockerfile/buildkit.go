package dockerfile

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/buildkit/util/suggest"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/expand"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// This file holds what the SW18xx rules (BuildKit's own checks) share: the
// parse-time check results BuildKit already gave the parser, and the state
// BuildKit's LLB conversion keeps while it walks the stages (build
// arguments, environment, platform arguments), rebuilt on our model.

// bkWarning is one parse-time BuildKit check result with the instruction it
// belongs to.
type bkWarning struct {
	df.Warning
	Ins *df.Instruction
}

// bkWarnings lists the parse-time results of BuildKit check rule, each with
// the instruction whose lines hold it.
func bkWarnings(f *df.File, rule string) []bkWarning {
	var out []bkWarning
	for _, w := range f.Warnings {
		if w.Rule != rule {
			continue
		}
		if ins := instructionAtLine(f, w.Line); ins != nil {
			out = append(out, bkWarning{Warning: w, Ins: ins})
		}
	}
	return out
}

// instructionAtLine is the instruction whose lines include line (a binary
// search: instructions are in file order).
func instructionAtLine(f *df.File, line int) *df.Instruction {
	all := f.Instructions
	i := sort.Search(len(all), func(i int) bool { return all[i].Node.StartLine > line }) - 1
	if i >= 0 && line <= all[i].Node.EndLine {
		return all[i]
	}
	return nil
}

// keywordAsWritten is the instruction keyword with the casing of the file.
func keywordAsWritten(f *df.File, ins *df.Instruction) string {
	return f.Source.Text(ins.KeywordSpan)
}

// bkEnv is a set of variables as BuildKit's shell lexer reads them.
type bkEnv map[string]string

func (e bkEnv) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }

// Keys lists the names in a stable order, so suggestions are reproducible.
func (e bkEnv) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (e bkEnv) clone() bkEnv {
	c := make(bkEnv, len(e))
	for k, v := range e {
		c[k] = v
	}
	return c
}

// bkPlatformArgs are the arguments BuildKit defines before the first FROM
// (defaultArgs in dockerfile2llb), for a build on and for linux/amd64, the
// usual case; only their presence matters to the checks, never the values.
func bkPlatformArgs(f *df.File) bkEnv {
	target := "default"
	if s := f.FinalStage(); s != nil && s.Name != "" {
		target = strings.ToLower(s.Name)
	}
	return bkEnv{
		"BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDOSVERSION": "", "BUILDARCH": "amd64", "BUILDVARIANT": "",
		"TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETOSVERSION": "", "TARGETARCH": "amd64", "TARGETVARIANT": "",
		"TARGETSTAGE": target,
	}
}

// bkMeta is BuildKit's global build arguments (buildMetaArgs), with the
// --build-arg values of a Compose build (df.File.Build) or none: env holds the platform arguments, then each global ARG
// with a default, expanded in order; declared holds every global ARG name,
// with or without a default; failed tells whether a default failed to
// expand, where BuildKit gives up the checks that need the arguments.
type bkMeta struct {
	env      bkEnv
	declared map[string]bool
	failed   bool
}

type bkMetaKey struct{}

// bkMetaArgs computes bkMeta once per file for the seven checks that need
// it. The maps are shared: callers copy before they add to them.
func bkMetaArgs(p *rules.Pass) bkMeta {
	return rules.Memo(p, bkMetaKey{}, func() bkMeta {
		f := p.Dockerfile
		m := bkMeta{env: bkPlatformArgs(f), declared: map[string]bool{}}
		for _, ins := range f.GlobalArgs {
			ac, ok := ins.Command.(*instructions.ArgCommand)
			if !ok {
				continue
			}
			for _, kv := range ac.Args {
				m.declared[kv.Key] = true
				if v, given, known := f.Build.Arg(kv.Key); given {
					// A Compose build passes it: BuildKit uses the value
					// as given; one not known here stops the checks that
					// need the arguments, as a failed default does.
					if known {
						m.env[kv.Key] = v
					} else {
						delete(m.env, kv.Key)
						m.failed = true
					}
					continue
				}
				if kv.Value == nil {
					continue
				}
				res, err := bkExpand(f, *kv.Value, m.env)
				if err != nil {
					m.failed = true
					continue
				}
				m.env[kv.Key] = res.Result
			}
		}
		return m
	})
}

// bkExpand expands word the way BuildKit does for FROM and the stage
// instructions, returning the result and the names it used (not Words,
// which no check reads). A word without `$`, quotes, heredoc marker or
// escape character is its own expansion, and most words are such.
func bkExpand(f *df.File, word string, env bkshell.EnvGetter) (bkshell.ProcessWordResult, error) {
	if !strings.ContainsAny(word, "$'\"<") && strings.IndexByte(word, f.Escape) < 0 && utf8.ValidString(word) {
		return bkshell.ProcessWordResult{Result: word}, nil
	}
	if expand.Bound(word, func(name string) int { v, _ := env.Get(name); return len(v) }) > expand.Max {
		return bkshell.ProcessWordResult{}, errTooLong
	}
	pool := &bkLexers[0]
	if f.Escape != '\\' {
		pool = &bkLexers[1]
	}
	lex := pool.Get().(*bkshell.Lex)
	defer pool.Put(lex)
	return lex.ProcessWordWithMatches(word, env)
}

// errTooLong is bkExpand's error for a word whose expansion could pass
// expand.Max; the parser reports the definition that makes it so.
var errTooLong = errors.New("expansion longer than seaworthy expands")

// bkLexers hold BuildKit lexers for the two escape characters, `\` and
// "`". A lexer carries a scanner with a 1 kB buffer: allocating one for
// every word was a fifth of the Dockerfile path's allocations. A lexer
// keeps no state from one word to the next (its result maps are new each
// time), but it is not safe for concurrent use, hence the pools.
var bkLexers = [2]sync.Pool{
	{New: func() any { return bkshell.NewLex('\\') }},
	{New: func() any { return bkshell.NewLex('`') }},
}

// bkSuggest is BuildKit's "did you mean" for name among the options.
func bkSuggest(name string, options []string) string {
	sort.Strings(options)
	s, _ := suggest.Search(name, options, true)
	return s
}

// varRefSpan finds the first reference to $name or ${name...} in the
// instruction's flags and arguments and returns its span; ok is false when
// the reference is not written there (a heredoc body, for instance).
func varRefSpan(ins *df.Instruction, name string) (source.Span, bool) {
	toks := append(append([]df.Token{}, ins.Flags...), ins.Args...)
	for _, t := range toks {
		if a, b, ok := findVarRef(t.Raw, name); ok {
			return ins.SubSpan(t, a, b), true
		}
	}
	return source.Span{}, false
}

// findVarRef returns the byte range of $name or ${name...} in s.
func findVarRef(s, name string) (int, int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] != '$' {
			continue
		}
		rest := s[i+1:]
		if strings.HasPrefix(rest, "{"+name) {
			after := rest[1+len(name):]
			if after == "" || !isNameByte(after[0]) {
				end := strings.IndexByte(after, '}')
				if end < 0 {
					return i, i + 2 + len(name), true
				}
				return i, i + 2 + len(name) + end + 1, true
			}
		}
		if strings.HasPrefix(rest, name) {
			after := rest[len(name):]
			if after == "" || !isNameByte(after[0]) {
				return i, i + 1 + len(name), true
			}
		}
	}
	return 0, 0, false
}

// usesDefault reports whether every reference to name in s gives a fallback
// (${name:-x}, ${name-x}, ${name:+x}, ${name+x}): the author expects it unset.
func usesDefault(s, name string) bool {
	found := false
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		rest := s[i+1:]
		if strings.HasPrefix(rest, "{"+name) {
			after := rest[1+len(name):]
			if after == "" || isNameByte(after[0]) {
				continue
			}
			if !strings.HasPrefix(after, ":-") && !strings.HasPrefix(after, "-") && !strings.HasPrefix(after, ":+") && !strings.HasPrefix(after, "+") {
				return false
			}
			found = true
		} else if strings.HasPrefix(rest, name) {
			after := rest[len(name):]
			if after == "" || !isNameByte(after[0]) {
				return false
			}
		}
	}
	return found
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// flagValueSpan is the span of the value part of a --name=value flag.
func flagValueSpan(ins *df.Instruction, t df.Token) source.Span {
	if i := strings.IndexByte(t.Raw, '='); i >= 0 {
		return ins.SubSpan(t, i+1, len(t.Raw))
	}
	return t.Span
}

// md turns ´ into a backquote, so rule docs can quote code inside Go raw strings.
func md(s string) string { return strings.ReplaceAll(s, "´", "`") }

// bkState is what BuildKit's dispatch knows of a stage at one instruction:
// the variables with known values, the ARG names declared (with or without
// a value), and whether a WORKDIR ran. complete is true when the stage
// starts from scratch, so env holds every variable; otherwise the base
// image adds variables we cannot see.
type bkState struct {
	env        bkEnv
	args       map[string]bool
	complete   bool
	workdirSet bool
}

func (s *bkState) clone() *bkState {
	c := &bkState{env: s.env.clone(), args: map[string]bool{}, complete: s.complete, workdirSet: s.workdirSet}
	for k := range s.args {
		c.args[k] = true
	}
	return c
}

// defaultPath is the PATH BuildKit gives a Linux stage whose image sets none.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// bkWalker replays stages as dispatch does, remembering each stage's final
// state for the stages built FROM it.
type bkWalker struct {
	f     *df.File
	meta  bkEnv
	final map[*df.Stage]*bkState
}

type bkWalkerKey struct{}

// newBKWalker returns the file's walker, shared by the checks that replay
// the stages, so a parent stage is replayed once per file, not once per
// check.
func newBKWalker(p *rules.Pass) *bkWalker {
	return rules.Memo(p, bkWalkerKey{}, func() *bkWalker {
		return &bkWalker{f: p.Dockerfile, meta: bkMetaArgs(p).env, final: map[*df.Stage]*bkState{}}
	})
}

// walk calls fn before each instruction of stage s with the state in force.
func (w *bkWalker) walk(s *df.Stage, fn func(ins *df.Instruction, st *bkState)) *bkState {
	var st *bkState
	switch {
	case s.Parent != nil && s.Parent != s && s.Parent.Index < s.Index:
		st = w.stageEnd(s.Parent).clone()
	default:
		st = &bkState{env: bkEnv{"PATH": defaultPath}, args: map[string]bool{}}
		st.complete = s.Resolved && strings.EqualFold(s.Base, "scratch")
	}
	for _, ins := range s.Instructions {
		if fn != nil {
			fn(ins, st)
		}
		w.apply(ins, st)
	}
	return st
}

func (w *bkWalker) stageEnd(s *df.Stage) *bkState {
	if st, ok := w.final[s]; ok {
		return st
	}
	st := w.walk(s, nil)
	w.final[s] = st
	return st
}

// apply updates the state after instruction ins, as dispatchArg,
// dispatchEnv and dispatchWorkdir do.
func (w *bkWalker) apply(ins *df.Instruction, st *bkState) {
	switch c := ins.Command.(type) {
	case *instructions.ArgCommand:
		for _, kv := range c.Args {
			st.args[kv.Key] = true
			if kv.Value == nil {
				if v, ok := w.meta[kv.Key]; ok {
					st.env[kv.Key] = v
				}
				continue
			}
			if res, err := bkExpand(w.f, *kv.Value, st.env); err == nil {
				st.env[kv.Key] = res.Result
			}
		}
	case *instructions.EnvCommand:
		vals := make([]string, len(c.Env))
		for i, kv := range c.Env {
			if res, err := bkExpand(w.f, kv.Value, st.env); err == nil {
				vals[i] = res.Result
			}
		}
		for i, kv := range c.Env {
			st.env[kv.Key] = vals[i]
		}
	case *instructions.WorkdirCommand:
		st.workdirSet = true
	}
}

// parsePlatform reads os[/arch[/variant]] the way containerd's
// platforms.Parse does for what the checks need: the OS and the normalised
// architecture. ok is false for what Parse rejects.
func parsePlatform(s string) (os, arch string, ok bool) {
	parts := strings.Split(strings.ToLower(s), "/")
	for _, p := range parts {
		if p == "" {
			return "", "", false
		}
		for i := 0; i < len(p); i++ {
			if !isNameByte(p[i]) && p[i] != '-' && p[i] != '.' {
				return "", "", false
			}
		}
	}
	switch len(parts) {
	case 1:
		if knownOS(parts[0]) {
			return normalizeOS(parts[0]), "amd64", true
		}
		if a := normalizeArch(parts[0]); knownArch(a) {
			return "linux", a, true
		}
		return "", "", false
	case 2, 3:
		return normalizeOS(parts[0]), normalizeArch(parts[1]), true
	}
	return "", "", false
}

func normalizeOS(os string) string {
	if os == "macos" {
		return "darwin"
	}
	return os
}

func knownOS(os string) bool {
	switch os {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos", "macos", "wasip1":
		return true
	}
	return false
}

func knownArch(arch string) bool {
	switch arch {
	case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm":
		return true
	}
	return false
}

func normalizeArch(arch string) string {
	switch arch {
	case "i386":
		return "386"
	case "x86_64", "x86-64":
		return "amd64"
	case "aarch64":
		return "arm64"
	case "armhf", "armel":
		return "arm"
	}
	return arch
}

// bkSkipped reports whether a `# check=skip=...` comment directly above
// ins turns BuildKit check rule off for that instruction, as BuildKit's
// dispatch does with each command's comments (the file-wide directive is
// the engine's). The comments are read once per instruction for all the
// checks.
func bkSkipped(p *rules.Pass, ins *df.Instruction, rule string) bool {
	if ins == nil || ins.Node == nil || len(ins.Node.PrevComment) == 0 {
		return false
	}
	l := rules.Memo(p, bkSkipKey{ins}, func() *linter.Linter {
		return linter.New(&linter.Config{}).WithMergedConfigFromComments(ins.Node.PrevComment)
	})
	if l.SkipAll {
		return true
	}
	_, skip := l.SkippedRules[rule]
	return skip
}

type bkSkipKey struct{ ins *df.Instruction }

// fromPlatforms calls fn for every FROM --platform=... whose value expands
// with the global ARGs, unless `# check=skip=<rule>` above it skips rule.
func fromPlatforms(p *rules.Pass, rule string, fn func(s *df.Stage, st *instructions.Stage, tok df.Token, res bkshell.ProcessWordResult, env bkEnv)) {
	f := p.Dockerfile
	env := bkMetaArgs(p).env
	for _, s := range f.Stages {
		st, ok := s.From.Command.(*instructions.Stage)
		if !ok || st.Platform == "" || bkSkipped(p, s.From, rule) {
			continue
		}
		tok, ok := s.From.Flag("platform")
		if !ok {
			continue
		}
		if res, err := bkExpand(f, st.Platform, env); err == nil {
			fn(s, st, tok, res, env)
		}
	}
}
