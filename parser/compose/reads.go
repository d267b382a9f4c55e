package compose

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/seaworthy-dev/seaworthy/parser/expand"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// compose-go opens some files itself, with os.ReadFile and no bound: the
// targets of include (and their env_file and .env) and of extends.file.
// Before it runs, checkReads reads each of them the way seaworthy reads
// every file (source.Reader: bounded, regular files only, never outside the
// linted tree) and checks what would hurt compose-go. A target that is
// outside the tree, not a regular file, too large, holds a recursive alias
// or an expansion bomb goes into p.blocked: compose-go is then not run at
// all, the problem is a finding at the line that names the target, and the
// rules read the node view.

// readResult is one target read, kept so each is read (and reported) once.
type readResult struct {
	data []byte
	ok   bool
}

// maxIncludeDepth bounds how deep checkReads follows include and extends chains.
const maxIncludeDepth = 10

func (p *Project) checkReads() {
	var linted []*document
	for _, d := range p.docs {
		if d.linted {
			linted = append(linted, d)
		}
	}
	seen := map[*document]bool{}
	var visit func(d *document, depth int)
	visit = func(d *document, depth int) {
		if d == nil || d.root == nil || depth > maxIncludeDepth || seen[d] {
			return
		}
		seen[d] = true
		p.guard(d)
		base := filepath.Dir(d.abs)
		if d.linted {
			base = p.workDir
		}
		for _, inc := range includeEntries(mappingGet(d.root, "include")) {
			var first string
			for _, n := range inc.paths {
				path, ok := p.localPath(n, base)
				if !ok {
					continue
				}
				if first == "" {
					first = path
				}
				for _, doc := range p.readDocs(path, d.file, n) {
					visit(doc, depth+1)
				}
			}
			if len(inc.envFiles) == 0 && first != "" {
				dir := filepath.Dir(first)
				if pd, ok := p.localPath(inc.projectDir, base); ok {
					dir = pd
				}
				p.readEnvFile(filepath.Join(dir, ".env"), d.file, inc.item)
			}
			for _, n := range inc.envFiles {
				if path, ok := p.localPath(n, base); ok {
					p.readEnvFile(path, d.file, n)
				}
			}
		}
		services := mappingGet(d.root, "services")
		if services == nil || services.Kind != yaml.MappingNode {
			return
		}
		for i := 1; i < len(services.Content); i += 2 {
			file := mappingGet(mappingGet(services.Content[i], "extends"), "file")
			if file == nil || file.Kind != yaml.ScalarNode {
				continue
			}
			// compose-go resolves extends.file against the file that holds it,
			// and the linted files' against the project folder as well.
			for _, dir := range []string{filepath.Dir(d.abs), base} {
				if path, ok := p.localPath(file, dir); ok {
					for _, doc := range p.readDocs(path, d.file, file) {
						visit(doc, depth+1)
					}
				}
			}
		}
	}
	for _, d := range linted {
		visit(d, 0)
	}
}

// include is one entry of an include list.
type include struct {
	item       *yaml.Node
	paths      []*yaml.Node // `- path`, or path: as one path or a list
	envFiles   []*yaml.Node
	projectDir *yaml.Node
}

func includeEntries(list *yaml.Node) []include {
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	scalars := func(n *yaml.Node) []*yaml.Node {
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.ScalarNode:
			return []*yaml.Node{n}
		case n.Kind == yaml.SequenceNode:
			var out []*yaml.Node
			for _, c := range n.Content {
				if c.Kind == yaml.ScalarNode {
					out = append(out, c)
				}
			}
			return out
		}
		return nil
	}
	var out []include
	for _, item := range list.Content {
		switch item.Kind {
		case yaml.ScalarNode:
			out = append(out, include{item: item, paths: []*yaml.Node{item}})
		case yaml.MappingNode:
			out = append(out, include{item: item, paths: scalars(mappingGet(item, "path")),
				envFiles: scalars(mappingGet(item, "env_file")), projectDir: mappingGet(item, "project_directory")})
		}
	}
	return out
}

// localPath is the local file a path value names, interpolated as
// compose-go interpolates it and made absolute against dir. Remote
// references, and values that do not interpolate, name no local file.
func (p *Project) localPath(n *yaml.Node, dir string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" || n.Value == "/dev/null" {
		return "", false
	}
	v, ok := p.interpolate(n.Value)
	if !ok || v == "" || strings.Contains(v, "://") || strings.HasPrefix(v, "oci:") || strings.HasPrefix(v, "git@") {
		return "", false
	}
	if !filepath.IsAbs(v) {
		v = filepath.Join(dir, v)
	}
	return filepath.Clean(v), true
}

// readDocs reads and parses a target compose-go will load as YAML, once;
// nil when it cannot be read (compose-go reports a missing file itself).
// A recursive alias in it is recorded in p.blocked.
func (p *Project) readDocs(path string, from *source.File, at *yaml.Node) []*document {
	if docs, ok := p.parsed[path]; ok {
		return docs
	}
	if p.parsed == nil {
		p.parsed = map[string][]*document{}
	}
	p.parsed[path] = nil
	data, ok := p.readTarget(path, from, at.Line, at.Column)
	if !ok {
		return nil
	}
	docs, perr := parseYAML(source.New(path, data), false)
	if isRecursiveAlias(perr) {
		p.blocked = append(p.blocked, perr)
	}
	p.parsed[path] = docs
	return docs
}

// readEnvFile reads an env file compose-go will read for an include, and
// checks it for an expansion bomb (see dotenvBound).
func (p *Project) readEnvFile(path string, from *source.File, at *yaml.Node) {
	_, seen := p.read[path]
	data, ok := p.readTarget(path, from, at.Line, at.Column)
	if !ok || seen {
		return
	}
	if line, key := dotenvBound(data, p.envLen); line > 0 {
		p.blocked = append(p.blocked, &source.Error{Path: from.Path, Line: max(at.Line, 1), Column: max(at.Column, 1), File: from,
			Incomplete: true,
			Msg:        fmt.Sprintf("%s: %s (line %d) would expand to more than %d KiB; Compose would build it in memory", filepath.Base(path), key, line, expand.Max>>10)})
	}
}

func (p *Project) envLen(name string) int { return len(p.env[name]) }

// readTarget reads a file that an extends or include at line:col of from
// names, once. A target that is outside the linted tree, too large, or
// neither a regular file nor a folder (a FIFO, a socket, a device) is
// recorded in p.blocked, since compose-go would read it with no bound or
// block. Missing targets and folders are left to compose-go, which reports
// them.
func (p *Project) readTarget(path string, from *source.File, line, col int) ([]byte, bool) {
	if r, ok := p.read[path]; ok {
		return r.data, r.ok
	}
	if p.read == nil {
		p.read = map[string]readResult{}
	}
	data, err := p.files.Limit(maxExtendsFile).Read(path)
	p.read[path] = readResult{data: data, ok: err == nil}
	var nr *source.NotRegularError
	var msg string
	incomplete := false // seaworthy's limit, not the file's problem
	switch {
	case err == nil:
		return data, true
	case source.IsOutside(err):
		msg = fmt.Sprintf("%s: %v", filepath.Base(path), err)
	case errors.Is(err, source.ErrTooLarge):
		incomplete = true
		msg = fmt.Sprintf("%s is larger than %d MiB, the most seaworthy reads of a file another one names; Compose would read all of it", filepath.Base(path), maxExtendsFile>>20)
	case errors.As(err, &nr) && !nr.Mode.IsDir():
		msg = fmt.Sprintf("%s is %s; Compose would wait on reading it", filepath.Base(path), nr)
	default:
		return nil, false
	}
	p.blocked = append(p.blocked, &source.Error{Path: from.Path, Line: max(line, 1), Column: max(col, 1), File: from, Msg: msg, Incomplete: incomplete})
	return nil, false
}

// environment merges the .env file of the project folder with the process
// environment, which wins, as docker compose does. The .env file is read
// like any other (bounded, inside the tree); one that cannot be used is a
// problem at its line, and interpolation goes on without it.
func (p *Project) environment(opts Options) (map[string]string, *source.Error) {
	env := map[string]string{}
	var problem *source.Error
	if !opts.NoDotEnv {
		path := filepath.Join(p.workDir, ".env")
		shown := filepath.Join(filepath.Dir(p.Files[0].Path), ".env")
		data, err := p.files.Limit(maxExtendsFile).Read(path)
		lookup := func(k string) (string, bool) { v, ok := opts.Env[k]; return v, ok }
		var nr *source.NotRegularError
		switch {
		case err == nil:
			size := func(k string) int { return len(opts.Env[k]) }
			if line, key := dotenvBound(data, size); line > 0 {
				problem = &source.Error{Path: shown, Line: line, Column: 1, File: source.New(shown, data), Secret: true, Incomplete: true,
					Msg: fmt.Sprintf("%s would expand to more than %d KiB; seaworthy does not expand values that long, and interpolates without this .env file", key, expand.Max>>10)}
			} else if vars, err := dotenv.UnmarshalBytesWithLookup(data, lookup); err == nil {
				for k, v := range vars {
					env[k] = v
				}
			}
		case source.IsOutside(err), errors.Is(err, source.ErrTooLarge), errors.As(err, &nr) && !nr.Mode.IsDir():
			msg := err.Error()
			if errors.Is(err, source.ErrTooLarge) {
				msg = fmt.Sprintf("larger than %d MiB, the most seaworthy reads of a .env file", maxExtendsFile>>20)
			}
			problem = &source.Error{Path: shown, Line: 1, Column: 1, File: source.New(shown, nil),
				Msg: ".env is not read: " + msg + "; interpolation goes on without it"}
		}
	}
	for k, v := range opts.Env {
		env[k] = v
	}
	return env, problem
}

// dotenvBound finds the first variable of a .env file whose expansion could
// pass expand.Max, replaying the definitions with lengths (expand.Bound):
// its 1-based line and name, or 0. Lines that define nothing (the rest of a
// quoted multi-line value) count towards the variable above them, so the
// bound holds whatever the quoting.
func dotenvBound(data []byte, outside func(string) int) (int, string) {
	sizes := map[string]int{}
	size := func(k string) int {
		if n, ok := sizes[k]; ok {
			return n
		}
		return outside(k)
	}
	key := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		t = strings.TrimPrefix(t, "export ")
		value := t
		if k, v, ok := strings.Cut(t, "="); ok && !strings.ContainsAny(k, " \t\"'") {
			key, value = strings.TrimSpace(k), v
			sizes[key] = 0
		} else if key == "" {
			continue
		}
		sizes[key] += expand.Bound(value, size)
		if sizes[key] > expand.Max {
			return i + 1, key
		}
	}
	return 0, ""
}

// Limits on what compose-go is given (docs/limits.md).
const (
	// maxNesting is the deepest YAML seaworthy hands to compose-go, whose
	// time grows with the square of the depth (4,000 levels took 26 s).
	// Real Compose files nest a dozen levels.
	maxNesting = 100
	// maxShellString is the longest command or entrypoint string: compose-go
	// splits it with go-shellwords, whose time grows with the square of a
	// word's length (256 KiB took 32 s). A list form has no such limit.
	maxShellString = 16 << 10
	// maxGrowth bounds what interpolation may add to one file, across all
	// its values: one value may grow by expand.Max, but a file of many
	// `${BIG}` would otherwise multiply it.
	maxGrowth = 4 << 20
)

// guard checks one document before compose-go loads it: nesting depth,
// command strings, and how much interpolation could add. The first value
// past a limit goes into p.blocked, at the value.
func (p *Project) guard(d *document) {
	if d.root == nil {
		return
	}
	growth := 0
	block := func(n *yaml.Node, msg string) {
		p.blocked = append(p.blocked, &source.Error{Path: d.file.Path, Line: max(n.Line, 1), Column: max(n.Column, 1), File: d.file, Msg: msg, Incomplete: true})
	}
	var walk func(n *yaml.Node, key string, depth int) bool
	walk = func(n *yaml.Node, key string, depth int) bool {
		if depth > maxNesting {
			block(n, fmt.Sprintf("YAML nested more than %d levels deep; seaworthy gives compose-go files nested at most %d levels, since its time grows with the square of the depth", maxNesting, maxNesting))
			return false
		}
		switch n.Kind {
		case yaml.ScalarNode:
			if (key == "command" || key == "entrypoint") && len(n.Value) > maxShellString {
				block(n, fmt.Sprintf("%s is a string of %d KiB; seaworthy checks %s strings of at most %d KiB, since Compose splits them into words in time that grows with the square of a word's length; write it as a list", key, len(n.Value)>>10, key, maxShellString>>10))
				return false
			}
			if !hasVars(n.Value) {
				return true
			}
			bound := 0
			expand.Names(n.Value, func(name string) { bound += p.envLen(name) })
			if bound > expand.Max {
				block(n, fmt.Sprintf("interpolating this value could add more than %d KiB to it; seaworthy does not expand values that long", expand.Max>>10))
				return false
			}
			if growth += bound; growth > maxGrowth {
				block(n, fmt.Sprintf("interpolating this file could add more than %d MiB to it; seaworthy stops here", maxGrowth>>20))
				return false
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if !walk(n.Content[i+1], n.Content[i].Value, depth+1) {
					return false
				}
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				// a list's items are words already: no key applies
				if !walk(c, "", depth+1) {
					return false
				}
			}
		}
		return true
	}
	walk(d.root, "", 0)
}
