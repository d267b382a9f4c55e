package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// rootCaps amount to root on the host: ALL, or SYS_ADMIN ("the new root").
var rootCaps = map[string]string{
	"ALL":       "every capability",
	"SYS_ADMIN": "mount, namespaces, BPF and much more: close to full root on the host",
}

// dangerousCaps break isolation in narrower ways. Docker's default set
// (CHOWN, NET_BIND_SERVICE, ...) is not here.
var dangerousCaps = map[string]string{
	"SYS_MODULE":      "loading kernel modules",
	"SYS_RAWIO":       "raw I/O on host memory and devices",
	"SYS_PTRACE":      "tracing other processes and reading their memory",
	"SYS_BOOT":        "rebooting the host",
	"SYS_TIME":        "setting the host clock",
	"NET_ADMIN":       "reconfiguring networks, firewalls and routes",
	"DAC_READ_SEARCH": "reading any file through open_by_handle_at (the shocker escape)",
	"BPF":             "loading BPF programs",
	"PERFMON":         "kernel performance monitoring",
	"MAC_ADMIN":       "changing the mandatory access control policy",
	"MAC_OVERRIDE":    "bypassing the mandatory access control policy",
	"SYSLOG":          "reading kernel logs and addresses",
	"LINUX_IMMUTABLE": "changing immutable files",
}

// capName normalizes a capability as Docker does: any case, CAP_ optional.
func capName(n *compose.Node) (string, bool) {
	v, ok := n.Value()
	if !ok {
		return "", false
	}
	v = strings.ToUpper(strings.TrimSpace(v))
	return strings.TrimPrefix(v, "CAP_"), v != ""
}

func runCaps(p *rules.Pass, set map[string]string) {
	for _, s := range services(p) {
		for _, n := range s.List("cap_add") {
			if c, ok := capName(n); ok {
				if what, bad := set[c]; bad {
					reportValue(p, n, "service %q adds capability %s (%s); drop it, or grant a narrower one", s.Name, written(n), what)
				}
			}
		}
	}
}
