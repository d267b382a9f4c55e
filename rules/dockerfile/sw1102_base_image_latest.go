package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// SW1102 catches FROM image:latest: the tag names whatever was pushed last.
var SW1102 = &rules.Rule{
	ID:       "SW1102",
	Name:     "base-image-latest",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "Base image uses the latest tag",
	Doc: `The ` + "`latest`" + ` tag points at whatever the publisher pushed last. A build today and a
build tomorrow get different bases, security fixes and breaking changes arrive unreviewed, and
a rollback cannot bring the old base back.

Pin a version tag (` + "`alpine:3.20`" + `), ideally with a digest
(` + "`alpine:3.20@sha256:…`" + `). A digest after ` + "`latest`" + ` pins it too and is not reported.`,
	Tags:        []string{"supply-chain", "best-practice"},
	CIS:         []string{"4.2"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3007"}, rules.Trivy: {"DS001"}, rules.Checkov: {"CKV_DOCKER_7"}, rules.KICS: {"f45ea400-6bbe-4501-9fc7-1c3d75c32067"}},
	Run:         runBaseImageLatest,
}

func runBaseImageLatest(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		ref, what, ok := builtBase(s)
		if !ok || ref.Tag != "latest" || ref.Digest != "" {
			continue
		}
		p.Reportf(s.Image.Span, "base image %s uses the latest tag, which changes under you; pin a version tag", what)
	}
}
