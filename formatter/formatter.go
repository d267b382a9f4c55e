// Package formatter writes a lint report in each output format: text, json,
// sarif, checkstyle, gitlab and github. Every format reads the same Report.
package formatter

import (
	"fmt"
	"io"
	"sort"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// Report is the outcome of one run: findings sorted by rules.Less, the files
// that could not be linted at all, and every rule that was enabled (SARIF lists them).
type Report struct {
	ToolVersion string
	Findings    []rules.Finding
	Errors      []FileError
	Rules       []*rules.Rule
	// Configs names, by linted file, the configuration file that applied to
	// it; files with the defaults are absent.
	Configs map[string]string
	// Files are the files linted, with their kind: the compliance formats
	// say which controls could be checked at all.
	Files []LintedFile
	// Notes are what a reviewer should know about the run that is not a
	// finding: a nested configuration that turns rules off. The text format
	// prints them last.
	Notes []string
}

// LintedFile is one file a run linted.
type LintedFile struct {
	Path string
	Kind rules.Kind
}

// FileError is a file the tool could not read or lint (not a finding).
type FileError struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// Options tune a format's look; machine formats ignore them.
type Options struct {
	Color bool // ANSI colour in the text format
	// Summary ends the text format with one line of counts (files by
	// kind, findings by severity, fixable), for a person at a terminal;
	// logs and editors parse the lines above it and get none.
	Summary bool
}

// Formatter writes a report to w.
type Formatter func(w io.Writer, r *Report, opts Options) error

// formats maps each --format name to its writer (one file per format).
var formats = map[string]Formatter{
	"text":       Text,
	"json":       JSON,
	"sarif":      SARIF,
	"checkstyle": Checkstyle,
	"gitlab":     GitLab,
	"github":     GitHub,
	// CIS Docker Benchmark views of the same findings (compliance*.go)
	"compliance":      ComplianceMarkdown,
	"compliance-html": ComplianceHTML,
	"compliance-json": ComplianceJSON,
}

// Get returns the formatter for name.
func Get(name string) (Formatter, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %v)", name, Names())
	}
	return f, nil
}

// Names lists the formats, sorted.
func Names() []string {
	var names []string
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
