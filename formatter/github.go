package formatter

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns into
// annotations on the pull request. GitHub keeps only the first few
// annotations of each kind per step, so findings are written most severe
// first (otherwise in report order). Files that could not be linted become
// file-level ::error commands. Paths are repository-relative as given, or
// absolute when they climb out of the current folder (see repoPath): the
// runner makes absolute paths under the workspace relative again.
func GitHub(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range bySeverity(r.Findings) {
		fmt.Fprintf(bw, "::%s file=%s,%s,title=%s::%s\n",
			githubLevel(f.Severity), escapeProperty(repoPath(f.File)), githubRange(f),
			escapeProperty(ruleLabel(f.Rule)), escapeData(findingMessage(f)))
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "::error file=%s::%s\n", escapeProperty(repoPath(e.File)), escapeData(fileErrorMessage(e)))
	}
	return bw.Flush()
}

// bySeverity is the findings, most severe first, otherwise in report order.
func bySeverity(fs []rules.Finding) []*rules.Finding {
	out := make([]*rules.Finding, len(fs))
	for i := range fs {
		out[i] = &fs[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}

// githubRange is the finding's "line=L,col=C,endLine=EL,endColumn=EC"; GitHub
// counts from 1, and an end before the start is left out.
func githubRange(f *rules.Finding) string {
	line, col := max(f.Start.Line, 1), max(f.Start.Column, 1)
	s := fmt.Sprintf("line=%d,col=%d", line, col)
	if f.End.Line > line || (f.End.Line == line && f.End.Column >= col) {
		s += fmt.Sprintf(",endLine=%d,endColumn=%d", f.End.Line, max(f.End.Column, 1))
	}
	return s
}

// githubLevel maps onto the three annotation commands.
func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// dataEscaper escapes a command's message as actions/toolkit does, so a
// newline or "%" in it cannot end the command or be misread.
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// propertyEscaper also escapes ":" and ",", which separate properties.
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeData(s string) string { return dataEscaper.Replace(s) }

func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
