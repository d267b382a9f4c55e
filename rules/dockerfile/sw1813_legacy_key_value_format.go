package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1813 is BuildKit's LegacyKeyValueFormat: `ENV KEY value` takes the
// whole rest of the line as the value, which surprises readers and editors.
var SW1813 = &rules.Rule{
	ID:       "SW1813",
	Name:     "legacy-key-value-format",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleLegacyKeyValueFormat.Description,
	Doc: md(`´ENV´ and ´LABEL´ accept an old form with a space instead of ´=´: ´ENV KEY value´. It sets
one variable to everything after the key, so ´ENV PATH /opt/bin PYTHONUNBUFFERED 1´ sets ´PATH´
to ´/opt/bin PYTHONUNBUFFERED 1´ rather than two variables. Docker documents the form as
deprecated. Use ´KEY=value´, quoting values with spaces:

´´´dockerfile
ENV JAVA_OPTS="-Xms256m -Xmx1g"
´´´

This is BuildKit's own check (´docker build --check´), with the same message. The fix rewrites
single-line instructions whose value holds no quotes or backslashes.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleLegacyKeyValueFormat.Name}},
	Fixable:     true,
	Run:         runLegacyKeyValueFormat,
}

func runLegacyKeyValueFormat(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		var legacy bool
		switch c := ins.Command.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				legacy = legacy || kv.NoDelim
			}
		case *instructions.LabelCommand:
			for _, kv := range c.Labels {
				legacy = legacy || kv.NoDelim
			}
		}
		if !legacy || len(ins.Args) < 2 || bkSkipped(p, ins, linter.RuleLegacyKeyValueFormat.Name) {
			continue
		}
		msg := linter.RuleLegacyKeyValueFormat.Format(keywordAsWritten(p.Dockerfile, ins))
		span := ins.ArgsSpan()
		valueSpan := source.Span{Start: ins.Args[1].Span.Start, End: span.End}
		value := strings.TrimRight(p.Source.Text(valueSpan), " \t\r\n")
		if ins.Node.StartLine != ins.Node.EndLine || strings.ContainsAny(value, "\"'\\`\n") {
			p.Reportf(span, "%s", msg)
			continue
		}
		if strings.ContainsAny(value, " \t") {
			value = `"` + value + `"`
		}
		fix := &rules.Fix{Description: "Use the KEY=value form", Edits: []rules.Edit{
			rules.NewEdit(p.Source, source.Span{Start: ins.Args[0].Span.End, End: valueSpan.Start + len(strings.TrimRight(p.Source.Text(valueSpan), " \t\r\n"))}, "="+value),
		}}
		p.ReportFix(span, fix, "%s", msg)
	}
}
