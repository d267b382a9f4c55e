package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// tagSpan locates bytes [a, b) of the tag of stage s's base image in the
// file. When the reference is written with ARGs or quotes, the tag is not
// written as such, and the whole reference is returned.
func tagSpan(s *df.Stage, a, b int) source.Span {
	tok := s.Image
	if a < 0 || tok.Raw != s.Base || s.From == nil {
		return tok.Span
	}
	name, _, _ := strings.Cut(tok.Raw, "@")
	colon := strings.LastIndexByte(name, ':')
	if colon < 0 || colon < strings.LastIndexByte(name, '/') {
		return tok.Span
	}
	start := colon + 1
	if start+b > len(name) {
		return tok.Span
	}
	return s.From.SubSpan(tok, start+a, start+b)
}
