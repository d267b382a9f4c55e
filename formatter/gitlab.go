package formatter

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// GitLab writes a GitLab Code Quality report: a JSON array (always, even
// empty) with the five fields GitLab reads. Files that could not be linted
// are reported as blocker issues with check_name "seaworthy", so a merge
// request shows them too.
func GitLab(w io.Writer, r *Report, _ Options) error {
	out := make([]gitlabIssue, 0, len(r.Findings)+len(r.Errors))
	fp := fingerprinter{}
	for i := range r.Findings {
		f := &r.Findings[i]
		out = append(out, gitlabIssue{
			Description: f.Rule.ID + " " + findingMessage(f),
			CheckName:   f.Rule.ID,
			Fingerprint: fp.next(f.Rule.ID, f.File, findingLineText(f)),
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLocation{Path: slashPath(f.File), Lines: gitlabLines{Begin: max(f.Start.Line, 1)}},
		})
	}
	for _, e := range r.Errors {
		out = append(out, gitlabIssue{
			Description: fileErrorMessage(e),
			CheckName:   toolName,
			Fingerprint: fp.next(toolName, e.File, e.Message),
			Severity:    "blocker",
			Location:    gitlabLocation{Path: slashPath(e.File), Lines: gitlabLines{Begin: 1}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// gitlabSeverity uses hadolint's mapping onto GitLab's five levels.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "blocker"
	case rules.Warning:
		return "major"
	case rules.Style:
		return "minor"
	}
	return "info"
}

// findingLineText is the trimmed source line the finding starts on, or its
// message when the source is not at hand or the line holds a secret (a
// hash of a line with a short password in it can be reversed by guessing).
func findingLineText(f *rules.Finding) string {
	if f.Source != nil && !f.Sensitive {
		if s := strings.TrimSpace(f.Source.Line(f.Start.Line)); s != "" {
			return s
		}
	}
	return f.Message
}

// fingerprinter makes GitLab fingerprints. GitLab shows issues with the same
// fingerprint once and tracks an issue across pipelines by it, so it hashes
// what identifies the problem (rule, file, source text) but not the line
// number, which moves when lines are added above; an occurrence counter keeps
// identical lines in one file apart.
type fingerprinter map[string]int

func (fp fingerprinter) next(rule, file, text string) string {
	key := rule + "\x00" + slashPath(file) + "\x00" + text
	n := fp[key]
	fp[key] = n + 1
	// md5 names, it does not protect: its 32 hex digits are what GitLab and
	// golangci-lint use for Code Quality fingerprints.
	sum := md5.Sum([]byte(key + "\x00" + strconv.Itoa(n)))
	return hex.EncodeToString(sum[:])
}
