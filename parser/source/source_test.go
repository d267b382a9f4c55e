package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	tests := []struct {
		name string
		data string
		off  int
		want Position
	}{
		{"start", "ab\ncd\n", 0, Position{1, 1}},
		{"inside first line", "ab\ncd\n", 1, Position{1, 2}},
		{"on the newline", "ab\ncd\n", 2, Position{1, 3}},
		{"second line", "ab\ncd\n", 3, Position{2, 1}},
		{"end after final newline", "ab\ncd\n", 6, Position{3, 1}},
		{"past the end clamps", "ab\ncd\n", 99, Position{3, 1}},
		{"negative clamps", "ab\ncd\n", -5, Position{1, 1}},
		{"no final newline", "ab\ncd", 5, Position{2, 3}},
		// é is 2 bytes, 日 is 3, 🐳 is 4: columns count characters.
		{"two-byte char", "é=x", 2, Position{1, 2}},
		{"three-byte char", "日本 x", 7, Position{1, 4}},
		{"four-byte char", "a🐳b", 5, Position{1, 3}},
		{"multi-byte on line 2", "x\n🐳🐳y", 10, Position{2, 3}},
		{"CRLF line 1 end", "ab\r\ncd\r\n", 2, Position{1, 3}},
		{"CRLF line 2", "ab\r\ncd\r\n", 4, Position{2, 1}},
		{"CRLF line 2 col 2", "ab\r\ncd\r\n", 5, Position{2, 2}},
		{"empty file", "", 0, Position{1, 1}},
		{"BOM is not a column", "\ufeffFROM x", 3, Position{1, 1}},
		{"after BOM", "\ufeffFROM x", 8, Position{1, 6}},
		{"BOM only counts on line 1", "\ufeffa\n\ufeffb", 8, Position{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New("f", []byte(tt.data))
			if got := f.Position(tt.off); got != tt.want {
				t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.off, got.Line, got.Column, tt.want.Line, tt.want.Column)
			}
		})
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		name string
		data string
		pos  Position
		want int
	}{
		{"start", "ab\ncd\n", Position{1, 1}, 0},
		{"line 2 col 2", "ab\ncd\n", Position{2, 2}, 4},
		{"column past line end stops before newline", "ab\ncd\n", Position{1, 9}, 2},
		{"column past CRLF line end stops before CR", "ab\r\ncd\r\n", Position{1, 9}, 2},
		{"line past the end", "ab\ncd\n", Position{9, 1}, 6},
		{"multi-byte", "x\n🐳🐳y", Position{2, 3}, 10},
		{"three-byte", "日本 x", Position{1, 4}, 7},
		{"after BOM", "\ufeffFROM x", Position{1, 1}, 3},
		{"after BOM col 6", "\ufeffFROM x", Position{1, 6}, 8},
		{"no final newline", "ab\ncd", Position{2, 3}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New("f", []byte(tt.data))
			if got := f.Offset(tt.pos); got != tt.want {
				t.Errorf("Offset(%d:%d) = %d, want %d", tt.pos.Line, tt.pos.Column, got, tt.want)
			}
		})
	}
}

// TestRoundTrip checks Offset(Position(off)) == off at every character boundary.
func TestRoundTrip(t *testing.T) {
	for _, data := range []string{
		"FROM alpine\nRUN echo 🐳 é\n",
		"ab\r\ncd\r\n\r\nx",
		"\ufeffFROM x\nRUN y",
		"",
		"\n\n\n",
	} {
		f := New("f", []byte(data))
		for off := 0; off <= len(data); off++ {
			if off < len(data) && !isBoundary(data, off) {
				continue
			}
			if off < len(data) && data[off] == '\n' && off > 0 && data[off-1] == '\r' {
				continue // between \r and \n: not a place a column names
			}
			if strings.HasPrefix(data, "\ufeff") && off < 3 {
				continue // before the byte order mark: 1:1 names the text after it
			}
			p := f.Position(off)
			if got := f.Offset(p); got != off {
				t.Errorf("%q: Offset(Position(%d) = %d:%d) = %d", data, off, p.Line, p.Column, got)
			}
		}
	}
}

func isBoundary(s string, i int) bool {
	return i == 0 || i >= len(s) || s[i]&0xC0 != 0x80
}

func TestLines(t *testing.T) {
	tests := []struct {
		data  string
		count int
		lines []string // Line(1..)
		ends  []int    // LineEnd(1..)
	}{
		{"", 1, []string{""}, []int{0}},
		{"a", 1, []string{"a"}, []int{1}},
		{"a\n", 1, []string{"a", ""}, []int{1, 2}},
		{"a\nb", 2, []string{"a", "b"}, []int{1, 3}},
		{"a\r\nb\r\n", 2, []string{"a", "b", ""}, []int{1, 4, 6}},
		{"\r\n\r\n", 2, []string{"", "", ""}, []int{0, 2, 4}},
		{"x\r", 1, []string{"x"}, []int{1}},
		{"\n", 1, []string{"", ""}, []int{0, 1}},
	}
	for _, tt := range tests {
		f := New("f", []byte(tt.data))
		if got := f.LineCount(); got != tt.count {
			t.Errorf("%q: LineCount = %d, want %d", tt.data, got, tt.count)
		}
		for i, want := range tt.lines {
			if got := f.Line(i + 1); got != want {
				t.Errorf("%q: Line(%d) = %q, want %q", tt.data, i+1, got, want)
			}
		}
		for i, want := range tt.ends {
			if got := f.LineEnd(i + 1); got != want {
				t.Errorf("%q: LineEnd(%d) = %d, want %d", tt.data, i+1, got, want)
			}
		}
		if got := f.LineEnd(0); got != f.LineEnd(1) {
			t.Errorf("%q: LineEnd(0) = %d, want LineEnd(1)", tt.data, got)
		}
		if got := f.Line(0); got != "" {
			t.Errorf("%q: Line(0) = %q", tt.data, got)
		}
		if got := f.Line(len(tt.lines) + 5); got != "" {
			t.Errorf("%q: Line(past end) = %q", tt.data, got)
		}
	}
}

func TestLineStart(t *testing.T) {
	f := New("f", []byte("ab\ncd\nef"))
	for n, want := range map[int]int{-1: 0, 0: 0, 1: 0, 2: 3, 3: 6, 4: 8, 99: 8} {
		if got := f.LineStart(n); got != want {
			t.Errorf("LineStart(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestText(t *testing.T) {
	f := New("f", []byte("FROM alpine"))
	for _, tt := range []struct {
		span Span
		want string
	}{
		{Span{0, 4}, "FROM"},
		{Span{5, 11}, "alpine"},
		{Span{5, 12}, ""}, // past the end
		{Span{4, 2}, ""},  // reversed
		{Span{-1, 2}, ""}, // negative
		{Span{3, 3}, ""},
	} {
		if got := f.Text(tt.span); got != tt.want {
			t.Errorf("Text(%v) = %q, want %q", tt.span, got, tt.want)
		}
	}
	if (Span{2, 7}).Len() != 5 || !(Span{2, 2}).Valid() || (Span{3, 2}).Valid() {
		t.Error("Span.Len/Valid")
	}
}

func TestError(t *testing.T) {
	for _, tt := range []struct {
		err  Error
		want string
	}{
		{Error{Path: "Dockerfile", Line: 3, Column: 7, Msg: "bad"}, "Dockerfile:3:7: bad"},
		{Error{Path: "Dockerfile", Line: 3, Msg: "bad"}, "Dockerfile:3: bad"},
		{Error{Path: "Dockerfile", Msg: "bad"}, "Dockerfile: bad"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
		if strings.Contains(tt.err.Error(), "\n") {
			t.Errorf("%q is not one line", tt.err.Error())
		}
	}
}

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("services: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadRegular(small, 64); err != nil || string(data) != "services: {}\n" {
		t.Errorf("small file: %q %v", data, err)
	}
	if _, err := ReadRegular(small, 4); !errors.Is(err, ErrTooLarge) {
		t.Error("a file over the limit was read")
	}
	if _, err := ReadRegular(dir, 1<<20); err == nil || err.Error() != "is a directory" {
		t.Error("a folder was read")
	}
	if _, err := ReadRegular(filepath.Join(dir, "missing"), 1<<20); !errors.Is(err, os.ErrNotExist) {
		t.Error("a missing file was read")
	}
}
