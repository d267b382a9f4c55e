package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1808 is BuildKit's MaintainerDeprecated: MAINTAINER has been deprecated
// since Docker 1.13 in favour of a label.
var SW1808 = &rules.Rule{
	ID:       "SW1808",
	Name:     "maintainer-deprecated",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  linter.RuleMaintainerDeprecated.Description,
	Doc: md(`´MAINTAINER´ sets the image's ´Author´ field, which tools no longer read. The standard
place for the author is the OCI label:

´´´dockerfile
LABEL org.opencontainers.image.authors="team@example.com"
´´´

This is BuildKit's own check (´docker build --check´), with the same message. The fix rewrites
the instruction to that label when the value holds no quotes, backslashes or ´$´ (which a label
would treat differently).`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.BuildKit: {linter.RuleMaintainerDeprecated.Name},
		rules.Hadolint: {"DL4000"},
		rules.Trivy:    {"DS022"},
		rules.KICS:     {"99614418-f82b-4852-a9ae-5051402b741c"},
		rules.Checkov:  {"CKV_DOCKER_6"},
	},
	Fixable: true,
	Run:     runMaintainerDeprecated,
}

func runMaintainerDeprecated(p *rules.Pass) {
	for _, w := range bkWarnings(p.Dockerfile, linter.RuleMaintainerDeprecated.Name) {
		ins := w.Ins
		c, ok := ins.Command.(*instructions.MaintainerCommand)
		if !ok {
			continue
		}
		value := strings.TrimSpace(c.Maintainer)
		if value == "" || strings.ContainsAny(value, "\"\\$`\n") || ins.Node.StartLine != ins.Node.EndLine {
			p.Reportf(ins.KeywordSpan, "%s", w.Message)
			continue
		}
		span := ins.HeadSpan()
		label := "LABEL"
		if kw := keywordAsWritten(p.Dockerfile, ins); kw == strings.ToLower(kw) {
			label = "label"
		}
		fix := &rules.Fix{Description: "Use the org.opencontainers.image.authors label", Edits: []rules.Edit{
			rules.NewEdit(p.Source, span, label+" org.opencontainers.image.authors="+strconv.Quote(value)),
		}}
		p.ReportFix(ins.KeywordSpan, fix, "%s", w.Message)
	}
}
