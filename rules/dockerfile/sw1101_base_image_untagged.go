package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// SW1101 catches FROM without a tag: Docker then pulls :latest, so the same
// Dockerfile builds on a different base from one day to the next.
var SW1101 = &rules.Rule{
	ID:       "SW1101",
	Name:     "base-image-untagged",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "Base image has neither a tag nor a digest",
	Doc: `A ` + "`FROM image`" + ` without a tag or digest pulls ` + "`image:latest`" + `, which moves with every
release: builds stop being reproducible and an upstream major version can break the image
without any change to the Dockerfile.

Pin a version tag, and for full reproducibility a digest:
` + "`FROM node:22.11-alpine3.20@sha256:…`" + `.

A reference built from ARGs is read as ` + "`docker build`" + ` reads it without ` + "`--build-arg`" + `
(BuildKit's semantics): a global ` + "`ARG TAG`" + ` declared without a default expands to the empty
string, so ` + "`FROM alpine$TAG`" + ` builds on ` + "`alpine`" + `, and the message names the ARG that
leaves it empty. Give the ARG a default tag (` + "`ARG TAG=:3.20`" + `).

Not reported: ` + "`FROM scratch`" + `, ` + "`FROM <earlier stage>`" + `, references that use the platform
ARGs BuildKit sets itself (` + "`TARGETARCH`" + `, ...) or undeclared variables (SW1809), and
references that expand to an empty or invalid name (` + "`FROM alpine:$TAG`" + `, reported by
SW1815 as BuildKit does).`,
	Tags:        []string{"supply-chain", "best-practice"},
	CIS:         []string{"4.2"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3006"}, rules.Trivy: {"DS001"}, rules.Checkov: {"CKV_DOCKER_7"}, rules.KICS: {"9efb0b2d-89c9-41a3-91ca-dcc0aec911fd"}},
	Run:         runBaseImageUntagged,
}

func runBaseImageUntagged(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		ref, what, ok := builtBase(s)
		if !ok || ref.Tag != "" || ref.Digest != "" {
			continue
		}
		p.Reportf(s.Image.Span, "base image %s has no tag, so Docker pulls %s:latest, which changes under you; pin a version tag", what, ref.Repo)
	}
}
