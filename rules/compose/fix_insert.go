package compose

import (
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// serviceKeyFix is the fix that adds a key to a service, as a line of its
// own above the service's first key, at that key's indentation and with the
// file's line ending: `read_only: true`. nil when the service is not a
// block mapping in the file its name is in, or its first key does not
// start its line (flow style, a key after "- ").
func serviceKeyFix(s *compose.Service, line, desc string) *rules.Fix {
	if s.Key == nil {
		return nil
	}
	f := s.Key.File()
	var m *compose.Node
	for _, l := range s.Layers() {
		if !l.Inherited() && l.File() == f && l.IsMap() {
			m = l
		}
	}
	if m == nil || m.Y.Style&yaml.FlowStyle != 0 || len(m.Y.Content) == 0 {
		return nil
	}
	k := m.Y.Content[0]
	start := f.LineStart(k.Line)
	indent := k.Column - 1
	if indent < 1 || start+indent > len(f.Data) || strings.Trim(string(f.Data[start:start+indent]), " ") != "" {
		return nil
	}
	eol := "\n"
	if end := f.LineEnd(k.Line); end < len(f.Data) && f.Data[end] == '\r' {
		eol = "\r\n"
	}
	at := source.Span{Start: start, End: start}
	return &rules.Fix{Description: desc, Unsafe: true,
		Edits: []rules.Edit{rules.NewEdit(f, at, strings.Repeat(" ", indent)+line+eol)}}
}

// reportServiceFix is reportService with a fix.
func reportServiceFix(p *rules.Pass, s *compose.Service, fix *rules.Fix, format string, args ...any) {
	p.ReportIn(s.Key.File(), s.Key.KeySpan(), fix, format, args...)
}

// removePairFix is the unsafe fix that deletes a `key: value` line of the
// file it is written in: nil when the pair comes from elsewhere (an extends
// base, a merged anchor, which other services share) or does not fill its
// lines.
func removePairFix(n *compose.Node, desc string) *rules.Fix {
	if n == nil || n.Inherited() {
		return nil
	}
	span := n.PairSpan()
	if v := n.Span(); v.End > span.End {
		span.End = v.End // a block value: its span is after the key's
	}
	if items := n.Items(); n.IsSeq() && len(items) > 0 {
		if e := items[len(items)-1].Span().End; e > span.End {
			span.End = e // to the end of the last item
		}
	}
	fix := removeLineFix(n.File(), span)
	if fix != nil {
		fix.Description, fix.Unsafe = desc, true
	}
	return fix
}

// reportPairRemovable is reportPair with removePairFix.
func reportPairRemovable(p *rules.Pass, n *compose.Node, desc, format string, args ...any) {
	p.ReportIn(n.File(), n.PairSpan(), removePairFix(n, desc), format, args...)
}

// removeItemFix is the unsafe fix that deletes a block-sequence item
// ("- seccomp:unconfined") written on a line of its own in this file.
func removeItemFix(n *compose.Node, desc string) *rules.Fix {
	if n == nil || n.Inherited() {
		return nil
	}
	f, span := n.File(), n.Span()
	start := f.LineStart(f.Position(span.Start).Line)
	prefix := strings.TrimSpace(string(f.Data[start:span.Start]))
	if prefix != "-" {
		return nil
	}
	fix := removeLineFix(f, source.Span{Start: start + strings.Index(string(f.Data[start:span.Start]), "-"), End: span.End})
	if fix == nil {
		return nil
	}
	// removeLineFix starts at the line's start when only blanks precede.
	fix.Description, fix.Unsafe = desc, true
	return fix
}

// replaceInFix is the unsafe fix that replaces the last old in n's text,
// as written in this file, with new (security_opt no-new-privileges:false
// to true).
func replaceInFix(n *compose.Node, old, new, desc string) *rules.Fix {
	if n == nil || n.Inherited() {
		return nil
	}
	f, span := n.File(), n.Span()
	text := strings.ToLower(string(f.Data[span.Start:span.End]))
	i := strings.LastIndex(text, old)
	if i < 0 {
		return nil
	}
	at := source.Span{Start: span.Start + i, End: span.Start + i + len(old)}
	return &rules.Fix{Description: desc, Unsafe: true, Edits: []rules.Edit{rules.NewEdit(f, at, new)}}
}

// loopbackPortFix is the unsafe fix that binds a published port to
// 127.0.0.1: "127.0.0.1:" before a short-syntax value ("8080:80" to
// "127.0.0.1:8080:80", "80" to "127.0.0.1::80"), or a `host_ip: 127.0.0.1`
// line under the first key of a long-syntax mapping. nil for a port merged
// from elsewhere, written with a variable, or laid out otherwise.
func loopbackPortFix(port *compose.Node) *rules.Fix {
	if port == nil || port.Inherited() || port.HasVars() {
		return nil
	}
	f := port.File()
	desc := "Bind the port to 127.0.0.1"
	switch {
	case port.IsScalar():
		v, ok := port.Value()
		if !ok || v == "" {
			return nil
		}
		span := port.Span()
		at := span.Start
		if c := f.Data[at]; c == '"' || c == '\'' {
			at++
		}
		for _, all := range []string{"0.0.0.0:", "[::]:"} {
			if strings.HasPrefix(v, all) && string(f.Data[at:at+len(all)]) == all {
				return &rules.Fix{Description: desc, Unsafe: true,
					Edits: []rules.Edit{rules.NewEdit(f, source.Span{Start: at, End: at + len(all) - 1}, "127.0.0.1")}}
			}
		}
		if strings.Count(v, ":") > 1 && !strings.HasPrefix(v, "127.") {
			return nil // an address of another form: not rewritten
		}
		ins := "127.0.0.1:"
		if !strings.Contains(v, ":") {
			ins = "127.0.0.1::" // a container port alone: a random host port
		}
		if port.Y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && port.Y.Tag == "!!int" {
			// `- 80` is a number: the new value must be a string
			return &rules.Fix{Description: desc, Unsafe: true,
				Edits: []rules.Edit{rules.NewEdit(f, span, `"`+ins+v+`"`)}}
		}
		return &rules.Fix{Description: desc, Unsafe: true, Edits: []rules.Edit{rules.NewEdit(f, source.Span{Start: at, End: at}, ins)}}
	case port.IsMap() && port.Get("host_ip") != nil:
		ip := port.Get("host_ip")
		if ip.Inherited() || !ip.IsScalar() {
			return nil
		}
		return &rules.Fix{Description: desc, Unsafe: true, Edits: []rules.Edit{rules.NewEdit(f, ip.Span(), "127.0.0.1")}}
	case port.IsMap() && port.Y.Style&yaml.FlowStyle == 0 && len(port.Y.Content) >= 2:
		k, v := port.Y.Content[0], port.Y.Content[1]
		if v.Kind != yaml.ScalarNode || v.Line != k.Line || k.Line >= f.LineCount() && f.LineEnd(k.Line) == len(f.Data) {
			return nil
		}
		eol := "\n"
		if end := f.LineEnd(k.Line); end < len(f.Data) && f.Data[end] == '\r' {
			eol = "\r\n"
		}
		at := f.LineStart(k.Line + 1)
		return &rules.Fix{Description: desc, Unsafe: true,
			Edits: []rules.Edit{rules.NewEdit(f, source.Span{Start: at, End: at}, strings.Repeat(" ", k.Column-1)+"host_ip: 127.0.0.1"+eol)}}
	}
	return nil
}

// removeLineFix removes the lines span covers when it covers them whole
// (but for the line end and blanks or a comment after it); nil otherwise.
func removeLineFix(f *source.File, span source.Span) *rules.Fix {
	first, last := f.Position(span.Start), f.Position(span.End)
	start := f.LineStart(first.Line)
	if start > span.Start || strings.Trim(string(f.Data[start:span.Start]), " \t") != "" {
		return nil // something before the key on its line ("- key: v", "{key: v}")
	}
	if span.End > span.Start && f.Data[span.End-1] == '\n' {
		last = f.Position(span.End - 1) // a block value's span takes its last line end
	}
	end := f.LineStart(last.Line + 1) // the next line's start, or the end of the file
	rest := ""
	if lineEnd := f.LineEnd(last.Line); span.End < lineEnd {
		rest = string(f.Data[span.End:lineEnd])
	}
	for i, c := range rest {
		if c == '#' && (i == 0 || rest[i-1] == ' ' || rest[i-1] == '\t') {
			break
		}
		if c != ' ' && c != '\t' {
			return nil
		}
	}
	return &rules.Fix{Description: "Remove the version key", Edits: []rules.Edit{rules.NewEdit(f, source.Span{Start: start, End: end}, "")}}
}
