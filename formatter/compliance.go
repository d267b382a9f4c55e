package formatter

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// Compliance statuses of a control.
const (
	statusPass       = "pass"        // checked, and no finding
	statusFail       = "fail"        // at least one finding of a rule that checks it
	statusNotChecked = "not checked" // no enabled rule checks it, or no file of its kind was linted
	statusOutOfScope = "out of scope"
)

// complianceReport is the compliance view of a run: per CIS control of
// sections 4 and 5, whether the linted files pass it, with the evidence.
// The three compliance formats render the same value.
type complianceReport struct {
	Benchmark string              `json:"benchmark"`
	Tool      jsonTool            `json:"tool"`
	Summary   complianceSummary   `json:"summary"`
	Controls  []complianceControl `json:"controls"`
	Errors    []FileError         `json:"errors"`
}

type complianceSummary struct {
	Dockerfiles  int `json:"dockerfiles"`
	ComposeFiles int `json:"compose_files"`
	Pass         int `json:"pass"`
	Fail         int `json:"fail"`
	NotChecked   int `json:"not_checked"`
	OutOfScope   int `json:"out_of_scope"`
}

type complianceControl struct {
	ID       string              `json:"id"`
	Title    string              `json:"title"`
	Status   string              `json:"status"`
	Rules    []string            `json:"rules"`            // the enabled rules that check it
	Reason   string              `json:"reason,omitempty"` // why not checked or out of scope
	Failures []complianceFailure `json:"failures"`
}

// complianceFailure is one finding that fails a control.
type complianceFailure struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func newCompliance(r *Report) *complianceReport {
	out := &complianceReport{Benchmark: cisVersion, Tool: jsonTool{Name: toolName, Version: r.ToolVersion},
		Controls: []complianceControl{}, Errors: append([]FileError{}, r.Errors...)}
	for _, f := range r.Files {
		switch f.Kind {
		case rules.Dockerfile:
			out.Summary.Dockerfiles++
		case rules.Compose:
			out.Summary.ComposeFiles++
		}
	}
	linted := map[rules.Kind]int{rules.Dockerfile: out.Summary.Dockerfiles, rules.Compose: out.Summary.ComposeFiles}
	byControl := map[string][]*rules.Rule{}
	for _, x := range r.Rules {
		for _, id := range x.CIS {
			byControl[id] = append(byControl[id], x)
		}
	}
	for _, c := range cisControls {
		cc := complianceControl{ID: c.ID, Title: c.Title, Rules: []string{}}
		checking := map[*rules.Rule]bool{}
		for _, x := range byControl[c.ID] {
			cc.Rules = append(cc.Rules, x.ID)
			checking[x] = true
		}
		switch {
		case !c.Static:
			cc.Status, cc.Reason = statusOutOfScope, c.Why
		case len(cc.Rules) == 0:
			cc.Status, cc.Reason = statusNotChecked, "no enabled rule checks it"
		case linted[c.Kind] == 0 && !hasKind(byControl[c.ID], linted):
			cc.Status, cc.Reason = statusNotChecked, "no "+kindName(c.Kind)+" was linted"
		default:
			cc.Status = statusPass
			for i := range r.Findings {
				f := &r.Findings[i]
				if !checking[f.Rule] {
					continue
				}
				cc.Status = statusFail
				cc.Failures = append(cc.Failures, complianceFailure{slashPath(f.File), f.Start.Line, f.Start.Column, f.Rule.ID, f.Message})
			}
		}
		if cc.Failures == nil {
			cc.Failures = []complianceFailure{}
		}
		switch cc.Status {
		case statusPass:
			out.Summary.Pass++
		case statusFail:
			out.Summary.Fail++
		case statusNotChecked:
			out.Summary.NotChecked++
		default:
			out.Summary.OutOfScope++
		}
		out.Controls = append(out.Controls, cc)
	}
	return out
}

// hasKind reports whether one of the rules checks a kind of file that was
// linted (a section 4 control that a Compose rule also checks).
func hasKind(rs []*rules.Rule, linted map[rules.Kind]int) bool {
	for _, x := range rs {
		if linted[x.Kind] > 0 {
			return true
		}
	}
	return false
}

func kindName(k rules.Kind) string {
	if k == rules.Compose {
		return "Compose file"
	}
	return "Dockerfile"
}

// ComplianceJSON writes the compliance view as JSON, for tools.
func ComplianceJSON(w io.Writer, r *Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(newCompliance(r))
}

// ComplianceMarkdown writes the compliance view as a Markdown report: the
// summary, then one table row per control, then the failures per control.
func ComplianceMarkdown(w io.Writer, r *Report, _ Options) error {
	c := newCompliance(r)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: static compliance report\n\n", c.Benchmark)
	fmt.Fprintf(&b, "seaworthy %s linted %d Dockerfiles and %d Compose files.\n\n", c.Tool.Version, c.Summary.Dockerfiles, c.Summary.ComposeFiles)
	fmt.Fprintf(&b, "| pass | fail | not checked | out of scope |\n| --- | --- | --- | --- |\n| %d | %d | %d | %d |\n\n",
		c.Summary.Pass, c.Summary.Fail, c.Summary.NotChecked, c.Summary.OutOfScope)
	b.WriteString("Pass means no finding of the rules that check the control, after suppressions and the\n" +
		"baseline; a static check cannot prove a running system complies. Sections 1 to 3, 6 and 7\n" +
		"(host, daemon and operations) are not about files and are not listed.\n\n")
	b.WriteString("| control | status | rules | |\n| --- | --- | --- | --- |\n")
	for _, cc := range c.Controls {
		note := cc.Reason
		if cc.Status == statusFail {
			note = fmt.Sprintf("%d finding(s)", len(cc.Failures))
		}
		fmt.Fprintf(&b, "| %s %s | %s | %s | %s |\n", cc.ID, mdCell(cc.Title), statusMark(cc.Status), strings.Join(cc.Rules, ", "), mdCell(note))
	}
	for _, cc := range c.Controls {
		if cc.Status != statusFail {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s\n\n", cc.ID, cc.Title)
		for _, f := range cc.Failures {
			fmt.Fprintf(&b, "- `%s:%d:%d` %s: %s\n", f.File, f.Line, f.Column, f.Rule, mdCell(f.Message))
		}
	}
	if len(c.Errors) > 0 {
		b.WriteString("\n## Files not linted\n\n")
		for _, e := range c.Errors {
			fmt.Fprintf(&b, "- `%s`: %s\n", e.File, mdCell(e.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func statusMark(s string) string {
	switch s {
	case statusPass:
		return "✅ pass"
	case statusFail:
		return "❌ fail"
	}
	return s
}

// mdCell keeps text on one table row (pipes escaped, line breaks joined)
// and inert: a message quotes files from a pull request, and a report
// posted as a comment must not carry their HTML (an <img> that calls home).
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(oneLine(s))
}

// complianceFiles lists the files a report's findings fail, sorted, for
// the summary.
func complianceFiles(c *complianceReport) []string {
	seen := map[string]bool{}
	for _, cc := range c.Controls {
		for _, f := range cc.Failures {
			seen[f.File] = true
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
