package config_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// The pragma tests run a fixed set of rules so that rules added later do
// not change them: SW1101 (hadolint DL3006), SW1102 (DL3007), SW1302
// (DL3011, BuildKit ExposeInvalidFormat), SW1401 (DL3064, BuildKit
// SecretsUsedInArgOrEnv), SW2101 privileged, SW2110 host network, and
// SW0002 unused suppressions.
var pragmaRules = []string{"SW0002", "SW1101", "SW1102", "SW1302", "SW1401", "SW2101", "SW2110"}

type fixedConfigs struct{ fc *engine.FileConfig }

func (f fixedConfigs) For(string) (*engine.FileConfig, error) { return f.fc, nil }

// lint lints one file and returns "ID:line" (":severity" when not the
// rule's default) for each finding, sorted.
func lint(t *testing.T, name, text string, ignored ...string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	fc := &engine.FileConfig{Settings: &rules.Settings{}, Off: map[*rules.Rule]bool{}}
	for _, id := range pragmaRules {
		r := catalog.Lookup(id)
		if r == nil {
			t.Fatalf("no rule %s", id)
		}
		skip := false
		for _, ig := range ignored {
			if ig == id {
				skip = true
			}
		}
		if skip {
			fc.Off[r] = true
			continue
		}
		fc.Rules = append(fc.Rules, r)
	}
	targets, errs := engine.Discover([]string{p}, engine.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	l := &engine.Linter{Configs: fixedConfigs{fc}, LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	res := l.Run(targets)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var out []string
	for _, f := range res.Findings {
		s := f.Rule.ID + ":" + strconv.Itoa(f.Start.Line)
		if f.Severity != f.Rule.Severity {
			s += ":" + f.Severity.String()
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestDockerfilePragmas(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"no pragma", "FROM alpine:latest\nENV DB_PASSWORD=x\n", "SW1102:1 SW1401:2"},
		{"by ID", "# seaworthy ignore=SW1102\nFROM alpine:latest\n", ""},
		{"by name", "# seaworthy ignore=base-image-latest\nFROM alpine:latest\n", ""},
		{"name in another case", "# seaworthy ignore=Base-Image-Latest\nFROM alpine:latest\n", ""},
		{"several with spaces", "FROM alpine:3.20\n#   seaworthy  ignore = SW1401 , expose-invalid-port\nENV DB_PASSWORD=x\nEXPOSE 99999\n", "SW0002:2 SW1302:4"},
		{"several used", "FROM alpine:latest AS a\nENV DB_PASSWORD=x\n# seaworthy ignore=SW1401,SW1302\nRUN --mount=type=secret,id=x true\nFROM a\n# seaworthy ignore=SW1401, SW1302\nENV API_TOKEN=y\n", "SW0002:3 SW0002:3 SW0002:6 SW1102:1 SW1401:2"},
		{"with a reason", "# seaworthy ignore=SW1102 -- pinned by renovate\nFROM alpine:latest\n", ""},
		{"in a comment block", "# seaworthy ignore=SW1102\n# the base is pinned by the CI\nFROM alpine:latest\n", ""},
		{"blank line breaks it", "# seaworthy ignore=SW1102\n\nFROM alpine:latest\n", "SW0002:1 SW1102:3"},
		{"next instruction only", "# seaworthy ignore=SW1102\nFROM alpine:latest\nFROM alpine:latest\n", "SW1102:3"},
		{"multi-line instruction", "FROM alpine:3.20\n# seaworthy ignore=SW1401\nENV A=1 \\\n    DB_PASSWORD=x\n", ""},
		{"global", "FROM alpine:latest\nFROM alpine:latest\n# seaworthy global ignore=SW1102\n", ""},
		{"global by name, several", "# seaworthy global ignore=base-image-latest, SW1401\nFROM alpine:latest\nENV DB_PASSWORD=x\n", ""},
		{"global unused", "# seaworthy global ignore=SW1302\nFROM alpine:3.20\n", "SW0002:1"},
		{"unknown rule", "# seaworthy ignore=SW9999\nFROM alpine:3.20\n", "SW0002:1"},
		{"hadolint ignore", "# hadolint ignore=DL3007\nFROM alpine:latest\n", ""},
		{"hadolint ignore with reason", "# hadolint ignore=DL3007 # pinned by renovate\nFROM alpine:latest\n", ""},
		{"hadolint several", "FROM alpine:3.20\n# hadolint ignore=DL3064,DL3011\nENV DB_PASSWORD=x\n", ""},
		{"hadolint next instruction only", "# hadolint ignore=DL3007\nFROM alpine:latest\nFROM alpine:latest\n", "SW1102:3"},
		{"hadolint global", "FROM alpine:latest\n# hadolint global ignore=DL3007,DL3064\nENV DB_PASSWORD=x\nFROM alpine:latest\n", ""},
		{"hadolint unused or unknown is not reported", "# hadolint ignore=DL3007,DL9999,SC2086\nFROM alpine:3.20\n", ""},
		{"check skip", "# check=skip=SecretsUsedInArgOrEnv\nFROM alpine:latest\nENV DB_PASSWORD=x\n", "SW1102:2"},
		{"check skip several", "# check=skip=SecretsUsedInArgOrEnv,ExposeInvalidFormat\nFROM alpine:3.20\nENV DB_PASSWORD=x\nEXPOSE 99999\n", ""},
		{"check skip all", "# syntax=docker/dockerfile:1\n# check=skip=all\nFROM alpine:latest\nENV DB_PASSWORD=x\nEXPOSE 99999\n", "SW1102:3"},
		{"check error", "# check=error=true\nFROM alpine:latest\nARG DB_PASSWORD\n", "SW1102:2 SW1401:3"}, // SW1401 is an error by default; without the directive this one is a warning
		{"check skip and error", "# check=skip=ExposeInvalidFormat;error=true\nFROM alpine:3.20\nARG DB_PASSWORD\nEXPOSE 99999\n", "SW1401:3"},
		{"check error false", "# check=error=false\nFROM alpine:3.20\nARG DB_PASSWORD\n", "SW1401:3:warning"},
		{"check after the directives is a comment", "FROM alpine:3.20\n# check=skip=SecretsUsedInArgOrEnv\nENV DB_PASSWORD=x\n", "SW1401:3"},
		{"check invalid is ignored", "# check=skip=SecretsUsedInArgOrEnv;bogus=1\nFROM alpine:3.20\nENV DB_PASSWORD=x\n", "SW1401:3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := lint(t, "Dockerfile", c.text); got != c.want {
				t.Errorf("got  %q\nwant %q\n%s", got, c.want, c.text)
			}
		})
	}
}

// A suppression of a rule the configuration turned off is not stale: the
// configuration may change back.
func TestSuppressionOfIgnoredRuleIsNotStale(t *testing.T) {
	text := "# seaworthy ignore=SW1102\nFROM alpine:latest\n"
	if got := lint(t, "Dockerfile", text, "SW1102"); got != "" {
		t.Errorf("got %q", got)
	}
	if got := lint(t, "Dockerfile", text, "SW0002", "SW1102"); got != "" {
		t.Errorf("SW0002 ignored: got %q", got)
	}
}

const composeBase = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    network_mode: host\n"

func TestComposePragmas(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"no pragma", composeBase, "SW2101:4 SW2110:5"},
		{"end of line", "services:\n  web:\n    image: nginx:1.27\n    privileged: true # seaworthy ignore=SW2101\n    network_mode: host\n", "SW2110:5"},
		{"end of line by name", "services:\n  web:\n    image: nginx:1.27\n    privileged: true  #seaworthy ignore=compose-privileged\n    network_mode: host\n", "SW2110:5"},
		{"line above", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    # seaworthy ignore=SW2110\n    network_mode: host\n", "SW2101:4"},
		{"on the service silences below it", "services:\n  web: # seaworthy ignore=SW2101, SW2110\n    image: nginx:1.27\n    privileged: true\n    network_mode: host\n", ""},
		{"above the service", "services:\n  # seaworthy ignore=SW2101,SW2110\n  web:\n    image: nginx:1.27\n    privileged: true\n    network_mode: host\n  db:\n    image: postgres:16\n    privileged: true\n", "SW2101:9"},
		{"global", "# seaworthy global ignore=SW2101\n" + composeBase, "SW2110:6"},
		{"unused", "services:\n  web:\n    image: nginx:1.27 # seaworthy ignore=SW2101\n    privileged: true\n", "SW0002:3 SW2101:4"},
		{"unknown rule", "services:\n  web:\n    image: nginx:1.27 # seaworthy ignore=nope\n", "SW0002:3"},
		{"hash in a quoted string is not a comment", "services:\n  web:\n    image: nginx:1.27\n    command: \"echo # seaworthy ignore=SW2101\"\n    privileged: true\n", "SW2101:5"},
		{"hadolint pragmas do not apply to Compose", "services:\n  web:\n    image: nginx:1.27\n    privileged: true # hadolint ignore=SW2101\n", "SW2101:4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := lint(t, "compose.yaml", c.text); got != c.want {
				t.Errorf("got  %q\nwant %q\n%s", got, c.want, c.text)
			}
		})
	}
}
