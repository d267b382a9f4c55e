package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW2507 catches services that run a Docker Official Image that was
// deprecated or removed, as base-image-deprecated does for FROM: nothing
// rebuilds it, so it only collects vulnerabilities.
var SW2507 = &rules.Rule{
	ID:               "SW2507",
	Name:             "compose-image-deprecated",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "Service image is a deprecated Docker Official Image",
	Doc: "Some Docker Official Images have been deprecated or removed from the program, among them\n" +
		"images Compose files often run: `mongo-express`, `rethinkdb`, `sentry`, `piwik`, `owncloud`, the\n" +
		"library `consul`, `vault` and `jenkins` images, `centos`, `openjdk` (GA tags). Their tags still\n" +
		"pull, but nothing updates them: every vulnerability found since stays in.\n\n" +
		"Move to the replacement the message names (`hashicorp/vault`, `hashicorp/consul`,\n" +
		"`jenkins/jenkins`, `matomo`, `eclipse-temurin`, ...). The list is base-image-deprecated's\n" +
		"(SW1105), from the Docker Official Images documentation, embedded in seaworthy. Only the\n" +
		"library images are reported, not the maintained images published under an organisation or on\n" +
		"other registries. Services with `build:` and images written with variables are not checked.",
	Tags: []string{"security", "supply-chain"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			ref, n, ok := pulledImageRef(s)
			if !ok {
				continue
			}
			if d, ok := imagedata.DeprecatedOfficial(ref); ok {
				reportValue(p, n, "image %q of service %q is a deprecated Docker Official Image and gets no updates: %s",
					written(n), s.Name, strings.TrimSuffix(d.Reason, "."))
			}
		}
	},
}
