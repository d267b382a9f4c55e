package compose

import (
	"context"
	_ "embed" // the stripped schema
	"encoding/json"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/override"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/compose-spec/compose-go/v2/validation"
	"go.yaml.in/yaml/v4"

	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/seaworthy-dev/seaworthy/parser/compose/specschema"
)

// Validation outside compose-go's loader (issue #15, docs/benchmarks.md).
//
// compose-go compiles its JSON schema the first time it validates, 10 to
// 12 ms in every process: most of a one-file run. specSchema gives the
// same verdict from the same schema file for a fraction of that. When it
// accepts the model compose-go would validate, compose-go loads with its
// validation off, and its other check that validation turns off
// (validation.Validate, run on the merged model) is run on the model it
// hands to the unsupported-attributes hook, which is that same model. When
// specSchema rejects it, or anything is unusual, compose-go loads as
// before and reports its own error: every message stays compose-go's.
// TestSpecSchemaVerdicts proves the verdicts equal on the whole corpus.

// specSchemaText is compose-go's schema file without its descriptions
// (specschema.Strip), a quarter of the bytes to decode at start-up.
// TestSpecSchemaCurrent fails when it no longer matches compose-go's; then
// SEAWORTHY_UPDATE_SCHEMA=1 go test ./parser/compose -run TestSpecSchemaCurrent
// writes it again.
//
//go:embed compose-spec.min.json
var specSchemaText []byte

// specSchema is that schema, built once for the verdict.
var specSchema = sync.OnceValues(func() (*specschema.Schema, error) {
	return specschema.Compile(specSchemaText)
})

// fastValidation turns the fast path off, for tests that compare both.
var fastValidation = true

// schemaModel returns the model compose-go validates against its schema
// for the project's only linted document, built as compose-go's loader
// builds it (loadYamlFile: decode, string keys, interpolation, empty lists,
// merge into the empty model, unicity), and false when the project is one
// whose model compose-go changes in other ways before validating (several
// files or documents, include, extends, !reset or !override, extension
// aliases): those are validated by compose-go.
func (p *Project) schemaModel(opts *loader.Options) (map[string]any, bool) {
	var doc *document
	for _, d := range p.docs {
		if !d.linted {
			continue
		}
		if doc != nil || d.root == nil {
			return nil, false
		}
		doc = d
	}
	nodes := 0
	if doc == nil || len(doc.root.Content) == 0 || !plainTags(doc.root, 0, &nodes) {
		return nil, false
	}
	var raw any
	if err := decodeNode(doc.root, &raw); err != nil {
		return nil, false
	}
	cfg, ok := stringKeys(raw, 0).(map[string]any)
	if _, include := cfg["include"]; !ok || include || hasExtends(cfg) {
		return nil, false
	}
	if opts.Interpolate != nil && !opts.SkipInterpolation {
		var err error
		if cfg, err = interp.Interpolate(cfg, *opts.Interpolate); err != nil {
			return nil, false
		}
	}
	keepEmptyLists(cfg)
	if hasAliasExtension(cfg) {
		return nil, false
	}
	dict, err := override.Merge(map[string]any{}, cfg)
	if err != nil {
		return nil, false
	}
	if dict, err = override.EnforceUnicity(dict); err != nil {
		return nil, false
	}
	// compose-go validates the model after a JSON round trip (its schema
	// library takes no derived types); so does the verdict.
	b, err := json.Marshal(dict)
	if err != nil {
		return nil, false
	}
	var round map[string]any
	if err := json.Unmarshal(b, &round); err != nil {
		return nil, false
	}
	return round, true
}

// schemaAccepts reports whether the project's model is known to pass
// compose-go's schema validation without compose-go compiling its schema.
func (p *Project) schemaAccepts(opts *loader.Options) bool {
	if !fastValidation {
		return false
	}
	s, err := specSchema()
	if err != nil {
		return false
	}
	dict, ok := p.schemaModel(opts)
	return ok && s.Valid(dict)
}

// loadValidated loads with compose-go's validation off, running
// validation.Validate on the merged model as the loader would. done is
// false when the result cannot stand for a validating load: that check
// failed (compose-go reports it, in its words), or the load failed before
// the model was merged and the hook never ran (then the error is the one
// the validating load gives, since the schema accepts the model).
func loadValidated(details types.ConfigDetails, opts func(*loader.Options)) (proj *types.Project, done bool, err error) {
	var checked bool
	var verr error
	hook := loader.WithUnsupportedAttributesCheck(
		[]loader.UnsupportedAttributePattern{{Path: tree.NewPath()}},
		func(found []loader.UnsupportedAttribute) {
			checked = true
			for _, f := range found {
				if dict, ok := f.Value.(map[string]any); ok && f.Path == tree.NewPath() {
					verr = validation.Validate(dict)
					return
				}
			}
			verr = validation.Validate(map[string]any{})
		})
	proj, err = loadSafely(context.Background(), details, opts, func(o *loader.Options) {
		o.SkipValidation = true
	}, hook)
	switch {
	case checked && verr != nil:
		return nil, false, nil
	case !checked && err == nil:
		return nil, false, nil // cannot happen: the hook runs on every model
	}
	return proj, true, err
}

// hasAliasExtension reports the extensions compose-go renames to the
// attribute they became (x-develop, x-initialSync) before validating.
func hasAliasExtension(cfg map[string]any) bool {
	for _, kind := range []string{"services", "jobs"} {
		svcs, _ := cfg[kind].(map[string]any)
		for _, s := range svcs {
			m, _ := s.(map[string]any)
			if _, ok := m["x-develop"]; ok {
				return true
			}
			dev, _ := m["develop"].(map[string]any)
			watch, _ := dev["watch"].([]any)
			for _, w := range watch {
				if wm, ok := w.(map[string]any); ok {
					if _, ok := wm["x-initialSync"]; ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// hasExtends reports a service or job that extends another, in this file
// or another (merge keys resolved): compose-go merges it before validating.
func hasExtends(cfg map[string]any) bool {
	for _, kind := range []string{"services", "jobs"} {
		svcs, _ := cfg[kind].(map[string]any)
		for _, s := range svcs {
			if m, ok := s.(map[string]any); ok {
				if _, ok := m["extends"]; ok {
					return true
				}
			}
		}
	}
	return false
}

// maxNodeVisits is compose-go's limit on the YAML nodes of one document
// (loader.defaultMaxNodeVisits): past it compose-go refuses the file at
// once, so the verdict is not worth building.
const maxNodeVisits = 100_000

// plainTags reports that no node carries a local tag (!reset, !override,
// or one compose-go would reject): those change the model or its errors;
// and that the document is within compose-go's node limit.
func plainTags(n *yaml.Node, depth int, nodes *int) bool {
	if n == nil {
		return true
	}
	if *nodes++; depth > maxYAMLDepth || *nodes > maxNodeVisits {
		return false
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return false
	}
	for _, c := range n.Content {
		if !plainTags(c, depth+1, nodes) {
			return false
		}
	}
	return true
}
