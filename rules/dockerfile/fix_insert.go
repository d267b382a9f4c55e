package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// insertAfter is the fix that adds text (" -y") right after word w of a
// shell-form RUN, the way a person would type it. nil for an exec-form
// RUN (the text would land inside one JSON string) and for a word not
// written literally.
func insertAfter(p *rules.Pass, ins *df.Instruction, w *shell.Word, text, desc string) *rules.Fix {
	if ins == nil || ins.JSON || w == nil || !w.Literal || w.Span.End <= w.Span.Start {
		return nil
	}
	at := source.Span{Start: w.Span.End, End: w.Span.End}
	return &rules.Fix{Description: desc, Edits: []rules.Edit{rules.NewEdit(p.Source, at, text)}}
}

// removeInstructionFix is the fix that deletes an instruction's lines:
// nil when something else shares its first or last line.
func removeInstructionFix(p *rules.Pass, ins *df.Instruction, desc string) *rules.Fix {
	f := p.Source
	if ins.Span.End <= ins.Span.Start || ins.Span.End > len(f.Data) {
		return nil
	}
	firstLine := f.Position(ins.Span.Start).Line
	lastLine := f.Position(ins.Span.End - 1).Line // the line of its last byte
	start := f.LineStart(firstLine)
	if strings.TrimSpace(string(f.Data[start:ins.Span.Start])) != "" {
		return nil
	}
	if end := f.LineEnd(lastLine); ins.Span.End < end && strings.TrimSpace(string(f.Data[ins.Span.End:end])) != "" {
		return nil
	}
	span := source.Span{Start: start, End: f.LineStart(lastLine + 1)}
	return &rules.Fix{Description: desc, Edits: []rules.Edit{rules.NewEdit(f, span, "")}}
}
