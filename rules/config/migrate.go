package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"go.yaml.in/yaml/v4"
)

// Migrate turns a hadolint configuration (.hadolint.yaml) into the text of
// an equivalent .seaworthy.yaml:
//   - ignored: DL codes → ignore: the rules listing them as hadolint equivalents;
//   - override: {error|warning|info|style: [codes]} → severity: (error wins
//     when a code is in several lists, as in hadolint);
//   - trustedRegistries (a string or a list) → trusted-registries;
//   - failure-threshold → failure-threshold (hadolint's "ignore" becomes "none");
//   - label-schema → label-schema (hadolint's empty type is text) and
//     strict-labels → strict-labels.
//
// Codes with no seaworthy equivalent (ShellCheck SC codes, most DL codes
// of rules seaworthy does not have) and keys with no counterpart
// (disable-ignore-pragma, format, no-color, ...) are listed in comments, so nothing
// is dropped silently. hadolint reads unknown keys without complaint; so
// does Migrate, and it lists them too.
func Migrate(path string, data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: invalid YAML: %s", path, strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\n", "; "), "yaml: "))
	}
	m := migration{path: path, severity: map[*rules.Rule]rules.Severity{}}
	if len(doc.Content) > 0 {
		root := resolve(doc.Content[0])
		if root.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(root.Content); i += 2 {
				if err := m.key(root.Content[i], resolve(root.Content[i+1])); err != nil {
					return nil, err
				}
			}
		} else if root.Tag != "!!null" {
			return nil, fmt.Errorf("%s:%d:%d: a hadolint configuration is a mapping of keys", path, root.Line, root.Column)
		}
	}
	out := m.render()
	if _, err := Parse(FileName, out); err != nil {
		return nil, fmt.Errorf("internal error: migrated configuration does not parse: %w", err)
	}
	return out, nil
}

type migration struct {
	path      string
	ignore    []mapped
	severity  map[*rules.Rule]rules.Severity
	sevFrom   map[*rules.Rule][]string
	registry  []string
	threshold string
	labels    map[string]string // label-schema
	strict    bool              // strict-labels
	unmapped  []string          // hadolint codes with no equivalent
	dropped   []string          // keys with no counterpart
	notes     []string
}

// mapped is a seaworthy rule and the hadolint codes that led to it.
type mapped struct {
	rule  *rules.Rule
	codes []string
}

func (m *migration) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %s", m.path, n.Line, n.Column, fmt.Sprintf(format, args...))
}

func (m *migration) codes(key string, v *yaml.Node) ([]string, error) {
	var items []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, nil
		}
		items = []*yaml.Node{v}
	case yaml.SequenceNode:
		items = v.Content
	default:
		return nil, m.errorf(v, "%s: want a list", key)
	}
	var out []string
	for _, it := range items {
		it = resolve(it)
		if it.Kind != yaml.ScalarNode {
			return nil, m.errorf(it, "%s: want a list of strings", key)
		}
		out = append(out, strings.TrimSpace(it.Value))
	}
	return out, nil
}

// equivalents maps a hadolint code to seaworthy rules, noting it when none.
func (m *migration) equivalents(code string) []*rules.Rule {
	rs := catalog.ByEquivalent(rules.Hadolint, strings.ToUpper(code))
	if len(rs) == 0 && !contains(m.unmapped, code) {
		m.unmapped = append(m.unmapped, code)
	}
	return rs
}

func (m *migration) key(k, v *yaml.Node) error {
	switch k.Value {
	case "ignored":
		codes, err := m.codes(k.Value, v)
		if err != nil {
			return err
		}
		for _, c := range codes {
			for _, r := range m.equivalents(c) {
				m.addIgnore(r, c)
			}
		}
	case "override":
		if v.Kind != yaml.MappingNode {
			return m.errorf(v, "override: want a mapping of error, warning, info, style to lists of codes")
		}
		levels := map[string][]string{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			lk, lv := v.Content[i], resolve(v.Content[i+1])
			codes, err := m.codes("override."+lk.Value, lv)
			if err != nil {
				return err
			}
			if _, err := rules.ParseSeverity(lk.Value); err != nil || lk.Value == "none" {
				m.dropped = append(m.dropped, "override."+lk.Value)
				continue
			}
			levels[strings.ToLower(lk.Value)] = append(levels[strings.ToLower(lk.Value)], codes...)
		}
		// Least severe first, so that error wins as in hadolint.
		for _, level := range []string{"style", "info", "warning", "error"} {
			sev, _ := rules.ParseSeverity(level)
			for _, c := range levels[level] {
				for _, r := range m.equivalents(c) {
					m.severity[r] = sev
					if m.sevFrom == nil {
						m.sevFrom = map[*rules.Rule][]string{}
					}
					if !contains(m.sevFrom[r], c) {
						m.sevFrom[r] = append(m.sevFrom[r], c)
					}
				}
			}
		}
	case "trustedRegistries":
		regs, err := m.codes(k.Value, v)
		if err != nil {
			return err
		}
		m.registry = append(m.registry, regs...)
	case "failure-threshold":
		if v.Kind != yaml.ScalarNode {
			return m.errorf(v, "failure-threshold: want a single value")
		}
		t := strings.ToLower(strings.TrimSpace(v.Value))
		switch t {
		case "ignore":
			m.notes = append(m.notes, `hadolint's failure-threshold "ignore" fails on nothing here: "none"`)
			t = "none"
		case "none":
			m.notes = append(m.notes, `hadolint's failure-threshold "none" fails on every finding (a hadolint bug); here "none" fails on nothing`)
		}
		if _, err := rules.ParseSeverity(t); err != nil {
			return m.errorf(v, "failure-threshold: %v", err)
		}
		m.threshold = t
	case "label-schema":
		return m.labelSchema(v)
	case "strict-labels":
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			return m.errorf(v, "strict-labels: want true or false")
		}
		m.strict = strings.EqualFold(v.Value, "true")
	default:
		m.dropped = append(m.dropped, k.Value)
	}
	return nil
}

// labelSchema reads hadolint's `label-schema: {label: type}`, where an
// empty type means text, as in hadolint.
func (m *migration) labelSchema(v *yaml.Node) error {
	if v.Kind != yaml.MappingNode {
		if v.Tag == "!!null" {
			return nil
		}
		return m.errorf(v, "label-schema: want a mapping of label: type")
	}
	if m.labels == nil {
		m.labels = map[string]string{}
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, t := resolve(v.Content[i]), resolve(v.Content[i+1])
		if k.Kind != yaml.ScalarNode || t.Kind != yaml.ScalarNode {
			return m.errorf(k, "label-schema: want a mapping of label: type")
		}
		if strings.TrimSpace(k.Value) == "" || strings.Contains(k.Value, "=") {
			m.notes = append(m.notes, fmt.Sprintf("label-schema key %q cannot be a label key; not carried over", k.Value))
			continue
		}
		typ := t.Value
		if t.Tag == "!!null" || typ == "" {
			typ = "text"
		}
		if !validLabelType(typ) {
			return m.errorf(t, "label-schema: %s: unknown type %q (want %s)", k.Value, t.Value, strings.Join(LabelTypes, ", "))
		}
		m.labels[k.Value] = typ
	}
	return nil
}

func (m *migration) addIgnore(r *rules.Rule, code string) {
	for i := range m.ignore {
		if m.ignore[i].rule == r {
			if !contains(m.ignore[i].codes, code) {
				m.ignore[i].codes = append(m.ignore[i].codes, code)
			}
			return
		}
	}
	m.ignore = append(m.ignore, mapped{rule: r, codes: []string{code}})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func (m *migration) render() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s migrated from %s by `seaworthy config migrate`.\n", FileName, m.path)
	b.WriteString("# Every key: docs/configuration.md\n")
	b.WriteString("version: 1\n")
	if len(m.ignore) > 0 {
		sort.Slice(m.ignore, func(i, j int) bool { return m.ignore[i].rule.ID < m.ignore[j].rule.ID })
		b.WriteString("ignore:\n")
		for _, x := range m.ignore {
			fmt.Fprintf(&b, "  - %s # %s (hadolint %s)\n", x.rule.ID, x.rule.Name, strings.Join(x.codes, ", "))
		}
	}
	if len(m.severity) > 0 {
		var rs []*rules.Rule
		for r := range m.severity {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		b.WriteString("severity:\n")
		for _, r := range rs {
			fmt.Fprintf(&b, "  %s: %s # %s (hadolint %s)\n", r.ID, m.severity[r], r.Name, strings.Join(m.sevFrom[r], ", "))
		}
	}
	if m.threshold != "" {
		fmt.Fprintf(&b, "failure-threshold: %s\n", m.threshold)
	} else {
		b.WriteString("# hadolint fails on info findings by default; seaworthy on warnings. To keep\n# hadolint's behaviour:\n# failure-threshold: info\n")
	}
	if len(m.registry) > 0 {
		b.WriteString("trusted-registries:\n")
		for _, r := range m.registry {
			fmt.Fprintf(&b, "  - %s\n", strconv.Quote(r))
		}
	}
	if len(m.labels) > 0 {
		keys := make([]string, 0, len(m.labels))
		for k := range m.labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("label-schema:\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s: %s\n", strconv.Quote(k), m.labels[k])
		}
		if m.strict {
			b.WriteString("strict-labels: true\n")
		}
	} else if m.strict {
		m.notes = append(m.notes, "hadolint's strict-labels without a label-schema reports every label; not carried over")
	}
	for _, n := range m.notes {
		fmt.Fprintf(&b, "# Note: %s.\n", n)
	}
	if len(m.unmapped) > 0 {
		fmt.Fprintf(&b, "# hadolint codes with no seaworthy equivalent, not carried over: %s\n", strings.Join(m.unmapped, ", "))
	}
	if len(m.dropped) > 0 {
		fmt.Fprintf(&b, "# hadolint settings with no counterpart, not carried over: %s\n", strings.Join(m.dropped, ", "))
	}
	return []byte(b.String())
}
