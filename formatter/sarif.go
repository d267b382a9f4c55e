package formatter

import (
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/seaworthy-dev/seaworthy/docs"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SARIF writes a SARIF 2.1.0 log with one run, shaped for GitHub code
// scanning (see docs on the SARIF subset GitHub reads) and readable by
// editors and reviewdog. Every rule is listed before any result, because
// go-sarif computes each result's ruleIndex when the result is added.
// Files that could not be linted become tool execution notifications.
func SARIF(w io.Writer, r *Report, _ Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRun(*sarif.NewTool(newSARIFDriver(r.ToolVersion)))
	run.WithColumnKind("unicodeCodePoints")
	for _, rule := range sarifRules(r) {
		addSARIFRule(run, rule)
	}
	for i := range r.Findings {
		run.AddResult(newSARIFResult(&r.Findings[i]))
	}
	run.AddInvocations(newSARIFInvocation(r.Errors))
	if len(r.Configs) > 0 {
		// Which configuration applied to each file: a reviewer of a pull
		// request can see that a new .seaworthy.yaml silenced rules.
		run.Properties = sarif.Properties{"seaworthy/configs": r.Configs}
	}
	log.AddRun(run)
	// Never log.WriteFile: it does not truncate an existing file.
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// semverRE matches SemVer 2.0, with an optional "v" that SARIF's
// semanticVersion must not carry.
var semverRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// newSARIFDriver names the tool. GitHub prefers semanticVersion over version,
// so both are written when the version is SemVer; an empty version is left
// out rather than written as "" (GitHub rejects empty strings).
func newSARIFDriver(version string) *sarif.ToolComponent {
	d := sarif.NewDriver(toolName).WithInformationURI(informationURI)
	if version != "" {
		d.WithVersion(version)
	}
	if m := semverRE.FindStringSubmatch(version); m != nil {
		d.WithSemanticVersion(m[1])
	}
	return d
}

// sarifRules is every enabled rule plus any rule a finding names that is not
// among them, each once, sorted by ID.
func sarifRules(r *Report) []*rules.Rule {
	seen := map[string]bool{}
	var out []*rules.Rule
	add := func(x *rules.Rule) {
		if x != nil && !seen[x.ID] {
			seen[x.ID] = true
			out = append(out, x)
		}
	}
	for _, x := range r.Rules {
		add(x)
	}
	for i := range r.Findings {
		add(r.Findings[i].Rule)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func addSARIFRule(run *sarif.Run, x *rules.Rule) {
	d := run.AddRule(x.ID).
		WithShortDescription(sarif.NewMultiformatMessageString(ruleSummary(x))).
		WithFullDescription(sarif.NewMultiformatMessageString(fullDescription(x))).
		WithHelpURI(x.HelpURI()).
		WithHelp(ruleHelp(x)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(x.Severity))).
		WithProperties(ruleProperties(x)) // not PropertyBag.Add: that field is shadowed and never written
	if x.Name != "" {
		d.WithName(x.Name)
	}
}

// ruleSummary is the rule's one-line summary, never empty: GitHub rejects
// empty required strings and a missing shortDescription.
func ruleSummary(x *rules.Rule) string {
	for _, s := range []string{x.Summary, x.Name} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return x.ID
}

// maxDescription is GitHub's limit on fullDescription.text.
const maxDescription = 1024

// fullDescription is the first prose paragraph of the rule's documentation
// (headings and code blocks skipped), or its summary when it has none.
func fullDescription(x *rules.Rule) string {
	p := firstParagraph(x.Doc)
	if p == "" {
		return ruleSummary(x)
	}
	if r := []rune(p); len(r) > maxDescription {
		p = string(r[:maxDescription-1]) + "…"
	}
	return p
}

func firstParagraph(doc string) string {
	var lines []string
	fence := false
	for _, l := range strings.Split(doc, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~"):
			fence = !fence
		case fence || strings.HasPrefix(l, "#"):
		case l == "":
			if len(lines) > 0 {
				return strings.Join(lines, " ")
			}
		default:
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " ")
}

// ruleHelp is the rule's documentation, shown by GitHub in the alert: the
// text is the prose; the Markdown adds the failing and passing examples of
// the rule's page (docs.Examples), so the alert shows what to change, but
// for rules tagged "secrets", whose examples hold credential-shaped text
// that scanners of the report would flag. The summary stands in for rules
// without prose.
func ruleHelp(x *rules.Rule) *sarif.MultiformatMessageString {
	doc := strings.TrimSpace(x.Doc)
	if doc == "" {
		doc = ruleSummary(x)
	}
	md := doc
	if ex := docs.Examples(x.ID); ex != "" && !x.HasTag(SecretsTag) {
		md += "\n\n" + ex
	}
	return sarif.NewMultiformatMessageString(doc).WithMarkdown(md)
}

// problemSeverity is GitHub's problem.severity, which orders and labels
// alerts that have no security-severity (error, warning, recommendation).
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "recommendation"
}

// ruleProperties is the rule's property bag: its tags plus its kind
// ("dockerfile", "compose"), so alerts can be filtered by either, GitHub's
// precision and problem.severity, and security-severity on security rules.
func ruleProperties(x *rules.Rule) sarif.Properties {
	tags := x.Tags
	if x.Kind == rules.Dockerfile || x.Kind == rules.Compose {
		tags = append(append([]string{}, tags...), string(x.Kind))
	}
	props := sarif.Properties{
		"tags":             uniqueTags(tags),
		"precision":        "very-high",
		"problem.severity": problemSeverity(x.Severity),
	}
	// Only rules tagged security carry a score: any score makes GitHub
	// treat the alerts as security alerts, ranked by it.
	if x.HasTag("security") && x.SecuritySeverity > 0 {
		props["security-severity"] = strconv.FormatFloat(x.SecuritySeverity, 'f', 1, 64)
	}
	return props
}

// maxTags is GitHub's limit on tags per rule.
const maxTags = 20

// uniqueTags drops repeated and empty tags (the schema wants unique items),
// keeps at most maxTags, and is never nil, so "tags" is always an array.
func uniqueTags(tags []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		if t != "" && !seen[t] && len(out) < maxTags {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// sarifLevel maps a severity onto SARIF's levels, which have no "info" or
// "style": both become "note", as hadolint does.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	case rules.Info, rules.Style:
		return "note"
	}
	return "none"
}

func newSARIFResult(f *rules.Finding) *sarif.Result {
	res := sarif.NewRuleResult(f.Rule.ID).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(findingMessage(f)))
	res.AddLocation(sarifLocation(f.File, sarifRegion(f.Start, f.End)))
	if fix := newSARIFFix(f.File, f.Fix); fix != nil {
		res.AddFix(fix)
	}
	return res
}

// sarifLocation is a file (and a region in it, when region is not nil).
func sarifLocation(file string, region *sarif.Region) *sarif.Location {
	pl := sarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(file))
	if region != nil {
		pl.WithRegion(region)
	}
	return sarif.NewLocationWithPhysicalLocation(pl)
}

// artifactLocation points at a file by URI; relative URIs are relative to
// the repository root (%SRCROOT%), as GitHub reads them.
func artifactLocation(file string) *sarif.ArtifactLocation {
	uri, relative := FileURI(file)
	loc := sarif.NewSimpleArtifactLocation(uri)
	if relative {
		loc.WithUriBaseId("%SRCROOT%")
	}
	return loc
}

// sarifRegion writes all four positions (GitHub wants them all); lines and
// columns start at 1 in SARIF, so anything lower is raised to 1, and an end
// before the start is left out.
func sarifRegion(start, end source.Position) *sarif.Region {
	sl, sc := max(start.Line, 1), max(start.Column, 1)
	reg := sarif.NewRegion().WithStartLine(sl).WithStartColumn(sc)
	if end.Line > sl || (end.Line == sl && end.Column >= sc) {
		reg.WithEndLine(end.Line).WithEndColumn(max(end.Column, 1))
	}
	return reg
}

// newSARIFFix turns a safe fix into one artifact change with a replacement
// per edit; editors (flycheck) and reviewdog apply it. nil when there is
// nothing to apply.
func newSARIFFix(file string, fix *rules.Fix) *sarif.Fix {
	if fix == nil || len(fix.Edits) == 0 {
		return nil
	}
	change := sarif.NewArtifactChange(artifactLocation(file))
	for _, e := range fix.Edits {
		rep := sarif.NewReplacement(sarifRegion(e.Start, e.End))
		if e.Text != "" {
			rep.WithInsertedContent(sarif.NewArtifactContent().WithText(e.Text))
		}
		change.WithReplacement(rep)
	}
	out := sarif.NewFix().WithArtifactChanges([]*sarif.ArtifactChange{change})
	if fix.Description != "" {
		out.WithDescriptionText(fix.Description)
	}
	return out
}

// newSARIFInvocation reports the files that could not be linted. The run
// itself still succeeded: it linted everything else.
func newSARIFInvocation(errs []FileError) *sarif.Invocation {
	inv := sarif.NewInvocation().WithExecutionSuccess(true)
	for _, e := range errs {
		n := sarif.NewNotification().WithLevel("error").WithTextMessage(fileErrorMessage(e))
		n.AddLocation(sarifLocation(e.File, nil))
		inv.AddTToolExecutionNotification(n)
	}
	return inv
}
