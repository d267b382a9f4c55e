package compose

import (
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config/imagepolicy"
)

// SW2505 enforces the team's approved images (allowed-images,
// denied-images in .seaworthy.yaml) on the images Compose pulls, as
// base-image-not-allowed does for Dockerfile FROM.
var SW2505 = &rules.Rule{
	ID:               "SW2505",
	Name:             "compose-image-not-allowed",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 7.0,
	Summary:          "Image is not on the configured allowed list, or is on the denied list",
	Doc: "Teams that run only approved images (hardened golden images, a vendor's registry, or\n" +
		"anything but a banned base) write the policy in `.seaworthy.yaml`:\n\n" +
		"```yaml\nallowed-images: [\"ghcr.io/acme/*\", \"postgres:16*\"]\ndenied-images: [\"*:latest\"]\n```\n\n" +
		"Patterns are globs compared with the reference as written and fully qualified; a denied\n" +
		"pattern wins. With neither key set the rule reports nothing. Services with `build:` and\n" +
		"images written with variables are not checked.",
	Tags: []string{"supply-chain", "security"},
	CIS:  []string{"4.2"},
	Run: func(p *rules.Pass) {
		allowed, denied := p.Settings.AllowedImages, p.Settings.DeniedImages
		if len(allowed) == 0 && len(denied) == 0 {
			return
		}
		for _, s := range services(p) {
			_, n, ok := pulledImage(s)
			if !ok {
				continue
			}
			if ok, why := imagepolicy.Allowed(allowed, denied, written(n)); !ok {
				reportValue(p, n, "image %q of service %q is not allowed: %s", written(n), s.Name, why)
			}
		}
	},
}
