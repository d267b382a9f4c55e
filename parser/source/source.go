// Package source holds a linted file's bytes and converts byte offsets into
// the 1-based line and Unicode-character column that every output format uses.
//
// Rules and parsers keep positions as byte offsets (cheap, exact); only
// findings convert them, once, through File.Position.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"unicode/utf8"
)

// File is one linted file: its path as the user named it and its bytes.
type File struct {
	Path string
	Data []byte
	// text is Data as a string, made once so that lines, spans and the
	// words parsers cut from them are substrings rather than copies.
	text  string
	lines []int // byte offset of the start of each line
}

// New indexes data's line starts.
func New(path string, data []byte) *File {
	f := &File{Path: path, Data: data, text: string(data), lines: []int{0}}
	for i, b := range data {
		if b == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// Position is a 1-based line and a 1-based column counted in Unicode characters.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Span is a half-open range of byte offsets [Start, End) into a File.
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Valid reports whether the span is non-negative and ordered.
func (s Span) Valid() bool { return s.Start >= 0 && s.End >= s.Start }

// LineCount is the number of lines (a final line without a newline counts).
func (f *File) LineCount() int {
	n := len(f.lines)
	if n > 1 && f.lines[n-1] == len(f.Data) {
		n--
	}
	return n
}

// LineStart is the byte offset where 1-based line n starts.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(f.lines) {
		return len(f.Data)
	}
	return f.lines[n-1]
}

// LineEnd is the byte offset of the end of 1-based line n, before "\r\n" or "\n".
func (f *File) LineEnd(n int) int {
	n = max(n, 1) // as LineStart: lines before the first are the first
	end := len(f.Data)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	if end > 0 && end <= len(f.Data) && end-1 >= f.LineStart(n) && f.Data[end-1] == '\r' {
		end--
	}
	return end
}

// Line is the text of 1-based line n without its line ending.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	return f.text[f.LineStart(n):f.LineEnd(n)]
}

// Position converts a byte offset into a line and a character column.
// Offsets past the end clamp to the end of the file.
func (f *File) Position(off int) Position {
	if off < 0 {
		off = 0
	}
	if off > len(f.Data) {
		off = len(f.Data)
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := f.lines[i]
	if i == 0 {
		start = min(f.bom(), off)
	}
	return Position{Line: i + 1, Column: utf8.RuneCount(f.Data[start:off]) + 1}
}

// bom is the length of the UTF-8 byte order mark that starts the file, if
// any. Editors do not show it, so it is not a column: the first character
// after it is on column 1, as in every editor and as BuildKit reads it.
func (f *File) bom() int {
	if len(f.Data) >= 3 && f.Data[0] == 0xEF && f.Data[1] == 0xBB && f.Data[2] == 0xBF {
		return 3
	}
	return 0
}

// Offset converts a 1-based line and character column back to a byte offset.
func (f *File) Offset(p Position) int {
	off := f.LineStart(p.Line)
	if p.Line <= 1 {
		off = f.bom()
	}
	end := f.LineEnd(p.Line)
	for c := 1; c < p.Column && off < end; c++ {
		_, size := utf8.DecodeRune(f.Data[off:])
		off += size
	}
	return off
}

// String is the whole text of the file.
func (f *File) String() string { return f.text }

// Text is the source text of a span.
func (f *File) Text(s Span) string {
	if !s.Valid() || s.End > len(f.Data) {
		return ""
	}
	return f.text[s.Start:s.End]
}

// Error is a problem reading a file, located where it was found. Line and
// Column are 0 when unknown. Its text is one line: "PATH:LINE:COL: MESSAGE".
type Error struct {
	Path   string
	Line   int
	Column int
	Msg    string
	// File is the text Line and Column refer to, when the error is in a
	// file other than the one being linted (a Compose include or extends
	// target), so that the report can quote the right line. Nil otherwise.
	File *File
	// Secret is set when the line may hold a secret (a .env file): the
	// report then never quotes it.
	Secret bool
	// Incomplete is set when the problem is seaworthy's, not the file's: one
	// of its limits (docs/limits.md) or an internal error. The file was not
	// linted fully, and the run exits 3.
	Incomplete bool
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// ErrTooLarge is ReadRegular's error for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// NotRegularError is ReadRegular's error for a path that is not a regular
// file: a folder, a FIFO, a socket or a device.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	if e.Mode.IsDir() {
		return "is a directory"
	}
	return "not a regular file (" + FileKind(e.Mode) + ")"
}

// FileKind names a mode that is neither a regular file nor a folder.
func FileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.Type().String()
}
