package compose

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"
)

// Service is one service of the project.
type Service struct {
	Name string
	// Config is compose-go's effective configuration; it is the zero value
	// when compose-go could not load the project (Loaded is false).
	Config types.ServiceConfig
	Loaded bool
	// Key is the service's name key in the first linted file that defines
	// it: findings about something missing from the service go there.
	Key *Node

	// layers are the service's mappings, lowest precedence first: extends
	// bases, then each linted file's definition with its own bases.
	layers []*Node
}

// maxExtends bounds extends chains (compose-go rejects cycles; we stop).
const maxExtends = 16

func (p *Project) buildServices() {
	byName := map[string]*Service{}
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		root := p.root(d)
		for _, pair := range root.Get("services").Pairs() {
			s := byName[pair.Name]
			if s == nil {
				s = &Service{Name: pair.Name, Key: pair.Key}
				byName[pair.Name] = s
				p.services = append(p.services, s)
			}
			if !pair.Value.IsMap() {
				continue
			}
			s.layers = append(s.layers, p.extendsLayers(d, pair.Value, nil, 0)...)
			s.layers = append(s.layers, pair.Value)
		}
	}
	sort.Slice(p.services, func(i, j int) bool { return p.services[i].Name < p.services[j].Name })
}

// extendsLayers returns the mappings svc extends, base first. Every node of
// a base reports at entry, the `extends:` of the service in the linted file.
func (p *Project) extendsLayers(d *document, svc *Node, entry *Node, depth int) []*Node {
	ext := svc.Get("extends")
	if ext == nil || depth >= maxExtends {
		return nil
	}
	if entry == nil {
		entry = ext
	}
	var ref, file string
	switch {
	case ext.IsScalar():
		ref, _ = ext.Value()
	case ext.IsMap():
		ref, _ = ext.Get("service").Value()
		file, _ = ext.Get("file").Value()
	}
	target := d
	if file != "" {
		at := ext.Get("file")
		target = p.extendsDoc(filepath.Join(filepath.Dir(d.abs), file), at)
		if target == nil && !filepath.IsAbs(file) {
			// compose-go resolves extends.file against the project folder
			target = p.extendsDoc(filepath.Join(p.workDir, file), at)
		}
	}
	if target == nil || target.root == nil || ref == "" {
		return nil
	}
	base := p.root(target).Get("services").Get(ref)
	if !base.IsMap() {
		return nil
	}
	base = base.entered(entry)
	return append(p.extendsLayers(target, base, entry, depth+1), base)
}

// extendsDoc parses a file named by extends.file (not linted itself), once;
// at is the file: value, where a problem with the file is reported.
func (p *Project) extendsDoc(path string, at *Node) *document {
	if d, ok := p.byPath[path]; ok {
		return d
	}
	p.byPath[path] = nil
	pos := at.File().Position(at.Span().Start)
	docs := p.readDocs(path, at.File(), &yaml.Node{Line: pos.Line, Column: pos.Column})
	if len(docs) == 0 {
		return nil
	}
	p.byPath[path] = docs[0]
	p.docs = append(p.docs, docs...)
	return docs[0]
}

// maxExtendsFile bounds what is read of a file that extends or include names.
const maxExtendsFile = 4 << 20

// Get returns the effective value at a key path (Get("deploy", "resources",
// "limits", "memory")): the last definition that sets it wins, as in an
// override merge. A `!reset` on the way clears it; an `!override` on the way
// hides what earlier definitions set below it.
func (s *Service) Get(path ...string) *Node {
	for i := len(s.layers) - 1; i >= 0; i-- {
		n, overridden := s.layers[i], false
		for _, k := range path {
			if n = n.Get(k); n == nil {
				break
			}
			switch n.Tag() {
			case "!reset":
				return nil
			case "!override":
				overridden = true
			}
		}
		if n != nil || overridden {
			return n
		}
	}
	return nil
}

// Has reports whether the key path is set.
func (s *Service) Has(path ...string) bool { return s.Get(path...) != nil }

// List returns the effective items of a sequence (cap_add, volumes, ports):
// every definition's items appended in merge order, `!reset` clearing and
// `!override` replacing what came before. A lone scalar counts as one item.
func (s *Service) List(path ...string) []*Node {
	var items []*Node
	for _, l := range s.layers {
		n := l
		for _, k := range path {
			if n = n.Get(k); n == nil {
				break
			}
		}
		if n == nil {
			continue
		}
		switch n.Tag() {
		case "!reset":
			items = nil
			continue
		case "!override":
			items = nil
		}
		switch {
		case n.IsSeq():
			items = append(items, n.Items()...)
		case n.IsScalar() && !n.IsNull():
			items = append(items, n)
		}
	}
	return items
}

// Entry is one entry of a key that is a mapping or a list of KEY=VALUE
// strings (environment, labels, build.args).
type Entry struct {
	Name string
	// Node is what to report at: the `KEY: value` pair (mapping form) or the
	// `KEY=value` item (list form).
	Node *Node
	// Key is the name's node in mapping form, nil in list form.
	Key *Node

	text   string // the value as written
	hasVal bool
}

// Text is the value as written, before interpolation; ok is false when the
// entry has no value (`- KEY`, `KEY:`), which takes it from the environment.
func (e Entry) Text() (string, bool) { return e.text, e.hasVal }

// Value is the interpolated value; ok is false when there is no value or
// interpolation fails. Never put it in a message.
func (e Entry) Value() (string, bool) {
	if !e.hasVal {
		return "", false
	}
	return e.Node.p.interpolate(e.text)
}

// Entries returns the effective entries of a mapping-or-list key, merged by
// name across definitions (later wins), in first-written order.
func (s *Service) Entries(path ...string) []Entry {
	var out []Entry
	index := map[string]int{}
	for _, l := range s.layers {
		n := l
		for _, k := range path {
			if n = n.Get(k); n == nil {
				break
			}
		}
		if n == nil {
			continue
		}
		switch n.Tag() {
		case "!reset", "!override":
			out, index = nil, map[string]int{}
			if n.Tag() == "!reset" {
				continue
			}
		}
		for _, e := range entries(n) {
			if i, ok := index[e.Name]; ok {
				out[i] = e
				continue
			}
			index[e.Name] = len(out)
			out = append(out, e)
		}
	}
	return out
}

func entries(n *Node) []Entry {
	var out []Entry
	switch {
	case n.IsMap():
		for _, pr := range n.Pairs() {
			e := Entry{Name: pr.Name, Node: pr.Value, Key: pr.Key}
			if !pr.Value.IsNull() && pr.Value.IsScalar() {
				e.text, e.hasVal = pr.Value.Text(), true
			}
			out = append(out, e)
		}
	case n.IsSeq():
		for _, it := range n.Items() {
			if !it.IsScalar() || it.IsNull() {
				continue
			}
			name, val, ok := strings.Cut(it.Text(), "=")
			out = append(out, Entry{Name: name, Node: it, text: val, hasVal: ok})
		}
	}
	return out
}

// Layers are the mappings that define the service, lowest precedence first
// (extends bases, the main file, the override files), for rules that need
// more than Get, List and Entries.
func (s *Service) Layers() []*Node { return s.layers }
