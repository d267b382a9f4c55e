package dockerfile

import (
	"fmt"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/parser/expand"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// checkExpansion finds the ARG and ENV values whose expansion could pass
// expand.Max, replaying each stage's definitions with lengths instead of
// values (BuildKit's scoping: global ARG defaults reach a stage only
// through an ARG of the same name in it). Only the first definition over
// the cap in a chain is reported; the rules' expansions refuse every word
// over it (see rules/dockerfile bkExpand), so nothing is ever built that
// large.
func (f *File) checkExpansion() {
	global := map[string]int{}
	over := map[string]bool{}
	define := func(scope map[string]int, ins *Instruction, key, value string) {
		tainted := false
		n := expand.Bound(value, func(name string) int {
			tainted = tainted || over[name]
			return scope[name]
		})
		scope[key] = n
		if n <= expand.Max {
			delete(over, key)
			return
		}
		over[key] = true
		if !tainted {
			f.Limits = append(f.Limits, &source.Error{Path: f.Source.Path, Line: ins.Line(), Column: 1, Incomplete: true,
				Msg: fmt.Sprintf("%s %s would expand to more than %d KiB; seaworthy expands values of at most %d KiB and does not expand this one", ins.Keyword, key, expand.Max>>10, expand.Max>>10)})
		}
	}
	args := func(scope map[string]int, ins *Instruction, inherit map[string]int) {
		ac, ok := ins.Command.(*instructions.ArgCommand)
		if !ok {
			return
		}
		for _, kv := range ac.Args {
			switch {
			case kv.Value != nil:
				define(scope, ins, kv.Key, *kv.Value)
			case inherit != nil:
				scope[kv.Key] = inherit[kv.Key]
			}
		}
	}
	for _, ins := range f.GlobalArgs {
		args(global, ins, nil)
	}
	for _, s := range f.Stages {
		scope := map[string]int{}
		for _, ins := range s.Instructions {
			switch c := ins.Command.(type) {
			case *instructions.ArgCommand:
				args(scope, ins, global)
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					define(scope, ins, kv.Key, kv.Value)
				}
			}
		}
	}
}
