package dockerfile_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// TestRules runs every rule over its testdata/rules/<ID>.txtar cases.
func TestRules(t *testing.T) {
	for _, r := range dockerfile.All {
		t.Run(r.ID, func(t *testing.T) { ruletest.Run(t, r) })
	}
}

// TestAllListsEveryRule fails when a rule file's SWxxxx variable is missing
// from All, so a new rule cannot be written and silently never run.
func TestAllListsEveryRule(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, r := range dockerfile.All {
		listed[r.ID] = true
		if r.Kind != rules.Dockerfile {
			t.Errorf("%s: kind %q, want dockerfile", r.ID, r.Kind)
		}
	}
	for _, name := range names {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if strings.HasPrefix(n.Name, "SW") && !listed[n.Name] {
						t.Errorf("rule %s is not listed in All", n.Name)
					}
				}
			}
		}
	}
}
