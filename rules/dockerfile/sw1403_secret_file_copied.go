package dockerfile

import (
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1403 catches credential files copied into the image: whoever can pull
// the image can read them, and deleting them later does not help.
var SW1403 = &rules.Rule{
	ID:               "SW1403",
	Name:             "secret-file-copied",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.5,
	Summary:          "A credential file is copied into the image",
	Doc: `` + "`COPY .env .`" + `, ` + "`COPY id_rsa /root/.ssh/`" + `, ` + "`COPY .npmrc ./`" + ` put the file in a layer: anyone who
can pull the image (or read the build cache) can read it, and an ` + "`rm`" + ` in a later instruction
does not remove it from that layer.

Give secrets to the build with a secret or SSH mount, which never lands in a layer, and to
the container at run time:

` + "```dockerfile" + `
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=ssh git clone git@github.com:org/private.git
` + "```" + `

Reported sources (or destinations): ` + "`.env`" + ` and ` + "`.env.*`" + `, SSH private keys (` + "`id_rsa`" + `,
` + "`id_ed25519`" + `, …, anything under ` + "`.ssh/`" + `), ` + "`.aws/`" + `, ` + "`.docker/config.json`" + `, ` + "`.kube/config`" + `,
` + "`kubeconfig`" + `, ` + "`.npmrc`" + `, ` + "`.pypirc`" + `, ` + "`.netrc`" + `, ` + "`.git-credentials`" + `, ` + "`.pgpass`" + `,
` + "`credentials.json`" + `, ` + "`terraform.tfstate`" + `, key stores (` + "`*.p12`" + `, ` + "`*.pfx`" + `, ` + "`*.jks`" + `), and
` + "`.pem`" + `/` + "`.key`" + ` files named as private keys (` + "`server.key`" + `, ` + "`privkey.pem`" + `). A file
of any name is reported when an ` + "`ENV`" + ` such as ` + "`GOOGLE_APPLICATION_CREDENTIALS`" + `,
` + "`AWS_SHARED_CREDENTIALS_FILE`" + ` or ` + "`KUBECONFIG`" + ` names the path it is copied to, when the
destination is such a variable (` + "`COPY creds $AWS_CONFIG_FILE`" + `), and when such an ` + "`ENV`" + ` names a
path inside a copy of the whole build context (` + "`COPY . .`" + ` then
` + "`ENV GOOGLE_APPLICATION_CREDENTIALS=./app/key.json`" + `; paths resolved against the ` + "`WORKDIR`" + `).

Not reported: templates (` + "`.env.example`" + `, ` + "`.env.sample`" + `), public keys (` + "`*.pub`" + `), certificates
(` + "`ca.pem`" + `, ` + "`fullchain.pem`" + `), repository signing keys (` + "`nodesource.key`" + `), ` + "`.ssh/known_hosts`" + `
and ` + "`.ssh/config`" + `, ` + "`*.pem`" + ` files not named as private keys (DH parameters, certificates),
paths under ` + "`/run/secrets`" + ` (secret mounts), copies between stages (` + "`COPY --from`" + `), and files copied into a build stage
that the shipped image does not copy whole.`,
	Tags:        []string{"security"},
	CIS:         []string{"4.10"},
	Equivalents: map[string][]string{rules.Trivy: {"DS031"}},
	Run:         runSecretFileCopied,
}

func runSecretFileCopied(p *rules.Pass) {
	f := p.Dockerfile
	ships := shippedStages(f)
	for s := range copiedWhole(f, ships) {
		ships[s] = true
	}
	reportCredentialEnvs(p, ships)
	for _, ins := range f.Instructions {
		if ins.OnBuild != nil {
			ins = ins.OnBuild
		}
		switch ins.Command.(type) {
		case *instructions.CopyCommand, *instructions.AddCommand:
		default:
			continue
		}
		if !ships[ins.Stage] || len(ins.Args) < 2 || len(ins.Heredocs) > 0 || ins.JSON {
			continue
		}
		if _, ok := ins.Flag("from"); ok {
			continue
		}
		dst := ins.Args[len(ins.Args)-1]
		srcs := ins.Args[:len(ins.Args)-1]
		dir := len(srcs) > 1 || strings.HasSuffix(dst.Value, "/") || dst.Value == "." || dst.Value == ".."
		for _, a := range srcs {
			if strings.Contains(a.Value, "://") || strings.ContainsAny(a.Value, "$*?[") {
				continue
			}
			if kind, ok := secretFile(a.Value); ok {
				p.Reportf(a.Span, "%s puts %s (%s) into the image, where anyone who can pull it can read it; use a build secret (RUN --mount=type=secret) or provide it at run time", ins.Keyword, path.Base(path.Clean(a.Value)), kind)
				continue
			}
			if strings.Contains(dst.Value, "$") {
				if name := credentialEnvRef(dst.Value); name != "" {
					p.Reportf(dst.Span, "%s puts %s at $%s, the credentials file its tools read, into the image, where anyone who can pull it can read it; mount it at run time instead", ins.Keyword, path.Base(path.Clean(a.Value)), name)
				}
				continue
			}
			target := dst.Value
			if dir {
				target = path.Join(dst.Value, path.Base(path.Clean(a.Value)))
			}
			if kind, ok := secretFile(target); ok {
				p.Reportf(dst.Span, "%s writes %s (%s) into the image, where anyone who can pull it can read it; use a build secret (RUN --mount=type=secret) or provide it at run time", ins.Keyword, target, kind)
			} else if name := credentialEnvFor(p, ins.Stage, target); name != "" {
				p.Reportf(dst.Span, "%s puts %s into the image, and ENV %s names it as a credentials file; anyone who can pull the image can read it: mount it at run time instead", ins.Keyword, target, name)
			}
		}
	}
}

// credentialEnvRef returns the credentials-file variable a COPY
// destination is ($AWS_CONFIG_FILE, ${KUBECONFIG}), or "".
func credentialEnvRef(dst string) string {
	name := strings.TrimPrefix(dst, "$")
	if strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}") {
		name = name[1 : len(name)-1]
	}
	if len(name) == len(dst) || !slices.Contains(credentialEnvs, name) {
		return ""
	}
	return name
}

// reportCredentialEnvs reports an ENV that names, as a credentials file, a
// path inside a copy of the whole build context (COPY . . then
// ENV GOOGLE_APPLICATION_CREDENTIALS=./app/key.json): the key came with the
// context. Paths are resolved against the WORKDIR in force; when either
// side cannot be resolved, nothing is reported.
func reportCredentialEnvs(p *rules.Pass, ships map[*df.Stage]bool) {
	copies := wholeContextCopies(p.Dockerfile)
	for _, s := range p.Dockerfile.Stages {
		if !ships[s] {
			continue
		}
		for _, ins := range s.Instructions {
			env, ok := ins.Command.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range env.Env {
				v := strings.Trim(kv.Value, `"'`)
				if v == "" || strings.Contains(v, "$") || !slices.Contains(credentialEnvs, kv.Key) || kv.Key == "DOCKER_CONFIG" {
					continue
				}
				target := resolveIn(p, s, ins, v)
				if instUnder(target, "/run/secrets") || instUnder(target, "/var/run/secrets") {
					continue
				}
				for _, c := range copies {
					if !inChain(s, c.ins.Stage) {
						continue
					}
					dstText := c.ins.Args[len(c.ins.Args)-1].Value
					dst := resolveIn(p, c.ins.Stage, c.ins, dstText)
					inside := target != "" && dst != "" && dst != "/" && instUnder(target, dst)
					if target == "" && dst == "" && sameWorkdir(p, s, ins, c.ins) {
						// Both relative to one WORKDIR not known here (the base image's).
						rel, d := path.Clean(v), path.Clean(dstText)
						inside = !strings.HasPrefix(rel, "..") && (d == "." || instUnder(rel, d))
					}
					if inside {
						p.Reportf(keySpan(ins, kv.Key), "ENV %s names %s as a credentials file, and %s %s on line %d copies the whole build context there, so the key ships in the image; mount it at run time instead", kv.Key, v, c.ins.Keyword, c.src, c.ins.Line())
						break
					}
				}
			}
		}
	}
}

// resolveIn makes a path written in instruction ins of stage s absolute,
// with the WORKDIR in force there; "" when that WORKDIR is not known.
func resolveIn(p *rules.Pass, s *df.Stage, ins *df.Instruction, v string) string {
	if path.IsAbs(v) {
		return path.Clean(v)
	}
	dir, set := hygWorkdir(p, s, ins)
	if !set && hygScratch(s) {
		dir = "/"
	}
	if dir == "" {
		return ""
	}
	return path.Join(dir, v)
}

// sameWorkdir reports whether instructions a (of stage s) and b run in
// the same working directory, as far as the Dockerfile says.
func sameWorkdir(p *rules.Pass, s *df.Stage, a, b *df.Instruction) bool {
	da, sa := hygWorkdir(p, s, a)
	db, sb := hygWorkdir(p, s, b)
	return da == db && sa == sb && (!sa || da != "")
}

// inChain reports whether stage t is s or a stage s is built FROM.
func inChain(s, t *df.Stage) bool {
	for st := s; st != nil; st = st.Parent {
		if st == t {
			return true
		}
	}
	return false
}

// credentialEnvs name variables whose value is the path of a credentials
// file that tools read (Trivy DS031 checks the same list).
var credentialEnvs = []string{
	"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AZURE_AUTH_LOCATION", "AZURE_CLIENT_CERTIFICATE_PATH", "KUBECONFIG", "NPM_CONFIG_USERCONFIG", "DOCKER_CONFIG",
	"GIT_SSH_KEY", "SSH_KEY_PATH", "VAULT_CACERT_KEY", "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE",
}

// credentialEnvFor returns the ENV of stage s (or a stage it is built FROM)
// that names path as a credentials file, or "". A relative COPY destination
// matches a variable ending in "/"+path.
func credentialEnvFor(p *rules.Pass, s *df.Stage, target string) string {
	target = path.Clean(target)
	for _, e := range credentialPaths(p, s) {
		if e.path == target || !path.IsAbs(target) && strings.HasSuffix(e.path, "/"+target) {
			return e.name
		}
	}
	return ""
}

// credentialPath is an ENV that names a credentials file.
type credentialPath struct{ name, path string }

type credentialPathsKey struct{ stage *df.Stage }

// credentialPaths lists the credentials-file ENVs of s and the stages it is
// built FROM, once per stage (asked for every COPY, a rescan was quadratic).
func credentialPaths(p *rules.Pass, s *df.Stage) []credentialPath {
	return rules.Memo(p, credentialPathsKey{s}, func() []credentialPath {
		var out []credentialPath
		for st := s; st != nil; st = st.Parent {
			for _, ins := range st.Instructions {
				env, ok := ins.Command.(*instructions.EnvCommand)
				if !ok {
					continue
				}
				for _, kv := range env.Env {
					v := path.Clean(strings.Trim(kv.Value, `"'`))
					if !strings.Contains(v, "$") && slices.Contains(credentialEnvs, kv.Key) {
						out = append(out, credentialPath{kv.Key, v})
					}
				}
			}
		}
		return out
	})
}

// copiedWhole finds build stages whose whole filesystem a shipped stage
// copies (COPY --from=build / /), so what they hold ships too.
func copiedWhole(f *df.File, ships map[*df.Stage]bool) map[*df.Stage]bool {
	out := map[*df.Stage]bool{}
	for s := range ships {
		for _, ins := range s.Instructions {
			from, ok := ins.Flag("from")
			if !ok || ins.Keyword != "COPY" || len(ins.Args) < 2 {
				continue
			}
			src := f.StageByName(from.Value)
			if src == nil || path.Clean("/"+ins.Args[0].Value) != "/" {
				continue
			}
			for st := src; st != nil && !out[st]; st = st.Parent {
				out[st] = true
			}
		}
	}
	return out
}
