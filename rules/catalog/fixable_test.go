package catalog_test

import (
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// Every rule that offers fixes has a case whose .fixed section shows the
// file after --fix (ruletest checks it, re-lints it and fixes it again).
func TestFixableRulesHaveGoldenFiles(t *testing.T) {
	n := 0
	for _, r := range catalog.All() {
		if !r.Fixable {
			continue
		}
		n++
		cases, err := ruletest.Load(r.ID)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		golden := false
		for _, c := range cases {
			golden = golden || len(c.Fixed) > 0
		}
		if !golden {
			t.Errorf("%s (%s) is fixable but no case of testdata/rules/%s.txtar has a .fixed section", r.ID, r.Name, r.ID)
		}
	}
	if n == 0 {
		t.Fatal("no fixable rule")
	}
}
