package compose

import (
	"bytes"
	"maps"
	"slices"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// Structural edits to one service (issue #14, docs/decisions.md).
//
// compose-go's load costs time in proportion to the whole file, and an
// edit that changes a port or adds a key changes what compose-go parses,
// so Verdicts cannot reuse the last verdict. But compose-go judges a
// service by its own keys, the top-level resources (networks, volumes,
// secrets, configs, models, jobs) and the services it names: depends_on,
// links, volumes_from, network_mode, ipc and pid `service:`, and
// additional_contexts. No check reads a service that is not named. So when
// the last input was accepted whole and the new one differs from it only
// inside some services (or adds services), compose-go loading the new
// top-level keys with only those services and every service they reach
// accepts exactly when its load of the whole file would: the other
// services are unchanged, were accepted, and nothing they hold depends on
// the changed ones except through a name, which sends the namer into the
// reduced file too when the name is in a changed service, and which was
// checked before (a namer that is unchanged named an unchanged name).
//
// What "reach" means is deliberately loose: a service is reached when its
// name is a word (a run of [A-Za-z0-9._-], the characters service names
// are made of) of any key or string of a reached service, as written or
// after interpolation, or when a reached service aliases an anchor inside
// it. Too many services only cost time. The reduced verdict is used only
// when compose-go accepts the reduced file: a rejection loads the whole
// file again, so every message is compose-go's own on the real file.
// TestVerdictsReduceCorpus proves the verdicts equal on structural edits
// of every corpus file compose-go accepts.
//
// Not reduced (the whole file is loaded): several files or documents,
// include, extends anywhere, a service removed or renamed, a changed
// service with an anchor in it (an alias elsewhere would carry the edit),
// a change outside services other than opaque strings, and edits that
// reach more than half the services (the reduced load would cost nearly
// as much).

// reduce reports whether compose-go accepts p, judged by loading only the
// changed services and those they reach (see above). false means "not
// known": the caller loads the whole file.
func (v *Verdicts) reduce(p *Project) bool {
	if v == nil || len(p.Files) != 1 {
		return false
	}
	v.mu.Lock()
	a := v.last[p.Files[0].Path]
	v.mu.Unlock()
	b := snapshot(p)
	if a == nil || b == nil || len(a.roots) != 1 || len(b.roots) != 1 || a.workDir != b.workDir ||
		!slices.Equal(a.files, b.files) || !maps.Equal(a.env, b.env) || !sameReads(a.reads, b.reads) {
		return false
	}
	root, ok := reducedRoot(a.roots[0], b.roots[0], p.env)
	if !ok {
		return false
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return false
	}
	if err := enc.Close(); err != nil {
		return false
	}
	d := p.docs[0]
	f := source.New(d.file.Path, buf.Bytes())
	q := &Project{Files: []*source.File{f}, byPath: map[string]*document{}, env: p.env, workDir: p.workDir, files: p.files}
	docs, perr := parseYAML(f, true)
	if perr != nil || len(docs) != 1 || docs[0].root == nil {
		return false
	}
	q.docs = docs
	return len(q.loadModel()) == 0 && q.Issue == nil
}

// reducedRoot returns the top-level mapping compose-go is given for the
// verdict of next, whose last accepted version is last: next's top-level
// keys, with only the changed services and those they reach. ok is false
// when the edit is not one a reduced file can judge.
func reducedRoot(last, next *yaml.Node, env map[string]string) (root *yaml.Node, ok bool) {
	if last.Kind != yaml.MappingNode || next.Kind != yaml.MappingNode || len(last.Content) != len(next.Content) ||
		last.Anchor != "" || next.Anchor != "" || hasKey(next, "extends", 0) || hasKey(last, "extends", 0) {
		return nil, false
	}
	var oldSvcs, newSvcs *yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(next.Content); i += 2 {
		ka, kb := last.Content[i], next.Content[i]
		if !plainKey(ka) || !plainKey(kb) || ka.Value != kb.Value || seen[kb.Value] || kb.Value == "include" {
			return nil, false
		}
		seen[kb.Value] = true
		if kb.Value == "services" {
			oldSvcs, newSvcs = last.Content[i+1], next.Content[i+1]
			continue
		}
		if !sameModel(last.Content[i+1], next.Content[i+1], []string{kb.Value}, false, 0) {
			return nil, false
		}
	}
	if oldSvcs == nil || oldSvcs.Kind != yaml.MappingNode || newSvcs.Kind != yaml.MappingNode ||
		oldSvcs.Anchor != "" || newSvcs.Anchor != "" {
		return nil, false
	}
	changed, ok := changedServices(oldSvcs, newSvcs)
	if !ok || len(changed) == 0 {
		return nil, false
	}
	keep := reach(newSvcs, changed, env)
	if keep == nil {
		return nil, false
	}
	svcs := &yaml.Node{Kind: yaml.MappingNode, Tag: newSvcs.Tag, Style: newSvcs.Style}
	for i := 0; i+1 < len(newSvcs.Content); i += 2 {
		if keep[i/2] {
			svcs.Content = append(svcs.Content, newSvcs.Content[i], newSvcs.Content[i+1])
		}
	}
	root = &yaml.Node{Kind: yaml.MappingNode, Tag: next.Tag, Style: next.Style}
	for i := 0; i+1 < len(next.Content); i += 2 {
		val := next.Content[i+1]
		if next.Content[i].Value == "services" {
			val = svcs
		}
		root.Content = append(root.Content, next.Content[i], val)
	}
	return root, true
}

// plainKey reports a key that is a plain string: no anchor, no tag.
func plainKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Anchor == "" && k.ShortTag() == "!!str"
}

// changedServices lists, by entry index in next, the services that differ
// from last or are new. ok is false when a service was removed, renamed,
// reordered or duplicated, or when a changed service holds an anchor.
func changedServices(last, next *yaml.Node) (changed []int, ok bool) {
	seen := map[string]bool{}
	j := 0
	for i := 0; i+1 < len(next.Content); i += 2 {
		k := next.Content[i]
		if !plainKey(k) || seen[k.Value] {
			return nil, false
		}
		seen[k.Value] = true
		v := next.Content[i+1]
		if j+1 < len(last.Content) && last.Content[j].Value == k.Value {
			old := last.Content[j+1]
			j += 2
			if !plainKey(last.Content[j-2]) {
				return nil, false
			}
			if sameModel(old, v, []string{"services", k.Value}, false, 0) {
				continue
			}
			if hasAnchor(old, 0) {
				return nil, false
			}
		}
		if hasAnchor(v, 0) {
			return nil, false
		}
		changed = append(changed, i/2)
	}
	if j != len(last.Content) {
		return nil, false // a service removed or renamed
	}
	return changed, true
}

// maxReached is the share of services past which the whole file is
// loaded (TestVerdictsReduceCorpus turns it off, 0, to judge more edits).
var maxReached = 2

// reach returns, by entry index, the services the reduced file keeps: the
// changed ones and those they reach (see the top of this file),
// transitively. nil when that is more than half the services.
func reach(svcs *yaml.Node, changed []int, env map[string]string) []bool {
	n := len(svcs.Content) / 2
	index := make(map[string]int, n)
	owner := map[*yaml.Node]int{} // anchored nodes, by the service they are in
	keep := make([]bool, n)
	for i := 0; i < n; i++ {
		index[svcs.Content[2*i].Value] = i
		ownAnchors(svcs.Content[2*i+1], i, owner, 0)
	}
	queue := slices.Clone(changed)
	for _, i := range changed {
		keep[i] = true
	}
	kept := len(changed)
	visited := map[*yaml.Node]bool{}
	mark := func(i int) {
		if !keep[i] {
			keep[i] = true
			kept++
			queue = append(queue, i)
		}
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	word := func(s string) {
		for _, w := range strings.FieldsFunc(s, notNameChar) {
			if i, ok := index[w]; ok {
				mark(i)
			}
		}
	}
	var scan func(y *yaml.Node, depth int)
	scan = func(y *yaml.Node, depth int) {
		if y == nil || depth > maxModelDepth {
			return
		}
		switch y.Kind {
		case yaml.AliasNode:
			t := y.Alias
			if t == nil || visited[t] {
				return
			}
			visited[t] = true
			if i, ok := owner[t]; ok {
				mark(i)
			}
			scan(t, depth+1)
		case yaml.ScalarNode:
			word(y.Value)
			if hasVars(y.Value) {
				if s, err := quietSubstitute(y.Value, lookup); err == nil {
					word(s)
				}
			}
		default:
			for _, c := range y.Content {
				scan(c, depth+1)
			}
		}
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		scan(svcs.Content[2*i+1], 0)
		if maxReached > 0 && kept*maxReached > n {
			return nil
		}
	}
	return keep
}

// notNameChar splits strings into the words a service name can be.
func notNameChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		return false
	}
	return true
}

// ownAnchors records the anchored nodes below y as service i's.
func ownAnchors(y *yaml.Node, i int, owner map[*yaml.Node]int, depth int) {
	if y == nil || depth > maxModelDepth || y.Kind == yaml.AliasNode {
		return
	}
	if y.Anchor != "" {
		owner[y] = i
	}
	for _, c := range y.Content {
		ownAnchors(c, i, owner, depth+1)
	}
}

// hasAnchor reports an anchor on y or below it.
func hasAnchor(y *yaml.Node, depth int) bool {
	if y == nil || depth > maxModelDepth {
		return y != nil
	}
	if y.Anchor != "" {
		return true
	}
	if y.Kind == yaml.AliasNode {
		return false
	}
	for _, c := range y.Content {
		if hasAnchor(c, depth+1) {
			return true
		}
	}
	return false
}

// hasKey reports a mapping key equal to key on y or below it (aliases are
// not followed: what they point to is in the tree too).
func hasKey(y *yaml.Node, key string, depth int) bool {
	if y == nil || depth > maxModelDepth {
		return y != nil
	}
	if y.Kind == yaml.MappingNode {
		for i := 0; i < len(y.Content); i += 2 {
			if k := y.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				return true
			}
		}
	}
	if y.Kind == yaml.AliasNode {
		return false
	}
	for _, c := range y.Content {
		if hasKey(c, key, depth+1) {
			return true
		}
	}
	return false
}
