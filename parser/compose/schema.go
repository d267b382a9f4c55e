package compose

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// compose-go reports one schema error per file: the most specific cause of
// the validation error, the first one found when several are as specific.
// The schema library walks Go maps, so which one comes first changes from
// run to run. schemaMessage validates the file again, the same way, and
// picks the first of those causes in file order, so the same input always
// gives the same problem.

// composeSchema is compose-go's schema, compiled as compose-go compiles it.
var composeSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("compose-spec.json", doc); err != nil {
		return nil, err
	}
	c.RegisterFormat(&jsonschema.Format{Name: "duration", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return errors.New("expected string")
		}
		_, err := time.ParseDuration(s)
		return err
	}})
	return c.Compile("compose-spec.json")
})

// schemaMessage returns msg, compose-go's error when a file fails schema
// validation ("validating FILE: PATH ..."), with the cause compose-go picked
// replaced by the first, in file order, of the causes as specific as it.
// msg is returned as is when it is not a schema error or when validating
// again does not find the error compose-go reported (the document differs:
// include, extends, overrides, aliased extensions), so nothing is lost.
func (p *Project) schemaMessage(msg string) string {
	var docs []*document
	prefix, reported := "", ""
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		pre := "validating " + d.abs + ": "
		if strings.HasPrefix(msg, pre) {
			if prefix != "" && prefix != pre {
				return msg // two files share the prefix: ambiguous
			}
			prefix, reported = pre, msg[len(pre):]
			docs = append(docs, d)
		}
	}
	if prefix == "" {
		return msg
	}
	var causes []*jsonschema.ValidationError
	var msgs []string
	best := -1
	for _, d := range docs {
		for _, c := range p.schemaCauses(d) {
			if s := specificity(c); s > best {
				best, causes, msgs = s, nil, nil
			}
			if specificity(c) == best {
				causes = append(causes, c)
				msgs = append(msgs, sortPropertyList(schemaError(c)))
			}
		}
	}
	if !slices.Contains(msgs, sortPropertyList(reported)) {
		return msg
	}
	type ranked struct {
		msg       string
		file      int
		line, col int
	}
	rs := make([]ranked, 0, len(causes))
	for i, c := range causes {
		if consequence(c, causes) {
			continue
		}
		r := ranked{msg: msgs[i], file: len(p.Files)}
		if n := p.schemaNode(r.msg); n != nil {
			pos := n.File().Position(n.KeySpan().Start)
			r.line, r.col = pos.Line, pos.Column
			for i, f := range p.Files {
				if f == n.File() {
					r.file = i
				}
			}
		}
		rs = append(rs, r)
	}
	// At one position, the causes keep the order of the error tree, which
	// is the order of the schema's keywords there (a bad type before the
	// "false schema" of unevaluatedProperties it causes), as in compose-go.
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		switch {
		case a.file != b.file:
			return a.file < b.file
		case a.line != b.line:
			return a.line < b.line
		case a.col != b.col:
			return a.col < b.col
		case a.file == len(p.Files): // not located: tree order may vary
			return a.msg < b.msg
		}
		return false
	})
	return prefix + rs[0].msg
}

// consequence reports whether c is a "false schema" of a key (the
// schema's unevaluatedProperties) in a mapping where another cause is an
// error of another kind: when a key's value is invalid, the subschema
// holding it fails and every key it evaluated counts as unknown
// (`environment` must be a mapping: "additional properties 'image' not
// allowed"). compose-go reports the real error, which comes first in the
// error tree; keys that are really unknown are still reported when nothing
// else is wrong in their mapping.
func consequence(c *jsonschema.ValidationError, causes []*jsonschema.ValidationError) bool {
	if _, ok := c.ErrorKind.(*kind.FalseSchema); !ok || len(c.InstanceLocation) == 0 {
		return false
	}
	parent := c.InstanceLocation[:len(c.InstanceLocation)-1]
	for _, o := range causes {
		if _, ok := o.ErrorKind.(*kind.FalseSchema); !ok && len(o.InstanceLocation) >= len(parent) && slices.Equal(o.InstanceLocation[:len(parent)], parent) {
			return true
		}
	}
	return false
}

// schemaNode is the node a schema message is about: the offending key for
// "additional properties", else the value at the message's path.
func (p *Project) schemaNode(msg string) *Node {
	n, _ := p.locate(msg)
	if m := badKey.FindStringSubmatch(msg); m != nil && n != nil {
		if k := n.Get(strings.Split(m[1], "', '")[0]); k != nil {
			n = k
		}
	}
	return n
}

// schemaCauses validates one document as compose-go does (string keys,
// interpolated with the same options, empty lists kept) and returns the
// leaves of the error tree: the causes compose-go chooses from. nil when
// the document validates or cannot be prepared.
func (p *Project) schemaCauses(d *document) []*jsonschema.ValidationError {
	sch, err := composeSchema()
	if err != nil {
		return nil
	}
	var raw any
	if err := decodeNode(withoutResets(d.root), &raw); err != nil {
		return nil
	}
	cfg, ok := stringKeys(raw, 0).(map[string]any)
	if !ok {
		return nil
	}
	opts := interp.Options{
		LookupValue:     func(k string) (string, bool) { v, ok := p.env[k]; return v, ok },
		TypeCastMapping: casts.full,
		Substitute:      quietSubstitute,
	}
	if cfg, err = interp.Interpolate(cfg, opts); err != nil {
		return nil
	}
	keepEmptyLists(cfg)
	// the schema library accepts only the types encoding/json produces
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(sch.Validate(doc), &verr) {
		return nil
	}
	var leaves []*jsonschema.ValidationError
	var rec func(e *jsonschema.ValidationError, depth int)
	rec = func(e *jsonschema.ValidationError, depth int) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		if depth > 200 {
			return
		}
		for _, c := range e.Causes {
			rec(c, depth+1)
		}
	}
	rec(verr, 0)
	return leaves
}

// decodeNode decodes y, turning a panic of the YAML library into an error.
func decodeNode(y *yaml.Node, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return y.Decode(v)
}

// withoutResets copies y as compose-go reads it: without the entries and
// items tagged !reset, which it drops, and with !override tags cleared.
// Aliases are left to the decoder.
func withoutResets(y *yaml.Node) *yaml.Node {
	return copyTree(y, 0)
}

func copyTree(y *yaml.Node, depth int) *yaml.Node {
	if y == nil || depth > 200 || (y.Kind != yaml.MappingNode && y.Kind != yaml.SequenceNode) {
		return y
	}
	c := *y
	if c.Tag == "!override" {
		c.Tag = ""
	}
	c.Content = nil
	step := 1
	if y.Kind == yaml.MappingNode {
		step = 2
	}
	for i := 0; i+step <= len(y.Content); i += step {
		v := y.Content[i+step-1]
		if v.Tag == "!reset" {
			continue
		}
		if step == 2 {
			c.Content = append(c.Content, y.Content[i])
		}
		c.Content = append(c.Content, copyTree(v, depth+1))
	}
	return &c
}

// stringKeys turns map[any]any into map[string]any, as compose-go does
// before validating; a non-string key makes it return nil.
func stringKeys(v any, depth int) any {
	if depth > 200 {
		return nil
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = stringKeys(e, depth+1)
		}
		return t
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			s, ok := k.(string)
			if !ok {
				return nil
			}
			out[s] = stringKeys(e, depth+1)
		}
		return out
	case []any:
		for i, e := range t {
			t[i] = stringKeys(e, depth+1)
		}
	}
	return v
}

// keepEmptyLists is compose-go's fixEmptyNotNull: `[]` decodes as a nil
// slice, which must validate as an empty array.
func keepEmptyLists(v any) any {
	switch t := v.(type) {
	case []any:
		if t == nil {
			return []any{}
		}
		for i, e := range t {
			t[i] = keepEmptyLists(e)
		}
	case map[string]any:
		for k, e := range t {
			t[k] = keepEmptyLists(e)
		}
	}
	return v
}

// specificity is compose-go's: deeper is more specific, and an unknown key
// counts as one level deeper than where it sits.
func specificity(e *jsonschema.ValidationError) int {
	if _, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		return len(e.InstanceLocation) + 1
	}
	return len(e.InstanceLocation)
}

// schemaError formats e as compose-go's schema package does.
func schemaError(e *jsonschema.ValidationError) string {
	path := strings.Join(e.InstanceLocation, ".")
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return fmt.Sprintf("%s must be a %s", path, humanReadableType(slices.Clone(k.Want)...))
	case *kind.Minimum:
		return fmt.Sprintf("%s must be greater than or equal to %s", path, k.Want.Num())
	case *kind.Maximum:
		return fmt.Sprintf("%s must be less than or equal to %s", path, k.Want.Num())
	}
	return fmt.Sprintf("%s %s", path, e.ErrorKind.LocalizedString(message.NewPrinter(language.English)))
}

func humanReadableType(want ...string) string {
	if len(want) == 1 {
		if want[0] == "object" {
			return "mapping"
		}
		return want[0]
	}
	for i, s := range want {
		want[i] = humanReadableType(s)
	}
	slices.Sort(want)
	return fmt.Sprintf("%s or %s", strings.Join(want[:len(want)-1], ", "), want[len(want)-1])
}
