package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2602 reports the top-level version key, which Compose ignores: it
// misleads readers into thinking a file format is chosen, and `docker
// compose` warns about it on every command.
var SW2602 = &rules.Rule{
	ID:       "SW2602",
	Name:     "compose-version-obsolete",
	Kind:     rules.Compose,
	Severity: rules.Style,
	Summary:  "The top-level version key is obsolete",
	Doc: "The Compose Specification ignores `version:`: every file is read with the latest\n" +
		"format whatever it says, so `version: \"2.4\"` does not bring back version 2's options, and\n" +
		"`docker compose` prints \"the attribute `version` is obsolete, it will be ignored\" on\n" +
		"every command. Remove the line.\n\n" +
		"```yaml\nservices:\n  web:\n    image: nginx:1.27\n```\n\n" +
		"The fix removes the line when `version:` and its value are a line of their own.",
	Tags:    []string{"best-practice"},
	Fixable: true,
	Run: func(p *rules.Pass) {
		for _, n := range p.Compose.TopEach("version") {
			p.ReportIn(n.File(), n.PairSpan(), removeLineFix(n.File(), n.PairSpan()), "the top-level version key is obsolete: Compose ignores it and warns on every command; remove it")
		}
	},
}

// removeLineFix removes the lines span covers when it covers them whole
// (but for the line end and blanks or a comment after it); nil otherwise.
func removeLineFix(f *source.File, span source.Span) *rules.Fix {
	first, last := f.Position(span.Start), f.Position(span.End)
	start := f.LineStart(first.Line)
	if start > span.Start || strings.Trim(string(f.Data[start:span.Start]), " \t") != "" {
		return nil // something before the key on its line ("- key: v", "{key: v}")
	}
	if span.End > span.Start && f.Data[span.End-1] == '\n' {
		last = f.Position(span.End - 1) // a block value's span takes its last line end
	}
	end := f.LineStart(last.Line + 1) // the next line's start, or the end of the file
	rest := ""
	if lineEnd := f.LineEnd(last.Line); span.End < lineEnd {
		rest = string(f.Data[span.End:lineEnd])
	}
	for i, c := range rest {
		if c == '#' && (i == 0 || rest[i-1] == ' ' || rest[i-1] == '\t') {
			break
		}
		if c != ' ' && c != '\t' {
			return nil
		}
	}
	return &rules.Fix{Description: "Remove the version key", Edits: []rules.Edit{rules.NewEdit(f, source.Span{Start: start, End: end}, "")}}
}
