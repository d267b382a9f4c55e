package compose

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"
)

// Verdicts lets a long-lived caller (the language server) skip compose-go
// when an edit cannot change its verdict. compose-go is used only for its
// verdict (no rule reads Config), and that verdict costs most of a Compose
// lint; while someone types a value, most edits change one string that
// compose-go accepts whatever it says.
//
// For each main file, Verdicts keeps the last input compose-go loaded
// without any error: the linted files' YAML trees, the environment and
// the contents of every include and extends target. A new input is given
// that verdict, without calling compose-go, when it differs from the kept
// one only in opaque strings (opaquePath): strings with no `$` in either
// version, outside anchored subtrees (an alias would carry the change
// elsewhere), at keys compose-go never parses, converts or cross-checks.
// Everything else (a new key, a number, a port, a `$`, a comment-free
// rewrite of a mapping) pays compose-go's full load. TestVerdictsReuse
// proves the verdicts equal on mutations of every corpus file.
//
// The zero value is not usable; a nil *Verdicts reuses nothing.
type Verdicts struct {
	mu   sync.Mutex
	last map[string]*accepted
}

// maxVerdicts bounds how many main files Verdicts remembers.
const maxVerdicts = 64

// accepted is one input compose-go loaded without error.
type accepted struct {
	workDir string
	files   []string
	roots   []*yaml.Node
	env     map[string]string
	reads   map[string]readResult
}

// NewVerdicts returns an empty memory of verdicts.
func NewVerdicts() *Verdicts { return &Verdicts{last: map[string]*accepted{}} }

// snapshot is p's input as Verdicts compares it; nil when it has a
// document that is not a mapping (compose-go's verdict is not reused).
func snapshot(p *Project) *accepted {
	a := &accepted{workDir: p.workDir, env: maps.Clone(p.env), reads: maps.Clone(p.read)}
	for _, f := range p.Files {
		a.files = append(a.files, f.Path)
	}
	for _, d := range p.docs {
		if !d.linted {
			continue
		}
		if d.root == nil {
			return nil
		}
		a.roots = append(a.roots, d.root)
	}
	return a
}

// reuse reports whether p may take the verdict of the input last accepted
// for its main file: compose-go accepted it whole, and p differs from it
// only in opaque strings.
func (v *Verdicts) reuse(p *Project) bool {
	a, b := v.lastFor(p)
	if a == nil {
		return false
	}
	for i := range a.roots {
		if !sameModel(a.roots[i], b.roots[i], nil, false, 0) {
			return false
		}
	}
	return true
}

// lastFor returns the input last accepted for p's main file and p's own
// snapshot, when both exist and share everything but the YAML trees: the
// folder, the files, the environment and what the files include or extend
// (nil, nil otherwise).
func (v *Verdicts) lastFor(p *Project) (last, now *accepted) {
	if v == nil || len(p.Files) == 0 {
		return nil, nil
	}
	v.mu.Lock()
	a := v.last[p.Files[0].Path]
	v.mu.Unlock()
	b := snapshot(p)
	if a == nil || b == nil || a.workDir != b.workDir || len(a.roots) != len(b.roots) ||
		!slices.Equal(a.files, b.files) || !maps.Equal(a.env, b.env) || !sameReads(a.reads, b.reads) {
		return nil, nil
	}
	return a, b
}

// remember records p as accepted by compose-go (ok), or forgets its main
// file (a later input must be loaded in full).
func (v *Verdicts) remember(p *Project, ok bool) {
	if v == nil || len(p.Files) == 0 {
		return
	}
	key := p.Files[0].Path
	var a *accepted
	if ok {
		a = snapshot(p)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if a == nil {
		delete(v.last, key)
		return
	}
	if _, known := v.last[key]; !known && len(v.last) >= maxVerdicts {
		for k := range v.last { // any one: the language server has few documents
			delete(v.last, k)
			break
		}
	}
	v.last[key] = a
}

func sameReads(a, b map[string]readResult) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || x.ok != y.ok || !bytes.Equal(x.data, y.data) {
			return false
		}
	}
	return true
}

// maxModelDepth bounds sameModel's recursion (parseYAML rejects deeper
// nesting long before).
const maxModelDepth = 200

// sameModel compares two YAML trees as compose-go reads them: the same
// kinds, tags, anchors, aliases, keys and sequence lengths, and the same
// scalars except opaque strings. path is the keys above (a sequence item
// is "[]").
func sameModel(a, b *yaml.Node, path []string, anchored bool, depth int) bool {
	if a == nil || b == nil || depth > maxModelDepth {
		return a == b
	}
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Anchor != b.Anchor || len(a.Content) != len(b.Content) {
		return false
	}
	anchored = anchored || b.Anchor != ""
	switch b.Kind {
	case yaml.AliasNode:
		return a.Value == b.Value
	case yaml.ScalarNode:
		if a.Value == b.Value {
			return true
		}
		return !anchored && b.ShortTag() == "!!str" && !hasVars(a.Value) && !hasVars(b.Value) && opaquePath(path)
	case yaml.MappingNode:
		for i := 0; i+1 < len(b.Content); i += 2 {
			ka, kb := a.Content[i], b.Content[i]
			if ka.Kind != yaml.ScalarNode || kb.Kind != yaml.ScalarNode {
				if !sameModel(ka, kb, append(path[:len(path):len(path)], "?"), true, depth+1) {
					return false
				}
			} else if ka.Value != kb.Value || ka.ShortTag() != kb.ShortTag() || ka.Anchor != kb.Anchor {
				return false
			}
			if !sameModel(a.Content[i+1], b.Content[i+1], append(path[:len(path):len(path)], kb.Value), anchored, depth+1) {
				return false
			}
		}
		return true
	default: // documents and sequences
		for i := range b.Content {
			if !sameModel(a.Content[i], b.Content[i], append(path[:len(path):len(path)], "[]"), anchored, depth+1) {
				return false
			}
		}
		return true
	}
}

// opaqueServiceKeys are service keys whose string value compose-go keeps
// as it is: no parsing, no conversion, no reference to check.
var opaqueServiceKeys = map[string]bool{
	"image": true, "restart": true, "hostname": true, "domainname": true,
	"user": true, "working_dir": true, "stop_signal": true,
}

// opaqueServiceMaps are service keys whose mapping values compose-go keeps
// as they are (the mapping form: a list item `KEY=value` is not opaque).
var opaqueServiceMaps = map[string]bool{"environment": true, "labels": true, "annotations": true}

// opaquePath reports whether a string at path may change without changing
// compose-go's verdict: the opaque service keys, the values of
// environment, labels, annotations, build.args and build.labels mappings,
// and anything under an extension key (x-*).
func opaquePath(path []string) bool {
	switch {
	case len(path) > 0 && strings.HasPrefix(path[0], "x-"),
		len(path) > 2 && path[0] == "services" && strings.HasPrefix(path[2], "x-"):
		return true // top-level and service extensions; not a service named x-...
	}
	if len(path) < 3 || path[0] != "services" {
		return false
	}
	rest := path[2:]
	switch len(rest) {
	case 1:
		return opaqueServiceKeys[rest[0]]
	case 2:
		return opaqueServiceMaps[rest[0]] && rest[1] != "[]"
	case 3:
		return rest[0] == "build" && (rest[1] == "args" || rest[1] == "labels") && rest[2] != "[]"
	}
	return false
}
