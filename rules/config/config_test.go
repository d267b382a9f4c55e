package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
)

func testdata(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join("..", "..", "testdata", "config", name)
}

func rule(t *testing.T, name string) *rules.Rule {
	t.Helper()
	r := catalog.Lookup(name)
	if r == nil {
		t.Fatalf("no rule %s", name)
	}
	return r
}

func TestEveryKey(t *testing.T) {
	c, err := Load(testdata(t, "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(c.Ignore); got != "SW1106 SW1201" {
		t.Errorf("ignore = %s", got)
	}
	if got := ids(c.Enable); got != "SW2502" {
		t.Errorf("enable = %s", got)
	}
	want := map[*rules.Rule]rules.Severity{rule(t, "SW1102"): rules.Error, rule(t, "SW1101"): rules.Style}
	if !reflect.DeepEqual(c.Severity, want) {
		t.Errorf("severity = %v", c.Severity)
	}
	if !c.HasThreshold || c.Threshold != rules.Info {
		t.Errorf("failure-threshold = %v %v", c.Threshold, c.HasThreshold)
	}
	check := func(key string, got, want []string) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	check("trusted-registries", c.TrustedRegistries, []string{"docker.io", "*.corp.example"})
	check("allowed-images", c.AllowedImages, []string{"node:*", "gcr.io/distroless/*"})
	check("denied-images", c.DeniedImages, []string{"centos*"})
	check("include", c.Include, []string{"docker/*.df"})
	check("exclude", c.Exclude, []string{"testdata/**", "legacy"})
	opts := map[string]map[string]any{"SW1104": {"as-of": "2026-12-31"}}
	if !reflect.DeepEqual(c.Options, opts) {
		t.Errorf("rules = %#v", c.Options)
	}
}

func ids(rs []*rules.Rule) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return strings.Join(out, " ")
}

func TestEmptyConfig(t *testing.T) {
	for _, text := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		c, err := Parse("c.yaml", []byte(text))
		if err != nil || len(c.Ignore) != 0 || c.HasThreshold {
			t.Errorf("%q: %v %+v", text, err, c)
		}
	}
}

// Every bad key or value is one error naming the file, line, column and key.
func TestStrictErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"bogus: 1\n", `c.yaml:1:1: unknown key "bogus"`},
		{"ignore: [SW1102]\nfailure_threshold: info\n", `c.yaml:2:1: unknown key "failure_threshold"`},
		{"ignore: [SW1102]\nignore: [SW1101]\n", `c.yaml:2:1: duplicate key "ignore"`},
		{"ignore:\n  - SW1102\n  - nope\n", `c.yaml:3:5: ignore: unknown rule "nope"`},
		{"ignore: {a: b}\n", `c.yaml:1:9: ignore: want a list of strings`},
		{"ignore: [[SW1102]]\n", `c.yaml:1:10: ignore: want a list of strings`},
		{"ignore: [SW0001]\n", `c.yaml:1:10: ignore: SW0001 (parse-error) cannot be configured`},
		{"enable: [SW9999]\n", `c.yaml:1:10: enable: unknown rule "SW9999"`},
		{"ignore: [SW1102]\nenable: [base-image-latest]\n", `c.yaml: rule SW1102 is both ignored and enabled`},
		{"severity: [SW1102]\n", `c.yaml:1:11: severity: want a mapping`},
		{"severity:\n  SW1102: high\n", `c.yaml:2:11: severity: SW1102: unknown severity "high"`},
		{"severity:\n  SW1102: none\n", `c.yaml:2:11: severity: SW1102: unknown severity "none"`},
		{"severity:\n  nope: error\n", `c.yaml:2:3: severity: unknown rule "nope"`},
		{"severity:\n  SW1102: error\n  base-image-latest: info\n", `c.yaml:3:3: severity: SW1102 (base-image-latest) is set twice`},
		{"failure-threshold: high\n", `c.yaml:1:20: failure-threshold: unknown severity "high"`},
		{"failure-threshold: [info]\n", `c.yaml:1:20: failure-threshold: want a single value`},
		{"trusted-registries: {a: 1}\n", `c.yaml:1:21: trusted-registries: want a list of strings`},
		{"allowed-images: [\"node *\"]\n", `c.yaml:1:18: allowed-images: "node *" is not a valid pattern`},
		{"denied-images: [\"\"]\n", `c.yaml:1:17: denied-images: want a list of strings, found an empty`},
		{"rules: [SW1102]\n", `c.yaml:1:8: rules: want a mapping`},
		{"rules:\n  nope: {a: 1}\n", `c.yaml:2:3: rules: unknown rule "nope"`},
		{"rules:\n  SW1102: 3\n", `c.yaml:2:11: rules: SW1102: want a mapping of option: value`},
		{"rules:\n  SW1102:\n    Bad Name: 1\n", `c.yaml:3:5: rules: SW1102: "Bad Name" is not a valid option name`},
		{"include: [\"[\"]\n", `c.yaml:1:11: include: "[": malformed pattern`},
		{"exclude: 3\n", ``}, // a single scalar is a list of one
		{"version: 2\n", `c.yaml:1:10: version: unsupported version "2"`},
		{"- a\n", `c.yaml:1:1: the configuration must be a mapping`},
		{"ignore: [a\n", `c.yaml:`},
	}
	for _, c := range cases {
		_, err := Parse("c.yaml", []byte(c.text))
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", c.text, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s...", c.text, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error is more than one line: %q", c.text, err)
		}
	}
}

func TestTemplateParses(t *testing.T) {
	c, err := Parse(FileName, []byte(Template()))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Ignore)+len(c.Enable)+len(c.Severity) != 0 || c.HasThreshold {
		t.Errorf("the template must be the defaults: %+v", c)
	}
	// Uncommenting every example must still give a valid configuration.
	example := regexp.MustCompile(`^# ([a-z-]+:( |$)|  )`)
	var lines []string
	for _, l := range strings.Split(Template(), "\n") {
		if example.MatchString(l) {
			lines = append(lines, strings.TrimPrefix(l, "# "))
		}
	}
	full := strings.Join(lines, "\n")
	c, err = Parse(FileName, []byte(full))
	if err != nil {
		t.Fatalf("uncommented template: %v\n%s", err, full)
	}
	if len(c.Ignore) == 0 || len(c.Include) == 0 || len(c.Options) == 0 || !c.HasThreshold {
		t.Errorf("uncommented template misses keys: %+v\n%s", c, full)
	}
}

func TestMigrate(t *testing.T) {
	p := testdata(t, "hadolint.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Migrate(".hadolint.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{
		"  - SW1102 # base-image-latest (hadolint DL3007)\n",
		"  SW1101: error # base-image-untagged (hadolint DL3006)\n", // error wins over warning
		"  SW1401: info # secret-in-arg-env (hadolint DL3064)\n",
		"failure-threshold: style\n",
		"trusted-registries:\n  - \"docker.io\"\n  - \"*.gcr.io\"\n",
		"label-schema:\n  \"author\": text\nstrict-labels: true\n",
		"not carried over: disable-ignore-pragma, format, no-color, no-fail, verbose\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("migrated config lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "no seaworthy equivalent, not carried over: ") || !strings.Contains(text, "SC2086") {
		t.Errorf("SC2086 is not listed as unmapped:\n%s", text)
	}
	c, err := Parse(FileName, out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.LabelSchema, map[string]string{"author": "text"}) || !c.StrictLabels {
		t.Errorf("migrated label schema: %v strict %v", c.LabelSchema, c.StrictLabels)
	}
	if c.Severity[rule(t, "SW1101")] != rules.Error || ids(c.Ignore) != "SW1102" && !strings.HasPrefix(ids(c.Ignore), "SW1102") {
		t.Errorf("migrated config: %+v", c)
	}
}

func TestMigrateEdgeCases(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"", "version: 1\n", ""},
		{"trustedRegistries: my.registry:5000\n", "  - \"my.registry:5000\"\n", ""},
		{"failure-threshold: ignore\n", "failure-threshold: none\n", ""},
		{"failure-threshold: none\n", "failure-threshold: none\n", ""},
		{"ignored: DL3007\n", "  - SW1102", ""},
		{"override: {fatal: [DL3007]}\n", "not carried over: override.fatal", ""},
		{"failure-threshold: loud\n", "", `h.yaml:1:20: failure-threshold: unknown severity "loud"`},
		{"ignored: {a: 1}\n", "", "h.yaml:1:10: ignored: want a list"},
		{"- DL3007\n", "", "h.yaml:1:1: a hadolint configuration is a mapping"},
		{"ignored: [\n", "", "h.yaml: invalid YAML"},
		{"label-schema:\n  maintainer: \"\"\n  org.opencontainers.image.source: url\n", "label-schema:\n  \"maintainer\": text\n  \"org.opencontainers.image.source\": url\n", ""},
		{"label-schema:\n  maintainer:\nstrict-labels: false\n", "  \"maintainer\": text\n", ""},
		{"strict-labels: true\n", "strict-labels without a label-schema reports every label; not carried over", ""},
		{"label-schema:\n  a: url\nstrict-labels: true\n", "  \"a\": url\nstrict-labels: true\n", ""},
		{"label-schema:\n  a: uri\n", "", `h.yaml:2:6: label-schema: a: unknown type "uri"`},
		{"label-schema: [a]\n", "", "h.yaml:1:15: label-schema: want a mapping"},
		{"strict-labels: yes\n", "", "h.yaml:1:16: strict-labels: want true or false"},
		{"label-schema:\n  \"a b\": email\n  \"a=b\": url\n", "  \"a b\": email\n# Note: label-schema key \"a=b\" cannot be a label key; not carried over.\n", ""},
	}
	for _, c := range cases {
		out, err := Migrate("h.yaml", []byte(c.in))
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %s", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !strings.Contains(string(out), c.want) {
			t.Errorf("%q: %v\n%s\nwant %q", c.in, err, out, c.want)
		}
	}
}

func TestLabelSchema(t *testing.T) {
	text := "label-schema:\n  org.opencontainers.image.source: url\n  org.opencontainers.image.created: rfc3339\n" +
		"  version: semver\n  vcs-ref: hash\n  license: spdx\n  maintainer: email\n  \"com.example.note\": text\nstrict-labels: true\n"
	c, err := Parse("c.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"org.opencontainers.image.source": "url", "org.opencontainers.image.created": "rfc3339", "version": "semver",
		"vcs-ref": "hash", "license": "spdx", "maintainer": "email", "com.example.note": "text",
	}
	if !reflect.DeepEqual(c.LabelSchema, want) || !c.StrictLabels {
		t.Errorf("label-schema = %v, strict-labels = %v", c.LabelSchema, c.StrictLabels)
	}
	// The values reach the rules through the settings.
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := NewResolver(p, Overrides{})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := res.For(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fc.Settings.LabelSchema, want) || !fc.Settings.StrictLabels {
		t.Errorf("settings: %v %v", fc.Settings.LabelSchema, fc.Settings.StrictLabels)
	}
	// Off by default: no schema, not strict.
	c, err = Parse("c.yaml", []byte("strict-labels: false\nlabel-schema: ~\n"))
	if err != nil || c.LabelSchema != nil || c.StrictLabels {
		t.Errorf("empty schema: %v %+v", err, c)
	}

	cases := []struct{ text, want string }{
		{"label-schema: [a]\n", `c.yaml:1:15: label-schema: want a mapping of label: type (text, url, rfc3339, semver, hash, spdx, email)`},
		{"label-schema:\n  a: uri\n", `c.yaml:2:6: label-schema: a: unknown type "uri" (want text, url, rfc3339, semver, hash, spdx, email)`},
		{"label-schema:\n  a: URL\n", `c.yaml:2:6: label-schema: a: unknown type "URL"`},
		{"label-schema:\n  a:\n", `c.yaml:2:5: label-schema: a: unknown type ""`},
		{"label-schema:\n  a: [url]\n", `c.yaml:2:6: label-schema: a: unknown type ""`},
		{"label-schema:\n  a: url\n  a: text\n", `c.yaml:3:3: label-schema: label "a" is set twice`},
		{"label-schema:\n  \"a=b\": url\n", `c.yaml:2:3: label-schema: "a=b" is not a label key`},
		{"label-schema:\n  \" \": url\n", `c.yaml:2:3: label-schema: " " is not a label key`},
		{"label-schema:\n  \"\": url\n", `c.yaml:2:3: label-schema: "" is not a label key`},
		{"strict-labels: yes\nlabel-schema: {a: url}\n", `c.yaml:1:16: strict-labels: want true or false`},
		{"strict-labels: [true]\n", `c.yaml:1:16: strict-labels: want true or false`},
		{"strict-labels: true\n", `c.yaml: strict-labels needs a label-schema`},
	}
	for _, c := range cases {
		_, err := Parse("c.yaml", []byte(c.text))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s...", c.text, err, c.want)
		}
	}
}

func TestGlobs(t *testing.T) {
	cases := []struct {
		glob, path string
		want       bool
	}{
		{"*.df", "a.df", true},
		{"*.df", "x/y/a.df", true}, // no slash: any depth
		{"docker/*.df", "docker/a.df", true},
		{"docker/*.df", "x/docker/a.df", false},
		{"**/docker/*.df", "x/docker/a.df", true},
		{"testdata/**", "testdata/a/b/Dockerfile", true},
		{"testdata/**", "src/testdata/Dockerfile", false},
		{"legacy", "legacy/api/Dockerfile", true}, // a folder drops what is under it
		{"legacy/", "legacy/Dockerfile", true},
		{"./legacy", "legacy/Dockerfile", true},
		{"legacy", "src/legacy/Dockerfile", true},
		{"/legacy", "src/legacy/Dockerfile", false},
		{"Dockerfile.*", "api/Dockerfile.dev", true},
		{"api/Dockerfile", "api/Dockerfile.dev", false},
		{"*", "../outside/Dockerfile", false},
	}
	for _, c := range cases {
		if got := MatchGlob(c.glob, c.path); got != c.want {
			t.Errorf("MatchGlob(%q, %q) = %v", c.glob, c.path, got)
		}
	}
}

// TestRuleOptions: option names are checked against the rule's declared
// options, and values against the option's check.
func TestRuleOptions(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"rules:\n  base-image-eol:\n    as-off: x\n", `.seaworthy.yaml:3:5: rules: base-image-eol: unknown option "as-off" (options of SW1104: as-of)`},
		{"rules:\n  SW1101:\n    strict: true\n", `.seaworthy.yaml:3:5: rules: SW1101: unknown option "strict" (SW1101 has no options)`},
		{"rules:\n  base-image-eol:\n    as-of: soon\n", `.seaworthy.yaml:3:12: rules: base-image-eol: as-of: want a date as YYYY-MM-DD, got soon`},
		{"rules:\n  base-image-eol:\n    as-of: 2026-12-31\n", ``},
	} {
		_, err := Parse(".seaworthy.yaml", []byte(c.yaml))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.yaml, got, c.want)
		}
	}
}
