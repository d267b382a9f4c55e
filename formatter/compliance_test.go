package formatter

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
)

func complianceFixture(t *testing.T) *Report {
	r := fixture(t)
	r.Files = []LintedFile{{Path: "api/Dockerfile", Kind: rules.Dockerfile}, {Path: "web app/Dockerfile", Kind: rules.Dockerfile}}
	return r
}

func controlOf(t *testing.T, c *complianceReport, id string) complianceControl {
	t.Helper()
	for _, cc := range c.Controls {
		if cc.ID == id {
			return cc
		}
	}
	t.Fatalf("no control %s", id)
	return complianceControl{}
}

// TestComplianceStatuses: a control fails with the findings of the rules
// that check it, passes when they found nothing, and is "not checked" when
// no enabled rule checks it or no file of its kind was linted.
func TestComplianceStatuses(t *testing.T) {
	c := newCompliance(complianceFixture(t))
	fail := controlOf(t, c, "4.2") // SW1001 carries 4.2 and fired twice
	if fail.Status != statusFail || len(fail.Failures) != 2 || fail.Failures[0] != (complianceFailure{"api/Dockerfile", 1, 6, "SW1001", `Base image "node:20" is not pinned to a digest`}) {
		t.Errorf("4.2: %+v", fail)
	}
	if cc := controlOf(t, c, "4.1"); cc.Status != statusNotChecked || cc.Reason != "no enabled rule checks it" {
		t.Errorf("4.1: %+v", cc)
	}
	if cc := controlOf(t, c, "4.5"); cc.Status != statusOutOfScope || cc.Reason == "" {
		t.Errorf("4.5: %+v", cc)
	}
	if len(c.Controls) != len(cisControls) || c.Summary.Pass+c.Summary.Fail+c.Summary.NotChecked+c.Summary.OutOfScope != len(cisControls) {
		t.Errorf("summary %+v over %d controls", c.Summary, len(c.Controls))
	}
	// The same rule, no finding: pass.
	clean := complianceFixture(t)
	clean.Findings = nil
	if cc := controlOf(t, newCompliance(clean), "4.2"); cc.Status != statusPass || len(cc.Failures) != 0 {
		t.Errorf("4.2 without findings: %+v", cc)
	}
	// A Compose control with a rule but no Compose file linted.
	withCompose := complianceFixture(t)
	withCompose.Rules = append(withCompose.Rules, &rules.Rule{ID: "SW2101", Kind: rules.Compose, CIS: []string{"5.5"}})
	if cc := controlOf(t, newCompliance(withCompose), "5.5"); cc.Status != statusNotChecked || cc.Reason != "no Compose file was linted" {
		t.Errorf("5.5: %+v", cc)
	}
	withCompose.Files = append(withCompose.Files, LintedFile{Path: "compose.yaml", Kind: rules.Compose})
	if cc := controlOf(t, newCompliance(withCompose), "5.5"); cc.Status != statusPass {
		t.Errorf("5.5 with a Compose file: %+v", cc)
	}
}

// TestComplianceFormats: the three formats carry the same counts; the HTML
// page escapes what came from files and loads nothing from outside.
func TestComplianceFormats(t *testing.T) {
	r := complianceFixture(t)
	r.Findings[0].Message = `<script>alert("x")</script> & more`
	var js, md, page bytes.Buffer
	for w, f := range map[*bytes.Buffer]Formatter{&js: ComplianceJSON, &md: ComplianceMarkdown, &page: ComplianceHTML} {
		if err := f(w, r, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	var c complianceReport
	if err := json.Unmarshal(js.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	s := c.Summary
	for _, want := range []string{
		`<b id="count-pass">` + itoa(s.Pass) + `</b>`, `<b id="count-fail">` + itoa(s.Fail) + `</b>`,
		`<b id="count-not-checked">` + itoa(s.NotChecked) + `</b>`, `<b id="count-out-of-scope">` + itoa(s.OutOfScope) + `</b>`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more`, `default-src 'none'`,
	} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(page.String(), "<script") || strings.Contains(page.String(), "src=") || strings.Contains(page.String(), "<link") {
		t.Error("the HTML page must not load or run anything")
	}
	head := "| " + itoa(s.Pass) + " | " + itoa(s.Fail) + " | " + itoa(s.NotChecked) + " | " + itoa(s.OutOfScope) + " |"
	if !strings.Contains(md.String(), head) || !strings.Contains(md.String(), "- `web app/Dockerfile:1:6` SW1001: Base image") ||
		!strings.Contains(md.String(), "SW1001: &lt;script&gt;") {
		t.Errorf("Markdown:\n%s", md.String())
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestComplianceDoc: docs/compliance.md has a row for every control, with
// the same title, so the page users read matches what the report says.
func TestComplianceDoc(t *testing.T) {
	data, err := os.ReadFile("../docs/compliance.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cisControls {
		if !strings.Contains(string(data), "| "+c.ID+" "+c.Title+" |") {
			t.Errorf("docs/compliance.md has no row for %s %s", c.ID, c.Title)
		}
	}
}
