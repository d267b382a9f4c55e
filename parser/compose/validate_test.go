package compose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/schema"
	"golang.org/x/tools/txtar"

	"github.com/seaworthy-dev/seaworthy/parser/compose/specschema"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// TestSpecSchemaCurrent: the embedded schema is compose-go's, stripped.
func TestSpecSchemaCurrent(t *testing.T) {
	want, err := specschema.Strip([]byte(schema.Schema))
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("SEAWORTHY_UPDATE_SCHEMA") != "" {
		if err := os.WriteFile("compose-spec.min.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, specSchemaText) {
		t.Fatal("compose-spec.min.json is not compose-go's schema stripped: run SEAWORTHY_UPDATE_SCHEMA=1 go test ./parser/compose -run TestSpecSchemaCurrent")
	}
}

// verdictInputs are the files both tests below check: every Compose file of
// the corpus, and the cases of compose-go's own tests.
func verdictInputs(t *testing.T) []*source.File {
	t.Helper()
	var files []*source.File
	ar, err := txtar.ParseFile("testdata/compose-go-cases.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		files = append(files, source.New(filepath.Join(dir, f.Name), f.Data))
	}
	entries, err := corpusCompose()
	if err != nil {
		t.Logf("corpus not available: %v; only compose-go's cases are checked", err)
		return files
	}
	for _, c := range entries {
		path := c.path
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, source.New(path, data))
	}
	return files
}

// TestSpecSchemaVerdicts: specschema and compose-go's schema.Validate give
// the same verdict on the model compose-go validates, for every corpus file
// and compose-go test case, and for variants of each made invalid (or not)
// in the ways real mistakes are: a wrong type, an unknown key, a value
// where a mapping belongs.
func TestSpecSchemaVerdicts(t *testing.T) {
	spec, err := specSchema()
	if err != nil {
		t.Fatal(err)
	}
	var models, valid, mutants, mutantsValid int
	for _, f := range verdictInputs(t) {
		p, _, err := Load([]*source.File{f}, Options{})
		if err != nil || p == nil {
			continue
		}
		details, opts := p.loaderInput()
		dict, ok := p.schemaModel(loader.ToOptions(&details, []func(*loader.Options){opts}))
		if !ok {
			continue
		}
		models++
		want := schema.Validate(dict)
		if got := spec.Valid(dict); got != (want == nil) {
			t.Errorf("%s: specschema says valid=%v, compose-go: %v", f.Path, got, want)
		}
		if want == nil {
			valid++
		}
		for i, m := range mutations(dict) {
			want := schema.Validate(m)
			if got := spec.Valid(m); got != (want == nil) {
				b, _ := json.Marshal(m)
				t.Errorf("%s, variant %d: specschema says valid=%v, compose-go: %v\n%s", f.Path, i, got, want, b)
			}
			mutants++
			if want == nil {
				mutantsValid++
			}
		}
	}
	t.Logf("%d models (%d valid), %d variants (%d valid)", models, valid, mutants, mutantsValid)
	if models < 20 {
		t.Fatalf("only %d models checked", models)
	}
}

// mutations returns copies of dict with one change each, at up to eight
// places spread over the model: the value replaced by a mapping, a list, a
// negative number and a string, and an unknown key added to a mapping.
func mutations(dict map[string]any) []map[string]any {
	b, err := json.Marshal(dict)
	if err != nil {
		return nil
	}
	var paths [][]string
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		paths = append(paths, append([]string(nil), path...))
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k], append(path, k))
			}
		case []any:
			for i, e := range v {
				walk(e, append(path, fmt.Sprint(i)))
			}
		}
	}
	walk(dict, nil)
	step := max(1, len(paths)/8)
	replacements := []any{map[string]any{"zz": 1.0}, []any{nil}, -1.0, "x"}
	var out []map[string]any
	for i := 1; i < len(paths); i += step {
		for _, r := range append(replacements, nil) {
			var copied map[string]any
			if json.Unmarshal(b, &copied) != nil {
				return nil
			}
			if r == nil {
				if !addKey(copied, paths[i]) {
					continue
				}
			} else if !replace(copied, paths[i], r) {
				continue
			}
			out = append(out, copied)
		}
	}
	return out
}

func parentOf(root any, path []string) any {
	v := root
	for _, p := range path {
		switch c := v.(type) {
		case map[string]any:
			v = c[p]
		case []any:
			var i int
			fmt.Sscan(p, &i)
			v = c[i]
		}
	}
	return v
}

func replace(root map[string]any, path []string, r any) bool {
	switch c := parentOf(root, path[:len(path)-1]).(type) {
	case map[string]any:
		c[path[len(path)-1]] = r
	case []any:
		var i int
		fmt.Sscan(path[len(path)-1], &i)
		c[i] = r
	default:
		return false
	}
	return true
}

func addKey(root map[string]any, path []string) bool {
	m, ok := parentOf(root, path).(map[string]any)
	if ok {
		m["seaworthy_unknown"] = true
	}
	return ok
}

// TestFastValidationSameResult: linting with the verdict of specschema
// gives the same problems, the same compose-go error and the same model as
// letting compose-go validate, on every corpus file and compose-go case.
func TestFastValidationSameResult(t *testing.T) {
	defer func() { fastValidation = true }()
	var fast, total int
	for _, f := range verdictInputs(t) {
		fastValidation = true
		a, probsA, errA := Load([]*source.File{f}, Options{})
		fastValidation = false
		b, probsB, errB := Load([]*source.File{f}, Options{})
		total++
		if fmt.Sprint(errA) != fmt.Sprint(errB) || fmt.Sprint(probsA) != fmt.Sprint(probsB) {
			t.Errorf("%s:\n fast: %v %v\n slow: %v %v", f.Path, errA, probsA, errB, probsB)
			continue
		}
		if a == nil || b == nil {
			continue
		}
		// Which of several consistency errors compose-go names depends on
		// Go's map order, in both paths; that it fails must not.
		if (a.Issue == nil) != (b.Issue == nil) {
			t.Errorf("%s: compose-go's error:\n fast: %v\n slow: %v", f.Path, a.Issue, b.Issue)
		}
		if (a.Config == nil) != (b.Config == nil) {
			t.Errorf("%s: model built fast %v, slow %v", f.Path, a.Config != nil, b.Config != nil)
			continue
		}
		if a.Config != nil && !reflect.DeepEqual(a.Config.Services, b.Config.Services) {
			t.Errorf("%s: the services differ", f.Path)
		}
		if a.Config != nil && !reflect.DeepEqual([]any{a.Config.Networks, a.Config.Volumes, a.Config.Secrets, a.Config.Configs, a.Config.Extensions},
			[]any{b.Config.Networks, b.Config.Volumes, b.Config.Secrets, b.Config.Configs, b.Config.Extensions}) {
			t.Errorf("%s: the top-level resources differ", f.Path)
		}
		fastValidation = true
		details, opts := a.loaderInput()
		if a.schemaAccepts(loader.ToOptions(&details, []func(*loader.Options){opts})) {
			fast++
		}
		if strings.Contains(f.Path, string(filepath.Separator)+"Test") {
			bad := strings.HasSuffix(f.Path, "-bad.yaml")
			if failed := a.Issue != nil || len(probsA) > 0; failed != bad {
				t.Errorf("%s: compose-go's test expects failure=%v, got %v %v", f.Path, bad, a.Issue, probsA)
			}
		}
	}
	t.Logf("%d inputs, %d validated without compose-go's schema", total, fast)
}

// Past compose-go's node limit the verdict is not built: compose-go
// refuses the file at once, and building it would cost the whole model.
func TestSpecSchemaSkipsPastNodeLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("services:\n")
	for i := 0; i < maxNodeVisits/12; i++ { // compose-go counts 18 values each
		fmt.Fprintf(&b, "  s%d:\n    image: nginx:1.27\n    environment: [%s]\n", i, strings.TrimSuffix(strings.Repeat("A=1,", 15), ","))
	}
	p, _, err := Load([]*source.File{source.New(filepath.Join(t.TempDir(), "compose.yaml"), []byte(b.String()))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	details, opts := p.loaderInput()
	if _, ok := p.schemaModel(loader.ToOptions(&details, []func(*loader.Options){opts})); ok {
		t.Error("the verdict was built for a file past compose-go's node limit")
	}
	if p.Issue == nil || !strings.Contains(p.Issue.Error(), "node visit limit") {
		t.Errorf("compose-go's error: %v", p.Issue)
	}
}
