package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1401 catches secrets in ENV and ARG: ENV values are stored in the image
// config for anyone who can pull it, and ARG values in the build history.
var SW1401 = &rules.Rule{
	ID:               "SW1401",
	Name:             "secret-in-arg-env",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.5,
	Summary:          "A secret is set with ENV or ARG",
	Doc: `` + "`ENV`" + ` values are stored in the image configuration: ` + "`docker inspect`" + ` shows them to
anyone who can pull the image, and every container inherits them. ` + "`ARG`" + ` values are recorded
in the image history and build provenance. Neither is a place for passwords, tokens or keys.

Pass secrets at build time with a secret mount, which never lands in a layer:

` + "```dockerfile" + `
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
` + "```" + `

and at run time through the orchestrator's secrets or environment.

The rule matches names (` + "`DB_PASSWORD`" + `, ` + "`GITHUB_TOKEN`" + `, ` + "`API_KEY`" + `, ` + "`clientSecret`" + `),
whatever their prefix (` + "`VITE_`" + `, ` + "`NEXT_PUBLIC_`" + `: build tools inline those into client code, which
makes them worse, not public), with the usual abbreviations (` + "`DB_PSW`" + `, ` + "`ROOT_PASSWD`" + `,
` + "`DB_PASS`" + `), and ` + "`*_ACCESS_KEY_ID`" + `, the half of an access key pair that peers and secret
scanners report with it.
An ` + "`ENV`" + ` or an ` + "`ARG`" + ` default with a written value is an error; an ` + "`ARG`" + ` without a
default, whose value comes from ` + "`--build-arg`" + `, is a warning. Not reported: empty values,
values that only reference another variable, and names of references or settings
(` + "`*_FILE`" + `, ` + "`*_PATH`" + `, ` + "`*_URL`" + `, ` + "`*_LENGTH`" + `, ` + "`GPG_KEY`" + `, ` + "`*_PUBLIC_KEY`" + `).
The message names the variable, never its value.`,
	Tags:        []string{"security", "secrets"},
	CIS:         []string{"4.10"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3064"}, rules.BuildKit: {"SecretsUsedInArgOrEnv"}, rules.Trivy: {"DS031"}, rules.KICS: {"781e75f7-bf43-4ab7-bae7-a08ad6607af3"}},
	Run:         runSecretInArgEnv,
}

func runSecretInArgEnv(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		switch c := ins.Command.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if SecretName(kv.Key) && literalValue(kv.Value) {
					markValue(p, ins, kv.Key)
					p.Reportf(keySpan(ins, kv.Key), "ENV %s stores a secret in the image configuration, readable by anyone who can pull the image; use a build secret (RUN --mount=type=secret) or a runtime secret", kv.Key)
				}
			}
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if !SecretName(kv.Key) {
					continue
				}
				switch {
				case kv.Value == nil:
					p.ReportSeverity(rules.Warning, keySpan(ins, kv.Key), "ARG %s receives a secret that is recorded in the image history; use a build secret (RUN --mount=type=secret) instead", kv.Key)
				case literalValue(*kv.Value):
					markValue(p, ins, kv.Key)
					p.Reportf(keySpan(ins, kv.Key), "ARG %s has a secret as its default value, recorded in the Dockerfile and the image history; use a build secret (RUN --mount=type=secret) instead", kv.Key)
				}
			}
		}
	}
}

// markValue marks the value given to key (`KEY=value`, or the rest of a
// legacy `ENV KEY value`) as a secret, so that no output quotes it.
func markValue(p *rules.Pass, ins *df.Instruction, key string) {
	for i, a := range ins.Args {
		switch {
		case strings.HasPrefix(a.Raw, key+"="):
			p.Secret(p.Source, ins.SubSpan(a, len(key)+1, len(a.Raw)))
			return
		case a.Raw == key && i+1 < len(ins.Args) && ins.Keyword == "ENV":
			last := ins.Args[len(ins.Args)-1]
			p.Secret(p.Source, source.Span{Start: ins.Args[i+1].Span.Start, End: last.Span.End})
			return
		}
	}
}

// keySpan finds where a KEY or KEY=value argument names key.
func keySpan(ins *df.Instruction, key string) source.Span {
	for _, a := range ins.Args {
		if a.Raw == key || strings.HasPrefix(a.Raw, key+"=") {
			return ins.SubSpan(a, 0, len(key))
		}
	}
	return ins.KeywordSpan
}
