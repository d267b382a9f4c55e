package dockerfile

import (
	"strings"
	"sync"
)

// deprecatedRule is one entry of base-images.json deprecated_official_images,
// with its tag condition read from the entry's name: "amazonlinux (tags 1,
// 2018.03)" or "plone (4.x, 5.x)".
type deprecatedRule struct {
	name   string
	tags   []string // tag prefixes; empty = every tag
	reason string
}

// deprecatedRules is built on first use.
var deprecatedRules = sync.OnceValue(func() []deprecatedRule {
	var out []deprecatedRule
	for _, d := range baseImages().Deprecated.Images {
		name, cond, _ := strings.Cut(d.Image, " (")
		name = strings.TrimSpace(name)
		if strings.Contains(name, "/") {
			continue // "kibana / logstash / elasticsearch": names reused by maintained images
		}
		r := deprecatedRule{name: name, reason: d.Reason}
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

// deprecatedOfficial finds the deprecation entry for a Docker Official
// Image (docker.io/library/<name>) and tag; maintained images with the
// same last path element (hashicorp/vault, jenkins/jenkins) never match.
func deprecatedOfficial(ref imageRef) (deprecatedRule, bool) {
	if ref.Domain != "docker.io" || !strings.HasPrefix(ref.Path, "library/") {
		return deprecatedRule{}, false
	}
	name := strings.TrimPrefix(ref.Path, "library/")
	for _, r := range deprecatedRules() {
		if r.name != name {
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
	return deprecatedRule{}, false
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
