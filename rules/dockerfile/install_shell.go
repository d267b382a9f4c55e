package dockerfile

// Helpers shared by the package-manager and download rules (SW1507 on,
// SW1602 on). Names start with "inst" so that other areas' helpers in this
// package cannot collide with them.

import (
	"bytes"
	"path"
	"strings"
	"sync"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// instCacheMounted reports whether a cache or tmpfs mount of the RUN holds
// one of dirs (the mount target is the folder or one of its parents), so
// what a tool writes there never reaches the layer.
func instCacheMounted(ins *df.Instruction, dirs ...string) bool {
	for _, m := range ins.Mounts() {
		if m.Type != "cache" && m.Type != "tmpfs" || m.Target == "" {
			continue
		}
		for _, d := range dirs {
			if instUnder(d, m.Target) {
				return true
			}
		}
	}
	return false
}

// instUnder reports whether p is dir or inside it.
func instUnder(p, dir string) bool {
	p, dir = path.Clean(p), path.Clean(dir)
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

// instOpt is one option of a command line, parsed getopt-style.
type instOpt struct {
	Name  string      // without dashes: "o", "output"
	Value *shell.Word // nil when the option takes no value
	Word  *shell.Word // the argument that carries the option
}

// instCmdLine is a call's arguments split into options and operands.
type instCmdLine struct {
	Opts []instOpt
	Pos  []*shell.Word
}

// instParse splits args getopt-style: shortVal lists the one-letter options
// that take a value (in a cluster such as -fsSLo FILE the value is the rest
// of the cluster or the next word), longVal the long ones. Arguments that
// are not literal are operands; everything after "--" is an operand.
func instParse(args []*shell.Word, shortVal string, longVal ...string) instCmdLine {
	var cl instCmdLine
	isLongVal := func(n string) bool {
		for _, l := range longVal {
			if l == n {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		v := a.Value
		switch {
		case !a.Literal || !strings.HasPrefix(v, "-") || v == "-":
			cl.Pos = append(cl.Pos, a)
		case v == "--":
			cl.Pos = append(cl.Pos, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(v, "--"):
			name, val, hasVal := strings.Cut(v[2:], "=")
			o := instOpt{Name: name, Word: a}
			if hasVal {
				o.Value = &shell.Word{Node: a.Node, Value: val, Literal: true, Span: a.Span}
			} else if isLongVal(name) && i+1 < len(args) {
				i++
				o.Value = args[i]
			}
			cl.Opts = append(cl.Opts, o)
		default:
			body := v[1:]
			for j := 0; j < len(body); j++ {
				ch := body[j : j+1]
				o := instOpt{Name: ch, Word: a}
				if strings.Contains(shortVal, ch) {
					if rest := body[j+1:]; rest != "" {
						o.Value = &shell.Word{Node: a.Node, Value: strings.TrimPrefix(rest, "="), Literal: true, Span: a.Span}
					} else if i+1 < len(args) {
						i++
						o.Value = args[i]
					}
					cl.Opts = append(cl.Opts, o)
					break
				}
				cl.Opts = append(cl.Opts, o)
			}
		}
	}
	return cl
}

// Has reports whether any of the named options is given.
func (cl instCmdLine) Has(names ...string) bool {
	_, ok := cl.Get(names...)
	return ok
}

// Get returns the first given option among names.
func (cl instCmdLine) Get(names ...string) (instOpt, bool) {
	for _, o := range cl.Opts {
		for _, n := range names {
			if o.Name == n {
				return o, true
			}
		}
	}
	return instOpt{}, false
}

// Values returns the values of every occurrence of the named options.
func (cl instCmdLine) Values(names ...string) []*shell.Word {
	var out []*shell.Word
	for _, o := range cl.Opts {
		for _, n := range names {
			if o.Name == n && o.Value != nil {
				out = append(out, o.Value)
			}
		}
	}
	return out
}

// Count counts the occurrences of the named options.
func (cl instCmdLine) Count(names ...string) int {
	n := 0
	for _, o := range cl.Opts {
		for _, name := range names {
			if o.Name == name {
				n++
			}
		}
	}
	return n
}

// Sub is the first operand's literal value ("" when absent or unknown).
func (cl instCmdLine) Sub() string {
	if len(cl.Pos) == 0 || !cl.Pos[0].Literal {
		return ""
	}
	return cl.Pos[0].Value
}

// Package-manager command lines: value options per tool.
type aptKey struct{ c *shell.Call }

// instApt parses an apt-get, apt or aptitude command line, once per call
// for the ten rules that read it. The result is shared: do not modify it.
func instApt(p *rules.Pass, c *shell.Call) instCmdLine {
	return rules.Memo(p, aptKey{c}, func() instCmdLine {
		return instParse(c.Args, "octS", "option", "config-file", "target-release", "default-release", "host-architecture", "error-on")
	})
}

func instRPMManager(c *shell.Call) instCmdLine {
	return instParse(c.Args, "cdexR", "config", "installroot", "releasever", "enablerepo", "disablerepo",
		"setopt", "exclude", "repo", "repoid", "repofrompath", "debuglevel", "errorlevel", "rpmverbosity", "downloaddir", "destdir", "forcearch", "color")
}

func instZypper(c *shell.Call) instCmdLine {
	return instParse(c.Args, "rtpRDc", "repo", "type", "from", "root", "config", "reposd-path", "cache-dir", "raw-cache-dir", "pkg-cache-dir", "solv-cache-dir", "userdata")
}

func instApk(c *shell.Call) instCmdLine {
	return instParse(c.Args, "tXpU", "virtual", "repository", "root", "arch", "keys-dir", "repositories-file", "cache-dir", "progress-fd", "cache-max-age", "timeout", "from")
}

// instAptFamily is apt-get, apt or aptitude.
func instAptFamily(c *shell.Call) bool { return c.Is("apt-get", "apt", "aptitude") }

// instRPMFamily is yum, dnf, microdnf or tdnf.
func instRPMFamily(c *shell.Call) bool {
	return c.Is("yum", "dnf", "microdnf", "tdnf", "dnf5", "dnf4")
}

// instAptOption returns the value of -o Key=Value (key compared without case).
func instAptOption(cl instCmdLine, key string) (string, bool) {
	for _, w := range cl.Values("o", "option") {
		if !w.Literal {
			continue
		}
		k, v, ok := strings.Cut(w.Value, "=")
		if ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return strings.Trim(strings.TrimSpace(v), `"'`), true
		}
	}
	return "", false
}

// instTrue and instFalse read apt, yum and environment booleans.
func instTrue(v string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(v), ";")) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func instFalse(v string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(v), ";")) {
	case "0", "false", "no", "off":
		return true
	}
	return false
}

// instSpan covers a call from its command word to its subcommand word (or
// just the command word when sub is nil).
func instSpan(c *shell.Call, sub *shell.Word) source.Span {
	if sub == nil || sub.Span.End < c.NameSpan().Start {
		return c.NameSpan()
	}
	return source.Span{Start: c.NameSpan().Start, End: sub.Span.End}
}

// instText is a word as a comparable text: its value when literal,
// otherwise the source with quotes and braces removed ("$V.tgz" for
// "${V}.tgz"), so that the same expression written twice compares equal.
func instText(w *shell.Word) string {
	if w == nil {
		return ""
	}
	if w.Literal {
		return w.Value
	}
	pr := printers.Get().(*wordPrinter)
	defer printers.Put(pr)
	pr.buf.Reset()
	if err := pr.p.Print(&pr.buf, w.Node); err != nil {
		return ""
	}
	return unquote.Replace(pr.buf.String())
}

// wordPrinter is an mvdan printer with its buffer; a new printer allocates
// a 4 kB writer, too much for every word of every RUN.
type wordPrinter struct {
	p   *syntax.Printer
	buf bytes.Buffer
}

var (
	printers = sync.Pool{New: func() any { return &wordPrinter{p: syntax.NewPrinter()} }}
	unquote  = strings.NewReplacer(`"`, "", `'`, "", "{", "", "}", "")
)

// instContent is what one instruction writes as text: heredoc bodies and
// what echo and printf print (see writesConf).
func instContent(ins *df.Instruction) []string {
	var out []string
	for _, h := range ins.Heredocs {
		out = append(out, h.Content)
	}
	if ins.Keyword == "RUN" && ins.Shell != nil {
		for _, c := range ins.Shell.Calls {
			if c.Is("echo", "printf") {
				out = append(out, instEchoText(c))
			}
		}
	}
	return out
}

// instEchoText joins an echo or printf call's literal arguments, with
// escaped newlines ("\n") turned into real ones.
func instEchoText(c *shell.Call) string {
	var parts []string
	for _, a := range c.Args {
		if a.Literal && (!strings.HasPrefix(a.Value, "-") || len(parts) > 0) {
			parts = append(parts, a.Value)
		} else if !a.Literal {
			parts = append(parts, "\x00") // unknown text
		}
	}
	return strings.ReplaceAll(strings.Join(parts, " "), `\n`, "\n")
}

// instConfValue finds `key=value`, `key = value`, `key "value";` or
// `key: value` settings in configuration text and returns every value of
// key (compared without case). The key must start a word, so "gpgcheck"
// does not match "repo_gpgcheck".
func instConfValues(text, key string) []string {
	var out []string
	lower := strings.ToLower(text)
	k := strings.ToLower(key)
	for i := 0; ; {
		j := strings.Index(lower[i:], k)
		if j < 0 {
			break
		}
		start := i + j
		end := start + len(k)
		i = end
		if start > 0 {
			prev := lower[start-1]
			if prev != ' ' && prev != '\n' && prev != '\t' && prev != ';' && prev != '"' && prev != '\'' && prev != '{' {
				continue
			}
		}
		rest := text[end:]
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			continue
		}
		switch rest[0] {
		case '=', ':':
			rest = rest[1:]
		case '"':
		default:
			if !strings.HasPrefix(rest, "\"") {
				continue
			}
		}
		rest = strings.TrimLeft(rest, " \t\"'")
		v := rest
		if n := strings.IndexAny(v, " \t\n\"';"); n >= 0 {
			v = v[:n]
		}
		out = append(out, v)
	}
	return out
}

// instAssigns reports whether the call sets name for itself: `NAME=v cmd`
// or `env NAME=v cmd`.
func instAssigns(c *shell.Call, name string) bool {
	for x := c; x != nil; x = x.Wrapper {
		if x.Expr != nil {
			for _, as := range x.Expr.Assigns {
				if as.Name != nil && as.Name.Value == name {
					return true
				}
			}
		}
		if x.Is("env") {
			for _, a := range x.Args {
				if a.Literal && strings.HasPrefix(a.Value, name+"=") {
					return true
				}
			}
		}
	}
	return false
}

// instCurl and instWget parse the two downloaders' command lines.
func instCurl(c *shell.Call) instCmdLine {
	return instParse(c.Args, "ACDEFHKPQTUXYbcdeEmortuwxyz", "output", "header", "data", "data-binary", "data-raw", "data-urlencode",
		"user-agent", "request", "url", "user", "proxy", "max-time", "connect-timeout", "retry", "retry-delay", "retry-max-time",
		"cacert", "capath", "cert", "key", "write-out", "referer", "cookie", "cookie-jar", "dump-header", "form", "range",
		"upload-file", "config", "output-dir", "continue-at", "limit-rate", "max-filesize", "proto", "proto-redir", "resolve",
		"interface", "speed-limit", "speed-time", "expect100-timeout", "keepalive-time", "oauth2-bearer", "pinnedpubkey", "cert-type",
		"key-type", "hostpubsha256", "dns-servers", "netrc-file", "noproxy", "proxy-user", "socks5", "socks5-hostname", "unix-socket", "variable", "json", "ciphers", "tls-max", "retry-all-errors-max", "parallel-max", "happy-eyeballs-timeout-ms")
}

func instWget(c *shell.Call) instCmdLine {
	// -nv, -nc, -nd, -nH, -np are two-letter short options.
	args := make([]*shell.Word, 0, len(c.Args))
	var extra []instOpt
	for _, a := range c.Args {
		if a.Literal && len(a.Value) == 3 && strings.HasPrefix(a.Value, "-n") {
			extra = append(extra, instOpt{Name: a.Value[1:], Word: a})
			continue
		}
		args = append(args, a)
	}
	cl := instParse(args, "OoaPUetTwQiBlDXIAR", "output-document", "directory-prefix", "output-file", "append-output",
		"user-agent", "header", "tries", "timeout", "progress", "input-file", "user", "password", "http-user", "http-password",
		"post-data", "post-file", "method", "body-data", "body-file", "ca-certificate", "ca-directory", "certificate", "private-key",
		"execute", "limit-rate", "wait", "waitretry", "level", "accept", "reject", "domains", "exclude-domains", "base", "config",
		"dns-timeout", "connect-timeout", "read-timeout", "quota", "bind-address", "referer", "load-cookies", "save-cookies",
		"proxy-user", "proxy-password", "cut-dirs", "default-page", "restrict-file-names", "secure-protocol", "e", "max-redirect")
	cl.Opts = append(cl.Opts, extra...)
	return cl
}

// instDownloadURLs lists the URLs a curl or wget call fetches.
func instDownloadURLs(c *shell.Call) []*shell.Word {
	var cl instCmdLine
	switch {
	case c.Is("curl"):
		cl = instCurl(c)
	case c.Is("wget"):
		cl = instWget(c)
	default:
		return nil
	}
	var out []*shell.Word
	for _, w := range append(cl.Pos, cl.Values("url")...) {
		if instLooksURL(w) {
			out = append(out, w)
		}
	}
	return out
}

// instLooksURL: a word with a scheme, or a host/path such as example.com/x.
func instLooksURL(w *shell.Word) bool {
	t := instText(w)
	return strings.Contains(t, "://") || !w.Literal && strings.Contains(t, "/") && !strings.HasPrefix(t, "/") && !strings.HasPrefix(t, ".")
}
