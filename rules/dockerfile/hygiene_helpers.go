package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Helpers shared by the build hygiene rules (SW17xx). Names start with hyg
// so that they do not collide with the other areas' helpers.

// hygChain lists a stage and the stages it is built FROM, root first.
func hygChain(s *df.Stage) []*df.Stage {
	var chain []*df.Stage
	for st := s; st != nil && len(chain) < 1000; st = st.Parent {
		chain = append([]*df.Stage{st}, chain...)
	}
	return chain
}

// hygScratch reports whether the stage chain starts FROM scratch.
func hygScratch(s *df.Stage) bool {
	r := rootStage(s)
	return r.Resolved && strings.EqualFold(r.Base, "scratch")
}

// hygHasChildren reports whether another stage is built FROM s.
func hygHasChildren(f *df.File, s *df.Stage) bool {
	for _, o := range f.Stages {
		if o.Parent == s {
			return true
		}
	}
	return false
}

// hygCopyLike returns the sources and destination of a COPY or ADD.
func hygCopyLike(ins *df.Instruction) (sd *instructions.SourcesAndDest, ok bool) {
	switch c := ins.Command.(type) {
	case *instructions.CopyCommand:
		return &c.SourcesAndDest, true
	case *instructions.AddCommand:
		return &c.SourcesAndDest, true
	}
	return nil, false
}

// hygDest is the destination token of a COPY or ADD: its last argument.
func hygDest(ins *df.Instruction) (df.Token, bool) {
	if len(ins.Args) < 2 {
		return df.Token{}, false
	}
	return ins.Args[len(ins.Args)-1], true
}

// hygStageRef resolves a --from value to a stage of the file the way
// BuildKit does: a number is an index, a name is matched case-insensitively.
// isIndex is true for numbers; s is nil when nothing matches.
func hygStageRef(f *df.File, from string) (s *df.Stage, isIndex bool) {
	if n, ok := hygIndex(from); ok {
		if n < len(f.Stages) {
			return f.Stages[n], true
		}
		return nil, true
	}
	for _, st := range f.Stages {
		if st.Name != "" && strings.EqualFold(st.Name, from) {
			return st, false
		}
	}
	return nil, false
}

// hygIndex parses a stage index as strconv.Atoi would accept it (digits only).
func hygIndex(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// hygFromValue returns the --from flag of a COPY and its value span.
func hygFromFlag(ins *df.Instruction) (val string, tok df.Token, ok bool) {
	if _, isCopy := ins.Command.(*instructions.CopyCommand); !isCopy {
		return "", df.Token{}, false
	}
	tok, ok = ins.Flag("from")
	if !ok {
		return "", df.Token{}, false
	}
	return tok.Value, tok, true
}

// hygFlagValueSpan narrows a --name=value flag token to its value.
func hygFlagValueSpan(tok df.Token) (a, b int) {
	k := strings.IndexByte(tok.Raw, '=')
	if k < 0 || k+1 >= len(tok.Raw) {
		return 0, len(tok.Raw)
	}
	a, b = k+1, len(tok.Raw)
	if r := tok.Raw[a:]; len(r) >= 2 && (r[0] == '"' || r[0] == '\'') && r[len(r)-1] == r[0] {
		a, b = a+1, b-1
	}
	return a, b
}

// hygMD turns ´ into a backquote, so rule docs can quote code inside Go raw strings.
func hygMD(s string) string { return strings.ReplaceAll(s, "´", "`") }

// hygAt is the empty span at file offset off, for insertions.
func hygAt(off int) source.Span { return source.Span{Start: off, End: off} }

// hygUnquote removes one pair of matching quotes around a value.
func hygUnquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// hygPOSIX reports whether the shell in force for ins is a POSIX shell, not
// cmd or PowerShell (Windows images).
func hygPOSIX(ins *df.Instruction) bool {
	sh := ins.ShellInForce
	if len(sh) == 0 {
		return true
	}
	name := strings.ToLower(strings.TrimSuffix(path.Base(strings.ReplaceAll(sh[0], `\`, "/")), ".exe"))
	return name != "cmd" && name != "powershell" && name != "pwsh"
}
