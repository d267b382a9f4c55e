package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1514 catches TLS certificate checks turned off for downloads and
// package managers: HTTPS then protects against nothing, and anyone on the
// network path can serve the build their own code.
var SW1514 = &rules.Rule{
	ID:               "SW1514",
	Name:             "tls-verification-disabled",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.0,
	Summary:          "TLS certificate verification is turned off",
	Doc: `Without certificate verification an HTTPS download is as good as plain HTTP: a proxy,
a compromised network or a DNS hijack can serve any content, and the build runs or installs
it. When an internal certificate authority is the reason, install its certificate
(` + "`COPY corp-ca.crt /usr/local/share/ca-certificates/`" + ` and ` + "`update-ca-certificates`" + `) and
keep verification on.

Reported in ` + "`RUN`" + `: ` + "`curl -k`" + `/` + "`--insecure`" + `, ` + "`wget --no-check-certificate`" + `,
` + "`git -c http.sslVerify=false`" + ` and ` + "`git config http.sslVerify false`" + `,
` + "`npm|yarn|pnpm config set strict-ssl false`" + ` (and ` + "`--strict-ssl=false`" + `),
` + "`pip --trusted-host`" + ` and ` + "`pip config set global.trusted-host`" + `, ` + "`uv --allow-insecure-host`" + `,
` + "`--setopt=sslverify=0`" + ` (or ` + "`REPO.sslverify=false`" + `) for yum, dnf, microdnf, tdnf and
` + "`yum-config-manager`" + `, dnf5's ` + "`dnf config-manager setopt sslverify=0`" + `, ` + "`sslverify=0`" + ` written into a
repository file, a zypper repository URL with ` + "`?ssl_verify=no`" + `, ` + "`apk --no-check-certificate`" + `,
` + "`conda --insecure`" + `, ` + "`helm --insecure-skip-tls-verify`" + `, ` + "`svn --trust-server-cert`" + `,
` + "`aria2c --check-certificate=false`" + `,
apt's ` + "`Acquire::https::Verify-Peer`" + `/` + "`Verify-Host`" + ` set to false, ` + "`conda config --set ssl_verify false`" + `,
` + "`composer config disable-tls true`" + `.

Reported in ` + "`ENV`" + `, ` + "`ARG`" + ` defaults and ` + "`RUN`" + ` assignments (` + "`VAR=… cmd`" + `,
` + "`export`" + `, ` + "`env`" + `): ` + "`GIT_SSL_NO_VERIFY`" + ` (any value: git only checks that it is set), ` + "`NODE_TLS_REJECT_UNAUTHORIZED=0`" + `,
` + "`PYTHONHTTPSVERIFY=0`" + `, ` + "`NPM_CONFIG_STRICT_SSL=false`" + `, ` + "`YARN_ENABLE_STRICT_SSL=false`" + `,
` + "`PIP_TRUSTED_HOST`" + `, ` + "`UV_INSECURE_HOST`" + `, ` + "`CONDA_SSL_VERIFY=false`" + `. Values written with variables
are not reported.`,
	Tags:        []string{"security", "supply-chain"},
	Equivalents: map[string][]string{rules.Checkov: {"CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5", "CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_13", "CKV2_DOCKER_14", "CKV2_DOCKER_15", "CKV2_DOCKER_16"}},
	Run:         runTLSVerificationDisabled,
}

// tlsEnvOff reports whether setting environment variable name to value
// turns certificate checks off.
func tlsEnvOff(name, value string) bool {
	switch strings.ToUpper(name) {
	case "GIT_SSL_NO_VERIFY":
		return true // git only checks that it is set: even "0" turns checks off
	case "NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY":
		return strings.TrimSpace(value) == "0"
	case "NPM_CONFIG_STRICT_SSL", "YARN_ENABLE_STRICT_SSL", "YARN_STRICT_SSL", "CONDA_SSL_VERIFY":
		return instFalse(value)
	case "PIP_TRUSTED_HOST", "UV_INSECURE_HOST":
		return strings.TrimSpace(value) != ""
	}
	return false
}

func runTLSVerificationDisabled(p *rules.Pass) {
	f := p.Dockerfile
	for _, ins := range f.Instructions {
		target := ins.Effective()
		switch c := target.Command.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if !strings.Contains(kv.Value, "$") && tlsEnvOff(kv.Key, kv.Value) {
					p.Reportf(keySpan(target, kv.Key), "ENV %s=%s turns off TLS certificate checks; install the CA certificate you need instead", kv.Key, kv.Value)
				}
			}
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if kv.Value != nil && !strings.Contains(*kv.Value, "$") && tlsEnvOff(kv.Key, *kv.Value) {
					p.Reportf(keySpan(target, kv.Key), "ARG %s=%s turns off TLS certificate checks; install the CA certificate you need instead", kv.Key, *kv.Value)
				}
			}
		}
	}
	instRuns(p, func(r *instRun) {
		tlsRunAssigns(p, r.Ins)
		for _, c := range r.Calls {
			if span, msg, ok := tlsCall(p, c); ok {
				p.Reportf(span, "%s", msg)
			}
		}
		for _, h := range r.Ins.Heredocs {
			tlsContent(p, h.Content, h.Body)
		}
	})
	for _, ins := range f.Instructions {
		if ins.Keyword == "COPY" || ins.Keyword == "ADD" {
			for _, h := range ins.Heredocs {
				tlsContent(p, h.Content, h.Body)
			}
		}
	}
}

// tlsContent reports sslverify=0 or Verify-Peer "false" in configuration text.
func tlsContent(p *rules.Pass, text string, span source.Span) {
	for _, v := range instConfValues(text, "sslverify") {
		if instFalse(v) {
			p.Reportf(span, "sslverify=0 turns off TLS certificate checks for the repository; install the CA certificate you need instead")
			return
		}
	}
	for _, key := range []string{"Verify-Peer", "Verify-Host"} {
		for _, v := range instConfValues(text, key) {
			if instFalse(v) {
				p.Reportf(span, "%s \"false\" turns off TLS certificate checks for apt; install the CA certificate you need instead", key)
				return
			}
		}
	}
}

// tlsRunAssigns reports VAR=value assignments and exports in a RUN.
func tlsRunAssigns(p *rules.Pass, ins *df.Instruction) {
	s := ins.Shell
	if s == nil || s.File == nil {
		return
	}
	for _, as := range s.Index().Assigns {
		if as.Name == nil {
			continue
		}
		v := ""
		if as.Value != nil {
			lit, ok := shell.Literal(as.Value)
			if !ok {
				continue
			}
			v = lit
		}
		if tlsEnvOff(as.Name.Value, v) {
			p.Reportf(s.Span(as), "%s=%s turns off TLS certificate checks; install the CA certificate you need instead", as.Name.Value, v)
		}
	}
	for _, c := range s.Calls {
		if !c.Is("env") || c.Wrapper != nil && c.Wrapper.Is("env") {
			continue
		}
		for _, a := range c.Args {
			if !a.Literal || !strings.Contains(a.Value, "=") {
				continue
			}
			k, v, _ := strings.Cut(a.Value, "=")
			if tlsEnvOff(k, v) {
				p.Reportf(a.Span, "%s turns off TLS certificate checks; install the CA certificate you need instead", a.Value)
			}
		}
	}
}

// tlsCall recognises a command that turns certificate checks off.
func tlsCall(p *rules.Pass, c *shell.Call) (source.Span, string, bool) {
	const fix = "install the CA certificate you need instead"
	if span, what, ok := tlsManagerOff(c); ok {
		return span, what + " turns off TLS certificate checks; " + fix, true
	}
	switch {
	case c.Is("curl"):
		cl := instCurl(c)
		if o, ok := cl.Get("k", "insecure"); ok {
			return o.Word.Span, "curl " + o.Word.Value + " turns off TLS certificate checks; " + fix, true
		}
	case c.Is("wget"):
		cl := instWget(c)
		if o, ok := cl.Get("no-check-certificate"); ok {
			return o.Word.Span, "wget --no-check-certificate turns off TLS certificate checks; " + fix, true
		}
		for _, w := range cl.Values("e", "execute") {
			if k, v, ok := strings.Cut(strings.ReplaceAll(w.Value, " ", ""), "="); ok && w.Literal && strings.EqualFold(k, "check_certificate") && instFalse(v) {
				return w.Span, "wget -e " + w.Value + " turns off TLS certificate checks; " + fix, true
			}
		}
	case c.Is("git"):
		for i, a := range c.Args {
			if !a.Literal {
				continue
			}
			if a.Value == "-c" && i+1 < len(c.Args) && c.Args[i+1].Literal {
				k, v, _ := strings.Cut(c.Args[i+1].Value, "=")
				if gitSSLVerifyKey(k) && instFalse(v) {
					return c.Args[i+1].Span, "git -c " + c.Args[i+1].Value + " turns off TLS certificate checks; " + fix, true
				}
			}
			if a.Value == "config" && i+2 < len(c.Args) {
				rest := c.Args[i+1:]
				var ps []*shell.Word
				for _, w := range rest {
					if !strings.HasPrefix(w.Value, "-") {
						ps = append(ps, w)
					}
				}
				if len(ps) >= 2 && ps[0].Literal && ps[1].Literal && gitSSLVerifyKey(ps[0].Value) && instFalse(ps[1].Value) {
					return source.Span{Start: ps[0].Span.Start, End: ps[1].Span.End}, "git config " + ps[0].Value + " " + ps[1].Value + " turns off TLS certificate checks; " + fix, true
				}
				break
			}
		}
	case c.Is("npm", "yarn", "pnpm"):
		ps := c.Positionals()
		for i, w := range ps {
			if !w.Literal {
				continue
			}
			k, v, hasEq := strings.Cut(w.Value, "=")
			if !hasEq && i+1 < len(ps) {
				v = ps[i+1].Value
			}
			if (k == "strict-ssl" || k == "enableStrictSsl") && instFalse(v) && i > 0 && (ps[i-1].Value == "set" || ps[0].Value == "set") {
				end := w.Span.End
				if !hasEq && i+1 < len(ps) {
					end = ps[i+1].Span.End
				}
				return source.Span{Start: w.Span.Start, End: end}, c.Name + " config set strict-ssl false turns off TLS certificate checks; " + fix, true
			}
		}
		for _, a := range c.Args {
			if a.Literal && (a.Value == "--no-strict-ssl" || strings.HasPrefix(a.Value, "--strict-ssl=") && instFalse(strings.TrimPrefix(a.Value, "--strict-ssl="))) {
				return a.Span, c.Name + " " + a.Value + " turns off TLS certificate checks; " + fix, true
			}
		}
	case c.Name == "pip" || strings.HasPrefix(c.Name, "pip3") || strings.HasPrefix(c.Name, "pip2") || strings.HasPrefix(c.Name, "python"):
		if strings.HasPrefix(c.Name, "python") && !instHasWords(c, "-m", "pip") {
			return source.Span{}, "", false
		}
		if w, ok := c.FlagWord("trusted-host"); ok {
			return w.Span, "pip --trusted-host turns off TLS certificate checks for that host; " + fix, true
		}
		for i, a := range c.Args {
			if a.Literal && a.Value == "set" && i+1 < len(c.Args) && strings.HasSuffix(c.Args[i+1].Value, ".trusted-host") {
				return c.Args[i+1].Span, "pip config set " + c.Args[i+1].Value + " turns off TLS certificate checks; " + fix, true
			}
		}
	case c.Is("uv"):
		if w, ok := c.FlagWord("allow-insecure-host"); ok {
			return w.Span, "uv --allow-insecure-host turns off TLS certificate checks for that host; " + fix, true
		}
	case instAptFamily(c):
		for _, w := range instApt(p, c).Values("o", "option") {
			k, v, _ := strings.Cut(w.Value, "=")
			lk := strings.ToLower(k)
			if w.Literal && strings.HasPrefix(lk, "acquire::https") && (strings.HasSuffix(lk, "::verify-peer") || strings.HasSuffix(lk, "::verify-host")) && instFalse(v) {
				return w.Span, c.Name + " -o " + w.Value + " turns off TLS certificate checks; " + fix, true
			}
		}
	case c.Is("echo", "printf"):
		text := instEchoText(c)
		for _, key := range []string{"sslverify", "Verify-Peer", "Verify-Host", "check_certificate", "strict-ssl"} {
			for _, v := range instConfValues(text, key) {
				if instFalse(v) && len(c.Args) > 0 {
					return source.Span{Start: c.Args[0].Span.Start, End: c.Args[len(c.Args)-1].Span.End}, "the configuration written here sets " + key + " off, which turns off TLS certificate checks; " + fix, true
				}
			}
		}
	case c.Is("conda", "mamba", "micromamba"):
		for i, a := range c.Args {
			if a.Literal && a.Value == "ssl_verify" && i+1 < len(c.Args) && instFalse(c.Args[i+1].Value) {
				return source.Span{Start: a.Span.Start, End: c.Args[i+1].Span.End}, c.Name + " config --set ssl_verify false turns off TLS certificate checks; " + fix, true
			}
		}
	case c.Is("composer"):
		for i, a := range c.Args {
			if a.Literal && a.Value == "disable-tls" && i+1 < len(c.Args) && instTrue(c.Args[i+1].Value) {
				return source.Span{Start: a.Span.Start, End: c.Args[i+1].Span.End}, "composer config disable-tls true turns off TLS for package downloads; " + fix, true
			}
		}
	}
	return source.Span{}, "", false
}

// gitSSLVerifyKey matches http.sslVerify and http.<url>.sslVerify.
func gitSSLVerifyKey(k string) bool {
	k = strings.ToLower(k)
	return strings.HasPrefix(k, "http.") && strings.HasSuffix(k, ".sslverify")
}

// tlsManagers is, for each package manager (and package tool) that has
// one, how its command line turns certificate checks off. Signature
// checks (yum --nogpgcheck, zypper --no-gpg-checks, apk --allow-untrusted)
// are another matter: SW1513.
var tlsManagers = []struct {
	cmds []string
	// flags turn checks off by being given (apk --no-check-certificate).
	flags []string
	// falseFlags turn checks off when given a false value (--check-certificate=false).
	falseFlags []string
	// setopt names KEY=VALUE options whose key sslverify (or
	// REPO.sslverify) set false turns checks off: --setopt=sslverify=0,
	// and dnf5's `dnf config-manager setopt sslverify=0`.
	setopt string
	// urlParam is a repository URL query parameter that turns checks off
	// (zypper addrepo 'https://…?ssl_verify=no').
	urlParam string
}{
	{cmds: []string{"yum", "dnf", "dnf4", "dnf5", "microdnf", "tdnf", "yum-config-manager"}, setopt: "setopt"},
	{cmds: []string{"zypper"}, urlParam: "ssl_verify"},
	{cmds: []string{"apk"}, flags: []string{"no-check-certificate"}},
	{cmds: []string{"conda", "mamba", "micromamba"}, flags: []string{"insecure", "k"}},
	{cmds: []string{"helm"}, flags: []string{"insecure-skip-tls-verify"}},
	{cmds: []string{"svn"}, flags: []string{"trust-server-cert", "trust-server-cert-failures"}},
	{cmds: []string{"aria2c"}, falseFlags: []string{"check-certificate"}},
}

// tlsManagerOff finds, by the tlsManagers table, the word of c that turns
// certificate checks off, and says what it is ("dnf --setopt=sslverify=0").
func tlsManagerOff(c *shell.Call) (source.Span, string, bool) {
	for _, m := range tlsManagers {
		if !c.Is(m.cmds...) {
			continue
		}
		for _, f := range m.flags {
			if w, ok := c.FlagWord(f); ok {
				return w.Span, c.Name + " " + w.Value, true
			}
		}
		for _, f := range m.falseFlags {
			if v, ok := c.FlagValue(f); ok && v != nil && v.Literal && instFalse(v.Value) {
				w, _ := c.FlagWord(f)
				return source.Span{Start: w.Span.Start, End: v.Span.End}, c.Name + " --" + f + "=" + v.Value, true
			}
		}
		if m.setopt != "" {
			cl := instRPMManager(c)
			for _, w := range cl.Values(m.setopt) {
				if w.Literal && tlsSSLVerifyOff(w.Value) {
					return w.Span, c.Name + " --setopt=" + w.Value, true
				}
			}
			// dnf5: dnf config-manager setopt [REPO.]sslverify=0
			if len(cl.Pos) >= 3 && cl.Pos[0].Value == "config-manager" && cl.Pos[1].Value == "setopt" {
				for _, w := range cl.Pos[2:] {
					if w.Literal && tlsSSLVerifyOff(w.Value) {
						return w.Span, c.Name + " config-manager setopt " + w.Value, true
					}
				}
			}
		}
		if m.urlParam != "" {
			for _, w := range c.Args {
				if !w.Literal || !strings.Contains(w.Value, "://") {
					continue
				}
				_, query, _ := strings.Cut(w.Value, "?")
				for _, kv := range strings.Split(query, "&") {
					if k, v, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, m.urlParam) && instFalse(v) {
						return w.Span, c.Name + " repository URL with " + kv, true
					}
				}
			}
		}
	}
	return source.Span{}, "", false
}

// tlsSSLVerifyOff reports whether a KEY=VALUE option sets sslverify (or
// REPO.sslverify) to a false value.
func tlsSSLVerifyOff(opt string) bool {
	k, v, _ := strings.Cut(opt, "=")
	k = strings.ToLower(k)
	return (k == "sslverify" || strings.HasSuffix(k, ".sslverify")) && instFalse(v)
}
