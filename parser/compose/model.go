package compose

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/errdefs"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v4"
)

var logsOnce sync.Once

// silenceLogs stops compose-go's logrus warnings ("variable is not set",
// "version is obsolete") from reaching the linter's output: they are not
// findings, and one of them could name a resolved value.
func silenceLogs() {
	logsOnce.Do(func() { logrus.SetOutput(io.Discard) })
}

// loadModel builds compose-go's model of the linted files and turns the
// errors that make them invalid Compose into positioned problems.
//
// compose-go does all the checking (interpolation and its type casts,
// include, extends, overrides, !reset/!override, schema validation,
// canonical forms, normalization, decoding, consistency). Steps that only
// fill in what no rule reads are skipped, as each costs a walk of the whole
// model: resolving relative paths, reading env_file and label_file (their
// errors are about files outside the linted ones, never problems), and the
// extra parse compose-go makes for the project name. The model is built
// once: when it fails, Config stays nil and rules read the node view, as
// they always do.
func (p *Project) loadModel() []*source.Error {
	details, opts := p.loaderInput()
	var proj *types.Project
	var err error
	done := false
	if p.schemaAccepts(loader.ToOptions(&details, []func(*loader.Options){opts})) {
		proj, done, err = loadValidated(details, opts)
	}
	if !done {
		proj, err = loadSafely(context.Background(), details, opts)
	}
	if err == nil {
		p.setConfig(proj)
		return nil
	}
	p.Issue = err
	return p.problems(err)
}

// loaderInput is what compose-go loads: the linted files, the project's
// folder and environment, and seaworthy's options.
func (p *Project) loaderInput() (types.ConfigDetails, func(*loader.Options)) {
	details := types.ConfigDetails{WorkingDir: p.workDir, Environment: p.envCopy()}
	seen := map[string]bool{}
	for _, d := range p.docs {
		if d.linted && !seen[d.abs] {
			seen[d.abs] = true
			details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: d.abs, Content: d.file.Data})
		}
	}
	name := p.projectName()
	return details, func(o *loader.Options) {
		o.SetProjectName(name, true)
		o.Profiles = []string{"*"} // lint every service, whatever its profile
		o.ResolvePaths = false
		o.SkipResolveEnvironment, o.SkipResolveLabels = true, true
		if o.Interpolate != nil {
			o.Interpolate.Substitute = quietSubstitute
			o.Interpolate.TypeCastMapping = p.castsFor(o.Interpolate.TypeCastMapping)
		}
	}
}

func (p *Project) envCopy() map[string]string {
	m := make(map[string]string, len(p.env)+1)
	for k, v := range p.env {
		m[k] = v
	}
	return m
}

// projectName is the name compose-go gives the project: the last top-level
// `name:` of the linted files, interpolated and normalized, else the
// project folder's name. Passing it explicitly spares compose-go a second
// parse of every file to find it; an interpolation error in `name:` is
// still reported, by compose-go's interpolation of the whole model.
func (p *Project) projectName() string {
	name := ""
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		if v, ok := p.root(d).Get("name").Value(); ok {
			name = v
		}
	}
	if name = loader.NormalizeProjectName(name); name != "" {
		return name
	}
	if name = loader.NormalizeProjectName(filepath.Base(p.workDir)); name != "" {
		return name
	}
	return "project"
}

// loadSafely calls compose-go, turning a panic into an error.
func loadSafely(ctx context.Context, details types.ConfigDetails, opts ...func(*loader.Options)) (proj *types.Project, err error) {
	defer func() {
		if r := recover(); r != nil {
			proj, err = nil, errors.New("compose-go failed on this file")
		}
	}()
	return loader.LoadWithContext(ctx, details, opts...)
}

func (p *Project) setConfig(proj *types.Project) {
	p.Config = proj
	for _, s := range p.services {
		if c, ok := proj.Services[s.Name]; ok {
			s.Config, s.Loaded = c, true
		} else if c, ok := proj.DisabledServices[s.Name]; ok {
			s.Config, s.Loaded = c, true
		}
	}
}

func quietSubstitute(s string, m template.Mapping) (string, error) {
	return template.SubstituteWithOptions(s, m, template.WithoutLogging)
}

// problems decides whether a compose-go error makes the files invalid
// Compose, and positions it. Errors caused by what is not in the files —
// missing variables, env files, extends and include targets — are not
// problems: the project is linted from its nodes. Neither are consistency
// errors (undefined networks, services without image): Compose files are
// often fragments or overrides of a larger project.
func (p *Project) problems(err error) []*source.Error {
	var missing *template.MissingRequiredError
	var missingV template.MissingRequiredError
	switch {
	case errors.As(err, &missing), errors.As(err, &missingV),
		errors.Is(err, fs.ErrNotExist), errdefs.IsNotFoundError(err),
		errdefs.IsInvalidError(err):
		return nil
	}
	msg := err.Error()
	for _, s := range dependencyErrors {
		if strings.Contains(msg, s) {
			return nil
		}
	}
	if m := extendsErr.FindStringSubmatch(msg); m != nil && !p.isLinted(m[1]) {
		return nil
	}
	msg = p.schemaMessage(msg) // the same cause on every run
	msg = falseSchema.ReplaceAllString(validating.ReplaceAllString(msg, ""), `$1 additional properties '$2' not allowed`)
	msg = bracketKey.ReplaceAllString(msg, "$1.$2")
	msg = sortPropertyList(msg)
	n, path := p.locate(msg)
	keysOnly := strings.Contains(msg, "additional propert") // keys are never interpolated
	if m := badKey.FindStringSubmatch(msg); m != nil && (n != nil || len(path) == 0) {
		if n == nil && len(p.Files) > 0 {
			for _, d := range p.docs {
				if d.linted && d.root != nil && d.file == p.Files[0] {
					n = p.root(d)
					break
				}
			}
		}
		if k := n.Get(m[1]); k != nil {
			n = k
		}
	}
	if keysOnly && n != nil && n.Key != nil {
		n = &Node{Y: n.Key, Src: n.Src, p: n.p, via: n.via}
	}
	switch {
	case n != nil && !keysOnly && p.usesUnset(n):
		return nil // the value depends on a variable that is not set here
	case n == nil && len(path) == 0 && len(p.unsetVars()) > 0:
		return nil
	}
	e := &source.Error{Path: p.Files[0].Path, Line: 1, Column: 1, Msg: p.cleanMessage(msg)}
	// compose-go quotes values, whole or in part ("parsing \"dot-s3\""):
	// when a variable's value reached the text, say what was written instead.
	switch {
	case n != nil && !keysOnly && p.usesSet(n):
		e.Msg = "invalid value"
		if len(path) > 0 {
			e.Msg = "invalid value for " + strings.Join(path, ".")
		}
		if n.IsScalar() {
			e.Msg += fmt.Sprintf(" %q (as interpolated)", n.Text())
		}
	case n == nil && len(p.setVars()) > 0:
		e.Msg = "compose-go rejects the file with its variables interpolated (details not shown, they may contain values of variables)"
	}
	if n != nil {
		sp := n.KeySpan()
		if n.IsScalar() && !n.IsNull() {
			sp = n.Span()
		}
		pos := n.File().Position(sp.Start)
		e.Path, e.Line, e.Column = n.File().Path, pos.Line, pos.Column
	}
	return []*source.Error{e}
}

// dependencyErrors are compose-go messages about files outside the linted
// ones.
var dependencyErrors = []string{
	"no such file or directory", "couldn't find env file", "couldn't read env file",
	"env file ", "label file ", "cannot read ", "is not a file", "include cycle detected",
	"no services section", "The system cannot find",
}

var extendsErr = regexp.MustCompile(`cannot extend service "[^"]*" in ([^:]+):`)

func (p *Project) isLinted(path string) bool {
	for _, d := range p.docs {
		if d.linted && (d.abs == path || d.file.Path == path) {
			return true
		}
	}
	return false
}

// keyPath finds the dotted key path compose-go names in its messages:
// "services.web.ports.0 must be ...", "error while interpolating
// services.db.privileged: ...", "service \"web\" ...".
var (
	keyPath     = regexp.MustCompile(`(?:^|[\s'"(])((?:services|networks|volumes|secrets|configs|models|include|name|version|x-[\w.-]*)(?:\.[^\s:'",]+)*)`)
	serviceName = regexp.MustCompile(`services?\s+"([^"]+)"`)
	validating  = regexp.MustCompile(`^validating [^:]+: `)
	// falseSchema is how the schema library says a key is not allowed.
	falseSchema = regexp.MustCompile(`^(\S+)\.([^.\s]+) false schema$`)
	badKey      = regexp.MustCompile(`additional properties '([^']+)'`)
	// bracketKey turns mapstructure's services[web] into services.web.
	bracketKey = regexp.MustCompile(`(\w)\[([^\]\d][^\]]*)\]`)
	// propertyList is the name list of "additional properties 'a', 'b' not allowed".
	propertyList = regexp.MustCompile(`properties ('[^']*'(?:, '[^']*')+) not allowed`)
)

// locate finds the node an error message names, in the linted file that
// sets it last (nil when the message names none), and the path it named.
func (p *Project) locate(msg string) (*Node, []string) {
	msg = validating.ReplaceAllString(msg, "")
	var path []string
	if m := keyPath.FindStringSubmatch(msg); m != nil {
		path = strings.Split(strings.TrimSuffix(m[1], "."), ".")
	} else if m := serviceName.FindStringSubmatch(msg); m != nil {
		path = []string{"services", m[1]}
	}
	best, bestDepth := (*Node)(nil), 0
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		n, depth := p.root(d), 0
		for _, k := range path {
			c := stepPath(n, k)
			if c == nil {
				break
			}
			n, depth = c, depth+1
		}
		if depth > 0 && depth >= bestDepth {
			best, bestDepth = n, depth
		}
	}
	return best, path
}

// stepPath follows one segment of a compose-go path: a key, an index, or
// "[]"/"[N]" for a list item (the first one when the index is unknown).
func stepPath(n *Node, k string) *Node {
	if n.IsSeq() {
		k = strings.Trim(k, "[]")
		i, err := strconv.Atoi(k)
		if err != nil {
			i = 0
		}
		if items := n.Items(); i >= 0 && i < len(items) {
			return items[i]
		}
		return nil
	}
	return n.Get(k)
}

// usesUnset reports whether n, or anything below it, uses a variable that
// is not set (so its value is not what the author meant).
func (p *Project) usesUnset(n *Node) bool { return uses(n, p.unsetVars()) }

// usesSet reports whether n, or anything below it, uses a variable that
// has a value, which could then appear in compose-go's message.
func (p *Project) usesSet(n *Node) bool { return uses(n, p.setVars()) }

// uses reports whether a scalar in n's subtree refers to a variable in vars.
func uses(n *Node, vars map[string]bool) bool {
	if len(vars) == 0 {
		return false
	}
	found, visit := false, 0
	var rec func(y *yaml.Node)
	rec = func(y *yaml.Node) {
		if found || visit > maxVisits {
			return
		}
		visit++
		if y.Kind == yaml.ScalarNode {
			for _, v := range varNames(y.Value) {
				found = found || vars[v]
			}
		}
		for _, c := range y.Content {
			rec(c)
		}
		if y.Kind == yaml.AliasNode && y.Alias != nil {
			rec(y.Alias)
		}
	}
	rec(n.Y)
	return found
}

// setVars lists the variables the linted files use that have a value.
func (p *Project) setVars() map[string]bool {
	out := map[string]bool{}
	for name := range p.referenced() {
		if _, ok := p.env[name]; ok {
			out[name] = true
		}
	}
	return out
}

// maxVisits bounds walks over a subtree, so alias bombs cost nothing.
const maxVisits = 100000

// unsetVars lists the variables the linted files use without a value or a
// default.
func (p *Project) unsetVars() map[string]bool {
	out := map[string]bool{}
	for name, v := range p.referenced() {
		if _, ok := p.env[name]; !ok && v.bare {
			out[name] = true
		}
	}
	return out
}

// varRef says how a variable is used: bare when at least one reference
// has no default.
type varRef struct{ bare bool }

// referenced lists the variables the linted files use.
func (p *Project) referenced() map[string]varRef {
	if p.refs != nil {
		return p.refs
	}
	out := map[string]varRef{}
	p.refs = out
	for _, d := range p.docs {
		if !d.linted || d.root == nil {
			continue
		}
		var rec func(y *yaml.Node, depth int)
		rec = func(y *yaml.Node, depth int) {
			if depth > 200 {
				return
			}
			if y.Kind == yaml.ScalarNode && hasVars(y.Value) {
				for _, m := range template.DefaultPattern.FindAllStringSubmatch(y.Value, -1) {
					name, def := refName(m)
					if name != "" {
						r := out[name]
						r.bare = r.bare || !def
						out[name] = r
					}
				}
			}
			for _, c := range y.Content {
				rec(c, depth+1)
			}
		}
		rec(d.root, 0)
	}
	return out
}

var (
	namedGroup  = template.DefaultPattern.SubexpIndex("named")
	bracedGroup = template.DefaultPattern.SubexpIndex("braced")
)

// refName reads a variable name out of a template match, and whether it
// carries a default or alternative (`${A:-x}`, `${A-x}`, `${A:+x}`).
func refName(m []string) (string, bool) {
	if namedGroup > 0 && m[namedGroup] != "" {
		return m[namedGroup], false
	}
	if bracedGroup > 0 && m[bracedGroup] != "" {
		b := m[bracedGroup]
		i := strings.IndexAny(b, ":-+?")
		if i < 0 {
			return b, false
		}
		rest := strings.TrimPrefix(b[i:], ":")
		return b[:i], strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+")
	}
	return "", false
}

func varNames(s string) []string {
	var out []string
	for _, m := range template.DefaultPattern.FindAllStringSubmatch(s, -1) {
		if n, _ := refName(m); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// cleanMessage makes a compose-go error one line that never shows a
// resolved value: the value of every variable the files use is replaced by
// its reference, and absolute paths by the paths the user named.
func (p *Project) cleanMessage(msg string) string {
	msg = validating.ReplaceAllString(msg, "")
	msg = strings.Join(strings.Fields(msg), " ")
	for _, d := range p.docs {
		if d.abs != "" && d.abs != d.file.Path {
			msg = strings.ReplaceAll(msg, d.abs, d.file.Path)
		}
	}
	return p.Redact(msg)
}

// Redact replaces, in s, the value of every variable the project's files
// reference with `${NAME}`, longest values first. Values shorter than 4
// bytes are left: they cannot hide a secret and would garble the text.
func (p *Project) Redact(s string) string {
	type kv struct{ name, val string }
	var vals []kv
	for name := range p.referenced() {
		if v, ok := p.env[name]; ok && len(v) >= 4 {
			vals = append(vals, kv{name, v})
		}
	}
	sort.Slice(vals, func(i, j int) bool {
		if len(vals[i].val) != len(vals[j].val) {
			return len(vals[i].val) > len(vals[j].val)
		}
		return vals[i].name < vals[j].name
	})
	for _, v := range vals {
		s = strings.ReplaceAll(s, v.val, "${"+v.name+"}")
	}
	return s
}

// yamlMark finds the position in a YAML library message.
var yamlMark = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// yamlError positions a YAML syntax error.
func yamlError(f *source.File, err error) *source.Error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	e := &source.Error{Path: f.Path, Line: 1, Column: 1, Msg: strings.TrimPrefix(msg, "yaml: ")}
	// the last mark is the problem; an earlier one is its context
	if ms := yamlMark.FindAllStringSubmatch(msg, -1); ms != nil {
		m := ms[len(ms)-1]
		e.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			e.Column, _ = strconv.Atoi(m[2])
		}
		if e.Line > f.LineCount() {
			e.Line = max(f.LineCount(), 1)
		}
		if e.Column == 0 {
			e.Column = 1
		}
	}
	return e
}

// sortPropertyList sorts the names in "additional properties 'b', 'a' not
// allowed": compose-go lists them in map order, and output must not vary
// from run to run.
func sortPropertyList(msg string) string {
	return propertyList.ReplaceAllStringFunc(msg, func(m string) string {
		list := propertyList.FindStringSubmatch(m)[1]
		names := strings.Split(list, ", ")
		sort.Strings(names)
		return strings.Replace(m, list, strings.Join(names, ", "), 1)
	})
}
