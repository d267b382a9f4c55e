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
// rewrite of a mapping) goes to reduce (reduce.go) or pays compose-go's
// full load. TestVerdictsReuseCorpus proves the verdicts equal on
// mutations of every corpus file.
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

// snapshotFor is p's snapshot when v keeps verdicts (nil otherwise, or
// when p cannot be compared).
func (v *Verdicts) snapshotFor(p *Project) *accepted {
	if v == nil || len(p.Files) == 0 {
		return nil
	}
	return snapshot(p)
}

// lastFor returns the input last accepted for now's main file when it
// shares everything with now but the YAML trees: the folder, the files,
// the environment and what the files include or extend (nil otherwise).
func (v *Verdicts) lastFor(now *accepted) *accepted {
	if v == nil || now == nil || len(now.files) == 0 {
		return nil
	}
	v.mu.Lock()
	a := v.last[now.files[0]]
	v.mu.Unlock()
	if a == nil || a.workDir != now.workDir || len(a.roots) != len(now.roots) ||
		!slices.Equal(a.files, now.files) || !maps.Equal(a.env, now.env) || !sameReads(a.reads, now.reads) {
		return nil
	}
	return a
}

// reuse reports whether now may take the verdict of last, the input last
// accepted for its main file: compose-go accepted last whole, and now
// differs from it only in opaque strings.
func reuse(last, now *accepted) bool {
	if last == nil {
		return false
	}
	for i := range last.roots {
		if !sameModel(last.roots[i], now.roots[i], nil, false, 0) {
			return false
		}
	}
	return true
}

// remember records now, p's snapshot, as accepted by compose-go, or
// forgets p's main file when now is nil (a later input must be loaded in
// full).
func (v *Verdicts) remember(p *Project, now *accepted) {
	if v == nil || len(p.Files) == 0 {
		return
	}
	key := p.Files[0].Path
	v.mu.Lock()
	defer v.mu.Unlock()
	if now == nil {
		delete(v.last, key)
		return
	}
	if _, known := v.last[key]; !known && len(v.last) >= maxVerdicts {
		for k := range v.last { // any one: the language server has few documents
			delete(v.last, k)
			break
		}
	}
	v.last[key] = now
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
