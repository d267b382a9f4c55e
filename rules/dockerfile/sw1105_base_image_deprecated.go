package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1105 catches Docker Official Images that were deprecated or removed:
// nothing rebuilds them, so they only collect vulnerabilities.
var SW1105 = &rules.Rule{
	ID:               "SW1105",
	Name:             "base-image-deprecated",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "Base image is a deprecated Docker Official Image",
	Doc: `Some Docker Official Images have been deprecated or removed from the program: ` + "`openjdk`" + `
(GA tags unmaintained; its early-access tags are not reported), ` + "`java`" + `, ` + "`adoptopenjdk`" + `, ` + "`centos`" + `, the library ` + "`consul`" + `,
` + "`vault`" + ` and ` + "`jenkins`" + ` images, ` + "`django`" + `, ` + "`rails`" + `, ` + "`celery`" + `, ` + "`amazonlinux:1`" + `/` + "`2018.03`" + `, …
Their tags still pull, but nothing updates them: every vulnerability found since stays in.

Move to the replacement the message names (` + "`eclipse-temurin`" + `, ` + "`hashicorp/vault`" + `,
` + "`jenkins/jenkins`" + `, ` + "`python`" + `, …).

The list comes from the Docker Official Images documentation (docker-library/docs
` + "`deprecated.md`" + ` notices), embedded in seaworthy. Only the library images are reported: the
maintained images published under an organisation (` + "`hashicorp/vault`" + `, ` + "`jenkins/jenkins`" + `,
` + "`rockylinux/rockylinux`" + `) and other registries (` + "`docker.elastic.co/*`" + `) are not.`,
	Tags: []string{"security", "supply-chain"},
	Run:  runBaseImageDeprecated,
}

func runBaseImageDeprecated(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		ref, ok := externalBase(s)
		if !ok {
			continue
		}
		d, ok := imagedata.DeprecatedOfficial(ref)
		if !ok {
			continue
		}
		p.Reportf(s.Image.Span, "base image %s is a deprecated Docker Official Image and gets no updates: %s", quoted(s), strings.TrimSuffix(d.Reason, "."))
	}
}
