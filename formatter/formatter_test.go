package formatter

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fatih/color"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/format")

const goldenDir = "../testdata/format"

// render runs the named format and checks it gives the same bytes twice.
func render(t *testing.T, name string, r *Report, opts Options) []byte {
	t.Helper()
	f, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := f(&a, r, opts); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := f(&b, r, opts); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%s: output differs between two runs", name)
	}
	return a.Bytes()
}

var fixtures = []struct {
	suffix string
	build  func(*testing.T) *Report
}{
	{"", fixture},
	{"-empty", emptyFixture},
}

func TestNames(t *testing.T) {
	want := []string{"checkstyle", "compliance", "compliance-html", "compliance-json", "github", "gitlab", "json", "sarif", "text"}
	if got := strings.Join(Names(), " "); got != strings.Join(want, " ") {
		t.Errorf("Names() = %s, want %s", got, strings.Join(want, " "))
	}
	if _, err := Get("yaml"); err == nil {
		t.Error(`Get("yaml") did not fail`)
	}
}

// TestGolden compares every format with testdata/format/want[-empty].FORMAT;
// go test ./formatter -update rewrites them.
func TestGolden(t *testing.T) {
	for _, name := range Names() {
		for _, fx := range fixtures {
			t.Run(name+fx.suffix, func(t *testing.T) {
				got := render(t, name, fx.build(t), Options{})
				path := filepath.Join(goldenDir, "want"+fx.suffix+"."+name)
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./formatter -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update and review the diff):\n--- got\n%s", name, path, got)
				}
			})
		}
	}
}

// TestOddInput checks no format panics or writes invalid output on findings
// that lack a source, an end, a message or a version.
func TestOddInput(t *testing.T) {
	for _, name := range Names() {
		out := render(t, name, oddFixture(t), Options{})
		if name == "json" || name == "sarif" || name == "gitlab" {
			if !json.Valid(out) {
				t.Errorf("%s: invalid JSON:\n%s", name, out)
			}
		}
	}
}

func TestEmptyOutputs(t *testing.T) {
	r := emptyFixture(t)
	for name, want := range map[string]string{"text": "", "github": "", "gitlab": "[]\n"} {
		if got := string(render(t, name, r, Options{})); got != want {
			t.Errorf("%s on a clean report = %q, want %q", name, got, want)
		}
	}
	var doc struct {
		Findings []any `json:"findings"`
		Errors   []any `json:"errors"`
	}
	if err := json.Unmarshal(render(t, "json", r, Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Findings == nil || doc.Errors == nil {
		t.Error(`json: "findings" and "errors" must be [] on a clean report, not null or absent`)
	}
}

func TestTextColor(t *testing.T) {
	defer func(old bool) { color.NoColor = old }(color.NoColor)
	for _, global := range []bool{true, false} {
		color.NoColor = global // the package-wide guess must not matter
		if out := render(t, "text", fixture(t), Options{Color: false}); bytes.Contains(out, []byte("\x1b[")) {
			t.Errorf("Color=false (color.NoColor=%v): output has ANSI escapes", global)
		}
		if out := render(t, "text", fixture(t), Options{Color: true}); !bytes.Contains(out, []byte("\x1b[")) {
			t.Errorf("Color=true (color.NoColor=%v): output has no ANSI escapes", global)
		}
	}
}

// TestTextLines checks that every finding line parses as PATH:LINE:COL and
// every other line is indented, so line-oriented tools skip snippets.
func TestTextLines(t *testing.T) {
	r := fixture(t)
	lines := strings.Split(strings.TrimSuffix(string(render(t, "text", r, Options{})), "\n"), "\n")
	heads := 0
	for _, l := range lines {
		if strings.HasPrefix(l, " ") {
			continue
		}
		heads++
		if !strings.Contains(l, ": error: ") && !strings.Contains(l, ": warning: ") &&
			!strings.Contains(l, ": info: ") && !strings.Contains(l, ": style: ") {
			t.Errorf("line without severity: %q", l)
		}
	}
	if want := len(r.Findings) + len(r.Errors); heads != want {
		t.Errorf("%d unindented lines, want %d", heads, want)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "héllo": 5, "世界": 4, "a\tb": 3, "e\u0301": 1} {
		if got := displayWidth([]rune(s)); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
	if got := marker(0); got != "^" {
		t.Errorf("marker(0) = %q", got)
	}
}

func TestFileURI(t *testing.T) {
	tests := []struct {
		in, want string
		relative bool
	}{
		{"api/Dockerfile", "api/Dockerfile", true},
		{"./web app/Dockerfile", "web%20app/Dockerfile", true},
		{".//x/Dockerfile", "x/Dockerfile", true},
		{"ü/100%/Dockerfile", "%C3%BC/100%25/Dockerfile", true},
		{"c:odd", "./c:odd", true},
		{"/srv/my app/Dockerfile", "file:///srv/my%20app/Dockerfile", false},
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	parent := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(wd))}).String()
	tests = append(tests, []struct {
		in, want string
		relative bool
	}{
		{"a/../b/Dockerfile", "b/Dockerfile", true},
		// A path out of the current folder is not a path in the repository:
		// it becomes absolute, which upload-sarif relativises to the checkout.
		{"../web/Dockerfile", parent + "/web/Dockerfile", false},
		{"x/../../web/Dockerfile", parent + "/web/Dockerfile", false},
	}...)
	for _, tt := range tests {
		got, rel := FileURI(tt.in)
		if got != tt.want || rel != tt.relative {
			t.Errorf("FileURI(%q) = %q, %v; want %q, %v", tt.in, got, rel, tt.want, tt.relative)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := escapeData("a%b\r\nc: d, e"), "a%25b%0D%0Ac: d, e"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("a%b\r\nc: d, e"), "a%25b%0D%0Ac%3A d%2C e"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
}

func TestGitHubPaths(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"./api//Dockerfile": "api/Dockerfile",
		"../api/Dockerfile": filepath.ToSlash(filepath.Join(filepath.Dir(wd), "api", "Dockerfile")),
		"/srv/Dockerfile":   "/srv/Dockerfile",
	} {
		if got := repoPath(in); got != want {
			t.Errorf("repoPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubOrder(t *testing.T) {
	out := string(render(t, "github", fixture(t), Options{}))
	first := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(first, "::error file=web app/Dockerfile,line=1,") {
		t.Errorf("most severe finding should come first, got %q", first)
	}
}

func TestGitLabFingerprints(t *testing.T) {
	fp := fingerprinter{}
	a := fp.next("SW1001", "./api/Dockerfile", "FROM node:20")
	b := fp.next("SW1001", "api/Dockerfile", "FROM node:20")
	if a == b {
		t.Error("identical findings in one file share a fingerprint")
	}
	if again := (fingerprinter{}).next("SW1001", "api/Dockerfile", "FROM node:20"); again != a {
		t.Error("fingerprint is not stable across runs")
	}
	var issues []struct {
		Fingerprint string `json:"fingerprint"`
	}
	if err := json.Unmarshal(render(t, "gitlab", fixture(t), Options{}), &issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if len(is.Fingerprint) != 32 || seen[is.Fingerprint] {
			t.Errorf("bad or repeated fingerprint %q", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
}

// sarifSchema compiles the OASIS schema kept in ../../shared/schemas,
// relative to this package. Outside CI a missing file skips the test; in CI
// it fails.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	wd, err := os.Getwd()
	if err == nil {
		wd, err = filepath.EvalSymlinks(wd) // so ".." climbs the real tree
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(wd, "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("SARIF schema not found: %v", err)
		}
		t.Fatalf("SARIF schema not found: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // "uri" and "uri-reference" must fail, not just annotate
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFSchema(t *testing.T) {
	sch := sarifSchema(t)
	for name, build := range map[string]func(*testing.T) *Report{"fixture": fixture, "empty": emptyFixture, "odd": oddFixture} {
		out := render(t, "sarif", build(t), Options{})
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: SARIF invalid:\n%v", name, err)
		}
	}
}

// sarifLog is the part of a SARIF log the semantic checks read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID               string `json:"id"`
					HelpURI          string `json:"helpUri"`
					ShortDescription *struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind string `json:"columnKind"`
		Results    []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// TestSARIFSemantics checks what the schema cannot and GitHub needs.
func TestSARIFSemantics(t *testing.T) {
	for name, build := range map[string]func(*testing.T) *Report{"fixture": fixture, "empty": emptyFixture, "odd": oddFixture} {
		r := build(t)
		out := render(t, "sarif", r, Options{})
		for _, banned := range []string{"partialFingerprints", "automationDetails", `"shortDescription": null`} {
			if bytes.Contains(out, []byte(banned)) {
				t.Errorf("%s: output contains %s", name, banned)
			}
		}
		var log sarifLog
		if err := json.Unmarshal(out, &log); err != nil {
			t.Fatal(err)
		}
		checkSARIFRun(t, name, &log, r)
	}
}

func checkSARIFRun(t *testing.T, name string, log *sarifLog, r *Report) {
	if len(log.Runs) != 1 {
		t.Fatalf("%s: %d runs, want 1", name, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Results == nil || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("%s: results must be an array and columnKind unicodeCodePoints", name)
	}
	byID := map[string]*rules.Rule{}
	for _, x := range append(append([]*rules.Rule{}, r.Rules...), findingRules(r)...) {
		byID[x.ID] = x
	}
	ids := map[string]bool{}
	for _, d := range run.Tool.Driver.Rules {
		if ids[d.ID] {
			t.Errorf("%s: rule %s listed twice", name, d.ID)
		}
		ids[d.ID] = true
		if u, err := url.Parse(d.HelpURI); err != nil || !u.IsAbs() {
			t.Errorf("%s: rule %s helpUri %q is not absolute", name, d.ID, d.HelpURI)
		}
		if d.ShortDescription == nil || d.ShortDescription.Text == "" {
			t.Errorf("%s: rule %s has no shortDescription", name, d.ID)
		}
		if ps := d.Properties["problem.severity"]; ps != "error" && ps != "warning" && ps != "recommendation" {
			t.Errorf("%s: rule %s problem.severity = %v", name, d.ID, ps)
		}
		if d.Properties["precision"] != "very-high" {
			t.Errorf("%s: rule %s precision = %v", name, d.ID, d.Properties["precision"])
		}
		_, scored := d.Properties["security-severity"]
		if x := byID[d.ID]; x == nil || scored != x.HasTag("security") {
			t.Errorf("%s: rule %s: security-severity present=%v, want it exactly on security rules", name, d.ID, scored)
		}
	}
	if len(ids) != len(byID) {
		t.Errorf("%s: %d rules in SARIF, want %d (enabled plus fired)", name, len(ids), len(byID))
	}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) ||
			run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: result %d: ruleIndex does not point at rule %s", name, i, res.RuleID)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.Region == nil ||
			res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("%s: result %d: want one location with a startLine", name, i)
			continue
		}
		if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; strings.ContainsAny(uri, " \\") || uri == "" {
			t.Errorf("%s: result %d: uri %q is not an encoded URI reference", name, i, uri)
		}
	}
}

func findingRules(r *Report) []*rules.Rule {
	var out []*rules.Rule
	for i := range r.Findings {
		out = append(out, r.Findings[i].Rule)
	}
	return out
}

// TestSARIFSchemaRejects makes sure the schema check is not vacuous.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := sarifSchema(t)
	out := render(t, "sarif", fixture(t), Options{})
	bad := bytes.Replace(out, []byte(`"level": "warning"`), []byte(`"level": "warn"`), 1)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error(`schema accepted "level": "warn"`)
	}
}

// TestTextHidesSecretLines: a finding of a rule tagged "secrets" prints no
// source snippet, so the secret on that line does not reach the log.
func TestTextHidesSecretLines(t *testing.T) {
	src := source.New("Dockerfile", []byte("FROM alpine:3.20\nENV DB_PASSWORD=hunter2\n"))
	r := &rules.Rule{ID: "SW1401", Name: "secret-in-arg-env", Severity: rules.Error, Tags: []string{"security", SecretsTag}}
	f := rules.NewFinding(r, src, source.Span{Start: 21, End: 32}, "ENV DB_PASSWORD stores a secret")
	var buf bytes.Buffer
	if err := Text(&buf, &Report{Findings: []rules.Finding{f}, Rules: []*rules.Rule{r}}, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "hunter2") {
		t.Errorf("text output shows the secret:\n%s", buf.String())
	}
}

// TestTextSummary: the terminal's last line counts files by kind, findings
// by severity and the fixable ones; without Options.Summary there is none.
func TestTextSummary(t *testing.T) {
	r := fixture(t)
	r.Files = []LintedFile{{"api/Dockerfile", rules.Dockerfile}, {"web app/Dockerfile", rules.Dockerfile}, {"compose.yaml", rules.Compose}}
	bySeverity := map[rules.Severity]int{}
	fixable := 0
	for _, f := range r.Findings {
		bySeverity[f.Severity]++
		if f.Fix != nil {
			fixable++
		}
	}
	if fixable == 0 || len(bySeverity) < 2 {
		t.Fatalf("fixture needs fixable findings of two severities: %v %d", bySeverity, fixable)
	}
	out := string(render(t, "text", r, Options{Summary: true}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	want := fmt.Sprintf("3 files linted (2 Dockerfiles, 1 Compose file): %d findings (", len(r.Findings))
	if !strings.HasPrefix(last, want) || !strings.HasSuffix(last, fmt.Sprintf("), %d fixable", fixable)) {
		t.Errorf("summary %q, want prefix %q", last, want)
	}
	for s, n := range bySeverity {
		if word := fmt.Sprintf("%d %s", n, s); !strings.Contains(last, word) {
			t.Errorf("summary %q lacks %q", last, word)
		}
	}
	if plain := string(render(t, "text", r, Options{})); strings.Contains(plain, "files linted") {
		t.Errorf("summary without Options.Summary:\n%s", plain)
	}
	clean := &Report{Files: []LintedFile{{"Dockerfile", rules.Dockerfile}}}
	if got := string(render(t, "text", clean, Options{Summary: true})); got != "1 file linted (1 Dockerfile): no findings\n" {
		t.Errorf("clean summary %q", got)
	}
}
