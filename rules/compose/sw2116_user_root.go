package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2116 catches services told to run as root, overriding the image's USER.
var SW2116 = &rules.Rule{
	ID:               "SW2116",
	Name:             "compose-user-root",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.0,
	Summary:          "Service runs as root",
	Doc: "`user: root` (or `0`, `root:...`, `0:...`) runs the service as root even when its image\n" +
		"chose an unprivileged user. A compromised process then has root's access to every\n" +
		"mounted file and is one kernel bug away from the host.\n\n" +
		"Remove `user:` to keep the image's user, or set an unprivileged one (`user: \"1000:1000\"`).",
	Tags:      []string{"security"},
	Fixable:   true,
	UnsafeFix: true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			v, n, ok := s.Str("user")
			if !ok {
				continue
			}
			u, _, _ := strings.Cut(strings.TrimSpace(v), ":")
			if u == "root" || u == "0" {
				reportPairRemovable(p, n, "Remove user", "service %q runs as root (user: %s); remove user: to keep the image's user, or set an unprivileged one", s.Name, written(n))
			}
		}
	},
}
