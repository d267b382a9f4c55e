package formatter

import (
	"html/template"
	"io"
	"strings"
)

// ComplianceHTML writes the compliance view as one self-contained HTML
// page: inline CSS, no script, no external asset (its Content-Security-
// Policy forbids loading any), readable on screen and printed. html/template
// escapes every text that came from a file.
func ComplianceHTML(w io.Writer, r *Report, _ Options) error {
	c := newCompliance(r)
	return complianceTemplate.Execute(w, struct {
		*complianceReport
		Files []string
	}{c, complianceFiles(c)})
}

var complianceTemplate = template.Must(template.New("compliance").Funcs(template.FuncMap{
	"class": func(status string) string { return strings.ReplaceAll(status, " ", "-") },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Benchmark}}: seaworthy compliance report</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
.lead { color: #57606a; margin-top: 0; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.2rem 0; }
.summary div { border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem 1rem; min-width: 8rem; }
.summary b { display: block; font-size: 1.6rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #eaeef2; }
th { background: #f6f8fa; }
.status { font-weight: 600; white-space: nowrap; }
.pass .status { color: #1a7f37; } .fail .status { color: #cf222e; }
.not-checked .status, .out-of-scope .status { color: #6e7781; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
ul { padding-left: 1.2rem; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } .summary div { border-color: #888; } tr, li { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Benchmark}}</h1>
<p class="lead">Static compliance report by seaworthy {{.Tool.Version}}: <span id="dockerfiles">{{.Summary.Dockerfiles}}</span> Dockerfiles and <span id="compose-files">{{.Summary.ComposeFiles}}</span> Compose files linted{{if .Files}}, {{len .Files}} with failures{{end}}.</p>
<div class="summary">
<div class="pass"><b id="count-pass">{{.Summary.Pass}}</b>pass</div>
<div class="fail"><b id="count-fail">{{.Summary.Fail}}</b>fail</div>
<div class="not-checked"><b id="count-not-checked">{{.Summary.NotChecked}}</b>not checked</div>
<div class="out-of-scope"><b id="count-out-of-scope">{{.Summary.OutOfScope}}</b>out of scope</div>
</div>
<p>Pass means no finding of the rules that check the control, after suppressions and the baseline; a static check cannot prove a running system complies. Sections 1 to 3, 6 and 7 of the benchmark (host, daemon and operations) are not about files and are not listed.</p>
<h2>Controls</h2>
<table>
<thead><tr><th>Control</th><th>Status</th><th>Rules</th><th>Notes</th></tr></thead>
<tbody>
{{range .Controls}}<tr class="{{class .Status}}" data-control="{{.ID}}" data-status="{{.Status}}"><td><b>{{.ID}}</b> {{.Title}}</td><td class="status">{{.Status}}</td><td>{{range $i, $r := .Rules}}{{if $i}}, {{end}}<code>{{$r}}</code>{{end}}</td><td>{{if .Failures}}{{len .Failures}} finding(s){{else}}{{.Reason}}{{end}}</td></tr>
{{end}}</tbody>
</table>
{{range .Controls}}{{if .Failures}}
<h2 id="c{{.ID}}">{{.ID}} {{.Title}}</h2>
<ul>
{{range .Failures}}<li><code>{{.File}}:{{.Line}}:{{.Column}}</code> <code>{{.Rule}}</code> {{.Message}}</li>
{{end}}</ul>
{{end}}{{end}}{{if .Errors}}
<h2>Files not linted</h2>
<ul>
{{range .Errors}}<li><code>{{.File}}</code>: {{.Message}}</li>
{{end}}</ul>
{{end}}</body>
</html>
`))
