package dockerfile

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// logical is an instruction's text as BuildKit sees it: its physical lines
// joined, line continuations and the comment and empty lines inside them
// removed. segs maps every byte back to the file, which BuildKit does not do
// (it keeps lines only): that map is what gives findings exact columns.
type logical struct {
	text     string
	n        int   // len(text), known before finish
	segs     []seg // ascending by log
	lastLine int   // the physical line the logical line ends on
}

// seg says that text[log:] maps to file offsets from file on, up to the next seg.
type seg struct{ log, file int }

// add appends src.Data[start:end] to the line; finish builds the text.
func (l *logical) add(start, end int) {
	if end <= start {
		return
	}
	l.segs = append(l.segs, seg{log: l.n, file: start})
	l.n += end - start
}

// finish sets the text: a substring of the file for a line without
// continuations (most of them), else one copy of the joined pieces.
func (l *logical) finish(src *source.File) {
	switch len(l.segs) {
	case 0:
		return
	case 1:
		l.text = src.Text(source.Span{Start: l.segs[0].file, End: l.segs[0].file + l.n})
		return
	}
	var b strings.Builder
	b.Grow(l.n)
	for i, sg := range l.segs {
		end := l.n
		if i+1 < len(l.segs) {
			end = l.segs[i+1].log
		}
		b.WriteString(src.Text(source.Span{Start: sg.file, End: sg.file + end - sg.log}))
	}
	l.text = b.String()
}

// fileOff maps an offset in the logical text to the file.
func (l *logical) fileOff(i int) int {
	if len(l.segs) == 0 {
		return 0
	}
	k := sort.Search(len(l.segs), func(k int) bool { return l.segs[k].log > i }) - 1
	if k < 0 {
		k = 0
	}
	return l.segs[k].file + i - l.segs[k].log
}

// span maps [a, b) of the logical text to the file. The end is mapped from
// its last byte, so a token that ends a line does not run into the next one.
func (l *logical) span(a, b int) source.Span {
	start := l.fileOff(a)
	if b <= a {
		return source.Span{Start: start, End: start}
	}
	return source.Span{Start: start, End: l.fileOff(b-1) + 1}
}

// scanLogical rebuilds the logical line of the instruction that starts on
// 1-based line start, following BuildKit's parser.Parse line by line.
func scanLogical(src *source.File, start int, escape byte) *logical {
	l := &logical{lastLine: start}
	a, b := src.LineStart(start), src.LineEnd(start)
	if start == 1 && b-a >= 3 && string(src.Data[a:a+3]) == "\ufeff" {
		a += 3
	}
	a = skipSpace(src.Data, a, b)
	keep, more := continues(src.Data[a:b], escape)
	l.add(a, a+keep)
	for n := start + 1; more && n <= src.LineCount(); n++ {
		l.lastLine = n
		a, b = src.LineStart(n), src.LineEnd(n)
		first := skipSpace(src.Data, a, b)
		if first == b || src.Data[first] == '#' {
			continue // empty continuation line, or a comment inside the instruction
		}
		keep, more = continues(src.Data[a:b], escape)
		l.add(a, a+keep)
	}
	l.finish(src)
	return l
}

// continues reports whether line ends with the escape character (then
// followed only by blanks), and how many bytes to keep before it.
func continues(line []byte, escape byte) (keep int, ok bool) {
	t := len(line)
	for t > 0 && (line[t-1] == ' ' || line[t-1] == '\t') {
		t--
	}
	if t == 0 || line[t-1] != escape {
		return len(line), false
	}
	if t >= 2 && line[t-2] == escape {
		return len(line), false
	}
	return t - 1, true
}

func skipSpace(data []byte, a, b int) int {
	for a < b {
		r, size := utf8.DecodeRune(data[a:b])
		if !unicode.IsSpace(r) {
			break
		}
		a += size
	}
	return a
}

func sourceSpan(a, b int) source.Span { return source.Span{Start: a, End: b} }
