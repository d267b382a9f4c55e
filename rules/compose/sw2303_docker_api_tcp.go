package compose

import (
	"net"
	"net/url"
	"path"
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
	"github.com/distribution/reference"
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2303 catches the Docker API served over plain TCP.
var SW2303 = &rules.Rule{
	ID:               "SW2303",
	Name:             "compose-docker-api-tcp",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "Docker API is served over TCP without TLS",
	Doc: "A Docker daemon listening on `tcp://` without `--tlsverify` answers anyone who reaches\n" +
		"the port, with no authentication: they can start a privileged container that mounts the\n" +
		"host's disk. Port 2375 is scanned for on the whole internet, and inside a Compose network\n" +
		"every other container reaches it.\n\n" +
		"Reported:\n\n" +
		"- `dockerd -H tcp://0.0.0.0:2375` (or `--host=tcp://...`) in `command:` or `entrypoint:`\n" +
		"  without `--tlsverify`, including the arguments given to a `docker:dind` image;\n" +
		"- a `docker:*dind*` image with `DOCKER_TLS_CERTDIR` set to empty (which makes it listen\n" +
		"  on 2375 without TLS) that publishes port 2375;\n" +
		"- `DOCKER_HOST=tcp://host:2375` in `environment:`, a client of such a daemon.\n\n" +
		"Keep TLS on (the dind image generates certificates in `DOCKER_TLS_CERTDIR`, port 2376),\n" +
		"or share the socket through a filtering proxy. `DOCKER_HOST` pointing at a socket proxy\n" +
		"(a host or image whose name contains `proxy`, such as `tecnativa/docker-socket-proxy`)\n" +
		"and daemons listening on the loopback address are not reported.",
	Tags: []string{"security"},
	Run:  runDockerAPITCP,
}

func runDockerAPITCP(p *rules.Pass) {
	for _, s := range services(p) {
		dind := isDindImage(s)
		daemonWords := dind && !s.Has("entrypoint")
		var cmds []*compose.Node
		for _, k := range []string{"entrypoint", "command"} {
			if n := s.Get(k); n.IsSeq() {
				cmds = append(cmds, n.Items()...)
			} else if n.IsScalar() && !n.IsNull() {
				cmds = append(cmds, n)
			}
		}
		var all []string
		var owner []*compose.Node // the command item each word comes from
		for _, n := range cmds {
			for _, w := range commandWords(n.Text()) {
				all, owner = append(all, w), append(owner, n)
			}
		}
		for _, w := range all {
			if b := path.Base(w); b == "dockerd" || strings.HasPrefix(b, "dockerd-") {
				daemonWords = true
			}
		}
		if daemonWords && !hasWord(all, "--tlsverify", "--tlsverify=true") {
			if i, addr := tcpListen(p, all); i >= 0 {
				reportValue(p, owner[i], "service %q runs dockerd listening on %s without --tlsverify: whoever reaches the port controls the Docker daemon and the host", s.Name, addr)
			}
		}
		env := s.Entries("environment")
		if dind {
			for _, e := range env {
				if e.Name != "DOCKER_TLS_CERTDIR" {
					continue
				}
				if v, ok := e.Value(); ok && strings.TrimSpace(v) == "" && publishes(s, 2375) {
					reportEntry(p, e, "service %q turns TLS off with %s and publishes port 2375: the Docker API answers anyone who reaches it", s.Name, entryText(e))
				}
			}
		}
		tlsVerify := false
		for _, e := range env {
			if v, ok := e.Value(); ok && e.Name == "DOCKER_TLS_VERIFY" && v != "" && v != "0" && !strings.EqualFold(v, "false") {
				tlsVerify = true
			}
		}
		for _, e := range env {
			if e.Name != "DOCKER_HOST" || tlsVerify {
				continue
			}
			v, ok := e.Value()
			if !ok || !plainDockerHost(p, v) {
				continue
			}
			text, _ := e.Text()
			reportEntry(p, e, "service %q talks to the Docker API at %s over plain TCP: that daemon answers anyone on the network without TLS or authentication", s.Name, text)
		}
	}
}

// isDindImage reports a Docker-in-Docker image (docker:dind, docker:27-dind,
// docker:dind-rootless), whose entrypoint starts dockerd.
func isDindImage(s *compose.Service) bool {
	v, _, ok := s.Str("image")
	if !ok || v == "" {
		return false
	}
	ref, err := reference.ParseNormalizedNamed(v)
	if err != nil {
		return false
	}
	if t, ok := ref.(reference.Tagged); ok && strings.Contains(t.Tag(), "dind") {
		return true
	}
	return strings.Contains(path.Base(reference.Path(ref)), "dind")
}

func hasWord(words []string, any ...string) bool {
	for _, w := range words {
		for _, a := range any {
			if w == a {
				return true
			}
		}
	}
	return false
}

// tcpListen finds a `-H tcp://ADDR` / `--host=tcp://ADDR` daemon flag whose
// address is not the loopback one, and returns the index of the word that
// holds the address and the address as written (-1 when there is none).
func tcpListen(p *rules.Pass, words []string) (int, string) {
	for i, w := range words {
		var val string
		at := i
		switch {
		case (w == "-H" || w == "--host") && i+1 < len(words):
			val, at = words[i+1], i+1
		case strings.HasPrefix(w, "--host="):
			val = strings.TrimPrefix(w, "--host=")
		case strings.HasPrefix(w, "-H="):
			val = strings.TrimPrefix(w, "-H=")
		case strings.HasPrefix(w, "-Htcp://"):
			val = strings.TrimPrefix(w, "-H")
		default:
			continue
		}
		resolved := interpolateWord(p, val)
		if !strings.HasPrefix(strings.ToLower(resolved), "tcp://") {
			continue
		}
		if host := tcpHost(resolved); !isLoopback(host) {
			return at, val
		}
	}
	return -1, ""
}

// tcpHost is the host part of tcp://HOST[:PORT] ("" for tcp://:2375).
func tcpHost(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// plainDockerHost reports a DOCKER_HOST value that reaches a daemon on the
// plain-text port 2375 (tcp:// with 2375 or no port), other than through a
// socket proxy.
func plainDockerHost(p *rules.Pass, v string) bool {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(strings.ToLower(v), "tcp://") {
		return false
	}
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	if port := u.Port(); port != "" && port != "2375" {
		return false
	}
	host := u.Hostname()
	if host == "" || strings.Contains(strings.ToLower(host), "proxy") {
		return false
	}
	if p.Compose != nil {
		if t := p.Compose.Service(host); t != nil {
			if img, _, ok := t.Str("image"); ok && strings.Contains(strings.ToLower(img), "proxy") {
				return false
			}
		}
	}
	return true
}

// publishes reports whether the service publishes container port target.
func publishes(s *compose.Service, target uint32) bool {
	for _, pt := range s.Ports() {
		if pt.Target == target {
			return true
		}
	}
	return false
}

func interpolateWord(p *rules.Pass, w string) string {
	if p.Compose == nil || !strings.Contains(w, "$") {
		return w
	}
	v, err := template.SubstituteWithOptions(w, p.Compose.Lookup, template.WithoutLogging)
	if err != nil {
		return w
	}
	return v
}

// commandWords splits a command the way Compose splits a string command
// (shell-like quoting, no expansion), and splits again the script of a
// `sh -c` so the words of the commands it runs are seen too.
func commandWords(s string) []string { return splitWords(s, 0) }

func splitWords(s string, depth int) []string {
	var out []string
	for _, w := range shellSplit(s) {
		out = append(out, w)
		if depth < 2 && strings.ContainsAny(w, " \t\n;&|") {
			for _, x := range splitWords(w, depth+1) {
				out = append(out, strings.Trim(x, ";&|()"))
			}
		}
	}
	return out
}

// shellSplit splits s into words on unquoted white space, removing quotes
// and backslash escapes as a POSIX shell does, without any expansion.
func shellSplit(s string) []string {
	var out []string
	var b strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == '\\' && i+1 < len(s):
			i++
			if s[i] != '\n' {
				b.WriteByte(s[i])
				in = true
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if in {
				out = append(out, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteByte(c)
			in = true
		}
	}
	if in {
		out = append(out, b.String())
	}
	return out
}

// reportEntry reports over an environment entry: `KEY: value` in mapping
// form, the `KEY=value` item in list form.
func reportEntry(p *rules.Pass, e compose.Entry, format string, args ...any) {
	if e.Key != nil {
		reportPair(p, e.Node, format, args...)
		return
	}
	reportValue(p, e.Node, format, args...)
}

// entryText is an entry as written, `KEY=value`, for messages.
func entryText(e compose.Entry) string {
	t, ok := e.Text()
	if !ok {
		return e.Name
	}
	return e.Name + "=" + t
}
