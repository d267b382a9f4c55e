package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// externalBase returns the stage's base image when it is an image pulled
// from a registry: not scratch, not an earlier stage, fully resolved.
func externalBase(s *df.Stage) (imagedata.Ref, bool) {
	if s.Parent != nil || !s.Resolved || s.Base == "" || strings.EqualFold(s.Base, "scratch") {
		return imagedata.Ref{}, false
	}
	return imagedata.Parse(s.Base)
}

// rootStage follows FROM <stage> links to the stage that pulls an image.
func rootStage(s *df.Stage) *df.Stage {
	for i := 0; s.Parent != nil && i < 1000; i++ {
		s = s.Parent
	}
	return s
}

// quoted shows a FROM reference as written, and what it expands to when
// it uses ARGs, for messages.
func quoted(s *df.Stage) string {
	if s.Image.Value != s.Base {
		return "\"" + s.Image.Value + "\" (\"" + s.Base + "\")"
	}
	return "\"" + s.Image.Value + "\""
}
