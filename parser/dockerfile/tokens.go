package dockerfile

import (
	"encoding/json"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Token is one word of an instruction as written, with its place in the file.
type Token struct {
	Raw   string // as written, quotes included
	Value string // surrounding quotes removed
	Span  source.Span
	log   int // offset in the logical line
}

// words splits the logical text into whitespace-separated words, keeping
// quoted strings (and escaped characters) inside their word.
func words(l *logical, escape byte) []Token {
	t := l.text
	toks := make([]Token, 0, wordStarts(t))
	for i := 0; i < len(t); {
		if isBlank(t[i]) {
			i++
			continue
		}
		start := i
		var quote byte
		for i < len(t) {
			c := t[i]
			switch {
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			case c == escape && quote != '\'' && i+1 < len(t):
				i++
			case quote == 0 && isBlank(c):
				goto done
			}
			i++
		}
	done:
		raw := t[start:i]
		toks = append(toks, Token{Raw: raw, Value: unquote(raw), Span: l.span(start, i), log: start})
	}
	return toks
}

// wordStarts counts the blank-to-text transitions of t: at least the
// number of words, which quoting can only merge.
func wordStarts(t string) int {
	n, blank := 0, true
	for i := 0; i < len(t); i++ {
		b := isBlank(t[i])
		if blank && !b {
			n++
		}
		blank = b
	}
	return n
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// jsonWords finds the string elements of an exec-form array (["a", "b"])
// starting at logical offset from.
func jsonWords(l *logical, from int) []Token {
	var toks []Token
	t := l.text
	for i := from; i < len(t); i++ {
		if t[i] != '"' {
			continue
		}
		start := i
		for i++; i < len(t) && t[i] != '"'; i++ {
			if t[i] == '\\' {
				i++
			}
		}
		if i >= len(t) {
			break
		}
		raw := t[start : i+1]
		var v string
		if json.Unmarshal([]byte(raw), &v) != nil {
			v = strings.Trim(raw, `"`)
		}
		toks = append(toks, Token{Raw: raw, Value: v, Span: l.span(start, i+1), log: start})
	}
	return toks
}
