package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1103 asks for base images pinned by digest: a tag can be moved to other
// content at any time, a digest cannot. Off by default (a strict-profile rule):
// digests need a bot to keep them current.
var SW1103 = &rules.Rule{
	ID:       "SW1103",
	Name:     "base-image-no-digest",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "Base image is not pinned by digest",
	Doc: `A tag such as ` + "`node:22.11-alpine3.20`" + ` is a name the publisher can point at new content at
any time: rebuilds pick up whatever the tag means that day, and a compromised registry account
can serve anything under it. A digest (` + "`@sha256:…`" + `) names exactly one image.

Pin the digest and keep the tag for readers; a bot (Renovate, Dependabot) updates both:

` + "```dockerfile" + `
FROM node:22.11-alpine3.20@sha256:<digest>
` + "```" + `

Distroless (` + "`gcr.io/distroless/*`" + `) and Chainguard's free images publish no version tags,
so a digest is the only pin available for them.

The rule is off by default: turn it on where reproducible, reviewed base image updates are
required. Not reported: ` + "`FROM scratch`" + `, ` + "`FROM <earlier stage>`" + `, and references built from ARGs
without a default.`,
	Tags: []string{"supply-chain"},
	Off:  true,
	Run:  runBaseImageNoDigest,
}

func runBaseImageNoDigest(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		ref, ok := externalBase(s)
		if !ok || ref.Digest != "" {
			continue
		}
		note := ""
		if strings.HasPrefix(ref.Repo, "gcr.io/distroless/") || strings.HasPrefix(ref.Repo, "cgr.dev/chainguard/") {
			note = " (distroless and Chainguard's free images publish no version tags, so a digest is the only pin they offer)"
		}
		p.Reportf(s.Image.Span, "base image %s is not pinned by digest, so the tag can move to other content%s; add @sha256:<digest>", quoted(s), note)
	}
}
