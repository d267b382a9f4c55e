package imagedata

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

// Variant is one tag of an image family, with its compressed size.
type Variant struct {
	Tag  string `json:"tag"`
	Kind string `json:"kind"`
	Size *int64 `json:"size_amd64_compressed_bytes"`
}

// Family is an image and its variants: the full one and the smaller ones.
type Family struct {
	ImageNames []string  `json:"image_names"`
	Role       string    `json:"role"`
	Full       *Variant  `json:"full"`
	Smaller    []Variant `json:"smaller"`
}

type deprecatedImage struct {
	Image  string `json:"image"`
	Reason string `json:"reason"`
	Status string `json:"status"`
}

type baseData struct {
	Families   map[string]Family `json:"families"`
	Deprecated struct {
		Images []deprecatedImage `json:"images"`
	} `json:"deprecated_official_images"`
}

// baseImages is decoded once, on first use.
var baseImages = sync.OnceValue(func() baseData {
	var d baseData
	if err := json.Unmarshal(baseImagesJSON, &d); err != nil {
		panic("rules/imagedata: embedded base-images.json: " + err.Error()) // a build defect, caught by every test
	}
	return d
})

// FamilyOf finds the family of an image repository name.
func FamilyOf(repo string) (Family, bool) {
	for _, f := range baseImages().Families {
		for _, n := range f.ImageNames {
			if n == repo {
				return f, true
			}
		}
	}
	return Family{}, false
}

// SizeText renders a variant as "node:24-trixie-slim (~85 MB)".
func SizeText(v Variant) string {
	if v.Size == nil {
		return v.Tag
	}
	return fmt.Sprintf("%s (~%d MB)", v.Tag, *v.Size/1_000_000)
}

// SmallerText lists up to two smaller variants with sizes.
func SmallerText(f Family) string {
	var out []string
	for _, v := range f.Smaller {
		if v.Size == nil || strings.Contains(v.Tag, "<") {
			continue
		}
		out = append(out, SizeText(v))
		if len(out) == 2 {
			break
		}
	}
	return strings.Join(out, " or ")
}
