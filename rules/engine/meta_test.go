package engine_test

import (
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

func TestMetaRules(t *testing.T) {
	for _, r := range rules.Metas {
		t.Run(r.ID, func(t *testing.T) { ruletest.Run(t, r) })
	}
}
