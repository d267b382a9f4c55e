package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1708 catches pipelines in RUN whose first command can fail without the
// build noticing: a pipeline's status is its last command's, so
// `curl … | tar x` succeeds with a truncated or missing download.
var SW1708 = &rules.Rule{
	ID:       "SW1708",
	Name:     "pipefail-missing",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A RUN pipeline hides the failure of its first command (no pipefail)",
	Doc: hygMD(`A shell pipeline succeeds when its last command does. In
´RUN curl -fsSL https://example.com/tool.tgz | tar -xz´ a failed download gives ´tar´ an empty
input, ´tar´ may exit 0, and the build goes on with the tool missing. With ´pipefail´ the
pipeline fails when any of its commands fails.

On Debian and Ubuntu images ´/bin/sh´ is ´dash´, which has no ´pipefail´: run ´RUN´ with bash.

´´´dockerfile
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tgz | tar -xz
´´´

On Alpine and BusyBox images ´/bin/sh´ is ash, which has it: start the ´RUN´ with
´set -o pipefail &&´ or use ´SHELL ["/bin/ash", "-eo", "pipefail", "-c"]´.

Not reported: a ´SHELL´ with ´-o pipefail´ (also inherited from the stage this one is built
´FROM´); a ´set -o pipefail´ (or ´set -euxo pipefail´) earlier in the same ´RUN´; pipelines
whose first commands cannot fail (´echo´, ´printf´, ´cat´ of a here-document, ´yes´, a ´{ … }´ group
of those); pipelines into a command that fails on an empty input anyway (´grep´, ´sha256sum -c´); PowerShell,
´cmd´ and ´dash´ ´SHELL´s; exec-form ´RUN´; and pipelines inside ´bash -c '…'´ strings.`),
	Tags: []string{"correctness", "best-practice"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL4006"},
		rules.KICS:     {"efbf148a-67e9-42d2-ac47-02fa1c0d0b22"},
	},
	Run: runPipefailMissing,
}

func runPipefailMissing(p *rules.Pass) {
	for _, target := range p.Dockerfile.Runs() {
		if target.Stage == nil {
			continue
		}
		sh := target.ShellInForce
		if hygShellPipefail(sh) || !hygPipefailShell(sh) || hygShebangSkips(p, target) {
			continue
		}
		sc := target.Shell
		up, last := hygHiddenFailure(sc)
		if up == nil {
			continue
		}
		if hygSetPipefailBefore(sc, int(up.Pos().Offset())) {
			continue
		}
		p.Reportf(sc.Span(up), "%s in a pipeline into %s can fail unseen: the pipeline's status is %s's; %s",
			hygStmtName(up), hygStmtName(last), hygStmtName(last), hygPipefailFix(target))
	}
}

// hygShellPipefail reports whether a SHELL runs with -o pipefail.
func hygShellPipefail(sh []string) bool {
	for i := 1; i < len(sh); i++ {
		if sh[i] == "pipefail" && strings.HasPrefix(sh[i-1], "-") && strings.Contains(sh[i-1], "o") {
			return true
		}
	}
	return false
}

// hygPipefailShell reports whether the shell in force is one where
// pipefail is the fix: sh (bash, ash or dash, depending on the image),
// bash, ash, zsh, ksh, busybox. An explicit dash SHELL is not.
func hygPipefailShell(sh []string) bool {
	if len(sh) == 0 {
		return true
	}
	switch path.Base(sh[0]) {
	case "sh", "bash", "ash", "zsh", "ksh", "mksh", "busybox":
		return true
	}
	return false
}

// hygShebangSkips reports whether a `RUN <<EOF` script starts with a
// shebang that sets pipefail or names a program that is not a shell.
func hygShebangSkips(p *rules.Pass, ins *df.Instruction) bool {
	if len(ins.Heredocs) == 0 || len(ins.Args) == 0 || !strings.HasPrefix(ins.Args[0].Value, "<<") {
		return false
	}
	body := p.Source.Text(ins.Heredocs[0].Body)
	line, _, _ := strings.Cut(body, "\n")
	if !strings.HasPrefix(line, "#!") {
		return false
	}
	if strings.Contains(line, "pipefail") {
		return true
	}
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if len(fields) == 0 {
		return true
	}
	prog := path.Base(fields[0])
	if prog == "env" && len(fields) > 1 {
		prog = fields[1]
	}
	return !hygPipefailShell([]string{prog})
}

// hygHiddenFailure finds the first pipeline whose commands before the last
// can fail: it returns the first such command and the pipeline's last one.
func hygHiddenFailure(sc *shell.Script) (up, last *syntax.Stmt) {
	// Only outermost pipelines: their parts were checked; nested ones are rare.
	for _, bc := range sc.Index().Pipelines {
		stmts := hygPipeline(bc)
		if hygChecksInput(stmts[len(stmts)-1]) {
			continue
		}
		for _, st := range stmts[:len(stmts)-1] {
			if !hygCannotFail(st) {
				return st, stmts[len(stmts)-1]
			}
		}
	}
	return nil, nil
}

// hygPipeline flattens a | b | c into its statements.
func hygPipeline(bc *syntax.BinaryCmd) []*syntax.Stmt {
	var out []*syntax.Stmt
	var add func(st *syntax.Stmt)
	add = func(st *syntax.Stmt) {
		if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && len(st.Redirs) == 0 {
			add(b.X)
			add(b.Y)
			return
		}
		out = append(out, st)
	}
	add(bc.X)
	add(bc.Y)
	return out
}

// hygCannotFail reports whether a pipeline stage only writes text it was given.
func hygCannotFail(st *syntax.Stmt) bool {
	var list []*syntax.Stmt
	switch c := st.Cmd.(type) {
	case *syntax.Block:
		list = c.Stmts
	case *syntax.Subshell:
		list = c.Stmts
	}
	if list != nil {
		for _, x := range list {
			if !hygCannotFail(x) {
				return false
			}
		}
		return true
	}
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(ce.Args) == 0 {
		return false
	}
	name, ok := shell.Literal(ce.Args[0])
	if !ok {
		return false
	}
	switch name {
	case "echo", "printf", "yes", "true", ":":
		return true
	case "cat":
		// cat of a here-document or here-string, not of files
		if len(ce.Args) > 1 {
			return false
		}
		for _, r := range st.Redirs {
			if r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc || r.Op == syntax.WordHdoc {
				return true
			}
		}
	}
	return false
}

// hygChecksInput reports whether a pipeline's last command fails on an
// empty or broken input, so a failure upstream shows anyway: grep (no
// line selected), sha256sum -c and the other checksum checkers.
func hygChecksInput(st *syntax.Stmt) bool {
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(ce.Args) == 0 {
		return false
	}
	name, _ := shell.Literal(ce.Args[0])
	switch path.Base(name) {
	case "grep", "egrep", "fgrep":
		return true
	case "sha256sum", "sha512sum", "sha1sum", "md5sum", "sha384sum", "sha224sum", "b2sum", "shasum":
		for _, a := range ce.Args[1:] {
			if v, _ := shell.Literal(a); v == "--check" || strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v, "c") {
				return true
			}
		}
	}
	return false
}

// hygSetPipefailBefore reports whether `set -o pipefail` runs before offset.
func hygSetPipefailBefore(sc *shell.Script, off int) bool {
	for _, ce := range sc.Index().CallExprs {
		if int(ce.Pos().Offset()) >= off || len(ce.Args) < 3 {
			continue
		}
		if v, ok := shell.Literal(ce.Args[0]); !ok || v != "set" {
			continue
		}
		for i := 2; i < len(ce.Args); i++ {
			prev, _ := shell.Literal(ce.Args[i-1])
			cur, _ := shell.Literal(ce.Args[i])
			if cur == "pipefail" && strings.HasPrefix(prev, "-") && strings.Contains(prev, "o") {
				return true
			}
		}
	}
	return false
}

// hygStmtName names the command a statement runs, for messages.
func hygStmtName(st *syntax.Stmt) string {
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Args) > 0 {
			if v, ok := shell.Literal(c.Args[0]); ok {
				return path.Base(v)
			}
		}
	case *syntax.Block:
		return "the { … } group"
	case *syntax.Subshell:
		return "the ( … ) subshell"
	case *syntax.WhileClause:
		return "the while loop"
	case *syntax.ForClause:
		return "the for loop"
	}
	return "the command"
}

// hygPipefailFix says how to turn pipefail on for this stage's shell.
func hygPipefailFix(ins *df.Instruction) string {
	sh := ins.ShellInForce
	if len(sh) > 0 && sh[0] != "/bin/sh" && path.Base(sh[0]) != "sh" {
		return "add \"-o\", \"pipefail\" to the SHELL instruction, or start the RUN with set -o pipefail &&"
	}
	if hygAlpineLike(ins.Stage) {
		return "start the RUN with set -o pipefail && (ash has it), or use SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]"
	}
	return "set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before it (/bin/sh on Debian and Ubuntu is dash, which has no pipefail)"
}

// hygAlpineLike reports whether the stage's base is Alpine or BusyBox,
// whose /bin/sh is ash.
func hygAlpineLike(s *df.Stage) bool {
	r := rootStage(s)
	b := strings.ToLower(r.Base)
	return strings.Contains(b, "alpine") || strings.HasPrefix(path.Base(b), "busybox")
}
