package lsp

import (
	"strings"
	"unicode/utf8"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// severity maps seaworthy's severities onto LSP's: style findings are
// hints, which editors show the most quietly.
func severity(s rules.Severity) int {
	switch s {
	case rules.Error:
		return severityError
	case rules.Warning:
		return severityWarning
	case rules.Info:
		return severityInformation
	}
	return severityHint
}

// diagnostic turns a finding in the document (whose text is text) into a
// diagnostic with the exact range in UTF-16 characters, the rule as code
// and its page as codeDescription, and the rule's fix in data.
func diagnostic(f *rules.Finding, text string, ls *lines) Diagnostic {
	d := Diagnostic{
		Range:    findingRange(f, text, ls),
		Severity: severity(f.Severity),
		Code:     f.Rule.ID,
		Source:   "seaworthy",
		Message:  f.Message,
		Data:     &DiagnosticData{Rule: f.Rule.ID, Name: f.Rule.Name},
	}
	d.CodeDescription = &CodeDescription{Href: f.Rule.HelpURI()}
	if f.Rule == rules.UnusedSuppression {
		d.Tags = []int{tagUnnecessary}
	}
	if edits := fixEdits(f, text, ls); edits != nil {
		d.Data.Fix = &FixData{Description: f.Fix.Description, Edits: edits}
	}
	return d
}

// ofText reports whether a finding's bytes are the document's text, so that
// its byte spans can be used as they are.
func ofText(f *rules.Finding, text string) bool {
	return f.Source != nil && len(f.Source.Data) == len(text) && f.Source.String() == text
}

func findingRange(f *rules.Finding, text string, ls *lines) Range {
	if ofText(f, text) && f.Span.Valid() && f.Span.End <= len(text) {
		return ls.span(f.Span.Start, f.Span.End)
	}
	// No span into this text: convert the 1-based line and character column.
	return Range{Start: fromColumn(ls, f.Start.Line, f.Start.Column), End: fromColumn(ls, f.End.Line, f.End.Column)}
}

// fromColumn converts a 1-based line and a column counted in Unicode
// characters into an LSP position.
func fromColumn(ls *lines, line, col int) Position {
	n := max(line-1, 0)
	if n >= len(ls.starts) {
		return ls.position(len(ls.text))
	}
	off := ls.starts[n]
	end := ls.end(n)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRuneInString(ls.text[off:])
		off += size
	}
	return ls.position(off)
}

// fixEdits is a finding's fix as LSP edits, or nil when it has none or its
// edits do not point into this text.
func fixEdits(f *rules.Finding, text string, ls *lines) []TextEdit {
	if f.Fix == nil || len(f.Fix.Edits) == 0 || !ofText(f, text) {
		return nil
	}
	edits := make([]TextEdit, 0, len(f.Fix.Edits))
	for _, e := range f.Fix.Edits {
		if !e.Span.Valid() || e.Span.End > len(text) {
			return nil
		}
		edits = append(edits, TextEdit{Range: ls.span(e.Span.Start, e.Span.End), NewText: e.Text})
	}
	return edits
}

// lineBreak is the line ending the document uses, for inserted lines.
func lineBreak(text string) string {
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
