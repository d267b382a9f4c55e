package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1818 is BuildKit's experimental InvalidDefinitionDescription: a comment
// right above a named stage or an ARG is read as its description, so it
// should start with the name it describes.
var SW1818 = &rules.Rule{
	ID:       "SW1818",
	Name:     "invalid-definition-description",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
	Doc: md(`BuildKit reads the comment directly above ´FROM ... AS name´ and above ´ARG´ as the
description of that stage or argument, and shows it in ´docker buildx build --call=outline´ and
´--call=targets´. The description is recognised when the comment starts with the name:

´´´dockerfile
# NODE_VERSION sets the Node.js release to build with
ARG NODE_VERSION=22
´´´

A comment that does not start with the name is shown as nothing. If the comment is not meant as
a description, separate it from the instruction with an empty line. Unlike BuildKit, tool
directives (´# hadolint ignore=...´, ´# seaworthy ignore=...´, ´# check=...´, ´# trivy:ignore:...´,
´# kics-scan ...´, ´# checkov:skip=...´) are not taken for descriptions. This check is experimental
in BuildKit, so the rule is off by default; the message is BuildKit's, reported on the comment.`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleInvalidDefinitionDescription.Name}},
	Off:         true,
	Run:         runInvalidDefinitionDescription,
}

func runInvalidDefinitionDescription(p *rules.Pass) {
	for _, w := range bkWarnings(p.Dockerfile, linter.RuleInvalidDefinitionDescription.Name) {
		line := w.Ins.Node.StartLine - 1
		text := strings.TrimRight(p.Source.Line(line), "\r\n")
		trimmed := strings.TrimSpace(text)
		if !strings.HasPrefix(trimmed, "#") || pragmaComment(trimmed) {
			continue
		}
		start := p.Source.LineStart(line) + strings.Index(text, trimmed)
		p.Reportf(source.Span{Start: start, End: start + len(trimmed)}, "%s", w.Message)
	}
}

// pragmaComment reports whether a comment is a directive for a tool
// (hadolint, seaworthy, BuildKit's check, Trivy, KICS, Checkov), which no
// one means as a description.
func pragmaComment(c string) bool {
	c = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "#")))
	for _, p := range []string{"hadolint ", "seaworthy ", "check=", "trivy:", "kics", "checkov:", "nosemgrep", "nolint"} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}
