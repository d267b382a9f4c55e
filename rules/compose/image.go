package compose

import (
	"github.com/distribution/reference"
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// movingTags name whatever was pushed last, like latest (dclint's list).
var movingTags = map[string]bool{
	"latest": true, "stable": true, "edge": true, "test": true, "nightly": true,
	"dev": true, "beta": true, "canary": true, "lts": true, "mainline": true,
	"current": true, "rolling": true,
}

// pulledImage returns the service's image reference when the service pulls
// it: not built here (build: names the image it builds), written without
// variables (their values are not known when the file is reviewed), and a
// valid reference.
func pulledImage(s *compose.Service) (reference.Named, *compose.Node, bool) {
	n := s.Get("image")
	if !n.IsScalar() || n.IsNull() || n.HasVars() || s.Has("build") {
		return nil, nil, false
	}
	ref, err := reference.ParseNormalizedNamed(n.Text())
	if err != nil {
		return nil, nil, false
	}
	return ref, n, true
}

// pulledImageRef is pulledImage parsed for the image facts rules
// (end of life, deprecation).
func pulledImageRef(s *compose.Service) (imagedata.Ref, *compose.Node, bool) {
	_, n, ok := pulledImage(s)
	if !ok {
		return imagedata.Ref{}, nil, false
	}
	ref, ok := imagedata.Parse(n.Text())
	return ref, n, ok
}
