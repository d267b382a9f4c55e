package docs

import (
	"strings"
	"testing"
)

func TestExamples(t *testing.T) {
	ex := Examples("SW1102")
	if !strings.HasPrefix(ex, "## Failing example") || !strings.Contains(ex, "## Passing example") || !strings.Contains(ex, "FROM alpine:latest") {
		t.Errorf("SW1102 examples:\n%s", ex)
	}
	if strings.Contains(ex, "| ID |") {
		t.Error("the metadata table is not an example")
	}
	if Examples("SW9999") != "" || RulePage("SW9999") != "" {
		t.Error("a rule without a page has no examples")
	}
}

func TestSectionSkipsHeadingsInFences(t *testing.T) {
	page := "# x\n\n## Failing example\n\n```dockerfile\n## not a heading\nFROM a\n```\n\n## Passing example\n\nok\n\n## Options\n\nnone\n"
	if got := section(page, "## Failing example"); !strings.Contains(got, "FROM a") || strings.Contains(got, "Passing") {
		t.Errorf("failing: %q", got)
	}
	if got := section(page, "## Passing example"); got != "## Passing example\n\nok" {
		t.Errorf("passing: %q", got)
	}
}
