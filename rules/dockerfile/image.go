package dockerfile

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/distribution/reference"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
)

// imageRef is a parsed image reference. Repo is the familiar name
// ("node", "bitnami/redis", "gcr.io/distroless/static").
type imageRef struct {
	Domain string // "docker.io" for unqualified names
	Repo   string
	Path   string // repository path without the domain ("library/node")
	Tag    string
	Digest string
}

// parsedImages memoizes parseImage: a dozen rules ask about every FROM, and
// the reference grammar is a large regular expression. Bounded, so that
// hostile input cannot grow it without end.
var parsedImages sync.Map

const maxParsedImages = 4096

var parsedImagesCount atomic.Int64

type parsedImage struct {
	ref imageRef
	ok  bool
}

// parseImage parses a reference with the same grammar Docker uses, so a
// registry port (registry:5000/app) is never mistaken for a tag.
func parseImage(s string) (imageRef, bool) {
	if v, ok := parsedImages.Load(s); ok {
		p := v.(parsedImage)
		return p.ref, p.ok
	}
	ref, ok := parseImageUncached(s)
	if parsedImagesCount.Load() < maxParsedImages {
		if _, loaded := parsedImages.LoadOrStore(s, parsedImage{ref, ok}); !loaded {
			parsedImagesCount.Add(1)
		}
	}
	return ref, ok
}

func parseImageUncached(s string) (imageRef, bool) {
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return imageRef{}, false
	}
	r := imageRef{Domain: reference.Domain(named), Path: reference.Path(named), Repo: reference.FamiliarName(named)}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	return r, true
}

// externalBase returns the stage's base image when it is an image pulled
// from a registry: not scratch, not an earlier stage, fully resolved.
func externalBase(s *df.Stage) (imageRef, bool) {
	if s.Parent != nil || !s.Resolved || s.Base == "" || strings.EqualFold(s.Base, "scratch") {
		return imageRef{}, false
	}
	return parseImage(s.Base)
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
