package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// TagSecrets marks rules whose findings sit on a line holding a secret.
const TagSecrets = "secrets"

// SecretSpan is where a secret value is written: a rule that finds one
// marks it with Pass.Secret, so that no output quotes it (see Protect).
type SecretSpan struct {
	File *source.File
	Span source.Span
}

// Secret marks span of src as a secret value. Whatever rule reports on its
// lines, no output shows them as a snippet, and a message or fix that
// quotes the value shows it masked, or is dropped.
func (p *Pass) Secret(src *source.File, span source.Span) {
	p.secrets = append(p.secrets, SecretSpan{File: src, Span: span})
}

// Secrets are the spans Secret marked in this pass so far.
func (p *Pass) Secrets() []SecretSpan { return p.secrets }

// Mask shows a secret as its first four characters and an ellipsis
// (`AKIA…`) when it is long enough that four characters give little of it
// away (16 or more), else as the ellipsis alone.
func Mask(s string) string {
	if utf8.RuneCountInString(s) < 16 {
		return "…"
	}
	i := 0
	for n := 0; n < 4; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}

// minSecret is the shortest text masked inside messages: shorter values
// (`x`, `1`) would mask ordinary words, and say nothing on their own.
const minSecret = 4

// Protect keeps the secrets of one linted file out of every output. A
// finding that starts on a line a secret rule reported, or on a line of a
// marked secret, becomes Sensitive (no output quotes its line); a message
// quoting a marked value gets the value masked; a fix whose edit text holds
// one is dropped, since applying or printing it would copy the value.
func Protect(findings []Finding, secrets []SecretSpan) {
	lines := map[string]map[int]bool{}
	mark := func(file string, from, to int) {
		m := lines[file]
		if m == nil {
			m = map[int]bool{}
			lines[file] = m
		}
		for l := from; l <= to && l-from < 1000; l++ {
			m[l] = true
		}
	}
	var texts []string
	for _, s := range secrets {
		mark(s.File.Path, s.File.Position(s.Span.Start).Line, s.File.Position(s.Span.End).Line)
		if t := strings.TrimSpace(s.File.Text(s.Span)); len(t) >= minSecret {
			texts = append(texts, t)
		}
	}
	for i := range findings {
		if f := &findings[i]; f.Rule != nil && f.Rule.HasTag(TagSecrets) {
			mark(f.File, f.Start.Line, f.End.Line)
		}
	}
	if len(lines) == 0 {
		return
	}
	for i := range findings {
		f := &findings[i]
		if lines[f.File][f.Start.Line] {
			f.Sensitive = true
		}
		for _, t := range texts {
			if strings.Contains(f.Message, t) {
				f.Message = strings.ReplaceAll(f.Message, t, Mask(t))
				f.Sensitive = true
			}
			if f.Fix != nil && fixQuotes(f.Fix, t) {
				f.Fix = nil
			}
		}
	}
}

func fixQuotes(fix *Fix, t string) bool {
	if strings.Contains(fix.Description, t) {
		return true
	}
	for _, e := range fix.Edits {
		if strings.Contains(e.Text, t) {
			return true
		}
	}
	return false
}
