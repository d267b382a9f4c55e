package lsp

import (
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Positions count UTF-16 code units and every LSP line ending, and convert
// back to the same byte offsets.
func TestLines(t *testing.T) {
	text := "a\tcafé 𝄞x\r\nsecond\rthird\n\nlast"
	ls := newLines(text)
	cases := []struct {
		sub  string // the offset is where sub starts
		want Position
	}{
		{"a\t", Position{0, 0}},
		{"\tcaf", Position{0, 1}},
		{"é", Position{0, 5}},
		{"𝄞", Position{0, 7}},
		{"x\r", Position{0, 9}}, // 𝄞 is two units
		{"\r\n", Position{0, 10}},
		{"second", Position{1, 0}},
		{"\rthird", Position{1, 6}},
		{"third", Position{2, 0}},
		{"\n\nlast", Position{2, 5}},
		{"last", Position{4, 0}},
	}
	for _, c := range cases {
		off := strings.Index(text, c.sub)
		if got := ls.position(off); got != c.want {
			t.Errorf("position of %q (byte %d) = %+v, want %+v", c.sub, off, got, c.want)
		}
		if got := ls.offset(c.want); got != off {
			t.Errorf("offset of %+v = %d, want %d", c.want, got, off)
		}
	}
	// Inside a "\r\n" pair is the end of the line; past the end of a line too.
	if got := ls.position(strings.Index(text, "\n")); got != (Position{0, 10}) {
		t.Errorf("position inside CRLF = %+v", got)
	}
	if got := ls.offset(Position{1, 99}); got != strings.Index(text, "\rthird") {
		t.Errorf("offset past the end of line 2 = %d", got)
	}
	if got := ls.offset(Position{9, 0}); got != len(text) {
		t.Errorf("offset past the last line = %d", got)
	}
	// fromColumn agrees with the byte offsets for 1-based Unicode columns.
	src := source.New("x", []byte(text))
	for _, off := range []int{0, 2, strings.Index(text, "𝄞"), strings.Index(text, "x\r")} {
		p := src.Position(off)
		if got, want := fromColumn(ls, p.Line, p.Column), ls.position(off); got != want {
			t.Errorf("fromColumn(%d, %d) = %+v, want %+v", p.Line, p.Column, got, want)
		}
	}
}
