// Package specschema answers one question about a Compose model: does the
// compose-spec JSON schema accept it? It gives the same verdict as
// compose-go's validation (santhosh-tekuri/jsonschema compiling the same
// schema file), without its cost at start-up: compiling the schema with the
// general library takes 10 to 12 ms in every process, most of it checking
// the schema against the draft 2020-12 meta-schema, while building this
// package's tree from the same file takes well under a millisecond.
//
// Only a verdict is given, never a message: when the model is invalid, the
// caller lets compose-go validate it, so that every message is compose-go's
// own. The package implements exactly the keywords compose-spec.json uses;
// Compile refuses a schema with any other keyword, so a compose-go upgrade
// that starts using one fails a test instead of changing a verdict.
package specschema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Schema is a compiled schema.
type Schema struct {
	root *node
}

type node struct {
	// always is set for the boolean schemas true and false (and {}).
	always, never bool

	types    uint8 // bit set of typeObject...; 0 means any type
	ref      *node
	refPath  string
	props    map[string]*node
	patterns []pattern
	addl     *node // additionalProperties, nil when absent
	uneval   *node // unevaluatedProperties, nil when absent
	required []string
	items    *node
	unique   bool
	enum     []any
	min, max *float64
	pattern  *regexp.Regexp
	allOf    []*node
	anyOf    []*node
	oneOf    []*node
}

type pattern struct {
	re *regexp.Regexp
	n  *node
}

const (
	typeObject uint8 = 1 << iota
	typeArray
	typeString
	typeNumber
	typeInteger
	typeBoolean
	typeNull
)

var typeBits = map[string]uint8{
	"object": typeObject, "array": typeArray, "string": typeString, "number": typeNumber,
	"integer": typeInteger, "boolean": typeBoolean, "null": typeNull,
}

// annotations are keywords that never change a verdict.
var annotations = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "title": true, "description": true,
	"default": true, "deprecated": true, "examples": true, "$defs": true,
	// format is an annotation in draft 2020-12 unless assertion is asked
	// for, and compose-go does not ask (its duration checker never runs).
	"format": true,
}

// Compile builds the schema from its JSON text.
func Compile(text []byte) (*Schema, error) {
	var doc any
	if err := json.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	c := &compiler{doc: doc, byPtr: map[string]*node{}, regexps: map[string]*regexp.Regexp{}}
	root, err := c.compile(doc, "#")
	if err != nil {
		return nil, err
	}
	// Compiling a referenced schema can add references: index, not range.
	for i := 0; i < len(c.refs); i++ {
		n := c.refs[i]
		target, ok := c.byPtr[n.refPath]
		if !ok {
			v, err := lookup(doc, n.refPath)
			if err != nil {
				return nil, err
			}
			if target, err = c.compile(v, n.refPath); err != nil {
				return nil, err
			}
		}
		n.ref = target
	}
	return &Schema{root: root}, nil
}

type compiler struct {
	doc     any
	byPtr   map[string]*node
	refs    []*node
	regexps map[string]*regexp.Regexp
}

func (c *compiler) regexp(s string) (*regexp.Regexp, error) {
	if re, ok := c.regexps[s]; ok {
		return re, nil
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, err
	}
	c.regexps[s] = re
	return re, nil
}

func (c *compiler) compile(v any, ptr string) (*node, error) {
	if n, ok := c.byPtr[ptr]; ok {
		return n, nil
	}
	n := &node{}
	c.byPtr[ptr] = n
	switch v := v.(type) {
	case bool:
		n.always, n.never = v, !v
		return n, nil
	case map[string]any:
		if len(v) == 0 {
			n.always = true
			return n, nil
		}
		for k, val := range v {
			if err := c.keyword(n, k, val, ptr+"/"+escape(k)); err != nil {
				return nil, fmt.Errorf("%s: %w", ptr, err)
			}
		}
		return n, nil
	}
	return nil, fmt.Errorf("%s: a schema must be an object or a boolean", ptr)
}

func (c *compiler) keyword(n *node, k string, v any, ptr string) error {
	var err error
	switch k {
	case "type":
		switch t := v.(type) {
		case string:
			n.types = typeBits[t]
			if n.types == 0 {
				return fmt.Errorf("unknown type %q", t)
			}
		case []any:
			for _, e := range t {
				s, _ := e.(string)
				if typeBits[s] == 0 {
					return fmt.Errorf("unknown type %v", e)
				}
				n.types |= typeBits[s]
			}
		default:
			return fmt.Errorf("type must be a string or an array")
		}
	case "$ref":
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, "#") {
			return fmt.Errorf("only local references are supported, not %v", v)
		}
		n.refPath = s
		c.refs = append(c.refs, n)
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("properties must be an object")
		}
		n.props = make(map[string]*node, len(m))
		for name, s := range m {
			if n.props[name], err = c.compile(s, ptr+"/"+escape(name)); err != nil {
				return err
			}
		}
	case "patternProperties":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("patternProperties must be an object")
		}
		for expr, s := range m {
			re, err := c.regexp(expr)
			if err != nil {
				return err
			}
			sn, err := c.compile(s, ptr+"/"+escape(expr))
			if err != nil {
				return err
			}
			n.patterns = append(n.patterns, pattern{re, sn})
		}
	case "additionalProperties":
		n.addl, err = c.compile(v, ptr)
	case "unevaluatedProperties":
		n.uneval, err = c.compile(v, ptr)
	case "items":
		n.items, err = c.compile(v, ptr)
	case "allOf", "anyOf", "oneOf":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return fmt.Errorf("%s must be a non-empty array", k)
		}
		subs := make([]*node, len(list))
		for i, s := range list {
			if subs[i], err = c.compile(s, fmt.Sprintf("%s/%d", ptr, i)); err != nil {
				return err
			}
		}
		switch k {
		case "allOf":
			n.allOf = subs
		case "anyOf":
			n.anyOf = subs
		default:
			n.oneOf = subs
		}
	case "required":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("required must be an array")
		}
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("required must list strings")
			}
			n.required = append(n.required, s)
		}
	case "uniqueItems":
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("uniqueItems must be a boolean")
		}
		n.unique = b
	case "enum":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("enum must be an array")
		}
		n.enum = list
	case "minimum", "maximum":
		f, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s must be a number", k)
		}
		if k == "minimum" {
			n.min = &f
		} else {
			n.max = &f
		}
	case "pattern":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("pattern must be a string")
		}
		n.pattern, err = c.regexp(s)
	default:
		if !annotations[k] {
			return fmt.Errorf("keyword %q is not supported", k)
		}
	}
	return err
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// lookup resolves a JSON pointer fragment ("#/$defs/service") in doc.
func lookup(doc any, ref string) (any, error) {
	v := doc
	if ref == "#" {
		return v, nil
	}
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %s does not resolve", ref)
		}
		if v, ok = m[part]; !ok {
			return nil, fmt.Errorf("reference %s does not resolve", ref)
		}
	}
	return v, nil
}

// Valid reports whether the schema accepts v, a value as encoding/json
// decodes it into an any (maps, slices, strings, float64, bools, nil).
func (s *Schema) Valid(v any) bool {
	ok, _ := s.root.eval(v, false)
	return ok
}

// eval validates v. When collect is set and v is an object, it also
// returns the names of the properties this schema evaluated, as
// unevaluatedProperties needs them from in-place subschemas.
func (n *node) eval(v any, collect bool) (bool, map[string]bool) {
	if n.always {
		return true, nil
	}
	if n.never {
		return false, nil
	}
	if n.types != 0 && !typeOK(n.types, v) {
		return false, nil
	}
	if n.enum != nil && !inEnum(n.enum, v) {
		return false, nil
	}
	switch v := v.(type) {
	case string:
		if n.pattern != nil && !n.pattern.MatchString(v) {
			return false, nil
		}
	case float64:
		if (n.min != nil && v < *n.min) || (n.max != nil && v > *n.max) {
			return false, nil
		}
	case []any:
		if n.items != nil {
			for _, e := range v {
				if ok, _ := n.items.eval(e, false); !ok {
					return false, nil
				}
			}
		}
		if n.unique && !unique(v) {
			return false, nil
		}
	}
	obj, isObj := v.(map[string]any)
	// The caller asks for the evaluated properties (want); this node needs
	// them from its in-place subschemas when it has unevaluatedProperties.
	want := isObj && collect
	collect = isObj && (collect || n.uneval != nil)
	var seen map[string]bool
	if collect {
		seen = map[string]bool{}
	}
	merge := func(m map[string]bool) {
		if seen == nil {
			return
		}
		for k := range m {
			seen[k] = true
		}
	}
	// In-place applicators first: their evaluated properties count for
	// unevaluatedProperties below.
	if n.ref != nil {
		ok, m := n.ref.eval(v, collect)
		if !ok {
			return false, nil
		}
		merge(m)
	}
	for _, s := range n.allOf {
		ok, m := s.eval(v, collect)
		if !ok {
			return false, nil
		}
		merge(m)
	}
	if n.anyOf != nil {
		passed := false
		for _, s := range n.anyOf {
			ok, m := s.eval(v, collect)
			if ok {
				passed = true
				merge(m)
				if !collect {
					break
				}
			}
		}
		if !passed {
			return false, nil
		}
	}
	if n.oneOf != nil {
		count := 0
		var first map[string]bool
		for _, s := range n.oneOf {
			ok, m := s.eval(v, collect)
			if ok {
				count++
				if count > 1 {
					return false, nil
				}
				first = m
			}
		}
		if count != 1 {
			return false, nil
		}
		merge(first)
	}
	if !isObj {
		return true, nil
	}
	for _, r := range n.required {
		if _, ok := obj[r]; !ok {
			return false, nil
		}
	}
	for k, val := range obj {
		matched := false
		if s, ok := n.props[k]; ok {
			matched = true
			if ok, _ := s.eval(val, false); !ok {
				return false, nil
			}
		}
		for _, p := range n.patterns {
			if p.re.MatchString(k) {
				matched = true
				if ok, _ := p.n.eval(val, false); !ok {
					return false, nil
				}
			}
		}
		if !matched && n.addl != nil {
			matched = true
			if ok, _ := n.addl.eval(val, false); !ok {
				return false, nil
			}
		}
		if matched && collect {
			seen[k] = true
		}
	}
	if n.uneval != nil {
		for k, val := range obj {
			if seen[k] {
				continue
			}
			if ok, _ := n.uneval.eval(val, false); !ok {
				return false, nil
			}
			seen[k] = true
		}
	}
	if !want {
		return true, nil
	}
	return true, seen
}

func typeOK(types uint8, v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return types&typeObject != 0
	case []any:
		return types&typeArray != 0
	case string:
		return types&typeString != 0
	case float64:
		if types&typeNumber != 0 {
			return true
		}
		return types&typeInteger != 0 && v == math.Trunc(v) && !math.IsInf(v, 0)
	case bool:
		return types&typeBoolean != 0
	case nil:
		return types&typeNull != 0
	}
	return false
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if equal(e, v) {
			return true
		}
	}
	return false
}

// equal is JSON equality: numbers by value, objects and arrays by content.
func equal(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, va := range a {
			vb, ok := b[k]
			if !ok || !equal(va, vb) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equal(a[i], b[i]) {
				return false
			}
		}
		return true
	case string, float64, bool, nil:
		return a == b
	}
	return false
}

// unique reports whether no two items of list are equal. Items are keyed
// by their JSON encoding (encoding/json sorts object keys, and a float64
// has one encoding), so the check is linear in the list's length.
func unique(list []any) bool {
	seen := make(map[string]bool, len(list))
	for _, e := range list {
		b, err := json.Marshal(e)
		if err != nil {
			return false
		}
		if seen[string(b)] {
			return false
		}
		seen[string(b)] = true
	}
	return true
}

// Strip returns the schema without the keywords that never change a
// verdict (descriptions are most of compose-spec.json's 90 kB), as compact
// JSON: what a program embeds so that Compile has less to decode at
// start-up. Names of properties and definitions are kept whatever they are.
func Strip(text []byte) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(text, &doc); err != nil {
		return nil, err
	}
	return json.Marshal(strip(doc))
}

func strip(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		if list, ok := v.([]any); ok {
			for i, e := range list {
				list[i] = strip(e)
			}
		}
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		switch {
		case k == "properties" || k == "patternProperties" || k == "$defs":
			if names, ok := e.(map[string]any); ok {
				kept := make(map[string]any, len(names))
				for name, s := range names {
					kept[name] = strip(s)
				}
				out[k] = kept
				continue
			}
			out[k] = e
		case k == "enum":
			out[k] = e // values, not schemas
		case annotations[k] && k != "$defs":
			// dropped
		default:
			out[k] = strip(e)
		}
	}
	return out
}
