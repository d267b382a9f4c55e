package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1803 is BuildKit's NoEmptyContinuation: an empty line inside a line
// continuation is accepted today and will be an error in a future release.
var SW1803 = &rules.Rule{
	ID:       "SW1803",
	Name:     "no-empty-continuation",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleNoEmptyContinuation.Description,
	Doc: md(`A line that ends with the escape character (´\´) continues on the next line. When the
next line is empty, BuildKit skips it and goes on with the line after, so

´´´dockerfile
RUN apk add --no-cache \

    curl
´´´

still runs ´apk add --no-cache curl´. The empty line usually hides a mistake (a removed package,
a forgotten backslash), and Docker has announced that empty continuation lines will become an
error. Remove the empty line, or end the instruction before it.

This is BuildKit's own check (´docker build --check´), with the same message, reported once per
instruction at the escape character that runs into the first empty line. Comment lines inside
a continuation are not empty lines. The fix deletes the empty lines.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleNoEmptyContinuation.Name}},
	Fixable:     true,
	Run:         runNoEmptyContinuation,
}

func runNoEmptyContinuation(p *rules.Pass) {
	seen := map[*df.Instruction]bool{}
	for _, w := range bkWarnings(p.Dockerfile, linter.RuleNoEmptyContinuation.Name) {
		if seen[w.Ins] {
			continue
		}
		seen[w.Ins] = true
		esc, empties := emptyContinuations(p.Source, w.Ins.Node.StartLine, p.Dockerfile.Escape)
		if len(empties) == 0 {
			continue
		}
		fix := &rules.Fix{Description: "Delete the empty continuation lines"}
		for _, n := range empties {
			fix.Edits = append(fix.Edits, rules.NewEdit(p.Source, source.Span{Start: p.Source.LineStart(n), End: p.Source.LineStart(n + 1)}, ""))
		}
		p.ReportFix(esc, fix, "%s", w.Message)
	}
}

// emptyContinuations follows the continuation lines of the instruction that
// starts on line start, as BuildKit's parser does, and returns the blank
// lines inside it and the escape character that runs into the first one.
func emptyContinuations(src *source.File, start int, escape byte) (esc source.Span, empties []int) {
	more, at := lineContinues(src, start, escape)
	last := at
	for n := start + 1; more && n <= src.LineCount(); n++ {
		text := strings.TrimRight(src.Line(n), "\r\n")
		trimmed := strings.TrimSpace(text)
		switch {
		case trimmed == "":
			if len(empties) == 0 {
				esc = source.Span{Start: last, End: last + 1}
			}
			empties = append(empties, n)
		case strings.HasPrefix(trimmed, "#"):
		default:
			more, at = lineContinues(src, n, escape)
			last = at
		}
	}
	return esc, empties
}

// lineContinues reports whether line n ends with the escape character
// (followed only by blanks), and the file offset of that character.
func lineContinues(src *source.File, n int, escape byte) (bool, int) {
	text := strings.TrimRight(src.Line(n), "\r\n")
	t := strings.TrimRight(text, " \t")
	if t == "" || t[len(t)-1] != escape || len(t) >= 2 && t[len(t)-2] == escape {
		return false, 0
	}
	return true, src.LineStart(n) + len(t) - 1
}
