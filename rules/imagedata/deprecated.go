package imagedata

import (
	"strings"
	"sync"
)

// Deprecation is one entry of base-images.json deprecated_official_images,
// with its tag condition read from the entry's name: "amazonlinux (tags 1,
// 2018.03)" or "plone (4.x, 5.x)".
type Deprecation struct {
	Name   string   // the image, "amazonlinux"
	tags   []string // tag prefixes; empty = every tag
	Reason string   // why, from the data: "deprecated upstream; use ..."
}

// deprecations is built on first use.
var deprecations = sync.OnceValue(func() []Deprecation {
	var out []Deprecation
	for _, d := range baseImages().Deprecated.Images {
		name, cond, _ := strings.Cut(d.Image, " (")
		name = strings.TrimSpace(name)
		if strings.Contains(name, "/") {
			continue // "kibana / logstash / elasticsearch": names reused by maintained images
		}
		r := Deprecation{Name: name, Reason: d.Reason}
		if cond != "" {
			cond = strings.TrimPrefix(strings.TrimSuffix(cond, ")"), "tags ")
			for _, t := range strings.Split(cond, ",") {
				r.tags = append(r.tags, strings.TrimSuffix(strings.TrimSpace(t), ".x"))
			}
		}
		out = append(out, r)
	}
	return out
})

// DeprecatedOfficial finds the deprecation entry for a Docker Official
// Image (docker.io/library/<name>) and tag; maintained images with the
// same last path element (hashicorp/vault, jenkins/jenkins) never match.
func DeprecatedOfficial(ref Ref) (Deprecation, bool) {
	if ref.Domain != "docker.io" || !strings.HasPrefix(ref.Path, "library/") {
		return Deprecation{}, false
	}
	name := strings.TrimPrefix(ref.Path, "library/")
	for _, r := range deprecations() {
		if r.Name != name {
			continue
		}
		if name == "openjdk" && earlyAccess(ref.Tag) {
			continue // only the GA tags are unmaintained; early-access builds still update
		}
		if len(r.tags) == 0 {
			return r, true
		}
		for _, t := range r.tags {
			if ref.Tag == t || strings.HasPrefix(ref.Tag, t+".") || strings.HasPrefix(ref.Tag, t+"-") {
				return r, true
			}
		}
	}
	return Deprecation{}, false
}

// earlyAccess recognises the openjdk image's early-access tags
// (26-ea-jdk, 26-ea-15-slim).
func earlyAccess(tag string) bool {
	for _, t := range strings.Split(strings.ToLower(tag), "-") {
		if t == "ea" {
			return true
		}
	}
	return false
}
