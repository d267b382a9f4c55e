// Package ruletest runs a rule over the cases in its testdata file and
// checks every finding against `want` comments written next to the input,
// as golang.org/x/tools/go/analysis/analysistest does, but with exact
// columns: DESIGN.md promises exact lines and columns, so tests pin them.
//
// A rule's cases live in testdata/rules/<ID>.txtar. Each top-level folder
// whose name starts with "bad" or "good" is one case, linted as a folder
// (so Compose override files and .env files take part):
//
//	-- bad/Dockerfile --
//	# want +1:6-19 "latest tag"
//	FROM ubuntu:latest
//	-- good/Dockerfile --
//	FROM ubuntu:24.04
//
// A `.seaworthy.yaml` in a case folder sets the rule's settings (trusted
// registries, allowed images, rule options).
//
// `# want +N:C1-C2 "regexp"` expects a finding N lines below the comment,
// from column C1 to C2 (exclusive, in characters); `# want :C1-C2 "re"` at
// the end of a line expects it on that line; `+N:C1-+K:C2` ends K lines
// further down. A comment may hold several `want` clauses. Every finding
// must match a want and every want a finding; good cases must be silent.
package ruletest

import (
	"github.com/seaworthy-dev/seaworthy/rules/fix"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"golang.org/x/tools/txtar"
)

// Case is one bad or good folder of a rule's testdata.
type Case struct {
	Name  string // "bad", "good-heredoc", ...
	Bad   bool
	Files []txtar.File // paths relative to the case folder
	// Fixed holds, by file, the text expected after applying every fix
	// (sections "<case>.fixed/<file>").
	Fixed map[string][]byte
}

// Load reads testdata/rules/<id>.txtar from the repository root.
func Load(id string) ([]Case, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	ar, err := txtar.ParseFile(filepath.Join(root, "testdata", "rules", id+".txtar"))
	if err != nil {
		return nil, err
	}
	var cases []Case
	index := map[string]int{}
	fixed := map[string]map[string][]byte{}
	for _, f := range ar.Files {
		dir, rest, ok := strings.Cut(f.Name, "/")
		if name, isFixed := strings.CutSuffix(dir, ".fixed"); ok && isFixed {
			if fixed[name] == nil {
				fixed[name] = map[string][]byte{}
			}
			fixed[name][rest] = f.Data
			continue
		}
		if !ok || !strings.HasPrefix(dir, "bad") && !strings.HasPrefix(dir, "good") {
			continue
		}
		i, seen := index[dir]
		if !seen {
			i = len(cases)
			index[dir] = i
			cases = append(cases, Case{Name: dir, Bad: strings.HasPrefix(dir, "bad")})
		}
		cases[i].Files = append(cases[i].Files, txtar.File{Name: rest, Data: f.Data})
	}
	for i := range cases {
		cases[i].Fixed = fixed[cases[i].Name]
	}
	return cases, nil
}

// RepoRoot is the folder holding go.mod, found upwards from the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// want is one expected finding.
type want struct {
	file               string
	line, col, endLine int
	endCol             int
	re                 *regexp.Regexp
	matched            bool
}

var wantRe = regexp.MustCompile(`want (\+\d+)?:(\d+)-(\+\d+:)?(\d+) "((?:[^"\\]|\\.)*)"`)

// Run lints every case of rule r's testdata with r alone and checks the findings.
func Run(t *testing.T, r *rules.Rule) {
	t.Helper()
	cases, err := Load(r.ID)
	if err != nil {
		t.Fatalf("loading testdata for %s: %v", r.ID, err)
	}
	var bad, good int
	for _, c := range cases {
		if c.Bad {
			bad++
		} else {
			good++
		}
		t.Run(c.Name, func(t *testing.T) { runCase(t, r, c) })
	}
	if bad == 0 || good == 0 {
		t.Errorf("%s: testdata needs at least one bad (must fire) and one good (must not fire) case; has %d and %d", r.ID, bad, good)
	}
}

// Lint runs rule r alone over one case, written to a temporary folder.
// Finding paths are relative to the case folder.
func Lint(t *testing.T, r *rules.Rule, c Case) []rules.Finding {
	t.Helper()
	dir := t.TempDir()
	for _, f := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	targets, errs := engine.Discover([]string{dir}, engine.Options{})
	for _, e := range errs {
		t.Fatalf("discover: %v", e)
	}
	if len(targets) == 0 {
		t.Fatalf("case %s has no Dockerfile or Compose file", c.Name)
	}
	l := &engine.Linter{Rules: []*rules.Rule{r}, LoadCompose: engine.LoadCompose, Env: map[string]string{}, Settings: caseSettings(t, c, dir)}
	res := l.Run(targets)
	for _, e := range res.Errors {
		t.Fatalf("%s: %s", e.File, e.Message)
	}
	for i := range res.Findings {
		if rel, err := filepath.Rel(dir, res.Findings[i].File); err == nil {
			res.Findings[i].File = filepath.ToSlash(rel)
		}
		// Messages that name another file (a Compose file that builds
		// this one) name it as a run from the case folder would.
		res.Findings[i].Message = strings.ReplaceAll(res.Findings[i].Message, dir+string(filepath.Separator), "")
	}
	return res.Findings
}

func caseSettings(t *testing.T, c Case, dir string) *rules.Settings {
	if hasFile(c, ".seaworthy.yaml") {
		// The case's real configuration feeds the rule's settings; the
		// rule still runs alone.
		cfg := filepath.Join(dir, ".seaworthy.yaml")
		res, err := config.NewResolver(cfg, config.Overrides{})
		if err != nil {
			t.Fatalf("%s: %v", cfg, err)
		}
		fc, err := res.For(filepath.Join(dir, "Dockerfile"))
		if err != nil {
			t.Fatalf("%s: %v", cfg, err)
		}
		return fc.Settings
	}
	return nil
}

func runCase(t *testing.T, r *rules.Rule, c Case) {
	findings := Lint(t, r, c)
	wants := parseWants(t, c)
	if !c.Bad && len(wants) > 0 {
		t.Errorf("good case %s has want comments", c.Name)
	}
	if c.Bad && len(wants) == 0 {
		t.Errorf("bad case %s has no want comment", c.Name)
	}
	for _, f := range findings {
		if f.Rule != r {
			t.Errorf("%s:%d:%d: unexpected %s finding: %s", f.File, f.Start.Line, f.Start.Column, f.Rule.ID, f.Message)
			continue
		}
		if !match(wants, f) {
			t.Errorf("%s:%d:%d-%d:%d: unexpected finding: %s", f.File, f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, f.Message)
		}
	}
	for _, w := range wants {
		if !w.matched {
			t.Errorf("%s:%d:%d-%d:%d: no finding matching %q", w.file, w.line, w.col, w.endLine, w.endCol, w.re)
		}
	}
	checkFixes(t, r, c, findings)
}

// checkFixes applies the fixes as --fix does (rules/fix: the fixes that
// do not overlap, in rounds until none is left), compares each file with
// the case's .fixed section, and checks that the fixed files, linted
// again, have no fixable finding of the rule left: applying --fix a second
// time changes nothing.
func checkFixes(t *testing.T, r *rules.Rule, c Case, findings []rules.Finding) {
	t.Helper()
	if len(c.Fixed) == 0 {
		return
	}
	cur := c
	cur.Files = append([]txtar.File(nil), c.Files...)
	for round := 0; round < fix.Rounds; round++ {
		edits := fix.Select(findings, func(f *rules.Finding) bool { return f.Fix != nil && f.Rule == r })
		if len(edits) == 0 {
			break
		}
		for i, f := range cur.Files {
			if es := edits[f.Name]; len(es) > 0 {
				data, err := fix.Apply(f.Data, es)
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				cur.Files[i].Data = data
			}
		}
		findings = Lint(t, r, cur)
	}
	for _, f := range cur.Files {
		want, ok := c.Fixed[f.Name]
		if ok && string(f.Data) != string(want) {
			t.Errorf("%s after fixes:\n%s\nwant:\n%s", f.Name, f.Data, want)
		}
	}
	for _, f := range findings {
		if f.Rule == r && f.Fix != nil {
			t.Errorf("%s:%d:%d: after fixing, a fixable finding is left (a second --fix would change the file): %s", f.File, f.Start.Line, f.Start.Column, f.Message)
		}
		if f.Rule == rules.ParseError {
			t.Errorf("%s:%d:%d: the fixed file does not parse: %s", f.File, f.Start.Line, f.Start.Column, f.Message)
		}
	}
	for name := range c.Fixed {
		if !hasFile(c, name) {
			t.Errorf("fixed section %s names no file of case %s", name, c.Name)
		}
	}
}

func hasFile(c Case, name string) bool {
	for _, f := range c.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

func match(wants []*want, f rules.Finding) bool {
	for _, w := range wants {
		if !w.matched && w.file == strings.TrimPrefix(f.File, "./") && w.line == f.Start.Line && w.col == f.Start.Column &&
			w.endLine == f.End.Line && w.endCol == f.End.Column && w.re.MatchString(f.Message) {
			w.matched = true
			return true
		}
	}
	return false
}

func parseWants(t *testing.T, c Case) []*want {
	var wants []*want
	for _, f := range c.Files {
		for i, line := range strings.Split(string(f.Data), "\n") {
			k := strings.Index(line, "# want ")
			if k < 0 {
				continue
			}
			for _, m := range wantRe.FindAllStringSubmatch(line[k:], -1) {
				w := &want{file: f.Name, line: i + 1}
				if m[1] != "" {
					n, _ := strconv.Atoi(m[1][1:])
					w.line += n
				}
				w.col, _ = strconv.Atoi(m[2])
				w.endLine = w.line
				if m[3] != "" {
					n, _ := strconv.Atoi(strings.Trim(m[3], "+:"))
					w.endLine += n
				}
				w.endCol, _ = strconv.Atoi(m[4])
				re, err := regexp.Compile(strings.ReplaceAll(m[5], `\"`, `"`))
				if err != nil {
					t.Fatalf("%s:%d: bad want regexp: %v", f.Name, i+1, err)
				}
				w.re = re
				wants = append(wants, w)
			}
		}
	}
	sort.SliceStable(wants, func(i, j int) bool { return wants[i].line < wants[j].line })
	return wants
}
