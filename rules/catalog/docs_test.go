package catalog_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/formatter"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

var update = flag.Bool("update", false, "rewrite docs/rules and the README rules table")

// TestDocsUpToDate generates docs/rules/<ID>.md, docs/rules/README.md and
// the README rules table from the rules' metadata and testdata, and fails
// when the committed files differ. Regenerate with:
//
//	go test ./rules/catalog -run TestDocsUpToDate -update
func TestDocsUpToDate(t *testing.T) {
	root, err := ruletest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, r := range catalog.All() {
		want[filepath.Join("docs", "rules", r.ID+".md")] = rulePage(t, r)
	}
	want[filepath.Join("docs", "rules", "README.md")] = "# Rules\n\nGenerated from the rules' metadata by `go test ./rules/catalog -run TestDocsUpToDate -update`.\n\n" + rulesTable("")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want["README.md"] = replaceBetween(t, string(readme), "<!-- rules:start -->\n", "<!-- rules:end -->", rulesTable("docs/rules/"))

	for name, text := range want {
		p := filepath.Join(root, name)
		got, _ := os.ReadFile(p)
		if string(got) == text {
			continue
		}
		if *update {
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s is stale: run go test ./rules/catalog -run TestDocsUpToDate -update", name)
	}
	if !*update {
		entries, _ := os.ReadDir(filepath.Join(root, "docs", "rules"))
		for _, e := range entries {
			if _, ok := want[filepath.Join("docs", "rules", e.Name())]; !ok {
				t.Errorf("docs/rules/%s belongs to no rule", e.Name())
			}
		}
	}
}

func replaceBetween(t *testing.T, s, start, end, body string) string {
	i := strings.Index(s, start)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q and %q markers", start, end)
	}
	return s[:i+len(start)] + body + s[j:]
}

func rulesTable(prefix string) string {
	var b strings.Builder
	b.WriteString("| ID | name | kind | severity | summary |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range catalog.All() {
		sev := r.Severity.String()
		if r.Off {
			sev += " (off by default)"
		}
		fmt.Fprintf(&b, "| [%s](%s%s.md) | `%s` | %s | %s | %s |\n", r.ID, prefix, r.ID, r.Name, r.Kind, sev, r.Summary)
	}
	return b.String()
}

func rulePage(t *testing.T, r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n\n%s.\n\n", r.ID, r.Name, r.Summary)
	b.WriteString("| | |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| ID | `%s` |\n| name | `%s` |\n| kind | %s |\n| default severity | %s |\n", r.ID, r.Name, r.Kind, r.Severity)
	if r.Off {
		b.WriteString("| enabled | no, turn it on in `.seaworthy.yaml` |\n")
	}
	fmt.Fprintf(&b, "| tags | %s |\n", strings.Join(r.Tags, ", "))
	if r.SecuritySeverity > 0 {
		fmt.Fprintf(&b, "| security severity (GitHub code scanning) | %.1f, %s |\n", r.SecuritySeverity, securityLevel(r.SecuritySeverity))
	}
	if len(r.CIS) > 0 {
		fmt.Fprintf(&b, "| CIS Docker Benchmark | %s |\n", strings.Join(r.CIS, ", "))
	}
	switch r.FixKind() {
	case "safe":
		fmt.Fprintf(&b, "| fix | safe: `seaworthy --fix` applies it ([fixes](../fixes.md)) |\n")
	case "unsafe":
		fmt.Fprintf(&b, "| fix | unsafe: it can change what the image or service does, so `--fix` applies it only with `--unsafe-fixes` ([fixes](../fixes.md)) |\n")
	default:
		fmt.Fprintf(&b, "| fix | none |\n")
	}
	peers := make([]string, 0, len(r.Equivalents))
	for p := range r.Equivalents {
		peers = append(peers, p)
	}
	sort.Strings(peers)
	for _, p := range peers {
		fmt.Fprintf(&b, "| %s | %s |\n", p, "`"+strings.Join(r.Equivalents[p], "`, `")+"`")
	}
	fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(r.Doc))
	if len(r.Options) > 0 {
		b.WriteString("\n## Options\n\nSet in `.seaworthy.yaml` under `rules:`.\n\n| option | meaning | example |\n| --- | --- | --- |\n")
		for _, o := range r.Options {
			fmt.Fprintf(&b, "| `%s` | %s | `%s: {%s: %s}` |\n", o.Name, o.Doc, r.Name, o.Name, o.Example)
		}
	}
	cases, err := ruletest.Load(r.ID)
	if err != nil {
		t.Errorf("%s: no testdata: %v", r.ID, err)
		return b.String()
	}
	for _, bad := range []bool{true, false} {
		c, ok := firstCase(cases, bad)
		if !ok {
			t.Errorf("%s: testdata has no %v case", r.ID, bad)
			continue
		}
		if bad {
			b.WriteString("\n## Failing example\n")
		} else {
			b.WriteString("\n## Passing example\n")
		}
		for _, f := range c.Files {
			fmt.Fprintf(&b, "\n`%s`:\n\n```%s\n%s```\n", f.Name, lang(f.Name), stripWants(string(f.Data)))
		}
		if bad {
			fmt.Fprintf(&b, "\n`seaworthy` reports:\n\n```text\n%s```\n", output(t, r, c))
		}
	}
	return b.String()
}

func firstCase(cases []ruletest.Case, bad bool) (ruletest.Case, bool) {
	for _, c := range cases {
		if c.Bad == bad {
			return c, true
		}
	}
	return ruletest.Case{}, false
}

func lang(name string) string {
	if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
		return "yaml"
	}
	if strings.HasSuffix(name, ".env") || name == ".env" {
		return "sh"
	}
	return "dockerfile"
}

// stripWants removes the test expectations: whole `# want` lines, and
// trailing `# want` comments.
func stripWants(s string) string {
	var out []string
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "# want ") {
			continue
		}
		if i := strings.Index(line, "  # want "); i >= 0 {
			line = line[:i] + "\n"
		}
		out = append(out, line)
	}
	return strings.Join(out, "")
}

// output lints the example as shown (expectations removed) and renders the
// text format without colour.
func output(t *testing.T, r *rules.Rule, c ruletest.Case) string {
	shown := c
	shown.Files = nil
	for _, f := range c.Files {
		f.Data = []byte(stripWants(string(f.Data)))
		shown.Files = append(shown.Files, f)
	}
	findings := ruletest.Lint(t, r, shown)
	var buf bytes.Buffer
	text, _ := formatter.Get("text")
	if err := text(&buf, &formatter.Report{Findings: findings, Rules: []*rules.Rule{r}}, formatter.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// securityLevel is the badge GitHub shows for a security-severity score.
func securityLevel(s float64) string {
	switch {
	case s > 9.0:
		return "critical"
	case s >= 7.0:
		return "high"
	case s >= 4.0:
		return "medium"
	}
	return "low"
}
