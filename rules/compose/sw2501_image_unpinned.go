package compose

import (
	"github.com/distribution/reference"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2501 catches images without a tag, or with a tag that moves.
var SW2501 = &rules.Rule{
	ID:       "SW2501",
	Name:     "compose-image-unpinned",
	Kind:     rules.Compose,
	Severity: rules.Warning,
	Summary:  "Image has no tag or a moving tag",
	Doc: "`image: nginx` pulls `nginx:latest`, and `latest`, `stable`, `edge`, `nightly` and other\n" +
		"moving tags name whatever was pushed last. Two hosts, or one host before and after a\n" +
		"`docker compose pull`, run different software; upgrades arrive unreviewed and a rollback\n" +
		"cannot bring the old version back.\n\n" +
		"Pin a version tag (`nginx:1.27`), ideally with its digest\n" +
		"(`nginx:1.27@sha256:...`); a digest pins any tag and is not reported. Services with\n" +
		"`build:` (the image names what is built) and images written with variables are not\n" +
		"reported.",
	Tags: []string{"supply-chain", "best-practice"},
	CIS:  []string{"5.28"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			ref, n, ok := pulledImage(s)
			if !ok {
				continue
			}
			if _, pinned := ref.(reference.Digested); pinned {
				continue
			}
			tagged, hasTag := ref.(reference.Tagged)
			switch {
			case !hasTag:
				reportValue(p, n, "image %q of service %q has no tag, so Docker pulls latest, which changes under you; pin a version tag", written(n), s.Name)
			case movingTags[tagged.Tag()]:
				reportValue(p, n, "image %q of service %q uses the moving tag %s, which changes under you; pin a version tag", written(n), s.Name, tagged.Tag())
			}
		}
	},
}
