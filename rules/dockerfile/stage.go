package dockerfile

import (
	"fmt"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// copiedFromContext reports whether a COPY or ADD from the build context,
// in stage s or a stage it is built FROM and before instruction before,
// brings a file with one of the given base names. Copying the whole context
// (COPY . .) counts; copying another folder does not, as it cannot be known.
func copiedFromContext(p *rules.Pass, s *df.Stage, before *df.Instruction, names ...string) bool {
	return firstBefore(p, s, before, copiedQuery(strings.Join(names, "\x00")), func(ins *df.Instruction) bool {
		return copySources(ins, names)
	})
}

// copiedQuery names a copiedFromContext question by its file names.
type copiedQuery string

func copySources(ins *df.Instruction, names []string) bool {
	switch ins.Command.(type) {
	case *instructions.CopyCommand, *instructions.AddCommand:
	default:
		return false
	}
	if _, ok := ins.Flag("from"); ok || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
		return false
	}
	for _, a := range ins.Args[:len(ins.Args)-1] {
		src := path.Clean(strings.TrimPrefix(a.Value, "/"))
		if src == "." {
			return true
		}
		base := path.Base(src)
		for _, n := range names {
			if ok, _ := path.Match(base, n); ok {
				return true
			}
		}
	}
	return false
}

// envSet reports whether ENV in the stage (or its parents) sets name to a
// value other than empty, "0" or "false".
func envSet(s *df.Stage, name string) bool {
	for st := s; st != nil; st = st.Parent {
		for _, ins := range st.Instructions {
			if c, ok := ins.Command.(*instructions.EnvCommand); ok {
				for _, kv := range c.Env {
					if kv.Key == name {
						v := strings.ToLower(strings.Trim(kv.Value, `"'`))
						return v != "" && v != "0" && v != "false"
					}
				}
			}
		}
	}
	return false
}

// finalName names the stage FinalStage returns, for messages: "final
// stage", or `target stage "dev"` when a Compose build targets it.
func finalName(f *df.File) string {
	if f.Build != nil && f.Build.Target != "" {
		return fmt.Sprintf("target stage %q", f.Build.Target)
	}
	return "final stage"
}
