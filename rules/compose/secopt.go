package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// noNewPrivileges finds the service's no-new-privileges option and whether
// it is on (`no-new-privileges`, `:true`, `=true`).
func noNewPrivileges(s *compose.Service) (opt compose.Option, on, found bool) {
	for _, o := range s.SecurityOpts() {
		if o.Name == "no-new-privileges" {
			opt, found = o, true
			on = o.Value == "" || !strings.EqualFold(o.Value, "false")
		}
	}
	return opt, on, found
}

// securityOpt builds the check for one `security_opt` NAME:VALUE that turns a
// protection off.
func securityOpt(name, value, what string) func(*rules.Pass) {
	return func(p *rules.Pass) {
		for _, s := range services(p) {
			opts := s.SecurityOpts()
			var bad []compose.Option
			for _, o := range opts {
				if o.Name == name && strings.EqualFold(o.Value, value) {
					bad = append(bad, o)
				}
			}
			// Removing every item would leave security_opt empty, which
			// Compose rejects: then the first finding removes the key.
			all := len(bad) == len(opts)
			for i, o := range bad {
				var fix *rules.Fix
				switch {
				case all && i == 0:
					fix = removePairFix(s.Get("security_opt"), "Remove security_opt")
				case !all:
					fix = removeItemFix(o.Node, "Remove security_opt "+written(o.Node))
				}
				p.ReportIn(o.Node.File(), o.Node.Span(), fix, "service %q sets security_opt %s, %s", s.Name, written(o.Node), what)
			}
		}
	}
}
