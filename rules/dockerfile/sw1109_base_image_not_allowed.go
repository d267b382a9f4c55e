package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config/imagepolicy"
)

// SW1109 enforces a team's list of approved base images: golden images,
// hardened bases, or a ban on a vendor's images, as written in
// .seaworthy.yaml (allowed-images, denied-images).
var SW1109 = &rules.Rule{
	ID:               "SW1109",
	Name:             "base-image-not-allowed",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 7.0,
	Summary:          "Base image is not on the configured allowed list, or is on the denied list",
	Doc: `Many teams build only on approved base images: hardened golden images, a vendor they have
a support contract with, or anything but a base they have banned. Configure the policy in
` + "`.seaworthy.yaml`" + `:

` + "```yaml" + `
allowed-images: ["ghcr.io/acme/*", "gcr.io/distroless/*", "alpine:3.*"]
denied-images: ["*:latest", "centos*"]
` + "```" + `

Patterns are globs (` + "`*`" + ` matches any text) compared with the reference as written and fully
qualified (` + "`docker.io/library/alpine:3.20`" + `). A denied pattern wins over an allowed one. With
neither key set the rule reports nothing. ` + "`scratch`" + `, earlier stages and references built from
ARGs without defaults are not checked.`,
	Tags: []string{"supply-chain", "security"},
	CIS:  []string{"4.2"},
	Run:  runBaseImageNotAllowed,
}

func runBaseImageNotAllowed(p *rules.Pass) {
	allowed, denied := p.Settings.AllowedImages, p.Settings.DeniedImages
	if len(allowed) == 0 && len(denied) == 0 {
		return
	}
	for _, s := range p.Dockerfile.Stages {
		if _, ok := externalBase(s); !ok {
			continue
		}
		if ok, why := imagepolicy.Allowed(allowed, denied, s.Base); !ok {
			p.Reportf(s.Image.Span, "base image %s is not allowed: %s", quoted(s), why)
		}
	}
}
