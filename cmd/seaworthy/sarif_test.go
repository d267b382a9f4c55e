package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/seaworthy-dev/seaworthy/rules/catalog"
)

// These tests run the real CLI over real files and check the SARIF it writes
// the way GitHub code scanning reads it: against the OASIS SARIF 2.1.0 schema
// (../shared/schemas, beside the repository) and against the rules GitHub and
// the upload-sarif action add on top (see ../shared/research/ecosystem.md §1-2).

// pkgDir is the package folder, taken before any test changes directory.
var pkgDir, pkgDirErr = os.Getwd()

// schemaFile is the SARIF schema, found by walking up from the package
// folder to a "shared/schemas" folder. Outside CI a missing file skips the
// test; in CI it fails.
func schemaFile(t *testing.T) string {
	t.Helper()
	dir, err := pkgDir, pkgDirErr
	if err == nil {
		dir, err = filepath.EvalSymlinks(dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "schemas", "sarif-schema-2.1.0.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if os.Getenv("CI") != "" {
		t.Fatal("SARIF schema shared/schemas/sarif-schema-2.1.0.json not found above the package")
	}
	t.Skip("SARIF schema shared/schemas/sarif-schema-2.1.0.json not found above the package")
	return ""
}

var sarifSchemaCache *jsonschema.Schema

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	if sarifSchemaCache != nil {
		return sarifSchemaCache
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // "uri" and "uri-reference" must fail, not only annotate
	sch, err := c.Compile(schemaFile(t))
	if err != nil {
		t.Fatal(err)
	}
	sarifSchemaCache = sch
	return sch
}

// SARIF types: only what the checks read.
type (
	sarifDoc struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool struct {
			Driver struct {
				Name            string      `json:"name"`
				Version         string      `json:"version"`
				SemanticVersion string      `json:"semanticVersion"`
				InformationURI  string      `json:"informationUri"`
				Rules           []sarifRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind        string          `json:"columnKind"`
		Results           []sarifResult   `json:"results"`
		AutomationDetails json.RawMessage `json:"automationDetails"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifRule struct {
		ID                   string     `json:"id"`
		Name                 string     `json:"name"`
		ShortDescription     *sarifText `json:"shortDescription"`
		FullDescription      *sarifText `json:"fullDescription"`
		Help                 *sarifText `json:"help"`
		HelpURI              string     `json:"helpUri"`
		DefaultConfiguration *struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
		Properties map[string]any `json:"properties"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifResult struct {
		RuleID    string    `json:"ruleId"`
		RuleIndex *int      `json:"ruleIndex"`
		Level     string    `json:"level"`
		Message   sarifText `json:"message"`
		Locations []struct {
			PhysicalLocation struct {
				ArtifactLocation sarifArtifact `json:"artifactLocation"`
				Region           *sarifRegion  `json:"region"`
			} `json:"physicalLocation"`
		} `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []struct {
			Description     sarifText `json:"description"`
			ArtifactChanges []struct {
				ArtifactLocation sarifArtifact `json:"artifactLocation"`
				Replacements     []struct {
					DeletedRegion   sarifRegion `json:"deletedRegion"`
					InsertedContent *sarifText  `json:"insertedContent"`
				} `json:"replacements"`
			} `json:"artifactChanges"`
		} `json:"fixes"`
	}
)

// checkSARIF validates out against the schema and GitHub's rules and
// returns the decoded log. root, when not empty, is the repository root:
// every relative result URI must then name a file under it, as upload-sarif
// needs to fingerprint the result.
func checkSARIF(t *testing.T, out []byte, root string) *sarifDoc {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, out)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema:\n%v\n%s", err, out)
	}
	for _, banned := range []string{"primaryLocationLineHash", `"automationDetails"`, `: ""`, `: null`} {
		if bytes.Contains(out, []byte(banned)) {
			t.Errorf("SARIF contains %s (GitHub computes fingerprints itself, category comes from the upload, no empty or null values)", banned)
		}
	}
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "2.1.0" || !strings.HasPrefix(doc.Schema, "https://") || strings.Contains(doc.Schema, "rtm") {
		t.Errorf("version %q, $schema %q: want 2.1.0 and a final schema URI", doc.Version, doc.Schema)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	run := &doc.Runs[0]
	d := run.Tool.Driver
	if d.Name != "seaworthy" || d.Version == "" || d.SemanticVersion == "" || !isAbsURL(d.InformationURI) {
		t.Errorf("driver: name %q version %q semanticVersion %q informationUri %q", d.Name, d.Version, d.SemanticVersion, d.InformationURI)
	}
	if run.Results == nil {
		t.Error(`run has no "results" array (upload-sarif: Missing 'results' array in run)`)
	}
	if run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind %q, want unicodeCodePoints", run.ColumnKind)
	}
	checkSARIFRules(t, d.Rules)
	for i := range run.Results {
		checkSARIFResult(t, &run.Results[i], d.Rules, root)
	}
	return &doc
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && u.Host != ""
}

func checkSARIFRules(t *testing.T, rs []sarifRule) {
	t.Helper()
	if len(rs) == 0 {
		t.Error("no rules (multitool GH1018)")
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		meta := catalog.Lookup(r.ID)
		if meta == nil {
			t.Errorf("rule %s is not in the catalog", r.ID)
			continue
		}
		if r.Name != meta.Name {
			t.Errorf("rule %s: name %q, want %q", r.ID, r.Name, meta.Name)
		}
		for what, s := range map[string]*sarifText{"shortDescription": r.ShortDescription, "fullDescription": r.FullDescription, "help": r.Help} {
			if s == nil || strings.TrimSpace(s.Text) == "" || len([]rune(s.Text)) > 1024 && what != "help" {
				t.Errorf("rule %s: %s missing, empty or over 1024 characters", r.ID, what)
			}
		}
		if r.Help != nil && r.Help.Markdown == "" {
			t.Errorf("rule %s: no help.markdown", r.ID)
		}
		// The Markdown carries the page's examples, not the text again.
		if r.Help != nil && !meta.HasTag("secrets") && (!strings.Contains(r.Help.Markdown, "## Failing example") ||
			!strings.Contains(r.Help.Markdown, "## Passing example") || r.Help.Markdown == r.Help.Text) {
			t.Errorf("rule %s: help.markdown lacks the page's examples", r.ID)
		}
		if !isAbsURL(r.HelpURI) || r.HelpURI != meta.HelpURI() {
			t.Errorf("rule %s: helpUri %q, want the absolute %q", r.ID, r.HelpURI, meta.HelpURI())
		}
		if r.DefaultConfiguration == nil || !oneOf(r.DefaultConfiguration.Level, "error", "warning", "note") {
			t.Errorf("rule %s: no default level", r.ID)
		}
		checkSARIFRuleProperties(t, r, meta.HasTag("security"))
	}
}

func checkSARIFRuleProperties(t *testing.T, r sarifRule, security bool) {
	t.Helper()
	tags, ok := r.Properties["tags"].([]any)
	if !ok || len(tags) == 0 || len(tags) > 20 {
		t.Errorf("rule %s: tags %v: want 1 to 20 strings", r.ID, r.Properties["tags"])
	}
	for _, tag := range tags {
		if s, ok := tag.(string); !ok || s == "" {
			t.Errorf("rule %s: tag %v is not a non-empty string", r.ID, tag)
		}
	}
	if p, _ := r.Properties["precision"].(string); !oneOf(p, "very-high", "high", "medium", "low") {
		t.Errorf("rule %s: precision %v", r.ID, r.Properties["precision"])
	}
	if p, _ := r.Properties["problem.severity"].(string); !oneOf(p, "error", "warning", "recommendation") {
		t.Errorf("rule %s: problem.severity %v", r.ID, r.Properties["problem.severity"])
	}
	score, scored := r.Properties["security-severity"]
	if scored != security {
		t.Errorf("rule %s: security-severity present=%v, want it exactly on security rules", r.ID, scored)
	}
	if scored {
		// A string in (0, 10], off GitHub's band boundary 9.0.
		s, ok := score.(string)
		if ok {
			v, err := strconv.ParseFloat(s, 64)
			ok = err == nil && v > 0 && v <= 10 && v != 9.0
		}
		if !ok {
			t.Errorf("rule %s: security-severity %v is not a string score in (0, 10]", r.ID, score)
		}
	}
}

func checkSARIFResult(t *testing.T, res *sarifResult, rs []sarifRule, root string) {
	t.Helper()
	if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rs) || rs[*res.RuleIndex].ID != res.RuleID {
		t.Errorf("result %s: ruleIndex does not point at its rule", res.RuleID)
	}
	if !oneOf(res.Level, "error", "warning", "note") || strings.TrimSpace(res.Message.Text) == "" {
		t.Errorf("result %s: level %q, message %q", res.RuleID, res.Level, res.Message.Text)
	}
	if len(res.Locations) != 1 {
		t.Fatalf("result %s: %d locations, want exactly 1", res.RuleID, len(res.Locations))
	}
	pl := res.Locations[0].PhysicalLocation
	reg := pl.Region
	if reg == nil || reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndColumn < 1 ||
		reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
		t.Errorf("result %s: region %+v: want all four positions, 1-based, end after start", res.RuleID, reg)
	}
	checkURI(t, res.RuleID, pl.ArtifactLocation, root)
	for _, fix := range res.Fixes {
		if fix.Description.Text == "" || len(fix.ArtifactChanges) != 1 {
			t.Errorf("result %s: fix without a description or with %d changes", res.RuleID, len(fix.ArtifactChanges))
			continue
		}
		if ch := fix.ArtifactChanges[0]; ch.ArtifactLocation != pl.ArtifactLocation || len(ch.Replacements) == 0 {
			// flycheck applies only changes to the result's own file.
			t.Errorf("result %s: fix changes %+v, not the result's file %+v", res.RuleID, ch.ArtifactLocation, pl.ArtifactLocation)
		}
	}
}

// checkURI applies GitHub's path rules: a relative URI is read from the
// repository root, so it must be a clean, percent-encoded, /-separated path
// inside it (and, given root, name a real file); anything else must be an
// absolute file:// URI.
func checkURI(t *testing.T, id string, loc sarifArtifact, root string) {
	t.Helper()
	u, err := url.Parse(loc.URI)
	if err != nil {
		t.Errorf("result %s: uri %q: %v", id, loc.URI, err)
		return
	}
	if u.IsAbs() {
		if u.Scheme != "file" || loc.URIBaseID != "" {
			t.Errorf("result %s: absolute uri %q (base %q): want file:// and no base id", id, loc.URI, loc.URIBaseID)
		}
		return
	}
	p := u.Path
	if loc.URIBaseID != "%SRCROOT%" || strings.ContainsAny(loc.URI, " \\") || p == "" ||
		strings.HasPrefix(p, "/") || strings.HasPrefix(p, "./") || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, "/../") {
		t.Errorf("result %s: uri %q (base %q) is not a repository-relative, encoded path", id, loc.URI, loc.URIBaseID)
		return
	}
	if root != "" {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil || fi.IsDir() {
			t.Errorf("result %s: uri %q names no file under the repository root", id, loc.URI)
		}
	}
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// repo makes a small repository in a temporary folder, changes into it (as
// the GitHub Action and the docs recommend: run from the root) and returns it.
func repo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	writeFile(t, root, "api/Dockerfile", seed)
	writeFile(t, root, "web app/Dockerfile", "FROM python:3.12-slim\nRUN pip install flask\nUSER 10001\n")
	writeFile(t, root, "compose.yaml", "services:\n  api:\n    build: ./api\n    privileged: true\n    ports:\n      - \"3000:3000\"\n")
	writeFile(t, root, "README.md", "not linted\n")
	t.Chdir(root)
	return root
}

// TestSARIFEndToEnd lints a repository from its root and checks the SARIF
// file GitHub would ingest: schema, rule metadata, ruleIndex, repository-
// relative %SRCROOT% URIs that name real files, and the npm ci fix.
func TestSARIFEndToEnd(t *testing.T) {
	root := repo(t)
	stdout, stderr, code := seaworthy(t, "", "--format", "sarif", "--output", "seaworthy.sarif", ".")
	if code != 1 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	out, err := os.ReadFile("seaworthy.sarif")
	if err != nil {
		t.Fatal(err)
	}
	doc := checkSARIF(t, out, root)
	run := doc.Runs[0]
	if len(run.Tool.Driver.Rules) < len(catalog.All())/2 {
		t.Errorf("%d rules in the driver: every enabled rule should be listed", len(run.Tool.Driver.Rules))
	}
	files := map[string]bool{}
	for _, r := range run.Results {
		files[r.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
	}
	for _, want := range []string{"api/Dockerfile", "web%20app/Dockerfile", "compose.yaml"} {
		if !files[want] {
			t.Errorf("no result in %s; results name %v", want, files)
		}
	}

	// SW1501: "RUN npm install" after copying package*.json, fixed to npm ci.
	var fixed bool
	for _, r := range run.Results {
		if r.RuleID != "SW1501" {
			continue
		}
		if len(r.Fixes) != 1 {
			t.Fatalf("SW1501 result has %d fixes, want 1", len(r.Fixes))
		}
		got := applyFix(t, seed, r.Fixes[0].ArtifactChanges[0].Replacements)
		if want := strings.Replace(seed, "RUN npm install", "RUN npm ci", 1); got != want {
			t.Errorf("applying the SARIF fix gives\n%s\nwant\n%s", got, want)
		}
		fixed = true
	}
	if !fixed {
		t.Error("no SW1501 result for npm install")
	}

	// The same run to stdout is byte-identical to the file.
	again, _, _ := seaworthy(t, "", "-f", "sarif", ".")
	if again != string(out) {
		t.Error("SARIF on stdout differs from the -o file")
	}
}

// applyFix applies SARIF replacements (1-based lines, code-point columns,
// end exclusive) to text, last first so earlier positions stay valid.
func applyFix(t *testing.T, text string, reps []struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent"`
}) string {
	t.Helper()
	offset := func(line, col int) int {
		lines := strings.SplitAfter(text, "\n")
		if line < 1 || line > len(lines) {
			t.Fatalf("line %d out of range", line)
		}
		off := 0
		for _, l := range lines[:line-1] {
			off += len(l)
		}
		runes := []rune(lines[line-1])
		if col < 1 || col-1 > len(runes) {
			t.Fatalf("column %d out of range on line %d", col, line)
		}
		return off + len(string(runes[:col-1]))
	}
	for i := len(reps) - 1; i >= 0; i-- {
		r := reps[i]
		from := offset(r.DeletedRegion.StartLine, r.DeletedRegion.StartColumn)
		to := offset(r.DeletedRegion.EndLine, r.DeletedRegion.EndColumn)
		ins := ""
		if r.InsertedContent != nil {
			ins = r.InsertedContent.Text
		}
		text = text[:from] + ins + text[to:]
	}
	return text
}

// TestSARIFCleanRun checks a run without findings still has "results": []
// (a clean Dockerfile; a folder with nothing to lint is exit 2).
func TestSARIFCleanRun(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "Dockerfile", "FROM alpine:3.22\nUSER 10001\n")
	t.Chdir(root)
	out, stderr, code := seaworthy(t, "", "-f", "sarif", ".")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr, out)
	}
	doc := checkSARIF(t, []byte(out), root)
	if doc.Runs[0].Results == nil || len(doc.Runs[0].Results) != 0 {
		t.Errorf("want \"results\": [], got %d results", len(doc.Runs[0].Results))
	}
	if !strings.Contains(out, `"results": []`) {
		t.Error(`no literal "results": [] in a clean run`)
	}
}

// TestSARIFPaths pins how the way a path is given shows in the SARIF URI:
// "./x" and "x" agree, a path with a space is percent-encoded, an absolute
// path or one that climbs out of the current folder becomes a file:// URI
// (upload-sarif turns those back into repository paths under the checkout),
// and standard input reports --stdin-filename.
func TestSARIFPaths(t *testing.T) {
	root := repo(t)
	abs := filepath.Join(root, "api", "Dockerfile")
	absURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	cases := []struct {
		name  string
		dir   string // run from here, relative to root
		args  []string
		stdin string
		uri   string
		base  string
	}{
		{"relative", ".", []string{"api/Dockerfile"}, "", "api/Dockerfile", "%SRCROOT%"},
		{"dot-slash", ".", []string{"./api/Dockerfile"}, "", "api/Dockerfile", "%SRCROOT%"},
		{"space", ".", []string{"web app/Dockerfile"}, "", "web%20app/Dockerfile", "%SRCROOT%"},
		{"absolute", ".", []string{abs}, "", absURI, ""},
		{"parent", "web app", []string{"../api/Dockerfile"}, "", absURI, ""},
		{"stdin", ".", []string{"--stdin-filename", "api/Dockerfile", "-"}, seed, "api/Dockerfile", "%SRCROOT%"},
		{"stdin-dot-slash", ".", []string{"--stdin-filename", "./api/Dockerfile", "-"}, seed, "api/Dockerfile", "%SRCROOT%"},
		{"stdin-absolute", ".", []string{"--stdin-filename", abs, "-"}, seed, absURI, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(filepath.Join(root, c.dir))
			out, stderr, code := seaworthy(t, c.stdin, append([]string{"-f", "sarif"}, c.args...)...)
			if code != 1 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			repoRoot := root
			if c.dir != "." {
				repoRoot = "" // relative URIs would be wrong here; there must be none
			}
			doc := checkSARIF(t, []byte(out), repoRoot)
			for _, r := range doc.Runs[0].Results {
				if loc := r.Locations[0].PhysicalLocation.ArtifactLocation; loc.URI != c.uri || loc.URIBaseID != c.base {
					t.Errorf("%s: uri %q base %q, want %q base %q", r.RuleID, loc.URI, loc.URIBaseID, c.uri, c.base)
				}
			}
		})
	}
}

// TestSARIFSchemaIsNotVacuous makes sure the schema check rejects a level
// GitHub rejects, so a passing TestSARIFEndToEnd means something.
func TestSARIFSchemaIsNotVacuous(t *testing.T) {
	repo(t)
	out, _, _ := seaworthy(t, "", "-f", "sarif", "api/Dockerfile")
	bad := strings.Replace(out, `"level": "warning"`, `"level": "warn"`, 1)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sarifSchema(t).Validate(inst) == nil {
		t.Error(`the schema accepted "level": "warn"`)
	}
}
