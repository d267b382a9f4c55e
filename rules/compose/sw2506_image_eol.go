package compose

import (
	"fmt"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW2506 catches services that run an image whose release line no longer
// gets security fixes, as base-image-eol does for a Dockerfile's FROM: a
// Compose file often runs databases and caches straight from their
// official images (postgres:11, redis:5), with no Dockerfile to lint.
var SW2506 = &rules.Rule{
	ID:               "SW2506",
	Name:             "compose-image-eol",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "Service image is past its end of life",
	Doc: "A service that runs `postgres:11`, `redis:5`, `node:14` or `mysql:5.7` runs a release line that\n" +
		"gets no more security fixes: vulnerabilities found after its end of life stay in the image.\n\n" +
		"Move to a supported release; the message names the product and the cycle. The verdicts are\n" +
		"base-image-eol's (SW1104), from the same embedded snapshot of endoflife.date, judged at the\n" +
		"snapshot's date, never the clock: the product named by the image and its tag\n" +
		"(`postgres:11-alpine` is PostgreSQL 11) and a distribution named in the tag's suffix\n" +
		"(`-buster`, `-alpine3.16`, `-focal`). A cycle that ends within 90 days, and a Debian release in\n" +
		"LTS only, are reported at `info`. The rule option `as-of: YYYY-MM-DD` judges at another date:\n\n" +
		"```yaml\nrules:\n  compose-image-eol:\n    as-of: 2027-01-01\n```\n\n" +
		"Not reported: services with `build:` (their `image:` names what is built; lint the\n" +
		"Dockerfile), images written with variables, moving tags (`latest`, `lts`, `alpine`), images not\n" +
		"in the data and tags that do not name a listed cycle (`mongo:7`): the rule never guesses.",
	Tags:    []string{"security", "supply-chain"},
	CIS:     []string{"4.4"},
	Options: []rules.Option{imagedata.AsOfOption},
	Run: func(p *rules.Pass) {
		asOf := imagedata.EOLAsOf(p.Settings.Options[p.Rule.ID])
		for _, s := range services(p) {
			ref, n, ok := pulledImageRef(s)
			if !ok {
				continue
			}
			for _, v := range imagedata.EOLVerdicts(ref, asOf) {
				msg, info := v.Describe(fmt.Sprintf("image %q of service %q", written(n), s.Name))
				if info {
					p.ReportSeverityIn(n.File(), rules.Info, n.Span(), "%s", msg)
					continue
				}
				reportValue(p, n, "%s", msg)
			}
		}
	},
}
