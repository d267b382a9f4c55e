package rules

import "github.com/seaworthy-dev/seaworthy/parser/source"

// Finding is one problem at one place. Positions are 1-based, columns count
// Unicode characters, and End is exclusive.
type Finding struct {
	Rule     *Rule
	Severity Severity // after configuration overrides
	File     string   // the path as the user named it
	Start    source.Position
	End      source.Position
	Message  string
	Fix      *Fix // nil unless the rule has a safe edit
	// Sensitive is set when the finding's line holds a secret (see
	// Protect): no output shows the line's text, not even as a hash.
	Sensitive bool
	// Incomplete is set on a finding that says the file was not linted
	// fully: a limit of seaworthy's or an internal error (exit code 3).
	Incomplete bool

	// Source and Span locate the finding in the bytes it came from; they let
	// suppressions and baselines read the line without re-reading the file.
	Source *source.File
	Span   source.Span
}

// Fix is a safe edit that resolves a finding.
type Fix struct {
	Description string
	Edits       []Edit
	// Unsafe marks a fix that can change what the image or the service
	// does (adding USER, pinning a digest): --fix applies it only with
	// --unsafe-fixes, and editors offer it without applying it in fixAll.
	Unsafe bool
}

// Edit replaces the text between Start and End (exclusive) with Text.
type Edit struct {
	Start source.Position
	End   source.Position
	Text  string
	Span  source.Span
}

// NewFinding builds a finding from byte offsets into src.
func NewFinding(r *Rule, src *source.File, span source.Span, msg string) Finding {
	return Finding{
		Rule: r, Severity: r.Severity, File: src.Path,
		Start: src.Position(span.Start), End: src.Position(span.End),
		Message: msg, Source: src, Span: span,
	}
}

// NewEdit builds an edit that replaces span in src with text.
func NewEdit(src *source.File, span source.Span, text string) Edit {
	return Edit{Start: src.Position(span.Start), End: src.Position(span.End), Text: text, Span: span}
}

// Less orders findings by file, line, column, rule, then message, so the same
// input always gives byte-identical output.
func Less(a, b *Finding) bool {
	switch {
	case a.File != b.File:
		return a.File < b.File
	case a.Start.Line != b.Start.Line:
		return a.Start.Line < b.Start.Line
	case a.Start.Column != b.Start.Column:
		return a.Start.Column < b.Start.Column
	case a.Rule.ID != b.Rule.ID:
		return a.Rule.ID < b.Rule.ID
	case a.End.Line != b.End.Line:
		return a.End.Line < b.End.Line
	case a.End.Column != b.End.Column:
		return a.End.Column < b.End.Column
	}
	return a.Message < b.Message
}
