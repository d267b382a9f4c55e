package formatter

import (
	"encoding/xml"
	"io"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// checkstyleVersion is the format version hadolint writes; reviewdog and the
// Jenkins warnings plugin read it.
const checkstyleVersion = "4.3"

type checkstyleReport struct {
	XMLName xml.Name          `xml:"checkstyle"`
	Version string            `xml:"version,attr"`
	Files   []*checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// Checkstyle writes Checkstyle XML for reviewdog, Jenkins and other CI tools:
// one <file> per file, in the order files first appear, with one <error> per
// finding (source = rule ID). A file that could not be linted gets an <error>
// on line 0 with source "seaworthy".
func Checkstyle(w io.Writer, r *Report, _ Options) error {
	out := checkstyleReport{Version: checkstyleVersion}
	files := map[string]*checkstyleFile{}
	add := func(name string, e checkstyleError) {
		f, ok := files[name]
		if !ok {
			f = &checkstyleFile{Name: name}
			files[name] = f
			out.Files = append(out.Files, f)
		}
		f.Errors = append(f.Errors, e)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		add(f.File, checkstyleError{
			Line: f.Start.Line, Column: f.Start.Column, Severity: checkstyleSeverity(f.Severity),
			Message: findingMessage(f), Source: f.Rule.ID,
		})
	}
	for _, e := range r.Errors {
		add(e.File, checkstyleError{Severity: "error", Message: fileErrorMessage(e), Source: toolName})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// checkstyleSeverity maps onto Checkstyle's error, warning and info; it has
// no "style", which becomes info.
func checkstyleSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "info"
}
