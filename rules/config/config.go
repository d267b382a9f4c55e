// Package config reads .seaworthy.yaml, the per-project configuration:
// ignored and enabled rules, severity overrides, the failure threshold,
// trusted registries, allowed and denied base images, the label schema, rule
// options and the globs that add or drop files when folders are walked.
//
// Parsing is strict: an unknown key or a bad value is an *Error that names
// the file, line, column and key, so that a typo never silently turns a
// policy off (hadolint ignores unknown keys; users do not notice).
// docs/configuration.md documents every key.
package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"go.yaml.in/yaml/v4"
)

// FileName is the configuration file looked up from each linted file's
// folder upwards; AltFileName is accepted too (FileName wins).
const (
	FileName    = ".seaworthy.yaml"
	AltFileName = ".seaworthy.yml"
)

// Config is one parsed .seaworthy.yaml. The zero value is the default
// configuration (no file).
type Config struct {
	// Path is the file it was read from; "" for the default configuration.
	Path string
	// Dir is the folder include/exclude globs are relative to.
	Dir string

	Ignore   []*rules.Rule
	Enable   []*rules.Rule
	Severity map[*rules.Rule]rules.Severity
	// Threshold is the failure threshold; meaningful when HasThreshold.
	Threshold    rules.Severity
	HasThreshold bool

	TrustedRegistries []string
	AllowedImages     []string
	DeniedImages      []string
	// LabelSchema maps label keys every image must carry to the type of
	// their value (one of LabelTypes); StrictLabels makes any other label a
	// finding. hadolint's label-schema and strict-labels.
	LabelSchema  map[string]string
	StrictLabels bool
	// Options holds rule options by rule ID.
	Options map[string]map[string]any

	Include []string
	Exclude []string
}

// Error is a problem in a configuration file, at a position when known.
type Error struct {
	Path         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Keys lists every top-level key, in the order docs/configuration.md
// documents them.
var Keys = []string{
	"version", "ignore", "enable", "severity", "failure-threshold",
	"trusted-registries", "allowed-images", "denied-images",
	"label-schema", "strict-labels", "rules", "include", "exclude",
}

// LabelTypes are the value types of label-schema, hadolint's: any text, an
// absolute URL, an RFC 3339 time, a SemVer version, a git commit hash, an
// SPDX license expression, an email address.
var LabelTypes = []string{"text", "url", "rfc3339", "semver", "hash", "spdx", "email"}

// maxFile bounds what is read of a configuration file.
const maxFile = 1 << 20

// Load reads and parses the configuration file at path, which the user
// named (--config): it is read wherever it is, bounded like every file.
func Load(path string) (*Config, error) {
	return load(&source.Reader{Max: maxFile}, path)
}

// load reads a configuration through files: a nested configuration found
// by the look-up is read only inside the linted tree.
func load(files *source.Reader, path string) (*Config, error) {
	data, err := files.Read(path)
	if err != nil {
		var msg string
		switch {
		case os.IsNotExist(err):
			msg = "configuration file not found"
		case errors.Is(err, source.ErrTooLarge):
			msg = fmt.Sprintf("configuration is larger than %d MiB, the most seaworthy reads", maxFile>>20)
		case source.IsOutside(err):
			msg = err.Error()
		default:
			msg = "cannot read configuration: " + unwrapPathErr(err)
		}
		return nil, &Error{Path: path, Msg: msg}
	}
	return Parse(path, data)
}

func unwrapPathErr(err error) string {
	if pe, ok := err.(*os.PathError); ok { //nolint:errorlint // os.ReadFile returns *PathError itself
		return pe.Err.Error()
	}
	return err.Error()
}

var yamlLineRe = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// Parse parses the text of a configuration file; path names it in errors
// and, through its folder, anchors the include and exclude globs.
func Parse(path string, data []byte) (*Config, error) {
	c := &Config{Path: path, Dir: dirOf(path)}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			e := &Error{Path: path, Msg: "invalid YAML: " + m[2]}
			if m[1] != "" {
				_, _ = fmt.Sscan(m[1], &e.Line)
				e.Column = 1
			}
			return nil, e
		}
		return nil, &Error{Path: path, Msg: "invalid YAML: " + msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file: defaults
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p := &parser{path: path}
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "the configuration must be a mapping of keys (%s)", strings.Join(Keys, ", "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if seen[key] {
			return nil, p.errorf(k, "duplicate key %q", key)
		}
		seen[key] = true
		if err := p.key(c, key, k, resolve(v)); err != nil {
			return nil, err
		}
	}
	if err := checkConflicts(c); err != nil {
		return nil, err
	}
	return c, nil
}

type parser struct{ path string }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) *Error {
	return &Error{Path: p.path, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

// resolve follows YAML aliases (&anchor / *anchor).
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func (p *parser) key(c *Config, key string, k, v *yaml.Node) error {
	var err error
	switch key {
	case "version":
		if v.Kind != yaml.ScalarNode || v.Value != "1" {
			return p.errorf(v, "version: unsupported version %q (want 1)", v.Value)
		}
	case "ignore":
		c.Ignore, err = p.ruleList(key, v)
	case "enable":
		c.Enable, err = p.ruleList(key, v)
	case "severity":
		c.Severity, err = p.severities(v)
	case "failure-threshold":
		var s string
		if s, err = p.scalar(key, v); err == nil {
			sev, perr := rules.ParseSeverity(s)
			if perr != nil {
				return p.errorf(v, "failure-threshold: %v", perr)
			}
			c.Threshold, c.HasThreshold = sev, true
		}
	case "trusted-registries":
		c.TrustedRegistries, err = p.patterns(key, v)
	case "allowed-images":
		c.AllowedImages, err = p.patterns(key, v)
	case "denied-images":
		c.DeniedImages, err = p.patterns(key, v)
	case "label-schema":
		c.LabelSchema, err = p.labelSchema(v)
	case "strict-labels":
		c.StrictLabels, err = p.boolean(key, v)
	case "rules":
		c.Options, err = p.options(v)
	case "include":
		c.Include, err = p.globs(key, v)
	case "exclude":
		c.Exclude, err = p.globs(key, v)
	default:
		return p.errorf(k, "unknown key %q (known keys: %s)", key, strings.Join(Keys, ", "))
	}
	return err
}

// boolean reads true or false (YAML 1.2 spellings only: yes and on are text).
func (p *parser) boolean(key string, v *yaml.Node) (bool, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		switch strings.ToLower(v.Value) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, p.errorf(v, "%s: want true or false", key)
}

// labelSchema reads `label-schema: {label: type}`.
func (p *parser) labelSchema(v *yaml.Node) (map[string]string, error) {
	if v.Kind != yaml.MappingNode {
		if v.Tag == "!!null" {
			return nil, nil
		}
		return nil, p.errorf(v, "label-schema: want a mapping of label: type (%s)", strings.Join(LabelTypes, ", "))
	}
	out := map[string]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := resolve(v.Content[i]), resolve(v.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" || strings.TrimSpace(k.Value) == "" || strings.Contains(k.Value, "=") {
			return nil, p.errorf(k, "label-schema: %q is not a label key", k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, p.errorf(k, "label-schema: label %q is set twice", k.Value)
		}
		if val.Kind != yaml.ScalarNode || !validLabelType(val.Value) {
			return nil, p.errorf(val, "label-schema: %s: unknown type %q (want %s)", k.Value, val.Value, strings.Join(LabelTypes, ", "))
		}
		out[k.Value] = val.Value
	}
	return out, nil
}

func validLabelType(t string) bool {
	for _, x := range LabelTypes {
		if t == x {
			return true
		}
	}
	return false
}

func (p *parser) scalar(key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", p.errorf(v, "%s: want a single value", key)
	}
	return v.Value, nil
}

// strings reads a list of strings; a single string is accepted as a list of one.
func (p *parser) strings(key string, v *yaml.Node) ([]string, []*yaml.Node, error) {
	var items []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, nil, nil
		}
		items = []*yaml.Node{v}
	case yaml.SequenceNode:
		items = v.Content
	default:
		return nil, nil, p.errorf(v, "%s: want a list of strings", key)
	}
	out := make([]string, 0, len(items))
	nodes := make([]*yaml.Node, 0, len(items))
	for _, it := range items {
		it = resolve(it)
		if it.Kind != yaml.ScalarNode || it.Tag == "!!null" || strings.TrimSpace(it.Value) == "" {
			return nil, nil, p.errorf(it, "%s: want a list of strings, found an empty or nested item", key)
		}
		out = append(out, strings.TrimSpace(it.Value))
		nodes = append(nodes, it)
	}
	return out, nodes, nil
}

func (p *parser) ruleList(key string, v *yaml.Node) ([]*rules.Rule, error) {
	names, nodes, err := p.strings(key, v)
	if err != nil {
		return nil, err
	}
	var out []*rules.Rule
	for i, n := range names {
		r, err := p.rule(key, nodes[i], n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// rule looks a rule up by ID or name. The parse-error rule cannot be
// configured: a file that does not parse was not linted.
func (p *parser) rule(key string, n *yaml.Node, name string) (*rules.Rule, error) {
	r := catalog.Lookup(name)
	if r == nil {
		return nil, p.errorf(n, "%s: unknown rule %q", key, name)
	}
	if r == rules.ParseError {
		return nil, p.errorf(n, "%s: %s (%s) cannot be configured: a file that does not parse is not linted", key, r.ID, r.Name)
	}
	return r, nil
}

func (p *parser) severities(v *yaml.Node) (map[*rules.Rule]rules.Severity, error) {
	if v.Kind != yaml.MappingNode {
		if v.Tag == "!!null" {
			return nil, nil
		}
		return nil, p.errorf(v, "severity: want a mapping of rule: level")
	}
	out := map[*rules.Rule]rules.Severity{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], resolve(v.Content[i+1])
		r, err := p.rule("severity", k, k.Value)
		if err != nil {
			return nil, err
		}
		if _, dup := out[r]; dup {
			return nil, p.errorf(k, "severity: %s (%s) is set twice", r.ID, r.Name)
		}
		level, err := p.scalar("severity: "+k.Value, val)
		if err != nil {
			return nil, err
		}
		sev, perr := rules.ParseSeverity(level)
		if perr != nil || sev == rules.SeverityNone {
			return nil, p.errorf(val, "severity: %s: unknown severity %q (want error, warning, info or style; to turn a rule off, list it under ignore)", k.Value, level)
		}
		out[r] = sev
	}
	return out, nil
}

// patterns reads registry or image glob patterns: `*` matches any text and
// `?` one character; nothing else is special.
func (p *parser) patterns(key string, v *yaml.Node) ([]string, error) {
	list, nodes, err := p.strings(key, v)
	if err != nil {
		return nil, err
	}
	for i, s := range list {
		if strings.ContainsAny(s, " \t") {
			return nil, p.errorf(nodes[i], "%s: %q is not a valid pattern (it contains a space)", key, s)
		}
	}
	return list, nil
}

func (p *parser) globs(key string, v *yaml.Node) ([]string, error) {
	list, nodes, err := p.strings(key, v)
	if err != nil {
		return nil, err
	}
	for i, g := range list {
		if err := validGlob(g); err != nil {
			return nil, p.errorf(nodes[i], "%s: %q: %v", key, g, err)
		}
	}
	return list, nil
}

var optionNameRe = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// options reads `rules: {RULE: {option: value}}`, keyed by rule ID.
func (p *parser) options(v *yaml.Node) (map[string]map[string]any, error) {
	if v.Kind != yaml.MappingNode {
		if v.Tag == "!!null" {
			return nil, nil
		}
		return nil, p.errorf(v, "rules: want a mapping of rule: {option: value}")
	}
	out := map[string]map[string]any{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], resolve(v.Content[i+1])
		r, err := p.rule("rules", k, k.Value)
		if err != nil {
			return nil, err
		}
		if _, dup := out[r.ID]; dup {
			return nil, p.errorf(k, "rules: %s (%s) is set twice", r.ID, r.Name)
		}
		if val.Kind != yaml.MappingNode {
			return nil, p.errorf(val, "rules: %s: want a mapping of option: value", k.Value)
		}
		opts := map[string]any{}
		for j := 0; j+1 < len(val.Content); j += 2 {
			ok, ov := val.Content[j], val.Content[j+1]
			if !optionNameRe.MatchString(ok.Value) {
				return nil, p.errorf(ok, "rules: %s: %q is not a valid option name", k.Value, ok.Value)
			}
			opt, known := r.Option(ok.Value)
			if !known {
				return nil, p.errorf(ok, "rules: %s: unknown option %q (%s)", k.Value, ok.Value, optionNames(r))
			}
			var x any
			if err := ov.Decode(&x); err != nil {
				return nil, p.errorf(ov, "rules: %s: %s: %v", k.Value, ok.Value, err)
			}
			if opt.Check != nil {
				if err := opt.Check(x); err != nil {
					return nil, p.errorf(ov, "rules: %s: %s: %v", k.Value, ok.Value, err)
				}
			}
			opts[ok.Value] = x
		}
		out[r.ID] = opts
	}
	return out, nil
}

// checkConflicts rejects a rule that is both ignored and enabled, and
// strict-labels without a label-schema (every label would be reported).
func checkConflicts(c *Config) error {
	if c.StrictLabels && len(c.LabelSchema) == 0 {
		return &Error{Path: c.Path, Msg: "strict-labels needs a label-schema: without one, every label would be reported"}
	}
	ignored := map[*rules.Rule]bool{}
	for _, r := range c.Ignore {
		ignored[r] = true
	}
	var both []string
	for _, r := range c.Enable {
		if ignored[r] {
			both = append(both, r.ID)
		}
	}
	if len(both) > 0 {
		sort.Strings(both)
		return &Error{Path: c.Path, Msg: fmt.Sprintf("rule %s is both ignored and enabled", strings.Join(both, ", "))}
	}
	return nil
}

// optionNames lists a rule's options for an error message.
func optionNames(r *rules.Rule) string {
	if len(r.Options) == 0 {
		return r.ID + " has no options"
	}
	names := make([]string, len(r.Options))
	for i, o := range r.Options {
		names[i] = o.Name
	}
	return "options of " + r.ID + ": " + strings.Join(names, ", ")
}
