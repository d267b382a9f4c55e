// Package docs embeds the generated rule pages (docs/rules/SWxxxx.md, kept
// current by rules/catalog's TestDocsUpToDate), so the binary can carry a
// rule's failing and passing examples where the page itself is not at hand:
// SARIF's rules[].help.markdown, shown in a GitHub code scanning alert.
package docs

import (
	"embed"
	"strings"
)

//go:embed rules/SW*.md
var pages embed.FS

// RulePage is the text of docs/rules/ID.md, "" when the rule has none.
func RulePage(id string) string {
	data, err := pages.ReadFile("rules/" + id + ".md")
	if err != nil {
		return ""
	}
	return string(data)
}

// Examples is the "Failing example" and "Passing example" sections of the
// rule's page, headings included, "" when it has neither.
func Examples(id string) string {
	page := RulePage(id)
	var out []string
	for _, heading := range []string{"## Failing example", "## Passing example"} {
		if s := section(page, heading); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n\n")
}

// section is the text from a line that is exactly heading up to the next
// "## " heading or the end.
func section(page, heading string) string {
	lines := strings.Split(page, "\n")
	start := -1
	for i, l := range lines {
		if start < 0 {
			if l == heading {
				start = i
			}
			continue
		}
		if strings.HasPrefix(l, "## ") && !inFence(lines[start:i]) {
			return strings.TrimSpace(strings.Join(lines[start:i], "\n"))
		}
	}
	if start < 0 {
		return ""
	}
	return strings.TrimSpace(strings.Join(lines[start:], "\n"))
}

// inFence reports whether the lines leave a ``` code block open, so a
// "## " line inside an example (a comment in a Dockerfile) is not a heading.
func inFence(lines []string) bool {
	open := false
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			open = !open
		}
	}
	return open
}
