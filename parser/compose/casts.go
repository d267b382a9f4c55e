package compose

import (
	"strings"
	"sync"

	interp "github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/tree"
	"go.yaml.in/yaml/v4"
)

// compose-go's interpolation casts strings at known paths to booleans and
// numbers (`privileged: "true"`, `cpus: ${CPUS}`) before schema validation.
// It finds the cast for each string by matching its path against every one
// of about a hundred patterns, splitting both into parts each time: on a
// typical file that is most of the loading time. The casts that matter are
// only those whose pattern matches the path of a string actually in the
// files, so castsFor hands compose-go that subset of its own table: the
// loaded model, and every error, are the same as with the whole table.

// castTable is compose-go's table with each pattern split once.
type castTable struct {
	full     map[tree.Path]interp.Cast
	patterns []castPattern
}

type castPattern struct {
	path  tree.Path
	parts []string
}

var (
	castsOnce sync.Once
	casts     castTable
	// castSubset is false in tests that compare with the whole table.
	castSubset = true
)

// castsFor returns the casts compose-go needs for p's files, from full
// (the loader's table, given to the Options hook). It returns full itself
// when other files are loaded too (include, extends.file: their strings are
// not walked here) or when a walk is cut short by maxVisits.
func (p *Project) castsFor(full map[tree.Path]interp.Cast) map[tree.Path]interp.Cast {
	castsOnce.Do(func() {
		casts.full = full
		for k := range full {
			casts.patterns = append(casts.patterns, castPattern{k, strings.Split(string(k), ".")})
		}
	})
	if !castSubset || !sameTable(full, casts.full) {
		return full
	}
	w := castWalk{out: map[tree.Path]interp.Cast{}}
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		if mappingGet(d.root, "include") != nil || extendsFile(d.root) {
			return full
		}
		w.walk(d.root, nil)
		if w.visits > maxVisits {
			return full
		}
	}
	return w.out
}

// sameTable reports whether a and b are the same map (compose-go builds its
// table once; a different one means the cached split is stale).
func sameTable(a, b map[tree.Path]interp.Cast) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

type castWalk struct {
	out    map[tree.Path]interp.Cast
	visits int
}

// walk visits y at path, as compose-go sees the decoded document: aliases
// followed, merge keys (`<<`) contributing keys at the level they sit.
func (w *castWalk) walk(y *yaml.Node, path []string) {
	w.visits++
	if w.visits > maxVisits || y == nil || len(path) > 8 {
		return
	}
	switch y.Kind {
	case yaml.AliasNode:
		w.walk(y.Alias, path)
	case yaml.DocumentNode:
		for _, c := range y.Content {
			w.walk(c, path)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if isMergeKey(k) {
				for _, m := range yamlMergeSources(v) {
					w.walk(m, path)
				}
				continue
			}
			w.walk(v, append(path, k.Value))
		}
	case yaml.SequenceNode:
		for _, c := range y.Content {
			w.walk(c, append(path, tree.PathMatchList))
		}
	case yaml.ScalarNode:
		switch y.ShortTag() {
		case "!!bool", "!!int", "!!float", "!!null":
			return // decoded as such, never cast
		}
		for _, pt := range casts.patterns {
			if _, done := w.out[pt.path]; !done && partsMatch(path, pt.parts) {
				w.out[pt.path] = casts.full[pt.path]
			}
		}
	}
}

// partsMatch is tree.Path.Matches on split paths.
func partsMatch(path, pattern []string) bool {
	if len(path) != len(pattern) {
		return false
	}
	for i, part := range pattern {
		if part != tree.PathMatchAll && part != path[i] {
			return false
		}
	}
	return true
}

// mappingGet returns the value of key in a mapping node, or nil.
func mappingGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// extendsFile reports whether a service of the document extends a service
// of another file (compose-go loads and interpolates that file too).
func extendsFile(root *yaml.Node) bool {
	for _, kind := range []string{"services", "jobs"} {
		svcs := mappingGet(root, kind)
		if svcs == nil || svcs.Kind != yaml.MappingNode {
			if svcs != nil && svcs.Kind == yaml.AliasNode {
				return true // unusual: be safe
			}
			continue
		}
		for i := 1; i < len(svcs.Content); i += 2 {
			s := svcs.Content[i]
			if s.Kind == yaml.AliasNode {
				s = s.Alias
			}
			if s == nil || s.Kind != yaml.MappingNode {
				continue
			}
			if hasMerge(s) {
				return true // extends may come through a merge key
			}
			ext := mappingGet(s, "extends")
			if ext != nil && ext.Kind == yaml.AliasNode {
				ext = ext.Alias
			}
			if ext != nil && ext.Kind == yaml.MappingNode && mappingGet(ext, "file") != nil {
				return true
			}
		}
	}
	return false
}

// yamlMergeSources lists the mappings a merge key's value brings in: one
// mapping, or a list of them, through aliases.
func yamlMergeSources(v *yaml.Node) []*yaml.Node {
	if v != nil && v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return []*yaml.Node{v}
	}
	out := make([]*yaml.Node, 0, len(v.Content))
	for _, c := range v.Content {
		if c.Kind == yaml.AliasNode {
			c = c.Alias
		}
		out = append(out, c)
	}
	return out
}

// hasMerge reports whether a merge key in m may bring in an extends.
func hasMerge(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMergeKey(m.Content[i]) {
			continue
		}
		for _, src := range yamlMergeSources(m.Content[i+1]) {
			if src == nil || src.Kind != yaml.MappingNode || mappingGet(src, "extends") != nil || hasMergeKey(src) {
				return true
			}
		}
	}
	return false
}

func hasMergeKey(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMergeKey(m.Content[i]) {
			return true
		}
	}
	return false
}
