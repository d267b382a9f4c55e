package lsp

import (
	"sort"
	"unicode/utf8"
)

// lines indexes a document's text the way LSP counts lines: "\n", "\r\n"
// and a lone "\r" each end one. Characters are UTF-16 code units, so a
// character outside the Basic Multilingual Plane (an emoji) counts two and
// a tab one, as the client counts them.
type lines struct {
	text   string
	starts []int // byte offset of the start of each line
}

func newLines(text string) *lines {
	l := &lines{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			l.starts = append(l.starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// end is the byte offset where line n's text ends, before its line break.
func (l *lines) end(n int) int {
	if n+1 >= len(l.starts) {
		return len(l.text)
	}
	e := l.starts[n+1] - 1
	if l.text[e] == '\n' && e > l.starts[n] && l.text[e-1] == '\r' {
		e--
	}
	return e
}

// position converts a byte offset into a line and UTF-16 character.
func (l *lines) position(off int) Position {
	off = min(max(off, 0), len(l.text))
	n := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	// An offset inside a "\r\n" pair belongs to the end of its line.
	off = min(off, l.end(n))
	c := 0
	for _, r := range l.text[l.starts[n]:off] {
		c += utf16Len(r)
	}
	return Position{Line: n, Character: c}
}

// offset converts a position back to a byte offset; a character past the
// end of its line is the end of the line, as LSP says.
func (l *lines) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(l.starts) {
		return len(l.text)
	}
	off, end := l.starts[p.Line], l.end(p.Line)
	for c := 0; off < end; {
		r, size := utf8.DecodeRuneInString(l.text[off:])
		if c+utf16Len(r) > p.Character {
			break
		}
		c += utf16Len(r)
		off += size
	}
	return off
}

func (l *lines) span(start, end int) Range {
	return Range{Start: l.position(start), End: l.position(end)}
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
