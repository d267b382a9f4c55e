package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1513 catches package installs with signature checks turned off: then
// anyone who can tamper with a mirror, a proxy or the network path can put
// their own packages into the image.
var SW1513 = &rules.Rule{
	ID:               "SW1513",
	Name:             "package-signature-check-disabled",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.0,
	Summary:          "Package signature verification is turned off",
	Doc: `Package managers verify every package (or the signed index that lists its checksum)
against the distribution's keys. That check is what makes plain-http mirrors and caching
proxies safe; turning it off lets whoever controls a mirror, a proxy or the network install
arbitrary code into the image.

Reported:

- apt: ` + "`--allow-unauthenticated`" + `, ` + "`--allow-insecure-repositories`" + `, ` + "`--force-yes`" + `,
  ` + "`-o APT::Get::AllowUnauthenticated=true`" + `, ` + "`-o Acquire::AllowInsecureRepositories=true`" + `,
  and a sources entry written with ` + "`[trusted=yes]`" + ` (or deb822 ` + "`Trusted: yes`" + `) for a network
  repository;
- apk: ` + "`--allow-untrusted`" + `;
- yum, dnf, microdnf, tdnf: ` + "`--nogpgcheck`" + `, ` + "`--setopt=gpgcheck=0`" + `, and ` + "`gpgcheck=0`" + ` written into a
  repository file;
- rpm installs with ` + "`--nosignature`" + `, ` + "`--nodigest`" + `, ` + "`--nofiledigest`" + ` or ` + "`--noverify`" + `.

Import the repository's signing key instead (` + "`signed-by=`" + ` for apt, ` + "`gpgkey=`" + ` for yum).

Not reported: ` + "`apk add --allow-untrusted`" + ` or ` + "`rpm -i --nosignature`" + ` of package files that were
checked before, in the same stage, by ` + "`gpg --verify`" + ` or a checksum tool naming them (the
procedure Microsoft documents for its Alpine packages); ` + "`[trusted=yes]`" + ` or ` + "`gpgcheck=0`" + ` for a local repository (` + "`file:`" + ` URLs, as the
official nginx image builds for some architectures), ` + "`repo_gpgcheck=0`" + ` (repository metadata
signing, off in most vendor repositories while packages are still checked), and values
written with variables.`,
	Tags:        []string{"security", "supply-chain"},
	CIS:         []string{"4.11"},
	Equivalents: map[string][]string{rules.Checkov: {"CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11"}},
	Run:         runPackageSignatureCheckDisabled,
}

func runPackageSignatureCheckDisabled(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for ci, c := range r.Calls {
			switch {
			case instAptFamily(c):
				cl := instApt(p, c)
				for _, o := range cl.Opts {
					switch o.Name {
					case "allow-unauthenticated", "allow-insecure-repositories", "force-yes":
						p.Reportf(o.Word.Span, "%s --%s installs packages without checking their signatures; import the repository key instead", c.Name, o.Name)
					case "o", "option":
						if o.Value == nil || !o.Value.Literal {
							continue
						}
						k, v, _ := strings.Cut(o.Value.Value, "=")
						k = strings.ToLower(strings.TrimSpace(k))
						if (k == "apt::get::allowunauthenticated" || k == "acquire::allowinsecurerepositories" || k == "acquire::allowdowngradetoinsecurerepositories") && instTrue(v) {
							p.Reportf(o.Value.Span, "%s -o %s turns off package signature checks; import the repository key instead", c.Name, o.Value.Value)
						}
					}
				}
			case c.Is("apk"):
				if w, ok := c.FlagWord("allow-untrusted"); ok && !filesVerified(r, ci, instApk(c).Pos[1:]) {
					p.Reportf(w.Span, "apk --allow-untrusted installs packages without checking their signatures; add the signing key to /etc/apk/keys instead")
				}
			case instRPMFamily(c) || c.Is("yum-config-manager") || c.Is("zypper"):
				cl := instRPMManager(c)
				for _, o := range cl.Opts {
					switch {
					case o.Name == "nogpgcheck" || o.Name == "no-gpg-checks":
						p.Reportf(o.Word.Span, "%s --%s installs packages without checking their signatures; import the repository key instead", c.Name, o.Name)
					case o.Name == "setopt" && o.Value != nil && o.Value.Literal:
						k, v, _ := strings.Cut(o.Value.Value, "=")
						if (k == "gpgcheck" || strings.HasSuffix(k, ".gpgcheck")) && instFalse(v) {
							p.Reportf(o.Value.Span, "%s --setopt=%s turns off package signature checks; import the repository key instead", c.Name, o.Value.Value)
						}
					}
				}
			case c.Is("rpm"):
				cl := instParse(c.Args, "rD", "root", "dbpath", "define", "prefix", "relocate", "excludepath")
				if !rpmInstalls(cl) || filesVerified(r, ci, cl.Pos) {
					continue
				}
				for _, o := range cl.Opts {
					if instOneOf(o.Name, "nosignature", "nodigest", "nofiledigest", "noverify") {
						p.Reportf(o.Word.Span, "rpm --%s installs a package without checking its signature or digests; import the key with rpm --import instead", o.Name)
					}
				}
			case c.Is("echo", "printf"):
				if span, what, ok := untrustedRepoText(c); ok {
					p.Reportf(span, "%s marks a network package repository as trusted, so its packages are installed unverified; import its signing key instead", what)
				}
			case c.Is("sed"):
				for _, a := range c.Args {
					if a.Literal && strings.Contains(a.Value, "gpgcheck=0") && !strings.Contains(a.Value, "repo_gpgcheck=0") && strings.HasPrefix(a.Value, "s") {
						p.Reportf(a.Span, "sed rewrites a repository file to gpgcheck=0, so its packages are installed unverified; keep gpgcheck=1 and import the key")
					}
				}
			}
		}
		for _, h := range r.Ins.Heredocs {
			if what, ok := untrustedRepoContent(h.Content); ok {
				p.Reportf(h.Body, "%s marks a network package repository as trusted, so its packages are installed unverified; import its signing key instead", what)
			}
		}
	})
	for _, ins := range p.Dockerfile.Instructions {
		if ins.Keyword != "COPY" && ins.Keyword != "ADD" {
			continue
		}
		for _, h := range ins.Heredocs {
			if what, ok := untrustedRepoContent(h.Content); ok {
				p.Reportf(h.Body, "%s marks a network package repository as trusted, so its packages are installed unverified; import its signing key instead", what)
			}
		}
	}
}

// filesVerified reports whether the package files among args (those
// named like files: *.apk, *.rpm, paths) were all checked by a checksum or
// signature tool (gpg --verify, sha256sum, ...) before call ci, in this RUN or
// an earlier instruction of the stage. Packages taken from a repository by
// name are never verified this way.
func filesVerified(r *instRun, ci int, args []*shell.Word) bool {
	var texts []string
	collect := func(calls []*shell.Call, stmts map[*syntax.CallExpr]*syntax.Stmt) {
		for _, c := range calls {
			if verifier(c) {
				texts = append(texts, verifierTexts(c, stmts)...)
			}
		}
	}
	done := false
	for st := r.Stage; st != nil && !done; st = st.Parent {
		for _, ins := range st.Instructions {
			if ins == r.Ins || ins.OnBuild == r.Ins {
				done = true
				break
			}
			if ins.Keyword == "RUN" && ins.Shell != nil {
				collect(ins.Shell.Calls, ins.Shell.Stmts())
			}
		}
	}
	collect(r.Calls[:ci], r.Ins.Shell.Stmts())
	files := 0
	for _, a := range args {
		t := instText(a)
		if !strings.Contains(t, "/") && !strings.HasSuffix(t, ".apk") && !strings.HasSuffix(t, ".rpm") {
			continue
		}
		files++
		k := instKey(a)
		ok := false
		for _, x := range texts {
			if k != "" && strings.Contains(x, k) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return files > 0
}

// rpmInstalls reports whether an rpm call installs, upgrades or freshens.
func rpmInstalls(cl instCmdLine) bool {
	if cl.Has("install", "upgrade", "freshen", "reinstall") {
		return true
	}
	for _, o := range cl.Opts {
		if len(o.Name) == 1 && o.Word.Value != "" && len(o.Word.Value) > 1 && o.Word.Value[0] == '-' && o.Word.Value[1] != '-' {
			switch o.Word.Value[1] {
			case 'i', 'U', 'F':
				return true
			}
			return false
		}
	}
	return false
}

// untrustedRepoText reads an echo or printf that writes a sources or repo line.
func untrustedRepoText(c *shell.Call) (source.Span, string, bool) {
	text := instEchoText(c)
	what, ok := untrustedRepoContent(text)
	if !ok || len(c.Args) == 0 {
		return source.Span{}, "", false
	}
	span := source.Span{Start: c.Args[0].Span.Start, End: c.Args[len(c.Args)-1].Span.End}
	for _, a := range c.Args {
		if a.Literal && (strings.Contains(a.Value, "trusted=yes") || strings.Contains(a.Value, "gpgcheck") || strings.Contains(strings.ToLower(a.Value), "trusted:")) {
			span = a.Span
			break
		}
	}
	return span, what, true
}

// untrustedRepoContent finds, in configuration text, an apt source marked
// [trusted=yes] (or deb822 Trusted: yes) or a yum repository with
// gpgcheck=0, for a network URL. Local (file:) repositories are fine.
func untrustedRepoContent(text string) (string, bool) {
	lines := strings.Split(text, "\n")
	for _, line := range lines {
		fields := strings.Fields(line)
		for i, fl := range fields {
			if fl != "deb" && fl != "deb-src" {
				continue
			}
			opts, url := "", ""
			rest := fields[i+1:]
			if len(rest) > 0 && strings.HasPrefix(rest[0], "[") {
				for len(rest) > 0 {
					opts += " " + rest[0]
					done := strings.HasSuffix(rest[0], "]")
					rest = rest[1:]
					if done {
						break
					}
				}
			}
			if len(rest) > 0 {
				url = rest[0]
			}
			if strings.Contains(opts, "trusted=yes") && instNetworkURL(url) {
				return "[trusted=yes]", true
			}
		}
	}
	lower := strings.ToLower(text)
	// deb822 stanza: Trusted: yes with network URIs.
	if vals := instConfValues(text, "Trusted"); len(vals) > 0 && strings.Contains(lower, "uris:") {
		for _, v := range vals {
			if instTrue(v) {
				for _, u := range instConfValues(text, "URIs") {
					if instNetworkURL(u) {
						return "Trusted: yes", true
					}
				}
			}
		}
	}
	// yum/dnf repository: gpgcheck=0 with a network baseurl, mirrorlist or metalink.
	for _, v := range instConfValues(text, "gpgcheck") {
		if !instFalse(v) {
			continue
		}
		network := false
		for _, key := range []string{"baseurl", "mirrorlist", "metalink"} {
			for _, u := range instConfValues(text, key) {
				if instNetworkURL(u) {
					network = true
				}
			}
		}
		if network || !strings.Contains(lower, "baseurl") && !strings.Contains(lower, "mirrorlist") && !strings.Contains(lower, "metalink") && !strings.Contains(text, "\x00") {
			return "gpgcheck=0", true
		}
	}
	return "", false
}

// instNetworkURL reports whether u is a literal network URL (http, https, ftp).
func instNetworkURL(u string) bool {
	u = strings.ToLower(strings.Trim(u, `"'`))
	if strings.ContainsAny(u, "$\x00") {
		return false
	}
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "ftp://") || strings.HasPrefix(u, "tor+http")
}
