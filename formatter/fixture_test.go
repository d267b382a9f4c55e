package formatter

import (
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// The fixture's rules: a security rule, a fixable rule, a style rule without
// docs (left out of Report.Rules on purpose) and a meta rule that never fires.
var (
	ruleParse = &rules.Rule{
		ID: "SW0001", Name: "parse-error", Kind: rules.Meta, Severity: rules.Error,
		Summary: "The file could not be parsed",
		Doc:     "# SW0001 parse-error\n\nThe file is not a valid Dockerfile or Compose file, so no other rule could check it.\n",
		Tags:    []string{"correctness"},
	}
	ruleUnpinned = &rules.Rule{
		ID: "SW1001", Name: "base-image-unpinned", Kind: rules.Dockerfile, Severity: rules.Warning, SecuritySeverity: 5.5,
		Summary: "Base image is not pinned to a digest",
		Doc: "# SW1001 base-image-unpinned\n\n" +
			"FROM names a mutable tag, so the image that is built can change\nwithout any change to the Dockerfile.\n\n" +
			"## How to fix\n\nPin the base image by digest:\n\n```dockerfile\nFROM alpine:3.20@sha256:<digest>\n```\n",
		Tags:        []string{"security", "supply-chain", "security"}, // the repeat must not reach SARIF
		CIS:         []string{"4.2"},
		Equivalents: map[string][]string{rules.Hadolint: {"DL3006"}},
	}
	ruleNoRecommends = &rules.Rule{
		ID: "SW1010", Name: "apt-no-install-recommends", Kind: rules.Dockerfile, Severity: rules.Info,
		Summary: "apt-get install without --no-install-recommends",
		Doc: "```dockerfile\nRUN apt-get install -y curl\n```\n\n" +
			"apt-get install pulls recommended packages unless --no-install-recommends is given,\nwhich makes images larger.\n",
		Tags:        []string{"best-practice"},
		Equivalents: map[string][]string{rules.Hadolint: {"DL3015"}},
		Fixable:     true,
	}
	ruleCasing = &rules.Rule{
		ID: "SW1020", Name: "instruction-casing", Kind: rules.Dockerfile, Severity: rules.Style,
		Summary: "Instruction is not written in upper case",
		Tags:    []string{"style"},
	}
)

const apiDockerfile = "FROM node:20\n" +
	"WORKDIR /app\n" +
	"RUN apt-get update && apt-get install \\\n" +
	"    -y curl\n" +
	"LABEL maintainer=\"José Müller\"\n"

// webDockerfile has a path with a space, non-ASCII text (accented and wide
// characters) and a tab before the spans on its last line, and CRLF endings.
const webDockerfile = "FROM python:3.12-slim\r\n" +
	"LABEL description=\"日本語のアプリ, café\"\r\n" +
	"run echo \"héllo 世界\" &&\tapt-get install -y vim\r\n"

// at is the span of the n-th (0-based) occurrence of text in src.
func at(t *testing.T, src *source.File, text string, n int) source.Span {
	t.Helper()
	data, off := string(src.Data), 0
	for ; n >= 0; n-- {
		i := strings.Index(data[off:], text)
		if i < 0 {
			t.Fatalf("%s: %q not found", src.Path, text)
		}
		off += i
		if n > 0 {
			off += len(text)
		}
	}
	return source.Span{Start: off, End: off + len(text)}
}

// insertAfter is the empty span just after text: where a fix inserts.
func insertAfter(t *testing.T, src *source.File, text string) source.Span {
	s := at(t, src, text, 0)
	return source.Span{Start: s.End, End: s.End}
}

func recommendsFix(src *source.File, span source.Span) *rules.Fix {
	return &rules.Fix{
		Description: "Add --no-install-recommends",
		Edits:       []rules.Edit{rules.NewEdit(src, span, " --no-install-recommends")},
	}
}

// fixture is a realistic report: findings in two files, one of them fixable,
// one spanning two lines, and a file that could not be read.
func fixture(t *testing.T) *Report {
	api := source.New("api/Dockerfile", []byte(apiDockerfile))
	web := source.New("web app/Dockerfile", []byte(webDockerfile))

	apt := rules.NewFinding(ruleNoRecommends, api, at(t, api, "apt-get install \\\n    -y curl", 0),
		"apt-get install without --no-install-recommends")
	apt.Fix = recommendsFix(api, insertAfter(t, api, "apt-get install"))
	webApt := rules.NewFinding(ruleNoRecommends, web, at(t, web, "apt-get install -y vim", 0),
		"apt-get install without --no-install-recommends")
	webApt.Fix = recommendsFix(web, insertAfter(t, web, "apt-get install"))
	overridden := rules.NewFinding(ruleUnpinned, web, at(t, web, "python:3.12-slim", 0),
		`Base image "python:3.12-slim" is not pinned to a digest`)
	overridden.Severity = rules.Error // a configuration override

	findings := []rules.Finding{
		webApt, apt, overridden,
		rules.NewFinding(ruleCasing, web, at(t, web, "run", 0), `Instruction "run" should be written "RUN"`),
		rules.NewFinding(ruleUnpinned, api, at(t, api, "node:20", 0), `Base image "node:20" is not pinned to a digest`),
	}
	sort.SliceStable(findings, func(i, j int) bool { return rules.Less(&findings[i], &findings[j]) })
	return &Report{
		ToolVersion: "0.1.0",
		Findings:    findings,
		Errors:      []FileError{{File: "./docker/old.Dockerfile", Message: "open docker/old.Dockerfile: permission denied"}},
		Rules:       []*rules.Rule{ruleNoRecommends, ruleParse, ruleUnpinned},
	}
}

// emptyFixture is a clean run: rules enabled, nothing found.
func emptyFixture(*testing.T) *Report {
	return &Report{ToolVersion: "0.1.0", Rules: []*rules.Rule{ruleNoRecommends, ruleParse, ruleUnpinned}}
}

// oddFixture holds what a careless caller might pass: no source, no end,
// no message, a fix without edits, an absolute path, no version.
func oddFixture(*testing.T) *Report {
	bare := &rules.Rule{ID: "SW2001", Kind: rules.Compose, Severity: rules.Warning}
	return &Report{
		Findings: []rules.Finding{
			{Rule: bare, Severity: rules.Warning, File: "/srv/app/compose.yaml", Start: source.Position{}, Fix: &rules.Fix{}},
			{Rule: ruleCasing, Severity: rules.Style, File: `c:odd\compose.yaml`, Start: source.Position{Line: 3, Column: 2},
				End: source.Position{Line: 2, Column: 1}, Message: "line1\nline2, 100%: done"},
		},
		Errors: []FileError{{File: "x y/Dockerfile"}},
	}
}
