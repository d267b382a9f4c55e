package compose

import (
	"github.com/distribution/reference"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2502 is the strict check that images are pinned by digest.
var SW2502 = &rules.Rule{
	ID:       "SW2502",
	Name:     "compose-image-no-digest",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Image is not pinned by digest",
	Doc: "A tag can be moved to another image by whoever controls the repository, so\n" +
		"`postgres:16.4` today may not be `postgres:16.4` tomorrow. A digest\n" +
		"(`postgres:16.4@sha256:...`) names exactly one image.\n\n" +
		"Add the digest (`docker buildx imagetools inspect postgres:16.4` prints it) and let a\n" +
		"bot such as Renovate update it. Off by default: turn it on for a strict profile.",
	Tags: []string{"supply-chain"},
	Off:  true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			ref, n, ok := pulledImage(s)
			if !ok {
				continue
			}
			if _, pinned := ref.(reference.Digested); !pinned {
				reportValue(p, n, "image %q of service %q is not pinned by digest; add @sha256:... so it cannot change under you", written(n), s.Name)
			}
		}
	},
}
