// Package compose loads Compose files with compose-go and keeps the YAML node
// tree of every source file so findings point where a value was written.
//
// A Project has two views of the same files:
//
//   - Config: the effective model compose-go builds (interpolation, extends,
//     include, overrides, !reset/!override, profiles), when it can be built.
//   - Services: per service, the YAML mapping nodes that define it, in merge
//     order (extends bases, the main file, then each override file). Rules
//     read values through these nodes, so every value carries its file, span
//     and the text as written; values are interpolated on demand with the
//     same template engine and environment compose-go uses.
//
// The node view works even when compose-go cannot load the project (missing
// variables, missing extends or include targets, fragments of a larger
// project), so a file is always linted.
package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// Options configure Load. The zero value loads with an empty environment
// (only the project's .env file).
type Options struct {
	// Env is the process environment used for interpolation; the engine
	// passes os.Environ as a map. It takes precedence over .env, as in
	// docker compose.
	Env map[string]string
	// NoDotEnv skips reading the .env file of the project folder.
	NoDotEnv bool
	// Files reads .env and every file the linted ones include or extend,
	// bounded and inside the linted tree; nil reads none of them (and then
	// compose-go is not given a project that would read them itself).
	Files *source.Reader
	// Verdicts, when set, gives an input compose-go's last verdict on this
	// main file when they differ only in strings that cannot change it
	// (see Verdicts); the language server keeps one for its life.
	Verdicts *Verdicts
}

// Project is a loaded Compose project: its source files, the effective
// compose-go model when it could be built, and each service's nodes.
type Project struct {
	// Files are the linted files: the main file, then the override files.
	Files []*source.File
	// Config is compose-go's model; nil when compose-go could not load the
	// project (then only the node view is available).
	Config *types.Project
	// Issue explains, when Config is nil or partial, why compose-go could
	// not load the project. It may quote resolved values: never print it.
	Issue error
	// Reused is true when compose-go did not load these files whole:
	// Options.Verdicts gave this input the verdict of the last one it
	// accepted, from which it differs only in opaque strings, or compose-go
	// accepted the services the edit changed and those they name
	// (reduce.go). Then Config is nil.
	Reused  bool
	reduced bool // Reused by compose-go's load of a reduced file

	docs     []*document // every parsed YAML document, linted files first
	services []*Service
	env      map[string]string
	byPath   map[string]*document // extends targets, by absolute path
	workDir  string
	refs     map[string]varRef // variables the linted files use, once computed
	files    *source.Reader
	read     map[string]readResult  // the targets read so far, by absolute path
	parsed   map[string][]*document // the targets parsed so far, by absolute path
	// blocked holds what stops compose-go from loading the project safely:
	// recursive aliases in the linted files' extends and include targets,
	// and targets that are FIFOs or devices, which compose-go would block
	// on reading.
	blocked []*source.Error
}

// document is one YAML document of one file.
type document struct {
	file   *source.File
	root   *yaml.Node // the top-level mapping (nil when the document is not one)
	linted bool       // part of the files the engine lints
	abs    string     // absolute path, for extends look-ups
}

// Load parses files as one project: files[0] is the main file, the rest are
// override files merged in order (compose.override.yaml). It never panics.
// A non-nil *Project is returned whenever at least the YAML parsed, even if
// compose-go could not load it (missing env vars, missing extends/include
// targets, unknown keys): then the project falls back to the raw YAML model.
// Problems that make the file invalid Compose are returned as
// []*source.Error (positioned: path, line, column, one-line message) — the
// engine reports each as finding SW0001. err != nil only when nothing could
// be parsed at all (then it is a *source.Error with the position, e.g. the
// YAML syntax error's line).
func Load(files []*source.File, opts Options) (p *Project, problems []*source.Error, err error) {
	defer func() {
		// Last resort: a bug in this package or a dependency must not take
		// the linter down. Root causes are fixed as they are found.
		if r := recover(); r != nil {
			path := ""
			if len(files) > 0 && files[0] != nil {
				path = files[0].Path
			}
			e := &source.Error{Path: path, Msg: fmt.Sprintf("internal error while loading Compose file: %v; please report it", r), Incomplete: true}
			if p == nil {
				err = e
			} else {
				problems = append(problems, e)
			}
		}
	}()
	if len(files) == 0 || files[0] == nil {
		return nil, nil, &source.Error{Msg: "no Compose file given"}
	}
	silenceLogs()

	p = &Project{Files: files, byPath: map[string]*document{}}
	p.workDir = projectDir(files[0].Path)
	for i, f := range files {
		docs, perr := parseYAML(f, true)
		if perr != nil {
			if i == 0 {
				return nil, nil, perr
			}
			problems = append(problems, perr)
			continue
		}
		p.docs = append(p.docs, docs...)
		if len(docs) > 0 {
			p.byPath[docs[0].abs] = docs[0]
		}
	}
	for _, d := range p.docs {
		if d.root == nil {
			problems = append(problems, &source.Error{Path: d.file.Path, Line: 1, Column: 1, Msg: "a Compose file must be a YAML mapping"})
		}
	}
	if len(problems) > 0 && len(p.docs) == 0 {
		return nil, nil, problems[0]
	}

	p.files = opts.Files
	if p.files == nil {
		p.files = &source.Reader{Max: maxExtendsFile}
	}
	var envProblem *source.Error
	p.env, envProblem = p.environment(opts)
	if envProblem != nil {
		problems = append(problems, envProblem)
	}
	p.buildServices()
	problems = append(problems, p.portProblems()...)
	p.checkReads()
	if len(p.blocked) > 0 {
		// compose-go would follow an alias without end or block on a read
		p.Issue = p.blocked[0]
		return p, append(problems, p.blocked...), nil
	}
	v := opts.Verdicts
	now := v.snapshotFor(p)
	last := v.lastFor(now)
	if reuse(last, now) {
		p.Reused = true
		return p, problems, nil
	}
	if v.reduce(p, last, now) {
		p.Reused, p.reduced = true, true
		v.remember(p, now)
		return p, problems, nil
	}
	model := p.loadModel()
	if len(model) > 0 || p.Issue != nil {
		now = nil // not accepted: forgotten
	}
	v.remember(p, now)
	return p, append(problems, model...), nil
}

// portProblems are the published ports docker compose rejects, positioned
// at the value (see Port.Invalid).
func (p *Project) portProblems() []*source.Error {
	var out []*source.Error
	for _, s := range p.services {
		for _, pt := range s.Ports() {
			if pt.Invalid == "" || pt.PublishedNode == nil {
				continue
			}
			n := pt.PublishedNode
			pos := n.File().Position(n.Span().Start)
			out = append(out, &source.Error{Path: n.File().Path, Line: pos.Line, Column: pos.Column,
				Msg: fmt.Sprintf("service %q: %s", s.Name, pt.Invalid)})
		}
	}
	return out
}

// Services lists the services defined in the linted files, by name. Services
// only defined in included files are linted when those files are.
func (p *Project) Services() []*Service { return p.services }

// Service returns the named service, or nil.
func (p *Project) Service(name string) *Service {
	i := sort.Search(len(p.services), func(i int) bool { return p.services[i].Name >= name })
	if i < len(p.services) && p.services[i].Name == name {
		return p.services[i]
	}
	return nil
}

// Top finds a top-level value (e.g. "volumes", "data", "driver_opts") in the
// linted files, the last file that has it winning, as overrides do.
func (p *Project) Top(path ...string) *Node {
	for i := len(p.docs) - 1; i >= 0; i-- {
		d := p.docs[i]
		if !d.linted || d.root == nil {
			continue
		}
		n := p.root(d)
		for _, k := range path {
			if n = n.Get(k); n == nil {
				break
			}
		}
		if n != nil {
			return n
		}
	}
	return nil
}

// TopEach returns the top-level value key of each linted file that has
// one, in file order.
func (p *Project) TopEach(key string) []*Node {
	var out []*Node
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		if n := p.root(d).Get(key); n != nil {
			out = append(out, n)
		}
	}
	return out
}

// Lookup returns the value of an interpolation variable as compose-go sees
// it (process environment, then .env). Rules use it only for decisions,
// never in messages.
func (p *Project) Lookup(name string) (string, bool) {
	v, ok := p.env[name]
	return v, ok
}

// projectDir is the absolute folder of the main file, the project folder.
func projectDir(path string) string {
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// parseYAML parses every document of f into node trees. A syntax error is
// returned positioned, with the parser's message.
func parseYAML(f *source.File, linted bool) ([]*document, *source.Error) {
	abs, err := filepath.Abs(f.Path)
	if err != nil {
		abs = f.Path
	}
	dec := yaml.NewDecoder(bytes.NewReader(f.Data))
	var docs []*document
	for {
		var n yaml.Node
		err := decodeSafely(dec, &n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(f, err)
		}
		if a := recursiveAlias(&n); a != nil {
			return nil, &source.Error{Path: f.Path, Line: a.Line, Column: max(a.Column, 1),
				Msg: fmt.Sprintf("alias *%s %s", a.Value, recursiveAliasMsg), File: f}
		}
		d := &document{file: f, linted: linted, abs: abs}
		if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
			if r := n.Content[0]; r.Kind == yaml.MappingNode {
				d.root = r
			} else if r.Kind == yaml.ScalarNode && r.Tag == "!!null" {
				d.root = &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
			}
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 { // an empty file: an empty mapping
		docs = append(docs, &document{file: f, linted: linted, abs: abs, root: &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}})
	}
	return docs, nil
}

// recursiveAlias finds an alias that refers to a node containing it
// (`web: &w {<<: *w}`). The YAML library accepts it through a merge key,
// and compose-go's loader then follows it without end, until the stack
// overflows and the process dies. Anchors come before their aliases, so
// an alias can only close a cycle through one of its ancestors: one walk
// that keeps the open nodes finds it, without following any alias.
func recursiveAlias(root *yaml.Node) *yaml.Node {
	open := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node, depth int) *yaml.Node
	walk = func(n *yaml.Node, depth int) *yaml.Node {
		if n == nil || depth > maxYAMLDepth {
			return nil
		}
		if n.Kind == yaml.AliasNode {
			if open[n.Alias] {
				return n
			}
			return nil
		}
		if len(n.Content) == 0 {
			return nil
		}
		open[n] = true
		defer delete(open, n)
		for _, c := range n.Content {
			if a := walk(c, depth+1); a != nil {
				return a
			}
		}
		return nil
	}
	return walk(root, 0)
}

const recursiveAliasMsg = "refers to a node that contains it; a recursive structure cannot be loaded"

// isRecursiveAlias tells parseYAML's recursive-alias error from the YAML
// library's errors, which compose-go reports by itself.
func isRecursiveAlias(e *source.Error) bool {
	return e != nil && strings.HasSuffix(e.Msg, recursiveAliasMsg)
}

// maxYAMLDepth bounds the walks of a node tree: deeper than the YAML
// library parses.
const maxYAMLDepth = 10_000

// decodeSafely decodes one document, turning a panic of the YAML library
// into an error.
func decodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}
