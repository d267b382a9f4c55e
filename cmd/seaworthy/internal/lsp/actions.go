package lsp

import (
	"context"
	fixpkg "github.com/seaworthy-dev/seaworthy/rules/fix"
	"regexp"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// maxSuppressions bounds the findings a code action request offers
// suppressions for: each is checked by linting the edited text.
const maxSuppressions = 4

// codeActions answers textDocument/codeAction for the findings that touch
// the range: each rule's fix (quickfix), suppressing the rule on that line
// or in the whole file with seaworthy's own pragma (quickfix), and every
// safe fix of the document at once (source.fixAll.seaworthy).
func (s *Server) codeActions(ctx context.Context, p *CodeActionParams) []CodeAction {
	res, snap := s.current(ctx, p.TextDocument.URI)
	actions := []CodeAction{}
	if res == nil || ctx.Err() != nil {
		return actions
	}
	from, to := res.lines.offset(p.Range.Start), res.lines.offset(p.Range.End)
	if from > to {
		from, to = to, from
	}
	if wanted(p.Context.Only, kindQuickFix) {
		type key struct {
			rule *rules.Rule
			line int
		}
		seen := map[key]bool{}
		suppressions := 0
		for i := range res.findings {
			f := &res.findings[i]
			d := res.diags[i]
			if !touches(res.lines, d.Range, from, to) {
				continue
			}
			if d.Data != nil && d.Data.Fix != nil {
				safe := fixpkg.Safe(f)
				title := d.Data.Fix.Description + " (" + f.Rule.ID + ")"
				if !safe {
					title += ", unsafe: it can change what the image or service does"
				}
				actions = append(actions, CodeAction{
					Title: title, Kind: kindQuickFix,
					Diagnostics: []Diagnostic{d}, IsPreferred: safe,
					Edit: s.workspaceEdit(snap, d.Data.Fix.Edits),
				})
			}
			if f.Rule == rules.ParseError || seen[key{f.Rule, f.Start.Line}] || suppressions >= maxSuppressions || ctx.Err() != nil {
				continue
			}
			seen[key{f.Rule, f.Start.Line}] = true
			suppressions++
			if e, ok := s.checked(ctx, snap, res, f, lineSuppression(snap, f)); ok {
				actions = append(actions, CodeAction{
					Title: "Suppress " + f.Rule.Name + " (" + f.Rule.ID + ") on this line", Kind: kindQuickFix,
					Diagnostics: []Diagnostic{d}, Edit: s.workspaceEdit(snap, []TextEdit{e}),
				})
			}
			if e, ok := s.checked(ctx, snap, res, f, fileSuppression(snap, f)); ok {
				actions = append(actions, CodeAction{
					Title: "Suppress " + f.Rule.Name + " (" + f.Rule.ID + ") in this file", Kind: kindQuickFix,
					Diagnostics: []Diagnostic{d}, Edit: s.workspaceEdit(snap, []TextEdit{e}),
				})
			}
		}
	}
	if wanted(p.Context.Only, kindFixAllSeaworth) {
		if edits := fixAll(res); len(edits) > 0 {
			actions = append(actions, CodeAction{
				Title: "Apply every safe seaworthy fix", Kind: kindFixAllSeaworth,
				Edit: s.workspaceEdit(snap, edits),
			})
		}
	}
	return actions
}

// wanted reports whether the client's context.only asks for kind: no list
// asks for all, and a kind includes its sub-kinds ("source" includes
// "source.fixAll.seaworthy").
func wanted(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// touches reports whether a diagnostic's range meets the byte range [from, to].
func touches(ls *lines, r Range, from, to int) bool {
	start, end := ls.offset(r.Start), ls.offset(r.End)
	return start <= to && from <= end
}

// fixAll gathers every safe fix of the document as --fix chooses them
// (rules/fix.SelectFixes: in order, leaving out one that overlaps a fix
// already taken; LSP edits of one change must not overlap). Unsafe fixes
// are quick fixes to choose, never applied all at once.
func fixAll(res *result) []TextEdit {
	byFix := map[*rules.Fix]int{}
	for i, d := range res.diags[:len(res.findings)] {
		if d.Data != nil && d.Data.Fix != nil {
			byFix[res.findings[i].Fix] = i
		}
	}
	selected := fixpkg.SelectFixes(res.findings, func(f *rules.Finding) bool {
		_, shown := byFix[f.Fix]
		return shown && fixpkg.Safe(f)
	})
	var files []string
	for file := range selected {
		files = append(files, file)
	}
	sort.Strings(files)
	var out []TextEdit
	for _, file := range files {
		for _, fx := range selected[file] {
			out = append(out, res.diags[byFix[fx]].Data.Fix.Edits...)
		}
	}
	return out
}

func (s *Server) workspaceEdit(snap snapshot, edits []TextEdit) *WorkspaceEdit {
	s.mu.Lock()
	versioned := s.caps.Workspace.WorkspaceEdit.DocumentChanges
	s.mu.Unlock()
	if versioned {
		return &WorkspaceEdit{DocumentChanges: []TextDocumentEdit{{
			TextDocument: VersionedTextDocumentIdentifier{URI: snap.uri, Version: snap.version}, Edits: edits,
		}}}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{snap.uri: edits}}
}

// edit is a suppression as byte offsets into the text, before it is checked.
type edit struct {
	ok         bool
	start, end int
	text       string
}

// checked lints the text with the suppression applied and keeps it only
// if it silences one finding of the rule more and breaks nothing (no new
// parse error): a comment inside a YAML block scalar, say, would be text.
func (s *Server) checked(ctx context.Context, snap snapshot, res *result, f *rules.Finding, e edit) (TextEdit, bool) {
	if !e.ok {
		return TextEdit{}, false
	}
	after := snap
	after.text = snap.text[:e.start] + e.text + snap.text[e.end:]
	after.overlay = make(map[string][]byte, len(snap.overlay))
	for p, t := range snap.overlay {
		after.overlay[p] = t
	}
	after.overlay[snap.path] = []byte(after.text)
	before := countOf(res, f.Rule)
	got := countOf(s.lint(ctx, after), f.Rule)
	if got.rule >= before.rule || got.parse > before.parse || ctx.Err() != nil {
		return TextEdit{}, false
	}
	return TextEdit{Range: res.lines.span(e.start, e.end), NewText: e.text}, true
}

type counts struct{ rule, parse int }

func countOf(res *result, r *rules.Rule) counts {
	var c counts
	for _, f := range res.findings {
		switch f.Rule {
		case r:
			c.rule++
		case rules.ParseError:
			c.parse++
		}
	}
	c.parse += len(res.diags) - len(res.findings)
	return c
}

// pragmaRe finds a `# seaworthy ignore=` or `# seaworthy global ignore=`
// comment and its list of rules (group 2), as the engine reads them.
var pragmaRe = regexp.MustCompile(`#\s*seaworthy\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)`)

// directiveRe is a parser directive line (# syntax=, # escape=, # check=),
// which must stay at the very top of a Dockerfile.
var directiveRe = regexp.MustCompile(`^#\s*[a-zA-Z][a-zA-Z0-9]*\s*=`)

// addTo adds the rule to the pragma on line (1-based) of src when it has
// one of the wanted form, at the end of its list.
func addTo(src *source.File, line int, global bool, id string) (edit, bool) {
	text := src.Line(line)
	m := pragmaRe.FindStringSubmatchIndex(text)
	if m == nil || (m[2] >= 0) != global {
		return edit{}, false
	}
	at := src.LineStart(line) + m[5]
	return edit{ok: true, start: at, end: at, text: "," + id}, true
}

// lineSuppression silences f's rule where it is: in a Dockerfile, with
// `# seaworthy ignore=ID` on the comment lines just above the instruction;
// in a Compose file, at the end of the finding's line, or on a line above
// it when that line already ends in a comment.
func lineSuppression(snap snapshot, f *rules.Finding) edit {
	src := source.New(snap.path, []byte(snap.text))
	id := f.Rule.ID
	nl := lineBreak(snap.text)
	line := f.Start.Line
	if snap.kind == rules.Dockerfile {
		df, err := dockerfile.Parse(src)
		if err != nil {
			return edit{}
		}
		var ins *dockerfile.Instruction
		for _, x := range df.Instructions {
			if x.Node.StartLine <= line && line <= x.Node.EndLine {
				ins = x
				break
			}
		}
		if ins == nil {
			return edit{}
		}
		start := ins.Node.StartLine
		for n := start - 1; n >= 1 && strings.HasPrefix(strings.TrimSpace(src.Line(n)), "#"); n-- {
			if e, ok := addTo(src, n, false, id); ok {
				return e
			}
		}
		at := src.LineStart(start)
		return edit{ok: true, start: at, end: at, text: indentOf(src.Line(start)) + "# seaworthy ignore=" + id + nl}
	}
	if e, ok := addTo(src, line, false, id); ok {
		return e
	}
	text := src.Line(line)
	if !strings.Contains(text, "#") {
		at := src.LineEnd(line)
		return edit{ok: true, start: at, end: at, text: " # seaworthy ignore=" + id}
	}
	if prev := line - 1; prev >= 1 {
		if e, ok := addTo(src, prev, false, id); ok && strings.HasPrefix(strings.TrimSpace(src.Line(prev)), "#") {
			return e
		}
	}
	at := src.LineStart(line)
	return edit{ok: true, start: at, end: at, text: indentOf(text) + "# seaworthy ignore=" + id + nl}
}

// fileSuppression silences f's rule in the whole file with
// `# seaworthy global ignore=ID`: added to such a comment if there is one,
// else on a new line at the top (in a Dockerfile, after the parser
// directives, which must come first).
func fileSuppression(snap snapshot, f *rules.Finding) edit {
	src := source.New(snap.path, []byte(snap.text))
	for n := 1; n <= src.LineCount(); n++ {
		if strings.HasPrefix(strings.TrimSpace(src.Line(n)), "#") {
			if e, ok := addTo(src, n, true, f.Rule.ID); ok {
				return e
			}
		}
	}
	line := 1
	if snap.kind == rules.Dockerfile {
		for line <= src.LineCount() && directiveRe.MatchString(strings.TrimSpace(src.Line(line))) {
			line++
		}
	}
	at := src.LineStart(line)
	if line == 1 && strings.HasPrefix(snap.text, "\ufeff") {
		at = len("\ufeff")
	}
	text := "# seaworthy global ignore=" + f.Rule.ID + lineBreak(snap.text)
	if at == len(snap.text) && at > 0 && !strings.HasSuffix(snap.text, "\n") {
		text = lineBreak(snap.text) + strings.TrimSuffix(text, lineBreak(snap.text))
	}
	return edit{ok: true, start: at, end: at, text: text}
}

func indentOf(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[:i]
}

// hover answers textDocument/hover over a finding with its rule's
// documentation, the text `seaworthy explain` prints.
func (s *Server) hover(ctx context.Context, p *HoverParams) *Hover {
	res, _ := s.current(ctx, p.TextDocument.URI)
	if res == nil {
		return nil
	}
	off := res.lines.offset(p.Position)
	var parts []string
	var rng *Range
	seen := map[*rules.Rule]bool{}
	for i := range res.findings {
		d := res.diags[i]
		if !touches(res.lines, d.Range, off, off) || seen[res.findings[i].Rule] {
			continue
		}
		seen[res.findings[i].Rule] = true
		parts = append(parts, s.opts.Explain(res.findings[i].Rule))
		if rng == nil {
			r := d.Range
			rng = &r
		}
	}
	if len(parts) == 0 {
		return nil
	}
	kind := "plaintext"
	s.mu.Lock()
	for _, k := range s.caps.TextDocument.Hover.ContentFormat {
		if k == "markdown" {
			kind = "markdown"
			break
		}
		if k == "plaintext" {
			break
		}
	}
	s.mu.Unlock()
	sep := "\n\n"
	if kind == "markdown" {
		sep = "\n\n---\n\n"
	}
	return &Hover{Contents: MarkupContent{Kind: kind, Value: strings.Join(parts, sep)}, Range: rng}
}
