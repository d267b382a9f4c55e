package engine

import (
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
)

func allRules() []*rules.Rule { return catalog.All() }

func lookup(name string) *rules.Rule { return catalog.Lookup(name) }

func byEquivalent(peer, id string) []*rules.Rule { return catalog.ByEquivalent(peer, id) }
