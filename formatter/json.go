package formatter

import (
	"encoding/json"
	"io"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// jsonVersion is the version of the JSON report's shape; it changes only when
// a field is removed or changes meaning, so scripts can check it.
const jsonVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Errors   []FileError   `json:"errors"`
	// Configs maps each linted file to the configuration file that applied
	// to it (absent: the defaults).
	Configs map[string]string `json:"configs,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule      string   `json:"rule"`
	Name      string   `json:"name"`
	Severity  string   `json:"severity"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Message   string   `json:"message"`
	HelpURI   string   `json:"help_uri"`
	Fix       *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Description string     `json:"description"`
	Edits       []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Text      string `json:"text"`
}

// JSON writes the report as the one object DESIGN.md specifies, for scripts:
// "findings" and "errors" are always arrays, "fix" appears only on findings
// that carry a safe edit. Indented by two spaces, with a final newline.
func JSON(w io.Writer, r *Report, _ Options) error {
	out := jsonReport{
		Version:  jsonVersion,
		Tool:     jsonTool{Name: toolName, Version: r.ToolVersion},
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   make([]FileError, 0, len(r.Errors)),
	}
	for i := range r.Findings {
		out.Findings = append(out.Findings, newJSONFinding(&r.Findings[i]))
	}
	out.Errors = append(out.Errors, r.Errors...)
	out.Configs = r.Configs
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep "<", ">" and "&" readable in messages
	return enc.Encode(out)
}

func newJSONFinding(f *rules.Finding) jsonFinding {
	return jsonFinding{
		Rule: f.Rule.ID, Name: f.Rule.Name, Severity: f.Severity.String(),
		File: f.File, Line: f.Start.Line, Column: f.Start.Column,
		EndLine: f.End.Line, EndColumn: f.End.Column,
		Message: f.Message, HelpURI: f.Rule.HelpURI(),
		Fix: newJSONFix(f.Fix),
	}
}

func newJSONFix(fix *rules.Fix) *jsonFix {
	if fix == nil || len(fix.Edits) == 0 {
		return nil // a fix with nothing to apply is no fix
	}
	out := &jsonFix{Description: fix.Description, Edits: make([]jsonEdit, 0, len(fix.Edits))}
	for _, e := range fix.Edits {
		out.Edits = append(out.Edits, newJSONEdit(e.Start, e.End, e.Text))
	}
	return out
}

func newJSONEdit(start, end source.Position, text string) jsonEdit {
	return jsonEdit{Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column, Text: text}
}
