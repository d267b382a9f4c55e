package compose

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// hostNamespace builds the check for a `KEY: host` setting.
func hostNamespace(key, what string) func(*rules.Pass) {
	return func(p *rules.Pass) {
		for _, s := range services(p) {
			v, n, ok := s.Str(key)
			if ok && isHost(v) {
				reportPairRemovable(p, n, "Remove "+key, "service %q sets %s: %s, %s", s.Name, key, written(n), what)
			}
		}
	}
}
