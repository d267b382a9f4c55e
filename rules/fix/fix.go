// Package fix applies the edits rules offer with their findings: the one
// engine behind `seaworthy --fix`, `--diff` and the language server's
// source.fixAll action.
//
// Edits are byte ranges of the source as read, so CRLF line ends, tabs,
// heredocs, continuations, comments and YAML anchors outside a fixed span
// are kept byte for byte. Of overlapping fixes the first in the file is
// taken and the others wait for the next round, in which the file is
// linted again (Rounds).
package fix

import (
	"fmt"
	"sort"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// Rounds is the most times a file is linted and fixed: a fix can enable
// another (a casing fix, then the key=value fix on the same line), but a
// file that still changes after this many rounds is left as it is then.
const Rounds = 4

// Options choose which fixes apply.
type Options struct {
	// Only, when not empty, limits fixes to these rules (by ID).
	Only map[string]bool
	// Off are rules whose fixes the configuration turns off (fix: false).
	Off map[string]bool
	// OffIn, when set, tells whether the configuration that applies to a
	// file turns a rule's fixes off there.
	OffIn func(file, ruleID string) bool
	// Unsafe applies fixes that can change what the image or service does.
	Unsafe bool
}

// Allowed reports whether f's fix is one to apply.
func (o Options) Allowed(f *rules.Finding) bool {
	if f.Fix == nil || len(f.Fix.Edits) == 0 || f.Rule == nil {
		return false
	}
	if !Safe(f) && !o.Unsafe {
		return false
	}
	if len(o.Only) > 0 && !o.Only[f.Rule.ID] {
		return false
	}
	return !o.Off[f.Rule.ID] && (o.OffIn == nil || !o.OffIn(f.File, f.Rule.ID))
}

// Safe reports whether f's fix is safe: neither the fix nor its rule is
// marked unsafe.
func Safe(f *rules.Finding) bool {
	return f.Fix != nil && !f.Fix.Unsafe && (f.Rule == nil || !f.Rule.UnsafeFix)
}

// Select picks, for each file, the fixes of findings to apply together:
// in file order, leaving out a fix that overlaps one already taken, or
// that inserts where the last taken one ends (their order is unclear).
// The result maps a file's path (Finding.File) to its edits.
func Select(findings []rules.Finding, allowed func(*rules.Finding) bool) map[string][]rules.Edit {
	out := map[string][]rules.Edit{}
	for file, fixes := range SelectFixes(findings, allowed) {
		for _, f := range fixes {
			out[file] = append(out[file], f.Edits...)
		}
	}
	return out
}

// SelectFixes is Select with each finding's fix kept whole, in file order.
func SelectFixes(findings []rules.Finding, allowed func(*rules.Finding) bool) map[string][]*rules.Fix {
	type pick struct {
		start, end int
		fix        *rules.Fix
	}
	byFile := map[string][]pick{}
	for i := range findings {
		f := &findings[i]
		if !allowed(f) {
			continue
		}
		start, end := f.Fix.Edits[0].Span.Start, f.Fix.Edits[0].Span.End
		for _, e := range f.Fix.Edits {
			start, end = min(start, e.Span.Start), max(end, e.Span.End)
		}
		byFile[f.File] = append(byFile[f.File], pick{start, end, f.Fix})
	}
	out := map[string][]*rules.Fix{}
	for file, picks := range byFile {
		sort.SliceStable(picks, func(i, j int) bool { return picks[i].start < picks[j].start })
		last := -1
		for _, p := range picks {
			if p.start < last || p.start == p.end && p.end == last {
				continue
			}
			out[file] = append(out[file], p.fix)
			last = p.end
		}
	}
	return out
}

// Apply returns data with edits applied. The edits must not overlap (as
// Select gives them) and must lie inside data.
func Apply(data []byte, edits []rules.Edit) ([]byte, error) {
	sorted := append([]rules.Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Span.Start < sorted[j].Span.Start })
	out := make([]byte, 0, len(data))
	at := 0
	for _, e := range sorted {
		if e.Span.Start < at || e.Span.End < e.Span.Start || e.Span.End > len(data) {
			return nil, fmt.Errorf("edit %d-%d does not fit the file", e.Span.Start, e.Span.End)
		}
		out = append(out, data[at:e.Span.Start]...)
		out = append(out, e.Text...)
		at = e.Span.End
	}
	return append(out, data[at:]...), nil
}
