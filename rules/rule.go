// Package rules holds what every rule shares: its metadata, the pass it runs
// in, and the findings it reports. The rules themselves live in the
// sub-packages dockerfile (SW1xxx) and compose (SW2xxx); catalog lists them all.
//
// A rule is data plus a function, as in golang.org/x/tools/go/analysis: the
// Rule literal carries everything users and integrations see (ID, name,
// severity, docs, peer equivalents), and Run does the check.
package rules

import (
	"fmt"
	"strings"
)

// Kind says which files a rule reads.
type Kind string

const (
	// Dockerfile rules read Dockerfiles and Containerfiles.
	Dockerfile Kind = "dockerfile"
	// Compose rules read Compose files.
	Compose Kind = "compose"
	// Meta rules are reported by the linter itself (parse errors, stale suppressions).
	Meta Kind = "meta"
)

// Severity orders findings; a higher value is more severe.
type Severity int

// Severities, least severe first so that comparisons read naturally.
const (
	SeverityNone Severity = iota // only meaningful as a failure threshold
	Style
	Info
	Warning
	Error
)

var severityNames = map[Severity]string{SeverityNone: "none", Style: "style", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string { return severityNames[s] }

// MarshalText writes the severity's name, so JSON and YAML carry "warning", not 3.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "error", "warning", "info", "style" or "none".
func ParseSeverity(name string) (Severity, error) {
	for s, n := range severityNames {
		if n == strings.ToLower(name) {
			return s, nil
		}
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning, info, style or none)", name)
}

// Peer tool names used as keys of Rule.Equivalents.
const (
	Hadolint = "hadolint"
	BuildKit = "buildkit"
	Trivy    = "trivy"
	KICS     = "kics"
	Checkov  = "checkov"
)

// Rule is one check with its metadata. Everything but Run is shown to users.
type Rule struct {
	ID       string   // stable: SW0xxx meta, SW1xxx Dockerfile, SW2xxx Compose
	Name     string   // kebab-case
	Kind     Kind     // which files it reads
	Severity Severity // default severity; configuration may override it
	// SecuritySeverity scores a rule tagged security for GitHub code
	// scanning, from 0.1 to 10: above 9.0 critical, 7.0 to 8.9 high, 4.0 to
	// 6.9 medium, below 4.0 low. It is the harm of what the rule finds, not
	// its lint severity: an end-of-life image is a warning, a medium risk;
	// a privileged service is a critical one. Zero for other rules.
	SecuritySeverity float64
	Summary          string // one line, no final period
	// Doc is the rule's documentation in Markdown: why it matters, how to fix it.
	Doc string
	// Tags group rules: security, supply-chain, best-practice, correctness, ...
	Tags []string
	// CIS lists the CIS Docker Benchmark (v1.6.0) items the rule covers.
	CIS []string
	// Equivalents lists the peer rules that catch the same thing, by peer
	// (Hadolint, BuildKit, Trivy, KICS, Checkov). Only exact equivalents.
	Equivalents map[string][]string
	// Fixable rules offer a safe edit with some of their findings.
	Fixable bool
	// UnsafeFix marks a fixable rule whose fixes can change what the image
	// or service does: --fix applies them only with --unsafe-fixes.
	UnsafeFix bool
	// Off rules run only when configuration turns them on.
	Off bool
	// Options are the settings the rule reads from .seaworthy.yaml
	// (rules: {ID: {name: value}}); configuration rejects any other name.
	Options []Option
	// Run does the check; nil for meta rules, which the engine reports itself.
	Run func(*Pass)
}

// Option is one setting of a rule.
type Option struct {
	Name    string
	Doc     string // one line: what it changes, and its default
	Example string // a valid value, as written in YAML
	// Check validates a value decoded from YAML; nil accepts any value.
	Check func(v any) error
}

// FixOption is the option every fixable rule has: `fix: false` in the
// rule's configuration keeps --fix from applying its fixes.
var FixOption = Option{
	Name: "fix", Doc: "false keeps --fix and --diff from applying this rule's fixes (default true)", Example: "false",
	Check: func(v any) error {
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("want true or false")
		}
		return nil
	},
}

// Option finds one of the rule's options by name.
func (r *Rule) Option(name string) (Option, bool) {
	if name == FixOption.Name && r.Fixable {
		return FixOption, true
	}
	for _, o := range r.Options {
		if o.Name == name {
			return o, true
		}
	}
	return Option{}, false
}

// FixKind says what --fix does with the rule's fixes: "safe" (applies
// them), "unsafe" (only with --unsafe-fixes) or "" (the rule has none).
func (r *Rule) FixKind() string {
	switch {
	case !r.Fixable:
		return ""
	case r.UnsafeFix:
		return "unsafe"
	}
	return "safe"
}

// HelpURI is the address of the rule's documentation page.
func (r *Rule) HelpURI() string { return DocsBaseURI + r.ID + ".md" }

// DocsBaseURI is where the rule pages in docs/rules are published.
const DocsBaseURI = "https://github.com/seaworthy-dev/seaworthy/blob/main/docs/rules/"

// HasTag reports whether the rule carries tag t.
func (r *Rule) HasTag(t string) bool {
	for _, x := range r.Tags {
		if x == t {
			return true
		}
	}
	return false
}

// Matches reports whether name is the rule's ID or name (case-insensitive).
func (r *Rule) Matches(name string) bool {
	return strings.EqualFold(name, r.ID) || strings.EqualFold(name, r.Name)
}
