package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// limit finds the first of the given key paths the service sets.
func limit(s *compose.Service, paths ...[]string) *compose.Node {
	for _, path := range paths {
		if n := s.Get(path...); n != nil && !n.IsNull() {
			return n
		}
	}
	return nil
}

var deployLimits = []string{"deploy", "resources", "limits"}

func deployLimit(k string) []string { return append(append([]string(nil), deployLimits...), k) }

// missingLimit builds the check for a resource limit set by any of paths.
func missingLimit(what string, paths ...[]string) func(*rules.Pass) {
	return func(p *rules.Pass) {
		for _, s := range services(p) {
			if limit(s, paths...) == nil {
				reportService(p, s, "service %q has no %s limit (%s), so one runaway container can starve the host", s.Name, what, join(paths))
			}
		}
	}
}

func join(paths [][]string) string {
	out := ""
	for i, p := range paths {
		if i > 0 {
			out += " or "
		}
		for j, k := range p {
			if j > 0 {
				out += "."
			}
			out += k
		}
	}
	return out
}
