package formatter

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/fatih/color"
	"golang.org/x/text/width"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// Text writes one "PATH:LINE:COL: SEVERITY: MESSAGE [ID name]" line per
// finding, the GNU form that editors, Vim's errorformat and CI problem
// matchers parse, each followed by a space-indented source snippet that those
// parsers skip; then one "PATH: error: MESSAGE" line per file not linted.
// A clean report writes nothing, but for the summary line a terminal gets
// (Options.Summary).
func Text(w io.Writer, r *Report, opts Options) error {
	p := newPalette(opts.Color)
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		f := &r.Findings[i]
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s [%s]\n", f.File, f.Start.Line, f.Start.Column,
			p.paint(f.Severity), oneLine(findingMessage(f)), ruleLabel(f.Rule))
		writeSnippet(bw, f)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "%s: %s: %s\n", e.File, p.paint(rules.Error), oneLine(fileErrorMessage(e)))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "note: %s\n", oneLine(n))
	}
	if opts.Summary {
		fmt.Fprintln(bw, Summary(r))
	}
	return bw.Flush()
}

// Summary is the text format's last line on a terminal: "3 files linted
// (2 Dockerfiles, 1 Compose file): 4 findings (1 error, 3 warnings),
// 2 fixable", or "...: no findings".
func Summary(r *Report) string {
	var df, cf int
	for _, f := range r.Files {
		if f.Kind == rules.Compose {
			cf++
		} else {
			df++
		}
	}
	var kinds []string
	if df > 0 {
		kinds = append(kinds, plural(df, "Dockerfile", "Dockerfiles"))
	}
	if cf > 0 {
		kinds = append(kinds, plural(cf, "Compose file", "Compose files"))
	}
	head := plural(df+cf, "file", "files") + " linted"
	if len(kinds) > 0 {
		head += " (" + strings.Join(kinds, ", ") + ")"
	}
	if len(r.Findings) == 0 {
		return head + ": no findings"
	}
	bySeverity := map[rules.Severity]int{}
	fixable := 0
	for i := range r.Findings {
		bySeverity[r.Findings[i].Severity]++
		if r.Findings[i].Fix != nil {
			fixable++
		}
	}
	var counts []string
	for _, s := range []rules.Severity{rules.Error, rules.Warning, rules.Info, rules.Style} {
		if n := bySeverity[s]; n > 0 {
			counts = append(counts, plural(n, s.String(), s.String()+"s"))
		}
	}
	line := fmt.Sprintf("%s: %s (%s)", head, plural(len(r.Findings), "finding", "findings"), strings.Join(counts, ", "))
	if fixable > 0 {
		line += fmt.Sprintf(", %d fixable", fixable)
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// palette colours severity names. Each Color is told explicitly whether to
// colour, so the CLI's decision (--no-color, NO_COLOR, FORCE_COLOR, -o FILE)
// wins over fatih/color's global guess made from stdout.
type palette map[rules.Severity]*color.Color

func newPalette(on bool) palette {
	p := palette{
		rules.Error:   color.New(color.FgRed, color.Bold),
		rules.Warning: color.New(color.FgYellow, color.Bold),
		rules.Info:    color.New(color.FgCyan),
		rules.Style:   color.New(color.FgMagenta),
	}
	for _, c := range p {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p palette) paint(s rules.Severity) string {
	if c, ok := p[s]; ok {
		return c.Sprint(s.String())
	}
	return s.String()
}

// oneLine keeps a message on its line so line-oriented parsers see one
// finding per line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// SecretsTag marks rules whose findings sit on a line holding a secret.
const SecretsTag = rules.TagSecrets

// writeSnippet prints the finding's first source line under a line-number
// gutter and a "^~~~" marker under its span, as actionlint does. A span that
// runs past the line is marked to the end of the line. Findings of rules
// tagged "secrets", and every finding on a line they report (Sensitive),
// get no snippet: the line holds the secret, and build logs are read by
// more people than the repository.
func writeSnippet(w io.Writer, f *rules.Finding) {
	if f.Source == nil || f.Start.Line < 1 || f.Start.Line > f.Source.LineCount() || f.Sensitive || f.Rule != nil && f.Rule.HasTag(SecretsTag) {
		return
	}
	line := []rune(f.Source.Line(f.Start.Line))
	from := clamp(f.Start.Column-1, 0, len(line))
	to := len(line)
	if f.End.Line == f.Start.Line {
		to = clamp(f.End.Column-1, from, len(line))
	}
	if len(line) > maxSnippet {
		// A long line (generated, minified, hostile) shows a window around
		// the finding, so one line cannot flood the log.
		start := max(0, from-maxSnippet/4)
		end := min(len(line), start+maxSnippet)
		line, from, to = line[start:end], from-start, min(to, end)-start
	}
	gutter := len(fmt.Sprint(f.Start.Line)) + 1
	if gutter < 4 {
		gutter = 4
	}
	fmt.Fprintf(w, "%s\n", strings.TrimRight(fmt.Sprintf("%*d | %s", gutter, f.Start.Line, displayText(line)), " "))
	fmt.Fprintf(w, "%*s | %s%s\n", gutter, "", strings.Repeat(" ", displayWidth(line[:from])), marker(displayWidth(line[from:to])))
}

// maxSnippet is the most characters of a line a snippet shows.
const maxSnippet = 160

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// marker is "^" followed by "~" up to n columns (at least the caret, so an
// empty span such as a missing token still points somewhere).
func marker(n int) string {
	return "^" + strings.Repeat("~", max(n-1, 0))
}

// displayText renders tabs and other control characters as one space, so the
// snippet cannot move the cursor and the marker below it lines up.
func displayText(line []rune) string {
	var b strings.Builder
	for _, r := range line {
		if unicode.IsControl(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// displayWidth is how many terminal columns runes take once rendered by
// displayText: wide East Asian characters take two, combining marks none.
func displayWidth(runes []rune) int {
	n := 0
	for _, r := range runes {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case unicode.IsControl(r):
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
