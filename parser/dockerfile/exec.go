package dockerfile

import (
	"strings"
	"unicode/utf8"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
)

// parseExec gives an exec-form RUN (RUN ["curl", "-k", URL]) the same
// parsed view as a shell-form one: its argv is one call, so every rule that
// asks about commands sees it, and `["sh", "-c", "script"]` has its script
// parsed as the shell package unwraps any `sh -c`. No shell runs an exec
// form, so the argv is rewritten as a shell line whose words are literal
// (single-quoted where needed), with each byte mapped back to the JSON
// string it came from: a word's span is its JSON string without the
// quotes, and positions inside it account for escapes (\" \u00e9).
func (b *builder) parseExec(ins *Instruction) {
	if len(ins.Args) == 0 {
		return
	}
	l := ins.line
	var text strings.Builder
	var offs []int // offs[i]: the file offset of text byte i; one more for the end
	emit := func(s string, off int) {
		text.WriteString(s)
		for range len(s) {
			offs = append(offs, off)
		}
	}
	for i, t := range ins.Args {
		value, at := decodeJSON(t.Raw)
		file := func(k int) int { return l.fileOff(t.log + k) }
		closing := file(len(t.Raw) - 1)
		switch {
		case safeWord(value, i == 0):
			for k := 0; k < len(value); k++ {
				emit(value[k:k+1], file(at[k]))
			}
			emit(" ", closing) // a word's end is its closing quote
			continue
		default:
			// The quotes the shell needs map to the JSON string's
			// content, so the word's span is inside the JSON quotes too.
			emit("'", file(1))
			for k := 0; k < len(value); k++ {
				if value[k] == '\'' {
					emit(`'\''`, file(at[k]))
					continue
				}
				emit(value[k:k+1], file(at[k]))
			}
			emit("'", closing)
			emit(" ", closing)
		}
	}
	offs = append(offs, ins.Span.End)
	mapOff := func(off int) int {
		if off < 0 {
			off = 0
		}
		if off >= len(offs) {
			off = len(offs) - 1
		}
		return offs[off]
	}
	if s, err := shell.Parse(text.String(), mapOff); err == nil {
		ins.Shell = s
	}
}

// decodeJSON decodes one JSON string as written ("a\"b") and says, for
// each byte of the value, at which byte of raw it was written (an escape's
// bytes all point at its backslash).
func decodeJSON(raw string) (string, []int) {
	var b strings.Builder
	var at []int
	put := func(s string, off int) {
		b.WriteString(s)
		for range len(s) {
			at = append(at, off)
		}
	}
	end := len(raw) - 1 // the closing quote
	for i := 1; i < end; i++ {
		c := raw[i]
		if c != '\\' || i+1 >= end {
			put(raw[i:i+1], i)
			continue
		}
		start := i
		i++
		switch raw[i] {
		case 'b':
			put("\b", start)
		case 'f':
			put("\f", start)
		case 'n':
			put("\n", start)
		case 'r':
			put("\r", start)
		case 't':
			put("\t", start)
		case 'u':
			r, n := decodeU(raw[i+1 : end])
			if n == 0 {
				put(raw[start:i+1], start)
				continue
			}
			put(string(r), start)
			i += n
		default: // \" \\ \/
			put(raw[i:i+1], start)
		}
	}
	return b.String(), at
}

// decodeU decodes the hex digits after \u (and a following \uXXXX low
// surrogate); n is how many bytes of s it read, 0 when malformed.
func decodeU(s string) (rune, int) {
	hex := func(s string) (rune, bool) {
		if len(s) < 4 {
			return 0, false
		}
		var r rune
		for _, c := range s[:4] {
			switch {
			case c >= '0' && c <= '9':
				r = r<<4 | (c - '0')
			case c >= 'a' && c <= 'f':
				r = r<<4 | (c - 'a' + 10)
			case c >= 'A' && c <= 'F':
				r = r<<4 | (c - 'A' + 10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	r, ok := hex(s)
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 && len(s) >= 10 && s[4] == '\\' && s[5] == 'u' {
		if lo, ok := hex(s[6:]); ok && lo >= 0xDC00 && lo < 0xE000 {
			return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 10
		}
	}
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return r, 4
}

// safeWord reports whether v reads as itself when written bare in a shell
// line: no blanks, quotes, expansions, globs, comments or operators, and,
// for the command word, neither an assignment nor a reserved word.
func safeWord(v string, first bool) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-_./:@%+,^", c) >= 0:
		case c == '=' && !first:
		default:
			return false
		}
	}
	return !first || !reserved[v]
}

// reserved are the words bash reads as syntax in command position.
var reserved = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "fi": true, "do": true, "done": true,
	"case": true, "esac": true, "while": true, "until": true, "for": true, "in": true,
	"function": true, "select": true, "time": true, "coproc": true,
}
