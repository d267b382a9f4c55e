// Package imagepolicy matches image references against the trusted
// registries and the allowed and denied image patterns of .seaworthy.yaml
// (rules.Settings). It is a leaf package so that rules can import it.
//
// Patterns are globs where `*` matches any text (slashes included) and `?`
// one character. An image pattern is compared with several spellings of
// the reference: as written, fully qualified (docker.io/library/node:20),
// and both without tag and digest, so `node`, `node:*`, `docker.io/library/*`
// and `ghcr.io/acme/*` all work. A registry pattern is compared with the
// registry host: `docker.io` (also spelled `hub.docker.com`,
// `index.docker.io` or `registry-1.docker.io`) for unqualified names.
package imagepolicy

import (
	"regexp"
	"strings"
	"sync"

	"github.com/distribution/reference"
)

var (
	mu    sync.Mutex
	cache = map[string]*regexp.Regexp{}
)

// Match reports whether glob pattern p matches s (case-insensitively).
func Match(p, s string) bool {
	mu.Lock()
	re, ok := cache[p]
	if !ok {
		var b strings.Builder
		b.WriteString("(?i)^")
		for _, r := range p {
			switch r {
			case '*':
				b.WriteString(".*")
			case '?':
				b.WriteString(".")
			default:
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		b.WriteString("$")
		re = regexp.MustCompile(b.String())
		cache[p] = re
	}
	mu.Unlock()
	return re.MatchString(s)
}

var dockerHubAliases = map[string]bool{
	"docker.io": true, "hub.docker.com": true, "index.docker.io": true, "registry-1.docker.io": true,
}

// Registry is the registry host of an image reference ("docker.io" for
// unqualified names); ok is false when image is not a valid reference.
func Registry(image string) (string, bool) {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return "", false
	}
	return reference.Domain(named), true
}

// TrustedRegistry reports whether registry host matches one of patterns.
// With no patterns every registry is trusted.
func TrustedRegistry(patterns []string, registry string) bool {
	if len(patterns) == 0 {
		return true
	}
	hub := dockerHubAliases[strings.ToLower(registry)]
	for _, p := range patterns {
		p = strings.TrimSuffix(p, "/")
		if Match(p, registry) || hub && dockerHubAliases[strings.ToLower(p)] {
			return true
		}
	}
	return false
}

// spellings are the forms of an image reference patterns are matched with.
func spellings(image string) []string {
	out := []string{image}
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return out
	}
	full := named.String()
	name := named.Name()
	familiar := reference.FamiliarName(named)
	out = append(out, full, reference.FamiliarString(named), name, familiar)
	return out
}

// Allowed checks image against the allowed and denied patterns. It returns
// false and the reason when the image is denied or, with allowed patterns,
// matches none of them. Denied wins over allowed.
func Allowed(allowed, denied []string, image string) (bool, string) {
	forms := spellings(image)
	for _, p := range denied {
		for _, f := range forms {
			if Match(p, f) {
				return false, "it matches denied-images pattern \"" + p + "\""
			}
		}
	}
	if len(allowed) == 0 {
		return true, ""
	}
	for _, p := range allowed {
		for _, f := range forms {
			if Match(p, f) {
				return true, ""
			}
		}
	}
	return false, "it matches none of the allowed-images patterns"
}
