package compose

import (
	"path/filepath"
	"strings"
)

// Build is what a service's build: says of the Dockerfile it builds, as
// written: the file, the target stage and the build arguments.
type Build struct {
	// Node is the build: value, to report at.
	Node *Node
	// Path is the Dockerfile's path: the context (relative to the folder of
	// the file that declares build:) joined with build.dockerfile. "" for
	// dockerfile_inline.
	Path string
	// Shown names the Dockerfile for messages: context/dockerfile as
	// written, or "dockerfile_inline".
	Shown string
	// Context is the context folder, joined to the folder of the file that
	// declares build: as Path is.
	Context string
	// Inline is the dockerfile_inline value.
	Inline *Node
	// Target is build.target ("" for the last stage).
	Target string
	// Args are build.args: the value as written, or nil when it is not known
	// before the build (no value, which Compose takes from the environment,
	// or one that interpolates a variable).
	Args map[string]*string
	// User is the service's user: as written ("" when not set).
	User string
}

// Build returns how the service builds a local Dockerfile. ok is false when
// it builds none (no build:, a remote context) or when the Dockerfile
// cannot be known before the build: a context, dockerfile or target
// written with variables.
func (s *Service) Build() (b *Build, ok bool) {
	n := s.Get("build")
	if n == nil || n.HasVars() && n.IsScalar() {
		return nil, false
	}
	context, dockerfile := ".", "Dockerfile"
	b = &Build{Node: n}
	switch {
	case n.IsScalar():
		context = n.Text()
	case n.IsMap():
		for _, f := range []struct {
			key string
			to  *string
		}{{"context", &context}, {"dockerfile", &dockerfile}, {"target", &b.Target}} {
			v := s.Get("build", f.key)
			if v == nil {
				continue
			}
			if !v.IsScalar() || v.HasVars() {
				return nil, false
			}
			*f.to = v.Text()
		}
		b.Inline = s.Get("build", "dockerfile_inline")
	default:
		return nil, false
	}
	if context != "" && !RemoteContext(context) {
		b.Context = context
		if !filepath.IsAbs(context) {
			b.Context = filepath.Join(filepath.Dir(n.Src.Path), context)
		}
	}
	if b.Inline != nil {
		if !b.Inline.IsScalar() || b.Inline.HasVars() {
			return nil, false
		}
		b.Shown = "dockerfile_inline"
	} else {
		if b.Context == "" {
			return nil, false
		}
		b.Path = dockerfile
		if !filepath.IsAbs(b.Path) {
			b.Path = filepath.Join(b.Context, dockerfile)
		}
		b.Shown = filepath.ToSlash(filepath.Join(context, dockerfile))
	}
	b.Args = map[string]*string{}
	for _, e := range s.Entries("build", "args") {
		if text, has := e.Text(); has && !hasVars(text) {
			b.Args[e.Name] = &text
		} else {
			b.Args[e.Name] = nil
		}
	}
	if u := s.Get("user"); u.IsScalar() && !u.IsNull() {
		b.User = u.Text()
	}
	return b, true
}

// RemoteContext recognises the contexts Compose fetches: Git and HTTP URLs.
func RemoteContext(c string) bool {
	return strings.Contains(c, "://") || strings.HasPrefix(c, "git@") || strings.HasPrefix(c, "github.com/")
}
