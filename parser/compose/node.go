package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/expand"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// Node is one YAML value with where it was written. Aliases are resolved:
// Y is the anchored node, and the alias is kept to report at.
//
// When a value reached a service from somewhere else (an alias, a `<<:`
// merge key or `extends`), findings are reported where it entered the
// service, not where it was written once for many services: Span, PairSpan
// and File then point at that entry (the alias, the merge key, the
// `extends:` key), the nearest node of the service's own definition.
type Node struct {
	// Y is the value node; Key is its mapping key (nil for sequence items
	// and roots). Both are the go.yaml.in/yaml/v4 nodes compose-go parses.
	Y, Key *yaml.Node
	// Src is the file the value is written in.
	Src *source.File

	via *Node // where the value entered the service, when not written there
	p   *Project
}

// Pair is one entry of a mapping.
type Pair struct {
	Name  string
	Key   *Node // the key itself (a scalar)
	Value *Node
}

// root is a document's top-level mapping as a node.
func (p *Project) root(d *document) *Node {
	return &Node{Y: d.root, Src: d.file, p: p}
}

// child builds a node below n, in the same file, carrying n's entry point.
func (n *Node) child(key, y *yaml.Node) *Node {
	c := &Node{Y: y, Key: key, Src: n.Src, via: n.via, p: n.p}
	if y != nil && y.Kind == yaml.AliasNode && y.Alias != nil {
		if c.via == nil {
			c.via = &Node{Y: y, Key: key, Src: n.Src, p: n.p}
		}
		c.Y = y.Alias
	}
	return c
}

// entered returns a copy of n that reports at via (unless it already
// reports at an outer entry point).
func (n *Node) entered(via *Node) *Node {
	if n == nil || n.via != nil || via == nil {
		return n
	}
	c := *n
	c.via = via
	return &c
}

// IsMap reports a mapping (false for nil).
func (n *Node) IsMap() bool { return n != nil && n.Y.Kind == yaml.MappingNode }

// IsSeq reports a sequence (false for nil).
func (n *Node) IsSeq() bool { return n != nil && n.Y.Kind == yaml.SequenceNode }

// IsScalar reports a scalar (false for nil).
func (n *Node) IsScalar() bool { return n != nil && n.Y.Kind == yaml.ScalarNode }

// IsNull reports an explicit or implicit null (`key:` with no value).
func (n *Node) IsNull() bool {
	return n == nil || (n.Y.Kind == yaml.ScalarNode && n.Y.Tag == "!!null")
}

// Tag is the node's explicit tag, such as "!reset" or "!override".
func (n *Node) Tag() string {
	if n == nil || n.Y.Style&yaml.TaggedStyle == 0 {
		return ""
	}
	return n.Y.Tag
}

// Inherited reports whether the value was written outside the service's own
// definition (an alias, a merge key, extends).
func (n *Node) Inherited() bool { return n != nil && n.via != nil }

// Text is a scalar as written, after YAML unquoting but before
// interpolation: `${DB_PASSWORD}` stays `${DB_PASSWORD}`. Messages quote it.
func (n *Node) Text() string {
	if n == nil || n.Y.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Y.Value
}

// Value is the scalar after interpolation with the project's environment.
// ok is false when interpolation fails (a required variable is missing, a
// bad template). Unset variables become "", as in compose-go. The result
// may be a secret: use it for decisions, never in a message.
func (n *Node) Value() (v string, ok bool) {
	if n == nil || n.Y.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.p.interpolate(n.Y.Value)
}

// HasVars reports whether the scalar uses interpolation.
func (n *Node) HasVars() bool { return n != nil && hasVars(n.Text()) }

// Bool reads a boolean the way compose-go casts one (true, false, and the
// YAML 1.1 yes/no/on/off). ok is false for anything else.
func (n *Node) Bool() (v, ok bool) {
	s, ok := n.Value()
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true", "y", "yes", "on":
		return true, true
	case "false", "n", "no", "off":
		return false, true
	}
	return false, false
}

// Get looks key up in a mapping, following `<<:` merge keys as YAML does
// (keys written in the mapping win over merged ones). Values found through a
// merge key report at it.
func (n *Node) Get(key string) *Node {
	if !n.IsMap() {
		return nil
	}
	return n.get(key, 0)
}

func (n *Node) get(key string, depth int) *Node {
	c := n.Y.Content
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Value == key && c[i].Value != "<<" {
			return n.child(c[i], c[i+1])
		}
	}
	if depth > 8 {
		return nil
	}
	for i := 0; i+1 < len(c); i += 2 {
		if !isMergeKey(c[i]) {
			continue
		}
		entry := &Node{Y: c[i+1], Key: c[i], Src: n.Src, p: n.p, via: n.via}
		for _, m := range mergeSources(n.child(c[i], c[i+1])) {
			if v := m.get(key, depth+1); v != nil {
				return v.entered(entry)
			}
		}
	}
	return nil
}

// Pairs lists a mapping's entries in written order, merged entries after
// the written ones (only those not overridden).
func (n *Node) Pairs() []Pair {
	if !n.IsMap() {
		return nil
	}
	var out []Pair
	seen := map[string]bool{}
	n.pairs(&out, seen, nil, 0)
	return out
}

func (n *Node) pairs(out *[]Pair, seen map[string]bool, entry *Node, depth int) {
	c := n.Y.Content
	for i := 0; i+1 < len(c); i += 2 {
		if isMergeKey(c[i]) || seen[c[i].Value] {
			continue
		}
		seen[c[i].Value] = true
		k := (&Node{Y: c[i], Src: n.Src, p: n.p, via: n.via}).entered(entry)
		*out = append(*out, Pair{Name: c[i].Value, Key: k, Value: n.child(c[i], c[i+1]).entered(entry)})
	}
	if depth > 8 {
		return
	}
	for i := 0; i+1 < len(c); i += 2 {
		if !isMergeKey(c[i]) {
			continue
		}
		e := entry
		if e == nil {
			e = &Node{Y: c[i+1], Key: c[i], Src: n.Src, p: n.p, via: n.via}
		}
		for _, m := range mergeSources(n.child(c[i], c[i+1])) {
			m.pairs(out, seen, e, depth+1)
		}
	}
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0)
}

// mergeSources are the mappings a merge key's value names: one alias or a
// sequence of them.
func mergeSources(v *Node) []*Node {
	switch v.Y.Kind {
	case yaml.MappingNode:
		return []*Node{v}
	case yaml.SequenceNode:
		var out []*Node
		for _, it := range v.Y.Content {
			if c := v.child(nil, it); c.IsMap() {
				out = append(out, c)
			}
		}
		return out
	}
	return nil
}

// Items lists a sequence's items (aliases resolved).
func (n *Node) Items() []*Node {
	if !n.IsSeq() {
		return nil
	}
	out := make([]*Node, 0, len(n.Y.Content))
	for _, it := range n.Y.Content {
		out = append(out, n.child(nil, it))
	}
	return out
}

// File is the file to report in: where the value was written, or where it
// entered the service.
func (n *Node) File() *source.File {
	if n.via != nil {
		return n.via.File()
	}
	return n.Src
}

// Span is where to report the value: a scalar's written text (through the
// closing quote; the indicator of a block scalar), a flow collection up to
// its closing bracket, the first line of a block collection. For an empty
// value it is the key. Inherited values report at their entry point.
func (n *Node) Span() source.Span {
	if n.via != nil {
		return n.via.PairSpan()
	}
	if n.IsNull() && n.Key != nil && n.Y.Value == "" {
		return nodeSpan(n.Src, n.Key)
	}
	return nodeSpan(n.Src, n.Y)
}

// KeySpan is the span of the value's key (the value's span when it has no
// key).
func (n *Node) KeySpan() source.Span {
	if n.via != nil {
		return n.via.KeySpan()
	}
	if n.Key != nil {
		return nodeSpan(n.Src, n.Key)
	}
	return n.Span()
}

// PairSpan runs from the key to the end of a scalar or flow value
// (`privileged: true`); for block collections it is the key alone.
func (n *Node) PairSpan() source.Span {
	if n.via != nil {
		return n.via.PairSpan()
	}
	if n.Key == nil {
		return n.Span()
	}
	k := nodeSpan(n.Src, n.Key)
	if n.Y.Kind == yaml.AliasNode || n.Y.Kind == yaml.ScalarNode && !n.IsNull() ||
		n.Y.Style&yaml.FlowStyle != 0 {
		if v := nodeSpan(n.Src, n.Y); v.End > k.End {
			return source.Span{Start: k.Start, End: v.End}
		}
	}
	return k
}

// Source is the exact text of the value's span, quotes included.
func (n *Node) Source() string { return n.File().Text(n.Span()) }

// interpolate resolves ${VAR} references the way compose-go does, quietly.
func (p *Project) interpolate(s string) (string, bool) {
	if !hasVars(s) {
		return s, true
	}
	if expand.Bound(s, p.envLen) > expand.Max {
		return s, false // never built: see package expand
	}
	v, err := template.SubstituteWithOptions(s, p.Lookup, template.WithoutLogging)
	return v, err == nil
}

func hasVars(s string) bool { return strings.IndexByte(s, '$') >= 0 }

// nodeSpan computes a node's span from its position and the source text:
// the YAML library gives only a start.
func nodeSpan(f *source.File, y *yaml.Node) source.Span {
	data := f.Data
	start := f.Offset(source.Position{Line: y.Line, Column: y.Column})
	// Anchors and tags come before the value; the node starts at them.
	for start < len(data) && (data[start] == '&' || data[start] == '!') && y.Kind != yaml.AliasNode {
		start = skipToken(data, start)
		for start < len(data) && (data[start] == ' ' || data[start] == '\t') {
			start++
		}
	}
	var end int
	switch {
	case y.Kind == yaml.AliasNode:
		end = skipToken(data, start)
	case y.Kind == yaml.ScalarNode && y.Style&yaml.DoubleQuotedStyle != 0:
		end = closeQuote(data, start, '"')
	case y.Kind == yaml.ScalarNode && y.Style&yaml.SingleQuotedStyle != 0:
		end = closeQuote(data, start, '\'')
	case y.Kind == yaml.ScalarNode && y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = skipToken(data, start)
	case y.Kind == yaml.ScalarNode:
		if strings.HasPrefix(string(data[start:min(len(data), start+len(y.Value))]), y.Value) && y.Value != "" {
			end = start + len(y.Value)
		} else {
			end = plainEnd(data, start, y.Value)
		}
	case y.Style&yaml.FlowStyle != 0:
		end = closeFlow(data, start)
	default: // a block collection: its first line
		end = lineRest(data, start)
	}
	if end <= start { // never an empty span
		end = min(start+1, len(data))
		if end < start {
			end = start
		}
	}
	return source.Span{Start: start, End: end}
}

// plainEnd is the end of a plain scalar that starts at i and may be folded
// over several lines: each line's text, trimmed, is the next part of value,
// lines joined by a space and blank lines by a newline. It stops at the first
// line that does not continue value (the first line's end, at worst).
func plainEnd(data []byte, i int, value string) int {
	end := lineRest(data, i)
	rest, ok := strings.CutPrefix(value, string(data[i:end]))
	for n := 0; ok && rest != "" && n < 10000; n++ {
		j := end
		for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r') {
			j++
		}
		rest = strings.TrimLeft(rest, " \n")
		if j >= len(data) || rest == "" {
			break
		}
		lineEnd := lineRest(data, j)
		if rest, ok = strings.CutPrefix(rest, string(data[j:lineEnd])); ok {
			end = lineEnd
		}
	}
	return end
}

// skipToken moves past a run of non-space characters (an anchor, a tag, an
// alias, a block scalar indicator), stopping at flow punctuation.
func skipToken(data []byte, i int) int {
	j := i
	for j < len(data) {
		switch data[j] {
		case ' ', '\t', '\n', '\r', ',', ']', '}':
			return j
		case '#':
			if j > i {
				return j
			}
		}
		j++
	}
	return j
}

// closeQuote finds the end of a quoted scalar starting at i (its opening
// quote), past the closing quote.
func closeQuote(data []byte, i int, q byte) int {
	for j := i + 1; j < len(data); j++ {
		switch {
		case q == '"' && data[j] == '\\':
			j++
		case data[j] == q && q == '\'' && j+1 < len(data) && data[j+1] == '\'':
			j++
		case data[j] == q:
			return j + 1
		}
	}
	return len(data)
}

// closeFlow finds the end of a flow collection starting at i.
func closeFlow(data []byte, i int) int {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '"', '\'':
			j = closeQuote(data, j, data[j]) - 1
		case '#':
			if j > 0 && (data[j-1] == ' ' || data[j-1] == '\t') {
				for j < len(data) && data[j] != '\n' {
					j++
				}
			}
		}
	}
	return len(data)
}

// lineRest is the end of the text from i to the end of its line, without a
// trailing comment or spaces.
func lineRest(data []byte, i int) int {
	end := i
	for end < len(data) && data[end] != '\n' && data[end] != '\r' {
		if data[end] == '#' && end > i && (data[end-1] == ' ' || data[end-1] == '\t') {
			break
		}
		end++
	}
	for end > i && (data[end-1] == ' ' || data[end-1] == '\t') {
		end--
	}
	return end
}
