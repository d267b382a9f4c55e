package dockerfile

import (
	"net/url"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1515 catches package indexes and signing keys taken from places an
// attacker can control: a plain-http index or key anyone on the path can
// replace, and pip's --extra-index-url, where a public package with the
// same name as a private one wins.
var SW1515 = &rules.Rule{
	ID:               "SW1515",
	Name:             "package-source-insecure",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 7.5,
	Summary:          "Packages or signing keys come from an insecure source",
	Doc: `Language package managers (pip, npm, gem) trust their index: whatever it serves is
installed. Over plain ` + "`http://`" + ` anyone on the network path can serve other packages. A
signing key fetched over ` + "`http://`" + ` is worse: it is what later downloads are checked against.

` + "`pip install --extra-index-url`" + ` adds an index next to PyPI, and pip installs the highest
version found on any of them: publishing a package on PyPI with the name of a private package
and a higher version takes over the build (dependency confusion). Use ` + "`--index-url`" + ` with a
proxy that serves both, or uv (whose default index strategy is not exposed to this).

Reported: ` + "`--index-url`" + `/` + "`-i`" + `/` + "`--find-links`" + ` with an ` + "`http://`" + ` URL and any
` + "`--extra-index-url`" + ` for pip (also through ` + "`PIP_INDEX_URL`" + `/` + "`PIP_EXTRA_INDEX_URL`" + ` in ` + "`ENV`" + `,
` + "`ARG`" + ` defaults and ` + "`pip config set`" + `); an ` + "`http://`" + ` registry for npm, yarn, pnpm
(` + "`config set registry`" + `, ` + "`--registry`" + `, ` + "`NPM_CONFIG_REGISTRY`" + `) and gem (` + "`--source`" + `,
` + "`gem sources --add`" + `); a key fetched over ` + "`http://`" + ` (` + "`curl http://…/key.gpg | apt-key add -`" + `,
` + "`| gpg --dearmor`" + `, ` + "`apt-key adv --fetch-keys http://…`" + `, ` + "`rpm --import http://…`" + `, a download
whose URL ends in ` + "`.gpg`" + `, ` + "`.asc`" + `, ` + "`.key`" + ` or ` + "`.pub`" + `).

Not reported: ` + "`deb http://…`" + ` apt sources, yum ` + "`baseurl=http://`" + ` and Alpine ` + "`http://`" + `
repositories (their packages are signed and checked); ` + "`http://localhost`" + ` and
` + "`127.0.0.1`" + ` indexes; ` + "`--index-url https://…`" + ` (it replaces PyPI, so names cannot be
hijacked from there).`,
	Tags: []string{"security", "supply-chain"},
	Run:  runPackageSourceInsecure,
}

const insecureFix = "use an https:// URL"

func runPackageSourceInsecure(p *rules.Pass) {
	f := p.Dockerfile
	for _, ins := range f.Instructions {
		target := ins.Effective()
		var pairs [][2]string
		keyword := ""
		switch c := target.Command.(type) {
		case *instructions.EnvCommand:
			keyword = "ENV"
			for _, kv := range c.Env {
				pairs = append(pairs, [2]string{kv.Key, kv.Value})
			}
		case *instructions.ArgCommand:
			keyword = "ARG"
			for _, kv := range c.Args {
				if kv.Value != nil {
					pairs = append(pairs, [2]string{kv.Key, *kv.Value})
				}
			}
		}
		for _, kv := range pairs {
			if msg := insecureEnv(kv[0], kv[1]); msg != "" {
				p.Reportf(keySpan(target, kv[0]), "%s %s %s", keyword, kv[0], msg)
			}
		}
	}
	instRuns(p, func(r *instRun) {
		for _, c := range r.Calls {
			if span, msg, ok := insecureCall(c); ok {
				p.Reportf(span, "%s", msg)
			}
		}
	})
}

// insecureEnv judges PIP_INDEX_URL, PIP_EXTRA_INDEX_URL and NPM_CONFIG_REGISTRY.
func insecureEnv(name, value string) string {
	switch strings.ToUpper(name) {
	case "PIP_EXTRA_INDEX_URL":
		if strings.TrimSpace(value) != "" {
			return "adds a package index next to PyPI, so a public package can take the name of a private one (dependency confusion); use PIP_INDEX_URL with a proxy that serves both"
		}
	case "PIP_INDEX_URL", "NPM_CONFIG_REGISTRY", "YARN_REGISTRY", "YARN_NPM_REGISTRY_SERVER":
		if insecureHTTP(value) {
			return "points at a plain-http package index, whose packages anyone on the network path can replace; " + insecureFix
		}
	}
	return ""
}

// insecureHTTP reports whether u is a literal http:// URL to another host.
func insecureHTTP(u string) bool {
	u = strings.Trim(strings.TrimSpace(u), `"'`)
	if !strings.HasPrefix(strings.ToLower(u), "http://") {
		return false
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return !strings.Contains(u, "$")
	}
	host := parsed.Hostname()
	if host == "" || strings.Contains(host, "$") {
		return false
	}
	return host != "localhost" && host != "127.0.0.1" && host != "::1" && host != "host.docker.internal"
}

// insecureCall recognises insecure package sources in one command.
func insecureCall(c *shell.Call) (source.Span, string, bool) {
	pip := c.Name == "pip" || strings.HasPrefix(c.Name, "pip3") || strings.HasPrefix(c.Name, "pip2") ||
		strings.HasPrefix(c.Name, "python") && instHasWords(c, "-m", "pip")
	switch {
	case pip:
		cl := instParse(c.Args, "ifrcetm", pipLongValueFlags()...)
		for _, o := range cl.Opts {
			switch o.Name {
			case "extra-index-url":
				return o.Word.Span, "pip --extra-index-url adds a package index next to PyPI, and pip installs the highest version found on either, so a public package can take the name of a private one (dependency confusion); use --index-url with a proxy that serves both", true
			case "i", "index-url", "f", "find-links":
				if o.Value != nil && o.Value.Literal && insecureHTTP(o.Value.Value) {
					return o.Value.Span, "pip reads packages from a plain-http index, which anyone on the network path can replace; " + insecureFix, true
				}
			}
		}
		for i, a := range c.Args {
			if a.Literal && a.Value == "set" && i+2 < len(c.Args) {
				k, v := c.Args[i+1].Value, c.Args[i+2]
				switch {
				case strings.HasSuffix(k, ".extra-index-url"):
					return c.Args[i+1].Span, "pip config set " + k + " adds a package index next to PyPI, so a public package can take the name of a private one (dependency confusion); set index-url to a proxy that serves both", true
				case strings.HasSuffix(k, ".index-url") && v.Literal && insecureHTTP(v.Value):
					return v.Span, "pip config set " + k + " points at a plain-http index; " + insecureFix, true
				}
			}
		}
	case c.Is("npm", "yarn", "pnpm"):
		ps := c.Positionals()
		for i, w := range ps {
			if !w.Literal {
				continue
			}
			k, v, hasEq := strings.Cut(w.Value, "=")
			vw := w
			if !hasEq && i+1 < len(ps) {
				v, vw = ps[i+1].Value, ps[i+1]
			}
			if (k == "registry" || k == "npmRegistryServer" || strings.HasSuffix(k, ":registry")) && i > 0 && (ps[0].Value == "config" || ps[0].Value == "set") && vw.Literal && insecureHTTP(v) {
				return vw.Span, c.Name + " reads packages from a plain-http registry, which anyone on the network path can replace; " + insecureFix, true
			}
		}
		if o, ok := instParse(c.Args, "", "registry").Get("registry"); ok && o.Value != nil && o.Value.Literal && insecureHTTP(o.Value.Value) {
			return o.Value.Span, c.Name + " reads packages from a plain-http registry, which anyone on the network path can replace; " + insecureFix, true
		}
	case c.Is("gem"):
		cl := instParse(c.Args, "as", "source", "add")
		for _, w := range cl.Values("source", "s", "a", "add") {
			if w.Literal && insecureHTTP(w.Value) {
				return w.Span, "gem reads gems from a plain-http source, which anyone on the network path can replace; " + insecureFix, true
			}
		}
	case c.Is("rpm"):
		if w, ok := c.FlagValue("import"); ok && w != nil && w.Literal && insecureHTTP(w.Value) {
			return w.Span, "rpm --import fetches a signing key over plain http, so anyone on the network path can replace the key later packages are checked against; " + insecureFix, true
		}
	case c.Is("apt-key"):
		if w, ok := c.FlagValue("fetch-keys"); ok && w != nil && w.Literal && insecureHTTP(w.Value) {
			return w.Span, "apt-key fetches a signing key over plain http, so anyone on the network path can replace the key later packages are checked against; " + insecureFix, true
		}
	case instKeyringImport(c):
		for _, up := range c.Upstream {
			if !up.Is("curl", "wget") {
				continue
			}
			for _, u := range instDownloadURLs(up) {
				if u.Literal && insecureHTTP(u.Value) && !instKeyURL(u.Value) {
					return u.Span, up.Name + " fetches a signing key over plain http, so anyone on the network path can replace the key later packages are checked against; " + insecureFix, true
				}
			}
		}
	case c.Is("curl", "wget"):
		for _, u := range instDownloadURLs(c) {
			if !u.Literal || !insecureHTTP(u.Value) {
				continue
			}
			if instKeyURL(u.Value) {
				return u.Span, c.Name + " fetches a signing key over plain http, so anyone on the network path can replace the key later packages are checked against; " + insecureFix, true
			}
		}
	}
	return source.Span{}, "", false
}

// pipLongValueFlags lists pip's long options that take a value.
func pipLongValueFlags() []string {
	return []string{"index-url", "extra-index-url", "find-links", "requirement", "constraint", "editable", "target", "prefix", "root",
		"trusted-host", "proxy", "cert", "client-cert", "timeout", "retries", "src", "upgrade-strategy", "platform", "python-version",
		"implementation", "abi", "progress-bar", "cache-dir", "log", "exists-action", "global-option", "config-settings", "report", "only-binary", "no-binary", "root-user-action"}
}

// instKeyURL reports whether a URL names a key file.
func instKeyURL(u string) bool {
	path := u
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = strings.ToLower(path)
	for _, ext := range []string{".gpg", ".asc", ".key", ".pub", ".pgp"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return strings.HasSuffix(path, "/key") || strings.HasSuffix(path, "/gpgkey")
}

// instKeyringImport reports whether the call imports a key from its input:
// apt-key add, gpg --import or --dearmor, rpm --import.
func instKeyringImport(c *shell.Call) bool {
	switch {
	case c.Is("apt-key"):
		return c.Subcommand() == "add"
	case c.Is("gpg", "gpg2"):
		return c.HasFlag("import", "dearmor", "enarmor")
	case c.Is("rpm", "rpmkeys"):
		return c.HasFlag("import")
	}
	return false
}
