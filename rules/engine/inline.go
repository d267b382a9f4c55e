package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"go.yaml.in/yaml/v4"
)

// A service's build.dockerfile_inline is a Dockerfile too: it is linted
// with the Dockerfile rules, as the service builds it, and its findings
// point into the Compose file, at the line and column of the text there.
// That is exact for a literal block scalar (`|`), whose lines are the
// Dockerfile's lines behind one indentation; other styles (folded,
// quoted, plain) change the text on the way, so they are not linted this
// way, and neither is a value that reached the service through an alias
// or from another file (the Compose rules still read it).

// inlineMap maps offsets of the inline Dockerfile's text to the Compose
// file that holds it: line i of the text is line first+i-1 there, indent
// bytes further right.
type inlineMap struct {
	file   *source.File
	first  int
	indent int
}

// mapInline checks that n is a literal block scalar whose every line is
// written in n.Src as the text has it, and returns the mapping.
func mapInline(n *compose.Node, text string) (inlineMap, bool) {
	if n == nil || n.Inherited() || n.Y.Kind != yaml.ScalarNode || n.Y.Style&yaml.LiteralStyle == 0 {
		return inlineMap{}, false
	}
	src := n.Src
	m := inlineMap{file: src, first: n.Y.Line + 1, indent: -1}
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		written := src.Line(m.first + i)
		if m.indent < 0 {
			m.indent = len(written) - len(strings.TrimLeft(written, " "))
		}
		if m.indent > len(written) || written[m.indent:] != l || strings.TrimLeft(written[:m.indent], " ") != "" {
			return inlineMap{}, false
		}
	}
	if m.indent < 0 {
		return inlineMap{}, false // nothing but blank lines
	}
	return m, true
}

// offset maps offset o of the inline text (inline) into the Compose file.
func (m inlineMap) offset(inline *source.File, o int) int {
	p := inline.Position(o)
	col := o - inline.LineStart(p.Line)
	line := m.first + p.Line - 1
	if inline.Line(p.Line) == "" {
		return m.file.LineStart(line) + min(col, len(m.file.Line(line)))
	}
	return m.file.LineStart(line) + m.indent + col
}

// remap moves a finding of the inline Dockerfile into the Compose file.
// Its fix is dropped: an edit's new lines would need the indentation too.
func (m inlineMap) remap(f rules.Finding, inline *source.File) rules.Finding {
	span := source.Span{Start: m.offset(inline, f.Span.Start), End: m.offset(inline, f.Span.End)}
	if f.Span.Start == 0 && f.Span.End == 0 && f.Start.Line <= 1 {
		span = source.Span{Start: m.offset(inline, 0), End: m.offset(inline, inline.LineEnd(1))}
	}
	g := rules.NewFinding(f.Rule, m.file, span, f.Message)
	g.Severity, g.Sensitive, g.Incomplete = f.Severity, f.Sensitive, f.Incomplete
	return g
}

// lintInline lints the dockerfile_inline builds of proj's services, each
// written block once whichever services build it the same way.
func (l *Linter) lintInline(ctx context.Context, proj *compose.Project, files *source.Reader, shown string) []rules.Finding {
	var out []rules.Finding
	seen := map[string]bool{}
	for _, s := range proj.Services() {
		b, ok := s.Build()
		if !ok || b.Inline == nil {
			continue
		}
		text := b.Inline.Text()
		m, ok := mapInline(b.Inline, text)
		if !ok {
			continue
		}
		build := &dockerfile.Build{Args: b.Args, Target: b.Target, User: b.User, Context: b.Context, By: fmt.Sprintf("service %q of %s", s.Name, shown)}
		key := fmt.Sprintf("%s:%d\x00%s", m.file.Path, m.first, build.Key())
		if seen[key] {
			continue
		}
		seen[key] = true
		inline := source.New(m.file.Path+" (dockerfile_inline)", []byte(text))
		fs, _ := l.lintDockerfile(ctx, inline, files, build)
		for _, f := range fs {
			if f.Rule.Kind == rules.Meta && f.Rule != rules.ParseError {
				continue // unused-suppression and the like: about the inline text's own pragmas
			}
			out = append(out, m.remap(f, inline))
		}
	}
	return out
}
