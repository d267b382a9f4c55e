package rules

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Pass is what a rule sees while it runs over one file: the parsed model of
// that file and a way to report findings. Exactly one of Dockerfile and
// Compose is set, matching the rule's Kind.
type Pass struct {
	Rule       *Rule
	Source     *source.File // the file being linted
	Dockerfile *dockerfile.File
	Compose    *compose.Project
	Settings   *Settings
	// Files reads the other files a rule looks at (a .dockerignore, the
	// Dockerfile a Compose service builds): bounded, regular files only,
	// never outside the linted tree. Rules read through it and nothing else;
	// nil reads nothing.
	Files *source.Reader
	// Tree shares analyses of the linted tree between the run's files
	// (TreeMemo); nil shares nothing.
	Tree *Tree

	report  func(Finding)
	memo    map[any]any // Memo's results for this file
	secrets []SecretSpan
}

// Memo returns compute's result for the file p lints, computing it at most
// once per file however many rules ask, as go/analysis passes facts from
// one analyzer to the next. Several rules need the same analysis of a file
// (BuildKit's global build arguments, the build-state replay, a package
// manager's parsed command line); without Memo each recomputed it.
//
// key names the analysis: a value of an unexported struct type, as with
// context keys; the struct holds the node when the analysis is per node
// (aptKey{call}). The
// result is shared by every rule of the file, so callers must not modify
// it.
func Memo[T any](p *Pass, key any, compute func() T) T {
	if v, ok := p.memo[key]; ok {
		return v.(T)
	}
	v := compute()
	if p.memo == nil {
		p.memo = map[any]any{}
	}
	p.memo[key] = v
	return v
}

// noSettings is the settings of a pass given none; rules only read them.
var noSettings = &Settings{}

// NewPass prepares a pass; report receives every finding the rule makes.
func NewPass(r *Rule, src *source.File, settings *Settings, report func(Finding)) *Pass {
	if settings == nil {
		settings = noSettings
	}
	return &Pass{Rule: r, Source: src, Settings: settings, report: report}
}

// Reportf reports a finding over span of the linted file.
func (p *Pass) Reportf(span source.Span, format string, args ...any) {
	p.ReportIn(p.Source, span, nil, format, args...)
}

// ReportFix reports a finding that carries a safe fix.
func (p *Pass) ReportFix(span source.Span, fix *Fix, format string, args ...any) {
	p.ReportIn(p.Source, span, fix, format, args...)
}

// ReportIn reports a finding in another source file of the same project
// (a Compose override or included file).
func (p *Pass) ReportIn(src *source.File, span source.Span, fix *Fix, format string, args ...any) {
	f := NewFinding(p.Rule, src, span, fmt.Sprintf(format, args...))
	f.Fix = fix
	p.report(f)
}

// Settings are the configuration values rules read.
type Settings struct {
	// TrustedRegistries, when not empty, are the only registries base images may come from.
	TrustedRegistries []string
	// AllowedImages, when not empty, are glob patterns every base image must
	// match; DeniedImages are patterns no base image may match (see
	// rules/config/imagepolicy for the matching).
	AllowedImages []string
	DeniedImages  []string
	// LabelSchema maps the label keys every image must carry to the type
	// of their value: text, url, rfc3339, semver, hash, spdx or email
	// (configuration key label-schema). StrictLabels makes labels outside
	// the schema findings (strict-labels).
	LabelSchema  map[string]string
	StrictLabels bool
	// Options holds each rule's options by rule ID, already validated.
	Options map[string]map[string]any
}

// Option is rule ruleID's option name from the configuration, if set.
func (s *Settings) Option(ruleID, name string) (any, bool) {
	if s == nil {
		return nil, false
	}
	v, ok := s.Options[ruleID][name]
	return v, ok
}

// ReportSeverity reports a finding at another severity than the rule's
// default, for rules whose findings differ in weight (an ARG secret without
// a default is less sure than one with). Configuration overrides still win.
func (p *Pass) ReportSeverity(sev Severity, span source.Span, format string, args ...any) {
	p.ReportSeverityIn(p.Source, sev, span, format, args...)
}

// ReportSeverityIn is ReportSeverity in another source file of the project.
func (p *Pass) ReportSeverityIn(src *source.File, sev Severity, span source.Span, format string, args ...any) {
	f := NewFinding(p.Rule, src, span, fmt.Sprintf(format, args...))
	f.Severity = sev
	p.report(f)
}
