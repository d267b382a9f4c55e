package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1807 is BuildKit's JSONArgsRecommended: a shell-form CMD or ENTRYPOINT
// runs the program under /bin/sh, which does not pass on SIGTERM.
var SW1807 = &rules.Rule{
	ID:       "SW1807",
	Name:     "json-args-recommended",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleJSONArgsRecommended.Description,
	Doc: md(`In shell form (´CMD node server.js´) the container's main process is ´/bin/sh -c "node
server.js"´. The shell is PID 1: ´docker stop´ sends SIGTERM to the shell, which does not pass
it on, so the program never hears it and is killed with SIGKILL ten seconds later, without a
chance to finish requests or flush data. A shell-form ´ENTRYPOINT´ also ignores the ´CMD´ and
the arguments given to ´docker run´. Use the exec (JSON) form:

´´´dockerfile
CMD ["node", "server.js"]
´´´

If you need the shell (variables), start the command with ´exec´ (´CMD exec node "$APP"´): the
shell then replaces itself with the program, which receives the signals; such commands are not
reported (BuildKit reports them). A shell form kept on purpose after a ´SHELL´ instruction is
not reported either: as in BuildKit, nothing is reported in a stage that sets ´SHELL´ (itself or
through the stage it is built ´FROM´). This is BuildKit's own check
(´docker build --check´), with the same message. The fix rewrites simple commands (plain words,
no shell syntax) to the exec form; for ´ENTRYPOINT´ only when the stage has no ´CMD´, whose
arguments the exec form would start passing.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleJSONArgsRecommended.Name},
		rules.Hadolint: {"DL3025"},
		rules.KICS:     {"b86987e1-6397-4619-81d5-8807f2387c79"},
	},
	Fixable: true,
	Run:     runJSONArgsRecommended,
}

func runJSONArgsRecommended(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		if shellSetBefore(s.Parent, nil) {
			continue
		}
		hasCmd := false
		for _, ins := range s.Instructions {
			hasCmd = hasCmd || ins.Keyword == "CMD"
		}
		for _, ins := range s.Instructions {
			if _, ok := ins.Command.(*instructions.ShellCommand); ok {
				break
			}
			if ins.Keyword != "CMD" && ins.Keyword != "ENTRYPOINT" || ins.JSON || len(ins.Args) == 0 || ins.Args[0].Raw == "exec" {
				continue
			}
			if bkSkipped(p, ins, linter.RuleJSONArgsRecommended.Name) {
				continue
			}
			msg := linter.RuleJSONArgsRecommended.Format(keywordAsWritten(p.Dockerfile, ins))
			if fix := execFormFix(p, ins, hasCmd); fix != nil {
				p.ReportFix(ins.ArgsSpan(), fix, "%s", msg)
				continue
			}
			p.Reportf(ins.ArgsSpan(), "%s", msg)
		}
	}
}

// shellSetBefore reports whether a SHELL instruction runs in stage s (and
// the stages it is built FROM) before instruction before (nil: anywhere).
func shellSetBefore(s *df.Stage, before *df.Instruction) bool {
	for ; s != nil; s = s.Parent {
		for _, ins := range s.Instructions {
			if ins == before {
				break
			}
			if _, ok := ins.Command.(*instructions.ShellCommand); ok {
				return true
			}
		}
		before = nil
	}
	return false
}

// execFormFix rewrites a shell-form command made of plain words; an
// ENTRYPOINT only when its stage has no CMD.
func execFormFix(p *rules.Pass, ins *df.Instruction, stageHasCmd bool) *rules.Fix {
	if len(ins.Heredocs) > 0 || ins.Node.StartLine != ins.Node.EndLine || ins.Keyword == "ENTRYPOINT" && stageHasCmd {
		return nil
	}
	words := make([]string, 0, len(ins.Args))
	for _, a := range ins.Args {
		if !plainWord(a.Raw) {
			return nil
		}
		words = append(words, strconv.Quote(a.Raw))
	}
	return &rules.Fix{Description: "Use the exec form", Edits: []rules.Edit{rules.NewEdit(p.Source, ins.ArgsSpan(), "["+strings.Join(words, ", ")+"]")}}
}

// plainWord reports whether the shell would pass w on unchanged.
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for _, c := range w {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("-_./:@%+,", c):
		default:
			return false
		}
	}
	return true
}
