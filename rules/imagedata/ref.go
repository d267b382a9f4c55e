// Package imagedata holds what rules of both kinds know about container
// images: references parsed with Docker's grammar, the end-of-life dates of
// release lines (endoflife.date), the deprecated Docker Official Images and
// the smaller variants of common images (data/, copies of shared/data). A
// Dockerfile's FROM and a Compose service's image are judged by the same
// facts.
package imagedata

import (
	"sync"
	"sync/atomic"

	"github.com/distribution/reference"
)

// Ref is a parsed image reference. Repo is the familiar name
// ("node", "bitnami/redis", "gcr.io/distroless/static").
type Ref struct {
	Domain string // "docker.io" for unqualified names
	Repo   string
	Path   string // repository path without the domain ("library/node")
	Tag    string
	Digest string
}

// parsed memoizes Parse: a dozen rules ask about every FROM, and
// the reference grammar is a large regular expression. Bounded, so that
// hostile input cannot grow it without end.
var parsed sync.Map

const maxParsed = 4096

var parsedCount atomic.Int64

type parsedImage struct {
	ref Ref
	ok  bool
}

// Parse parses a reference with the same grammar Docker uses, so a
// registry port (registry:5000/app) is never mistaken for a tag.
func Parse(s string) (Ref, bool) {
	if v, ok := parsed.Load(s); ok {
		p := v.(parsedImage)
		return p.ref, p.ok
	}
	ref, ok := parseUncached(s)
	if parsedCount.Load() < maxParsed {
		if _, loaded := parsed.LoadOrStore(s, parsedImage{ref, ok}); !loaded {
			parsedCount.Add(1)
		}
	}
	return ref, ok
}

func parseUncached(s string) (Ref, bool) {
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return Ref{}, false
	}
	r := Ref{Domain: reference.Domain(named), Path: reference.Path(named), Repo: reference.FamiliarName(named)}
	if t, ok := named.(reference.Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		r.Digest = d.Digest().String()
	}
	return r, true
}
