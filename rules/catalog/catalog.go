// Package catalog lists every rule seaworthy has, meta, Dockerfile and
// Compose, and finds them by ID or name.
package catalog

import (
	"sort"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/compose"
	"github.com/seaworthy-dev/seaworthy/rules/dockerfile"
)

var all = func() []*rules.Rule {
	var rs []*rules.Rule
	rs = append(rs, rules.Metas...)
	rs = append(rs, dockerfile.All...)
	rs = append(rs, compose.All...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	return rs
}()

// All returns every rule in ID order. The slice is shared: do not modify it.
func All() []*rules.Rule { return all }

// Lookup finds a rule by ID or name, case-insensitively.
func Lookup(name string) *rules.Rule {
	for _, r := range all {
		if r.Matches(name) {
			return r
		}
	}
	return nil
}

// ByEquivalent finds the rules that list peer rule id (a hadolint DL code, a
// BuildKit check name, ...) among their equivalents for the given peer.
func ByEquivalent(peer, id string) []*rules.Rule {
	var out []*rules.Rule
	for _, r := range all {
		for _, e := range r.Equivalents[peer] {
			if e == id {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
