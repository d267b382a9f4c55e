package dockerfile

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// baseImagesJSON is a copy of shared/data/base-images.json: image families,
// their full and smaller variants and compressed sizes (linux/amd64).
//
//go:embed data/base-images.json
var baseImagesJSON []byte

type variant struct {
	Tag  string `json:"tag"`
	Kind string `json:"kind"`
	Size *int64 `json:"size_amd64_compressed_bytes"`
}

type family struct {
	ImageNames []string  `json:"image_names"`
	Role       string    `json:"role"`
	Full       *variant  `json:"full"`
	Smaller    []variant `json:"smaller"`
}

type deprecatedImage struct {
	Image  string `json:"image"`
	Reason string `json:"reason"`
	Status string `json:"status"`
}

type baseData struct {
	Families   map[string]family `json:"families"`
	Deprecated struct {
		Images []deprecatedImage `json:"images"`
	} `json:"deprecated_official_images"`
}

// baseImages is decoded once, on first use.
var baseImages = sync.OnceValue(func() baseData {
	var d baseData
	if err := json.Unmarshal(baseImagesJSON, &d); err != nil {
		panic("rules/dockerfile: embedded base-images.json: " + err.Error()) // a build defect, caught by every test
	}
	return d
})

// familyOf finds the family of an image repository name.
func familyOf(repo string) (family, bool) {
	for _, f := range baseImages().Families {
		for _, n := range f.ImageNames {
			if n == repo {
				return f, true
			}
		}
	}
	return family{}, false
}

// sizeText renders a variant as "node:24-trixie-slim (~85 MB)".
func sizeText(v variant) string {
	if v.Size == nil {
		return v.Tag
	}
	return fmt.Sprintf("%s (~%d MB)", v.Tag, *v.Size/1_000_000)
}

// smallerText lists up to two smaller variants with sizes.
func smallerText(f family) string {
	var out []string
	for _, v := range f.Smaller {
		if v.Size == nil || strings.Contains(v.Tag, "<") {
			continue
		}
		out = append(out, sizeText(v))
		if len(out) == 2 {
			break
		}
	}
	return strings.Join(out, " or ")
}
