package dockerfile

import (
	"net/url"
	"path"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1602 catches downloaded files that are run, extracted or installed
// without checking a checksum or signature: a compromised release server,
// mirror or proxy then puts its own code into the image.
var SW1602 = &rules.Rule{
	ID:               "SW1602",
	Name:             "download-unverified",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 6.5,
	Summary:          "A downloaded file is used without a checksum or signature check",
	Doc: `A file fetched at build time is whatever the server returns that day. When the build
then runs it, extracts it into the image or installs it, a compromised release page, mirror,
CDN or proxy decides what ships. Verify the file against a checksum (or signature) kept in the
Dockerfile before using it:

` + "```dockerfile" + `
ARG HELM_SHA256=0f2f0d9a…
RUN curl -fsSLo helm.tar.gz "https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz" \
 && echo "${HELM_SHA256}  helm.tar.gz" | sha256sum -c - \
 && tar -xzf helm.tar.gz
` + "```" + `

The rule follows each file ` + "`curl`" + ` or ` + "`wget`" + ` downloads (` + "`-o`" + `, ` + "`-O`" + `, ` + "`> file`" + `, wget's
default name) through the commands of the same ` + "`RUN`" + ` (renames by ` + "`mv`" + `/` + "`cp`" + ` included) and
reports the first use before any check: extracted (` + "`tar -x`" + `, ` + "`unzip`" + `, ` + "`gunzip`" + `, ` + "`7z x`" + `),
installed (` + "`dpkg -i`" + `, ` + "`apt-get install ./x.deb`" + `, ` + "`rpm -i`" + `, ` + "`dnf install ./x.rpm`" + `,
` + "`pip install x.whl`" + `, ` + "`gem install`" + `, ` + "`npm install x.tgz`" + `), run (` + "`./x`" + `, ` + "`sh x`" + `, ` + "`java -jar x`" + `)
or made executable (` + "`chmod +x`" + `, ` + "`install`" + `). A download piped straight into ` + "`tar`" + ` or a
decompressor is reported too (piping into a shell is ` + "`pipe-to-shell`" + `). Installing a package
straight from a URL (` + "`rpm -i https://…`" + `, ` + "`dnf install https://…`" + `) is reported, as rpm and dnf
do not check the signature of such packages by default.

A check after an extraction or a ` + "`chmod +x`" + ` still counts, in the same ` + "`RUN`" + ` or a later one of
the stage (nothing ran yet, and a failed check stops the build); a check after an install or a
run does not. Downloads of a URL naming a commit id (a GitHub archive of a commit) are taken as
pinned. Any of ` + "`sha256sum`" + ` (and the other ` + "`sha*sum`" + `, ` + "`shasum`" + `, ` + "`md5sum`" + `, ` + "`b2sum`" + `), ` + "`gpg --verify`" + `,
` + "`gpgv`" + `, ` + "`cosign verify-blob`" + `, ` + "`minisign -V`" + `, ` + "`openssl dgst`" + ` or ` + "`rpm --checksig`" + ` between
the download and the use counts as a check, with the hash given literally or through a
variable: when the check names files, it verifies those, otherwise every earlier download.

` + "`ADD <http(s) URL>`" + ` is reported without ` + "`--checksum=sha256:…`" + `, and ` + "`ADD <git URL>`" + ` when it is
not pinned to a commit (` + "`#<commit sha>`" + `, or ` + "`--checksum`" + `).

Not reported: ` + "`apk add`" + ` of a downloaded package (apk checks its signature), files used in a
later ` + "`RUN`" + ` (not followed), and files only copied or read.

Checkov's CKV_DOCKER_4 reports every ` + "`ADD`" + `: seaworthy splits it between ` + "`ADD <URL>`" + ` here (not
reported once ` + "`--checksum`" + ` pins it) and local ` + "`ADD`" + ` in SW1603 (` + "`add-instead-of-copy`" + `).`,
	Tags:        []string{"security", "supply-chain"},
	CIS:         []string{"4.9", "4.11"},
	Equivalents: map[string][]string{rules.Checkov: {"CKV_DOCKER_4"}},
	Run:         runDownloadUnverified,
}

type download struct {
	by       *shell.Call
	keys     map[string]bool
	name     string
	verified bool
	used     bool
	// deferred is an extraction or chmod not yet reported: a check later
	// in the RUN (or in a later RUN of the stage) still stops the build
	// before the file is run.
	deferred *sinkUse
	at       *shell.Call
}

func runDownloadUnverified(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		stmts := r.Ins.Shell.Stmts()
		var pending []*download
		stdout := map[*shell.Call]bool{}
		reportedPipe := map[*shell.Call]bool{}
		for _, c := range r.Calls {
			// A download piped straight into an extractor.
			if verb := stdinSink(c); verb != "" {
				for _, up := range c.Upstream {
					if stdout[up] && !reportedPipe[up] {
						reportedPipe[up] = true
						p.Reportf(source.Span{Start: up.NameSpan().Start, End: c.NameSpan().End},
							"%s output is piped into %s and %s without a checksum or signature check; download to a file and verify it (sha256sum -c) first", up.Name, c.Name, verb)
						break
					}
				}
			}
			if c.Is("curl", "wget") {
				files, toStdout := downloadTargets(c, stmts)
				if toStdout {
					stdout[c] = true
				}
				for _, fw := range files {
					k := instKey(fw)
					if k == "" || commitPinnedURL(c) {
						continue
					}
					pending = append(pending, &download{by: c, keys: map[string]bool{k: true}, name: instText(fw)})
				}
				continue
			}
			if verifier(c) {
				texts := verifierTexts(c, stmts)
				named := false
				for _, d := range pending {
					for k := range d.keys {
						for _, t := range texts {
							if strings.Contains(t, k) {
								d.verified, named = true, true
							}
						}
					}
				}
				if !named {
					for _, d := range pending {
						d.verified = true
					}
				}
				for _, d := range pending {
					if d.verified {
						d.deferred = nil
					}
				}
				continue
			}
			if c.Is("mv", "cp", "ln") {
				ps := c.Positionals("t", "target-directory", "S", "suffix")
				if len(ps) >= 2 {
					dest := ps[len(ps)-1]
					for _, src := range ps[:len(ps)-1] {
						if d := findDownload(pending, instKey(src)); d != nil {
							if dk := instKey(dest); dk != "" && !strings.HasSuffix(instText(dest), "/") {
								d.keys[dk] = true
							}
						}
					}
				}
				continue
			}
			for _, u := range fileSinks(p, c) {
				d := findDownload(pending, instKey(u.word))
				if d == nil || d.verified || d.used {
					continue
				}
				if u.verb == "extracted" || u.verb == "made executable" || u.verb == "installed as a program" {
					if d.deferred == nil {
						u := u
						d.deferred, d.at = &u, c
					}
					continue
				}
				d.used = true
				d.deferred = nil
				p.Reportf(instSpanTo(c, u.word), "%s (downloaded by %s) is %s without a checksum or signature check; verify it first (sha256sum -c, gpg --verify)", d.name, d.by.Name, u.verb)
			}
			for _, u := range urlInstalls(c) {
				p.Reportf(u.Span, "%s installs a package straight from %s without checking its signature; download it, verify its checksum, then install it", c.Name, u.Value)
			}
		}
		for _, d := range pending {
			if d.deferred == nil || d.verified || verifiedLater(r, d) {
				continue
			}
			p.Reportf(instSpanTo(d.at, d.deferred.word), "%s (downloaded by %s) is %s without a checksum or signature check; verify it first (sha256sum -c, gpg --verify)", d.name, d.by.Name, d.deferred.verb)
		}
	})
	runAddUnverified(p)
}

// verifiedLater reports whether a later RUN of the same stage checks the
// download by name.
func verifiedLater(r *instRun, d *download) bool {
	if r.Stage == nil {
		return false
	}
	after := false
	for _, ins := range r.Stage.Instructions {
		if ins == r.Ins {
			after = true
			continue
		}
		if !after || ins.Keyword != "RUN" || ins.Shell == nil {
			continue
		}
		stmts := ins.Shell.Stmts()
		for _, c := range ins.Shell.Calls {
			if !verifier(c) {
				continue
			}
			for _, t := range verifierTexts(c, stmts) {
				for k := range d.keys {
					if strings.Contains(t, k) {
						return true
					}
				}
			}
		}
	}
	return false
}

// commitPinnedURL reports whether a download names a commit id in its URL
// path (a GitHub archive of a commit): its content is fixed by the commit.
func commitPinnedURL(c *shell.Call) bool {
	for _, u := range instDownloadURLs(c) {
		t := instText(u)
		if i := strings.IndexAny(t, "?#"); i >= 0 {
			t = t[:i]
		}
		for _, seg := range strings.Split(t, "/") {
			seg = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(seg, ".tar.gz"), ".zip"), ".tgz")
			if hexSHA(seg) {
				return true
			}
		}
	}
	return false
}

// instSpanTo covers a call from its command word to word (or the word
// alone when it comes first, as in ./script).
func instSpanTo(c *shell.Call, w *shell.Word) source.Span {
	if w == c.NameWord || w.Span.Start < c.NameSpan().Start {
		return w.Span
	}
	return source.Span{Start: c.NameSpan().Start, End: w.Span.End}
}

func findDownload(pending []*download, key string) *download {
	if key == "" {
		return nil
	}
	for i := len(pending) - 1; i >= 0; i-- {
		if pending[i].keys[key] {
			return pending[i]
		}
	}
	return nil
}

// instKey is the base name a file word is tracked by.
func instKey(w *shell.Word) string {
	t := strings.TrimRight(instText(w), "/")
	if t == "" || t == "-" || t == "/dev/null" || t == "/dev/stdout" {
		return ""
	}
	return path.Base(t)
}

// downloadTargets returns the files a curl or wget call writes, and whether
// it writes the download to its standard output.
func downloadTargets(c *shell.Call, stmts map[*syntax.CallExpr]*syntax.Stmt) ([]*shell.Word, bool) {
	urls := instDownloadURLs(c)
	if len(urls) == 0 {
		return nil, false
	}
	var files []*shell.Word
	toStdout := false
	if c.Is("curl") {
		cl := instCurl(c)
		outs := cl.Values("o", "output")
		for _, o := range outs {
			if o.Value == "-" {
				toStdout = true
			} else {
				files = append(files, o)
			}
		}
		if cl.Has("O", "remote-name", "remote-name-all") {
			for _, u := range urls {
				files = append(files, remoteName(u))
			}
		} else if len(outs) == 0 {
			toStdout = true
		}
	} else {
		cl := instWget(c)
		if o, ok := cl.Get("O", "output-document"); ok && o.Value != nil {
			if o.Value.Value == "-" {
				toStdout = true
			} else {
				files = append(files, o.Value)
			}
		} else {
			for _, u := range urls {
				files = append(files, remoteName(u))
			}
		}
	}
	if toStdout && c.Wrapper == nil {
		if st := stmts[c.Expr]; st != nil {
			for _, rd := range st.Redirs {
				if (rd.Op == syntax.RdrOut || rd.Op == syntax.AppOut || rd.Op == syntax.RdrClob) && (rd.N == nil || rd.N.Value == "1") && rd.Word != nil {
					v, lit := shell.Literal(rd.Word)
					files = append(files, &shell.Word{Node: rd.Word, Value: v, Literal: lit})
					toStdout = false
				}
			}
		}
	}
	return files, toStdout
}

// remoteName is the file name curl -O and wget give a URL's download.
func remoteName(u *shell.Word) *shell.Word {
	t := instText(u)
	if i := strings.IndexAny(t, "?#"); i >= 0 {
		t = t[:i]
	}
	if pu, err := url.Parse(t); err == nil && pu.Path != "" && !strings.Contains(t, "$") {
		t = pu.Path
	}
	name := path.Base(t)
	if strings.HasSuffix(t, "/") || !strings.Contains(strings.TrimPrefix(t, "//"), "/") {
		name = "index.html"
	}
	return &shell.Word{Node: u.Node, Value: name, Literal: true, Span: u.Span}
}

// verifier reports whether a call checks a checksum or a signature.
func verifier(c *shell.Call) bool {
	switch {
	case c.Is("sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "md5sum", "b2sum", "sha3sum", "rhash", "xxhsum", "gpgv", "gpgv2", "sqv", "slsa-verifier", "pgpverify"):
		return true
	case c.Is("cksum"):
		return c.HasFlag("c", "check", "a", "algorithm")
	case c.Is("gpg", "gpg2"):
		return c.HasFlag("verify", "verify-files")
	case c.Is("cosign"):
		return strings.HasPrefix(c.Subcommand(), "verify")
	case c.Is("minisign", "signify"):
		return c.HasFlag("V")
	case c.Is("openssl"):
		return instOneOf(c.Subcommand(), "dgst", "sha1", "sha256", "sha384", "sha512", "md5", "sha3-256", "sha3-512") || c.Subcommand() == "smime" && c.HasFlag("verify")
	case c.Is("rpm", "rpmkeys"):
		return c.HasFlag("K", "checksig")
	case c.Is("dpkg-sig", "debsig-verify"):
		return true
	case c.Is("gh"):
		return instHasWords(c, "attestation", "verify")
	case c.Is("sq"):
		return c.Subcommand() == "verify"
	case strings.HasPrefix(c.Name, "python"):
		for _, a := range c.Args {
			if strings.Contains(a.Value, "hashlib") {
				return true
			}
		}
	}
	return false
}

// verifierTexts is what a check names: its arguments, what is piped into
// it, and its here-strings.
func verifierTexts(c *shell.Call, stmts map[*syntax.CallExpr]*syntax.Stmt) []string {
	var out []string
	for _, a := range c.Args {
		out = append(out, instText(a))
	}
	for _, up := range c.Upstream {
		for _, a := range up.Args {
			out = append(out, instText(a))
		}
	}
	if st := stmts[c.Expr]; st != nil {
		for _, rd := range st.Redirs {
			if rd.Word != nil {
				out = append(out, instText(&shell.Word{Node: rd.Word}))
			}
		}
	}
	return out
}

// stdinSink returns what a call does with a download piped into it
// ("extracts it"), or "" when it is not an extractor reading its input.
func stdinSink(c *shell.Call) string {
	switch {
	case c.Is("tar", "bsdtar", "gtar"):
		cl := tarCmdLine(c)
		if !cl.Has("x", "extract", "get") {
			return ""
		}
		if f, ok := cl.Get("f", "file"); ok && (f.Value == nil || f.Value.Value != "-") {
			return ""
		}
		return "extracts it"
	case c.Is("gunzip", "unxz", "bunzip2", "unzstd", "zcat", "xzcat", "bzcat", "zstdcat", "unlzma"):
		if len(c.Positionals()) == 0 {
			return "decompresses it"
		}
	case c.Is("gzip", "xz", "bzip2", "zstd", "lzma"):
		if c.HasFlag("d", "decompress") && len(c.Positionals()) == 0 {
			return "decompresses it"
		}
	case c.Is("cpio"):
		if c.HasFlag("i", "extract") {
			return "extracts it"
		}
	}
	return ""
}

// tarCmdLine parses tar, old style (tar xzf file) included.
func tarCmdLine(c *shell.Call) instCmdLine {
	args := c.Args
	if len(args) > 0 && args[0].Literal && args[0].Value != "" && !strings.HasPrefix(args[0].Value, "-") && strings.Trim(args[0].Value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		first := *args[0]
		first.Value = "-" + first.Value
		args = append([]*shell.Word{&first}, args[1:]...)
		// Old style: each value letter takes the next argument in turn.
		cl := instCmdLine{}
		rest := args[1:]
		for _, ch := range first.Value[1:] {
			o := instOpt{Name: string(ch), Word: args[0]}
			if strings.ContainsRune("fCTXbHKNgVL", ch) && len(rest) > 0 {
				o.Value, rest = rest[0], rest[1:]
			}
			cl.Opts = append(cl.Opts, o)
		}
		more := instParse(rest, "fCTXbHKNgVL", tarLongValues...)
		cl.Opts = append(cl.Opts, more.Opts...)
		cl.Pos = more.Pos
		return cl
	}
	return instParse(args, "fCTXbHKNgVL", tarLongValues...)
}

var tarLongValues = []string{"file", "directory", "files-from", "exclude-from", "exclude", "strip-components", "transform", "xform", "owner", "group", "mode", "use-compress-program", "blocking-factor", "newer", "after-date", "label", "format", "record-size", "to-command", "checkpoint-action", "index-file"}

type sinkUse struct {
	word *shell.Word
	verb string
}

// fileSinks lists the files a call extracts, installs, runs or makes executable.
func fileSinks(p *rules.Pass, c *shell.Call) []sinkUse {
	var out []sinkUse
	add := func(verb string, ws ...*shell.Word) {
		for _, w := range ws {
			out = append(out, sinkUse{word: w, verb: verb})
		}
	}
	if c.NameWord != nil && c.NameWord.Literal && strings.Contains(c.NameWord.Value, "/") {
		add("run", c.NameWord)
	}
	switch {
	case c.Is("tar", "bsdtar", "gtar"):
		cl := tarCmdLine(c)
		if cl.Has("x", "extract", "get") {
			add("extracted", cl.Values("f", "file")...)
		}
	case c.Is("unzip", "gunzip", "unxz", "bunzip2", "unzstd", "unlzma", "jar"):
		cl := instParse(c.Args, "dxP")
		if len(cl.Pos) > 0 {
			add("extracted", cl.Pos[0])
		}
	case c.Is("gzip", "xz", "bzip2", "zstd", "lzma"):
		if c.HasFlag("d", "decompress") {
			add("extracted", c.Positionals()...)
		}
	case c.Is("7z", "7za", "7zr"):
		if s := c.Subcommand(); s == "x" || s == "e" {
			if ps := c.Positionals(); len(ps) > 1 {
				add("extracted", ps[1])
			}
		}
	case c.Is("dpkg"):
		if c.HasFlag("i", "install", "unpack", "x", "extract") {
			add("installed", c.Positionals()...)
		}
	case c.Is("gdebi"):
		add("installed", c.Positionals()...)
	case c.Is("apt-get", "apt"):
		if cl := instApt(p, c); cl.Sub() == "install" {
			add("installed", cl.Pos[1:]...)
		}
	case c.Is("rpm"):
		cl := instParse(c.Args, "rD", "root", "dbpath", "define", "prefix", "relocate", "excludepath")
		if rpmInstalls(cl) {
			add("installed", cl.Pos...)
		}
	case instRPMFamily(c) || c.Is("zypper"):
		cl := instRPMManager(c)
		if instOneOf(cl.Sub(), "install", "localinstall", "reinstall", "in", "update", "upgrade") {
			add("installed", cl.Pos[1:]...)
		}
	case c.Is("gem"):
		if c.Subcommand() == "install" || c.Subcommand() == "i" {
			add("installed", c.Positionals()[1:]...)
		}
	case c.Is("npm"):
		if s := c.Subcommand(); s == "install" || s == "i" || s == "add" {
			add("installed", c.Positionals()[1:]...)
		}
	case c.Is("chmod"):
		ps := c.Positionals()
		if len(ps) > 1 && ps[0].Literal && execMode(ps[0].Value) {
			add("made executable", ps[1:]...)
		}
	case c.Is("install"):
		cl := instParse(c.Args, "mogtSCZ", "mode", "owner", "group", "target-directory", "suffix")
		if cl.Has("d", "directory") {
			break
		}
		if m, ok := cl.Get("m", "mode"); ok && (m.Value == nil || !m.Value.Literal || !execMode(m.Value.Value)) {
			break
		}
		srcs := cl.Pos
		if !cl.Has("t", "target-directory") && len(srcs) > 0 {
			srcs = srcs[:len(srcs)-1]
		}
		add("installed as a program", srcs...)
	case c.Is("source", "."):
		if len(c.Args) > 0 {
			add("run", c.Args[0])
		}
	case c.Is("java"):
		if w, ok := c.FlagValue("jar"); ok && w != nil {
			add("run", w)
		}
	default:
		if _, ok := pipInstallArgs(c); ok {
			args, _ := pipInstallArgs(c)
			add("installed", args...)
			break
		}
		if interpreterName(c.Name) != "" {
			cl := instParse(c.Args, "cmoOW")
			if !cl.Has("c", "m", "e") && len(cl.Pos) > 0 {
				add("run", cl.Pos[0])
			}
		}
	}
	return out
}

// execMode reports whether a chmod mode adds execute permission.
func execMode(m string) bool {
	if m == "" {
		return false
	}
	if strings.Trim(m, "01234567") == "" {
		for _, d := range m {
			if (d-'0')%2 == 1 {
				return true
			}
		}
		return false
	}
	for _, part := range strings.Split(m, ",") {
		if strings.ContainsAny(part, "+=") && strings.ContainsAny(part[strings.IndexAny(part, "+="):], "xX") {
			return true
		}
	}
	return false
}

// urlInstalls lists package URLs installed directly by rpm, yum, dnf or zypper.
func urlInstalls(c *shell.Call) []*shell.Word {
	var ps []*shell.Word
	switch {
	case c.Is("rpm"):
		cl := instParse(c.Args, "rD", "root", "dbpath", "define", "prefix", "relocate", "excludepath")
		if rpmInstalls(cl) && !cl.Has("nosignature") {
			ps = cl.Pos
		}
	case instRPMFamily(c) || c.Is("zypper"):
		cl := instRPMManager(c)
		if instOneOf(cl.Sub(), "install", "localinstall", "reinstall", "in") {
			ps = cl.Pos[1:]
		}
	}
	var out []*shell.Word
	for _, w := range ps {
		t := strings.ToLower(instText(w))
		if (strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "ftp://")) && strings.HasSuffix(t, ".rpm") {
			out = append(out, w)
		}
	}
	return out
}

// runAddUnverified reports ADD of remote URLs without --checksum and of git
// repositories not pinned to a commit.
func runAddUnverified(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		target := ins.Effective()
		if target.Keyword != "ADD" || len(target.Args) < 2 || len(target.Heredocs) > 0 {
			continue
		}
		_, hasSum := target.Flag("checksum")
		for _, a := range target.Args[:len(target.Args)-1] {
			v := a.Value
			switch {
			case gitURL(v):
				if !hasSum && !gitPinned(v) {
					p.Reportf(a.Span, "ADD fetches the git repository %s at a branch or tag, which can move; pin it to a commit (#<commit sha>) or add --checksum", v)
				}
			case remoteURL(v):
				if !hasSum {
					p.Reportf(a.Span, "ADD downloads %s without --checksum, so the build uses whatever the server returns; add --checksum=sha256:<digest>", v)
				}
			}
		}
	}
}

// remoteURL reports whether an ADD source is fetched over the network.
func remoteURL(v string) bool {
	l := strings.ToLower(v)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "ftp://")
}

// gitURL recognises the git sources BuildKit's ADD accepts.
func gitURL(v string) bool {
	l := strings.ToLower(v)
	if strings.HasPrefix(l, "git://") || strings.HasPrefix(l, "git@") || strings.HasPrefix(l, "ssh://") {
		return true
	}
	if !remoteURL(v) {
		return false
	}
	base := l
	if i := strings.IndexAny(base, "#?"); i >= 0 {
		base = base[:i]
	}
	return strings.HasSuffix(base, ".git")
}

// gitPinned reports whether a git source names a commit: #<sha>[:dir],
// ?commit=<sha> or ?ref=<sha>.
func gitPinned(v string) bool {
	if i := strings.IndexByte(v, '#'); i >= 0 {
		ref, _, _ := strings.Cut(v[i+1:], ":")
		if hexSHA(ref) {
			return true
		}
	}
	if i := strings.IndexByte(v, '?'); i >= 0 {
		q := v[i+1:]
		if j := strings.IndexByte(q, '#'); j >= 0 {
			q = q[:j]
		}
		vals, err := url.ParseQuery(q)
		if err == nil && (hexSHA(vals.Get("commit")) || hexSHA(vals.Get("ref")) || hexSHA(vals.Get("checksum"))) {
			return true
		}
	}
	return false
}

// hexSHA reports whether s is a full commit id (SHA-1 or SHA-256).
func hexSHA(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	return strings.Trim(strings.ToLower(s), "0123456789abcdef") == ""
}
