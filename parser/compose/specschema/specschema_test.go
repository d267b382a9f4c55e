package specschema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Each keyword against santhosh-tekuri/jsonschema, the library compose-go
// validates with: both must give the same verdict on every instance.
func TestKeywordsAsTheLibrary(t *testing.T) {
	cases := []struct {
		schema    string
		instances []string
	}{
		{`{"type": "integer"}`, []string{`1`, `1.0`, `1.5`, `"1"`, `null`, `1e30`}},
		{`{"type": ["string", "null"]}`, []string{`"a"`, `null`, `true`, `{}`}},
		{`{"enum": ["a", 1, {"b": [1]}]}`, []string{`"a"`, `1.0`, `{"b": [1.0]}`, `{"b": []}`, `"b"`}},
		{`{"minimum": 0, "maximum": 10}`, []string{`0`, `-0.5`, `10`, `11`, `"x"`}},
		{`{"pattern": "^[a-z]+$"}`, []string{`"abc"`, `"aB"`, `5`}},
		{`{"pattern": "b"}`, []string{`"abc"`, `"x"`}},
		{`{"items": {"type": "string"}, "uniqueItems": true}`, []string{`[]`, `["a", "b"]`, `["a", "a"]`, `["a", 1]`, `[1, 1.0]`}},
		{`{"uniqueItems": true}`, []string{`[{"a": 1, "b": 2}, {"b": 2, "a": 1}]`, `[[1], [1, 2]]`}},
		{`{"required": ["a"], "properties": {"a": {"type": "string"}}}`, []string{`{"a": "x"}`, `{}`, `{"a": 1}`, `[]`}},
		{`{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}`,
			[]string{`{"a": 1, "x-b": 2}`, `{"b": 1}`, `{"ax-": 1}`}},
		{`{"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": {"type": "integer"}}`,
			[]string{`{"x-a": "s", "b": 1}`, `{"x-a": 1}`, `{"b": "s"}`}},
		{`{"oneOf": [{"type": "string"}, {"pattern": "a"}]}`, []string{`"a"`, `"b"`, `5`}},
		{`{"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}`, []string{`{"a": 1}`, `{"b": 1}`, `{}`}},
		{`{"allOf": [{"type": "object"}, {"required": ["a"]}]}`, []string{`{"a": 1}`, `{}`}},
		{`{"allOf": [{"properties": {"a": {}}}], "properties": {"b": {}}, "unevaluatedProperties": false}`,
			[]string{`{"a": 1, "b": 2}`, `{"c": 1}`, `{}`}},
		{`{"anyOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"b": {}}}], "unevaluatedProperties": false}`,
			[]string{`{"a": "x", "b": 1}`, `{"a": 1, "b": 1}`, `{"c": 1}`}},
		{`{"oneOf": [{"properties": {"a": {}}, "required": ["a"]}, {"properties": {"b": {}}, "required": ["b"]}], "unevaluatedProperties": false}`,
			[]string{`{"a": 1}`, `{"b": 1}`, `{"a": 1, "b": 1}`}},
		{`{"$defs": {"s": {"properties": {"a": {"type": "string"}}}}, "$ref": "#/$defs/s", "unevaluatedProperties": false}`,
			[]string{`{"a": "x"}`, `{"a": 1}`, `{"b": 1}`}},
		{`{"$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}, "additionalProperties": false}}, "$ref": "#/$defs/n"}`,
			[]string{`{"next": {"next": {}}}`, `{"next": {"other": 1}}`}},
		{`{"properties": {"a": true, "b": false}}`, []string{`{"a": 1}`, `{"b": 1}`}},
	}
	for _, c := range cases {
		ours, err := Compile([]byte(c.schema))
		if err != nil {
			t.Fatalf("%s: %v", c.schema, err)
		}
		lib := compileLib(t, c.schema)
		for _, in := range c.instances {
			var v any
			if err := json.Unmarshal([]byte(in), &v); err != nil {
				t.Fatal(err)
			}
			want := lib.Validate(v) == nil
			if got := ours.Valid(v); got != want {
				t.Errorf("schema %s, instance %s: valid=%v, the library says %v", c.schema, in, got, want)
			}
		}
	}
}

func compileLib(t *testing.T, text string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("s.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("s.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A keyword the package does not implement is refused, so that a schema
// that starts using one cannot get a wrong verdict.
func TestUnknownKeywordRefused(t *testing.T) {
	for _, s := range []string{
		`{"minLength": 1}`, `{"properties": {"a": {"if": {}}}}`, `{"$ref": "other.json#/x"}`,
		`{"type": "thing"}`, `{"$defs": {"a": {"contains": {}}}, "$ref": "#/$defs/a"}`,
	} {
		if _, err := Compile([]byte(s)); err == nil {
			t.Errorf("%s: compiled", s)
		}
	}
}

// compose-go's schema compiles: every keyword it uses is implemented.
func TestComposeSpecCompiles(t *testing.T) {
	if _, err := Compile([]byte(schema.Schema)); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Compile([]byte(schema.Schema)); err != nil {
			b.Fatal(err)
		}
	}
}
