package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config/imagepolicy"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1107 enforces an organisation's list of trusted registries, so images
// are pulled only from places whose content the organisation controls or vets.
var SW1107 = &rules.Rule{
	ID:               "SW1107",
	Name:             "base-image-untrusted-registry",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 7.0,
	Summary:          "Image comes from a registry that is not trusted",
	Doc: `Where images may come from is a policy decision: many organisations pull only through their
own registry or mirror, which scans and vets what it serves. The rule is active only when the
configuration (` + "`.seaworthy.yaml`" + `) lists ` + "`trusted-registries`" + `; without that list it reports nothing.

Each ` + "`FROM`" + ` image, ` + "`COPY --from=<image>`" + ` and ` + "`RUN --mount=…,from=<image>`" + ` must come from one
of the listed registries. Images without a registry host (` + "`node:22`" + `, ` + "`bitnami/redis`" + `) come
from ` + "`docker.io`" + `. Entries are host names (with the port, ` + "`registry.local:5000`" + `) or globs where
` + "`*`" + ` matches any text and ` + "`?`" + ` one character (` + "`*.example.com`" + `). ` + "`docker.io`" + `, ` + "`index.docker.io`" + `,
` + "`registry-1.docker.io`" + ` and ` + "`hub.docker.com`" + ` are the same registry.

Not reported: ` + "`scratch`" + `, earlier stages (by name or index), references built from ARGs
without a default, and a bare ` + "`--from=name`" + ` that is not a stage (it may name a build context).`,
	Tags:        []string{"security", "supply-chain"},
	CIS:         []string{"4.2"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3026"}},
	Run:         runBaseImageUntrustedRegistry,
}

func runBaseImageUntrustedRegistry(p *rules.Pass) {
	trusted := p.Settings.TrustedRegistries
	if len(trusted) == 0 {
		return
	}
	list := strings.Join(trusted, ", ")
	check := func(span source.Span, what, shown, ref string) {
		r, ok := imagedata.Parse(ref)
		if !ok || imagepolicy.TrustedRegistry(trusted, r.Domain) {
			return
		}
		p.Reportf(span, "%s %s comes from %s, which is not a trusted registry (%s); pull it through a trusted registry", what, shown, r.Domain, list)
	}
	f := p.Dockerfile
	for _, s := range f.Stages {
		if _, ok := externalBase(s); ok {
			check(s.Image.Span, "base image", quoted(s), s.Base)
		}
	}
	for _, ins := range f.Instructions {
		if ins.OnBuild != nil {
			ins = ins.OnBuild
		}
		switch ins.Command.(type) {
		case *instructions.CopyCommand:
			if from, ok := ins.Flag("from"); ok {
				if ref, ok := externalFrom(f, from.Value); ok {
					span := from.Span
					if i := strings.IndexByte(from.Raw, '='); i >= 0 {
						span = ins.SubSpan(from, i+1, len(from.Raw))
					}
					check(span, "COPY --from image", strconv.Quote(ref), ref)
				}
			}
		case *instructions.RunCommand:
			for _, fl := range ins.Flags {
				body := strings.TrimPrefix(fl.Value, "--")
				if !strings.HasPrefix(body, "mount=") {
					continue
				}
				for _, kv := range strings.Split(strings.TrimPrefix(body, "mount="), ",") {
					if k, v, _ := strings.Cut(kv, "="); k == "from" {
						if ref, ok := externalFrom(f, v); ok {
							span := fl.Span
							if i := strings.Index(fl.Raw, kv); i >= 0 {
								span = ins.SubSpan(fl, i+len("from="), i+len(kv))
							}
							check(span, "RUN --mount image", strconv.Quote(ref), ref)
						}
					}
				}
			}
		}
	}
}

// externalFrom resolves a --from value to an image reference: not a stage
// name or index, not a variable, and not a bare word, which may name a
// build context given with --build-context.
func externalFrom(f *df.File, v string) (string, bool) {
	if v == "" || strings.Contains(v, "$") || f.StageByName(v) != nil || !strings.ContainsAny(v, ":/@") {
		return "", false
	}
	return v, true
}
