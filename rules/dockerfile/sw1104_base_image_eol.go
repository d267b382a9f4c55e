package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1104 catches base images whose release line no longer gets security
// fixes: the image may still be rebuilt, but known vulnerabilities in it
// stay unfixed.
var SW1104 = &rules.Rule{
	ID:               "SW1104",
	Name:             "base-image-eol",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "Base image is past its end of life",
	Doc: `A base image whose release line has reached its end of life gets no more security fixes:
` + "`node:14`" + ` (Node.js 14 ended 2023-04-30), ` + "`python:3.11-slim-buster`" + ` (built on Debian 10),
` + "`golang:1.19-alpine3.16`" + ` (Go 1.19 and Alpine 3.16). Vulnerabilities found after that date stay
in every image built from it.

Move to a supported release; the message names the product and the cycle. The rule reads both
the product named by the image and its tag (` + "`node:14-alpine`" + ` is Node.js 14) and a distribution
named in the tag's suffix (` + "`-buster`" + `, ` + "`-bullseye`" + `, ` + "`-alpine3.16`" + `, ` + "`-focal`" + `, ` + "`-jammy`" + `,
` + "`-debian-11`" + `). A cycle that ends within 90 days is reported at ` + "`info`" + `.

The dates come from a snapshot of endoflife.date embedded in seaworthy, and are judged at the
snapshot's date (2026-08-22), never the clock: the same Dockerfile gives the same findings on
every run. Debian is judged by the end of Debian LTS, which is free and during which the Docker
Official Images keep rebuilding the release; a Debian release past its regular security support
but still in LTS is reported at ` + "`info`" + `. For paid extended support (Ubuntu ESM, RHEL ELS) the
message gives that date too. The rule option ` + "`as-of: YYYY-MM-DD`" + ` judges at another date:

` + "```yaml" + `
rules:
  base-image-eol:
    as-of: 2027-01-01
` + "```" + `

Not reported: moving tags (` + "`latest`" + `, ` + "`lts`" + `, ` + "`stable`" + `, ` + "`alpine`" + `, ` + "`3`" + `), images not in the
data, and tags whose version does not name a listed cycle (` + "`mongo:7`" + `, ` + "`mysql:8`" + `): the rule
never guesses. The ` + "`openjdk`" + ` image's Java versions are not judged (its tags were built from
several upstreams); base-image-deprecated reports that image.`,
	Tags:    []string{"security", "supply-chain"},
	CIS:     []string{"4.4"},
	Options: []rules.Option{imagedata.AsOfOption},
	Run:     runBaseImageEOL,
}

func runBaseImageEOL(p *rules.Pass) {
	asOf := imagedata.EOLAsOf(p.Settings.Options[p.Rule.ID])
	for _, s := range p.Dockerfile.Stages {
		ref, ok := externalBase(s)
		if !ok {
			continue
		}
		for _, v := range imagedata.EOLVerdicts(ref, asOf) {
			span := tagSpan(s, v.Start, v.End)
			if v.Start < 0 {
				span = s.Image.Span
			}
			msg, info := v.Describe("base image " + quoted(s))
			if info {
				p.ReportSeverity(rules.Info, span, "%s", msg)
				continue
			}
			p.Reportf(span, "%s", msg)
		}
	}
}
