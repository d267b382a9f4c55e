// Package dockerfile holds the Dockerfile rules (SW1xxx), one per file.
package dockerfile

import (
	"sort"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// All lists the Dockerfile rules in ID order. Each area keeps its own list
// (list_*.go) so that rules are added without touching the others.
var All = byID(coreRules, buildkitRules, installRules, imageRules, hygieneRules)

func byID(lists ...[]*rules.Rule) []*rules.Rule {
	var all []*rules.Rule
	for _, l := range lists {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}
