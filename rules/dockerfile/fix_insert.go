package dockerfile

import (
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
