package engine

import (
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// pragmaRe finds an inline suppression: `# seaworthy ignore=SW1001,name`,
// `# seaworthy global ignore=...`, and hadolint's `# hadolint ignore=DL3008`.
var pragmaRe = regexp.MustCompile(`#\s*(seaworthy|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)`)

// directiveRe matches a parser directive line such as `# check=skip=A,B`.
var directiveRe = regexp.MustCompile(`^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`)

// pragma is one suppression comment.
type pragma struct {
	tool   string // "seaworthy" or "hadolint" ("buildkit" for # check=skip=)
	global bool
	span   source.Span // the comment from its "#"
	names  []pragmaName
	// lines is the range of lines it silences (inclusive); all lines when global.
	from, to int
}

type pragmaName struct {
	text  string
	span  source.Span
	rules []*rules.Rule
	used  bool
}

// parsePragma reads the pragma in one line of src, if any.
func parsePragma(text string, offset int) *pragma {
	m := pragmaRe.FindStringSubmatchIndex(text)
	if m == nil {
		return nil
	}
	p := &pragma{tool: text[m[2]:m[3]], global: m[4] >= 0, span: source.Span{Start: offset + m[0], End: offset + m[1]}}
	list := text[m[6]:m[7]]
	pos := m[6]
	for _, part := range strings.Split(list, ",") {
		lead := len(part) - len(strings.TrimLeft(part, " \t"))
		name := strings.TrimSpace(part)
		start := offset + pos + lead
		n := pragmaName{text: name, span: source.Span{Start: start, End: start + len(name)}}
		if p.tool == "hadolint" {
			n.rules = byEquivalent(rules.Hadolint, name)
		} else if r := lookup(name); r != nil {
			n.rules = []*rules.Rule{r}
		}
		p.names = append(p.names, n)
		pos += len(part) + 1
	}
	return p
}

// silence drops the findings a pragma covers and marks the names it used.
func silence(pragmas []*pragma, src *source.File, findings []rules.Finding) []rules.Finding {
	out := findings[:0]
	for _, f := range findings {
		if f.Source == src && f.Rule != rules.ParseError && suppressed(pragmas, f) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func suppressed(pragmas []*pragma, f rules.Finding) bool {
	hit := false
	for _, p := range pragmas {
		if !p.global && (f.Start.Line < p.from || f.Start.Line > p.to) {
			continue
		}
		for i := range p.names {
			for _, r := range p.names[i].rules {
				if r == f.Rule {
					p.names[i].used = true
					hit = true
				}
			}
		}
	}
	return hit
}

// unused reports the seaworthy pragma names that silenced nothing; active
// tells the rules whose suppression can be stale.
func unused(pragmas []*pragma, src *source.File, active func(*rules.Rule) bool) []rules.Finding {
	var out []rules.Finding
	for _, p := range pragmas {
		if p.tool != "seaworthy" {
			continue
		}
		for _, n := range p.names {
			switch {
			case len(n.rules) == 0:
				out = append(out, rules.NewFinding(rules.UnusedSuppression, src, n.span,
					"unknown rule \""+n.text+"\" in suppression"))
			case !n.used && active(n.rules[0]):
				out = append(out, rules.NewFinding(rules.UnusedSuppression, src, n.span,
					"suppression of "+n.rules[0].ID+" ("+n.rules[0].Name+") silences nothing here; remove it"))
			}
		}
	}
	return out
}

// inline reports every seaworthy and hadolint suppression comment
// (SW0003). It runs after the suppressions are applied, so no comment can
// silence it.
func inline(pragmas []*pragma, src *source.File) []rules.Finding {
	var out []rules.Finding
	for _, p := range pragmas {
		if p.tool == "buildkit" {
			continue
		}
		out = append(out, rules.NewFinding(rules.InlineSuppression, src, p.span,
			"inline suppression \""+src.Text(p.span)+"\"; write the exception in .seaworthy.yaml (ignore, exclude) instead"))
	}
	return out
}

// suppressDockerfile applies `# seaworthy ignore=` and hadolint pragmas on
// the comment lines just above an instruction, the global forms, and
// BuildKit's `# check=skip=` directive through each rule's equivalents.
//
// `# check=error=true` raises the findings of rules with a BuildKit
// equivalent to error, as BuildKit fails the build on them; a severity set
// in .seaworthy.yaml still wins, since it is applied afterwards.
//
// reportInline adds a SW0003 finding for each suppression comment.
func suppressDockerfile(df *dockerfile.File, findings []rules.Finding, active func(*rules.Rule) bool, reportInline bool) []rules.Finding {
	src := df.Source
	var pragmas []*pragma
	starts := map[int]*dockerfile.Instruction{}
	for _, ins := range df.Instructions {
		starts[ins.Node.StartLine] = ins
	}
	inDirectives := true
	raise := false
	for line := 1; line <= src.LineCount(); line++ {
		text := src.Line(line)
		trimmed := strings.TrimSpace(text)
		if inDirectives {
			if m := directiveRe.FindStringSubmatch(trimmed); m != nil {
				if strings.EqualFold(m[1], "check") {
					ps, errorOnWarn := checkDirective(m[2])
					pragmas = append(pragmas, ps...)
					raise = raise || errorOnWarn
				}
				continue
			}
			inDirectives = false
		}
		if !strings.HasPrefix(trimmed, "#") {
			continue
		}
		p := parsePragma(text, src.LineStart(line))
		if p == nil {
			continue
		}
		if !p.global {
			ins := nextInstruction(src, line, starts)
			if ins == nil {
				p.from, p.to = -1, -1
			} else {
				p.from, p.to = ins.Node.StartLine, ins.Node.EndLine
			}
		}
		pragmas = append(pragmas, p)
	}
	if raise {
		raiseBuildKit(src, findings)
	}
	if len(pragmas) == 0 {
		return findings
	}
	findings = silence(pragmas, src, findings)
	if active != nil {
		findings = append(findings, unused(pragmas, src, active)...)
	}
	if reportInline {
		findings = append(findings, inline(pragmas, src)...)
	}
	return findings
}

// raiseBuildKit makes the findings in src of rules with a BuildKit
// equivalent errors (`# check=error=true`).
func raiseBuildKit(src *source.File, findings []rules.Finding) {
	for i := range findings {
		f := &findings[i]
		if f.Source == src && len(f.Rule.Equivalents[rules.BuildKit]) > 0 {
			f.Severity = rules.Error
		}
	}
}

// nextInstruction is the instruction that starts after the comment block
// that line belongs to.
func nextInstruction(src *source.File, line int, starts map[int]*dockerfile.Instruction) *dockerfile.Instruction {
	for n := line + 1; n <= src.LineCount(); n++ {
		if ins := starts[n]; ins != nil {
			return ins
		}
		if !strings.HasPrefix(strings.TrimSpace(src.Line(n)), "#") {
			return nil
		}
	}
	return nil
}

// checkDirective turns `# check=skip=A,B` into a global pragma over the
// rules that are equivalent to those BuildKit checks, and reports `error=true`.
func checkDirective(value string) ([]*pragma, bool) {
	cfg, err := linter.ParseLintOptions(value)
	if err != nil || cfg == nil {
		return nil, false
	}
	p := &pragma{tool: "buildkit", global: true}
	if cfg.SkipAll {
		for _, r := range allRules() {
			if len(r.Equivalents[rules.BuildKit]) > 0 {
				p.names = append(p.names, pragmaName{text: r.ID, rules: []*rules.Rule{r}})
			}
		}
	}
	for _, name := range cfg.SkipRules {
		p.names = append(p.names, pragmaName{text: name, rules: byEquivalent(rules.BuildKit, name)})
	}
	return []*pragma{p}, cfg.ReturnAsError
}

// suppressCompose applies `# seaworthy ignore=` comments in Compose files:
// at the end of a line, or on the line above a key, a comment silences that
// node and everything nested under it; the global form, the whole file.
func suppressCompose(srcs []*source.File, findings []rules.Finding, active func(*rules.Rule) bool, reportInline bool) []rules.Finding {
	for _, src := range srcs {
		var pragmas []*pragma
		for line := 1; line <= src.LineCount(); line++ {
			text := src.Line(line)
			hash := commentStart(text)
			if hash < 0 {
				continue
			}
			p := parsePragma(text[hash:], src.LineStart(line)+hash)
			if p == nil || p.tool != "seaworthy" {
				continue
			}
			if !p.global {
				target := line
				if strings.TrimSpace(text[:hash]) == "" {
					target = nextContentLine(src, line)
				}
				p.from, p.to = target, subtreeEnd(src, target)
			}
			pragmas = append(pragmas, p)
		}
		if len(pragmas) == 0 {
			continue
		}
		findings = silence(pragmas, src, findings)
		if active != nil {
			findings = append(findings, unused(pragmas, src, active)...)
		}
		if reportInline {
			findings = append(findings, inline(pragmas, src)...)
		}
	}
	return findings
}

// commentStart finds the '#' that starts a YAML comment: at the start of the
// line or after a blank, outside quotes.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || line[i-1] == ' ' || line[i-1] == ':' || line[i-1] == '-' || line[i-1] == '[' || line[i-1] == ',' {
				quote = c
			}
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

func nextContentLine(src *source.File, line int) int {
	for n := line + 1; n <= src.LineCount(); n++ {
		t := strings.TrimSpace(src.Line(n))
		if t != "" && !strings.HasPrefix(t, "#") {
			return n
		}
	}
	return line
}

// subtreeEnd is the last line of the YAML node that starts on line: the
// lines after it that are more indented (or blank, or comments) belong to it.
func subtreeEnd(src *source.File, line int) int {
	base := indent(src.Line(line))
	if t := strings.TrimSpace(src.Line(line)); strings.HasPrefix(t, "- ") {
		base += 1 // the item's keys are indented past the dash
	}
	end := line
	for n := line + 1; n <= src.LineCount(); n++ {
		t := src.Line(n)
		trimmed := strings.TrimSpace(t)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if indent(t) <= base {
			break
		}
		end = n
	}
	return end
}

func indent(s string) int {
	return len(s) - len(strings.TrimLeft(s, " \t"))
}
