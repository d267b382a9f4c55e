package compose

import (
	"bytes"
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
// A changed or new entry of the top-level networks, volumes, secrets,
// configs or models is judged the same way: a service only names them, and
// compose-go checks only that the name is declared, so the reduced file
// keeps every top-level key and only the services the edit reaches (none,
// for an entry no alias or word leads from). Override files are reduced
// alike, each to the same services: compose-go merges them service by
// service. Not reduced (the whole project is loaded): several documents in
// one file, include, extends anywhere, a local tag (!reset, !override) on
// a file or its services mapping, a service, resource or top-level key
// removed or renamed, a changed entry with an anchor in it (an alias
// elsewhere would carry the edit), any other top-level change than opaque
// strings, and edits that reach more than half the services (the reduced
// load would cost nearly as much).

// reduce reports whether compose-go accepts p, whose snapshot is now,
// judged by loading only what changed since last, the input last accepted
// for its main file, and what that reaches (see above). false means "not
// known": the caller loads the whole file.
func (v *Verdicts) reduce(p *Project, last, now *accepted) bool {
	if v == nil || last == nil || len(now.roots) != len(p.Files) {
		return false // one document per file, the same files as before
	}
	roots, ok := reducedRoots(last.roots, now.roots, p.env)
	if !ok {
		return false
	}
	q := &Project{byPath: map[string]*document{}, env: p.env, workDir: p.workDir, files: p.files}
	for i, root := range roots {
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
			return false
		}
		if err := enc.Close(); err != nil {
			return false
		}
		// compose-go reads the bytes, and the schema verdict the tree:
		// both come from the one text.
		f := source.New(p.Files[i].Path, buf.Bytes())
		docs, perr := parseYAML(f, true)
		if perr != nil || len(docs) != 1 || docs[0].root == nil {
			return false
		}
		q.Files = append(q.Files, f)
		q.docs = append(q.docs, docs[0])
	}
	return len(q.loadModel()) == 0 && q.Issue == nil
}

// reducedRoots returns the top-level mappings compose-go is given for the
// verdict of next (one per file, the main file first), whose last accepted
// version is last: next's top-level keys, with only the services changed
// in any file and those they reach. ok is false when the edit is not one a
// reduced file can judge.
func reducedRoots(last, next []*yaml.Node, env map[string]string) (roots []*yaml.Node, ok bool) {
	var files []serviceFile
	for i := range next {
		f, ok := compareFile(last[i], next[i])
		if !ok {
			return nil, false
		}
		files = append(files, f)
	}
	keep, ok := reach(files, env)
	changed := false
	for _, f := range files {
		changed = changed || len(f.changed) > 0 || len(f.resources) > 0
	}
	if !ok || !changed {
		return nil, false
	}
	for i, f := range files {
		root := &yaml.Node{Kind: yaml.MappingNode, Tag: next[i].Tag, Style: next[i].Style}
		for j := 0; j+1 < len(next[i].Content); j += 2 {
			val := next[i].Content[j+1]
			if val == f.svcs {
				val = &yaml.Node{Kind: yaml.MappingNode, Tag: f.svcs.Tag, Style: f.svcs.Style}
				for k := 0; k+1 < len(f.svcs.Content); k += 2 {
					if keep[f.svcs.Content[k].Value] {
						val.Content = append(val.Content, f.svcs.Content[k], f.svcs.Content[k+1])
					}
				}
			}
			root.Content = append(root.Content, next[i].Content[j], val)
		}
		roots = append(roots, root)
	}
	return roots, true
}

// serviceFile is one file of the edited input: its services mapping (nil
// when it has none), the names of the services it changed or added, and
// the top-level resource entries it changed or added (their aliases and
// words reach services as a service's do).
type serviceFile struct {
	svcs      *yaml.Node
	changed   []string
	resources []*yaml.Node
}

// compareFile compares one file with its last accepted version: the same
// top-level keys, each the same model (opaque strings aside) but services,
// whose changes changedServices lists. ok is false when the edit is not one
// a reduced file can judge.
func compareFile(last, next *yaml.Node) (f serviceFile, ok bool) {
	if last.Kind != yaml.MappingNode || next.Kind != yaml.MappingNode ||
		last.Anchor != "" || next.Anchor != "" || !plainMap(last) || !plainMap(next) ||
		hasKey(next, "extends", 0) || hasKey(last, "extends", 0) {
		return f, false
	}
	var oldSvcs *yaml.Node
	seen := map[string]bool{}
	j := 0 // the next key of last
	for i := 0; i+1 < len(next.Content); i += 2 {
		kb := next.Content[i]
		if !plainKey(kb) || seen[kb.Value] || kb.Value == "include" {
			return f, false
		}
		seen[kb.Value] = true
		o, n := &yaml.Node{Kind: yaml.MappingNode}, next.Content[i+1] // a new key: every entry is new
		if j+1 < len(last.Content) && last.Content[j].Value == kb.Value {
			if !plainKey(last.Content[j]) {
				return f, false
			}
			o = last.Content[j+1]
			j += 2
		} else if !resourceKeys[kb.Value] {
			return f, false
		}
		if kb.Value == "services" {
			oldSvcs, f.svcs = o, n
			continue
		}
		if sameModel(o, n, []string{kb.Value}, false, 0) {
			continue
		}
		if !resourceKeys[kb.Value] || o.Kind != yaml.MappingNode || n.Kind != yaml.MappingNode ||
			o.Anchor != "" || n.Anchor != "" || !plainMap(o) || !plainMap(n) {
			return f, false
		}
		names, ok := changedEntries(o, n, kb.Value)
		if !ok {
			return f, false
		}
		for _, name := range names {
			f.resources = append(f.resources, mappingGet(n, name))
		}
	}
	if j != len(last.Content) {
		return f, false // a top-level key removed, renamed or moved
	}
	if f.svcs == nil {
		return f, oldSvcs == nil
	}
	if oldSvcs.Kind != yaml.MappingNode || f.svcs.Kind != yaml.MappingNode || oldSvcs.Anchor != "" || f.svcs.Anchor != "" ||
		!plainMap(oldSvcs) || !plainMap(f.svcs) {
		return f, false
	}
	f.changed, ok = changedEntries(oldSvcs, f.svcs, "services")
	return f, ok
}

// resourceKeys are the top-level keys whose entries services only name:
// compose-go checks that a named network, volume, secret, config or model
// is declared, and reads nothing else of it for a service, so a changed or
// new entry needs no service in the reduced file (a removed one does, and
// is not reduced).
var resourceKeys = map[string]bool{"networks": true, "volumes": true, "secrets": true, "configs": true, "models": true}

// plainMap reports a mapping without a local tag (!reset, !override).
func plainMap(y *yaml.Node) bool { return y.Tag == "" || y.ShortTag() == "!!map" }

// plainKey reports a key that is a plain string: no anchor, no tag.
func plainKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Anchor == "" && k.ShortTag() == "!!str"
}

// changedEntries lists the entries of next, the services or resources of
// kind, that differ from last or are new. ok is false when an entry was
// removed, renamed, reordered or duplicated, or when a changed entry holds
// an anchor.
func changedEntries(last, next *yaml.Node, kind string) (changed []string, ok bool) {
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
			if sameModel(old, v, []string{kind, k.Value}, false, 0) {
				continue
			}
			if hasAnchor(old, 0) {
				return nil, false
			}
		}
		if hasAnchor(v, 0) {
			return nil, false
		}
		changed = append(changed, k.Value)
	}
	if j != len(last.Content) {
		return nil, false // an entry removed or renamed
	}
	return changed, true
}

// maxReached is the share of services past which the whole file is
// loaded (TestVerdictsReduceCorpus turns it off, 0, to judge more edits).
var maxReached = 2

// reach returns the names of the services the reduced files keep: those
// changed in any file and those they or the changed resources reach (see
// the top of this file), transitively, a service's entries in every file
// counting as its. ok is false when that is more than half the services.
func reach(files []serviceFile, env map[string]string) (keep map[string]bool, ok bool) {
	entries := map[string][]*yaml.Node{} // a service's bodies, in every file
	owner := map[*yaml.Node]string{}     // anchored nodes, by the service they are in
	var queue []string
	for _, f := range files {
		if f.svcs == nil {
			continue
		}
		for i := 0; i+1 < len(f.svcs.Content); i += 2 {
			name := f.svcs.Content[i].Value
			entries[name] = append(entries[name], f.svcs.Content[i+1])
			ownAnchors(f.svcs.Content[i+1], name, owner, 0)
		}
		queue = append(queue, f.changed...)
	}
	n := len(entries)
	keep = map[string]bool{}
	mark := func(name string) {
		if !keep[name] {
			keep[name] = true
			queue = append(queue, name)
		}
	}
	for _, name := range slices.Clone(queue) {
		keep[name] = true
	}
	visited := map[*yaml.Node]bool{}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	words := func(s string) {
		for _, w := range strings.FieldsFunc(s, notNameChar) {
			if _, ok := entries[w]; ok {
				mark(w)
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
			if name, ok := owner[t]; ok {
				mark(name)
			}
			scan(t, depth+1)
		case yaml.ScalarNode:
			words(y.Value)
			if hasVars(y.Value) {
				if s, err := quietSubstitute(y.Value, lookup); err == nil {
					words(s)
				}
			}
		default:
			for _, c := range y.Content {
				scan(c, depth+1)
			}
		}
	}
	for _, f := range files {
		for _, r := range f.resources {
			scan(r, 0)
		}
	}
	scanned := map[string]bool{}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if scanned[name] {
			continue
		}
		scanned[name] = true
		for _, body := range entries[name] {
			scan(body, 0)
		}
		if maxReached > 0 && len(keep)*maxReached > n {
			return nil, false
		}
	}
	return keep, true
}

// notNameChar splits strings into the words a service name can be.
func notNameChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		return false
	}
	return true
}

// ownAnchors records the anchored nodes below y as service name's.
func ownAnchors(y *yaml.Node, name string, owner map[*yaml.Node]string, depth int) {
	if y == nil || depth > maxModelDepth || y.Kind == yaml.AliasNode {
		return
	}
	if y.Anchor != "" {
		owner[y] = name
	}
	for _, c := range y.Content {
		ownAnchors(c, name, owner, depth+1)
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
