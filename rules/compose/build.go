package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// built is the Dockerfile a service builds, parsed as the service builds it.
type built struct {
	file  *df.File
	build *compose.Build
}

type builtKey struct{ service string }

// serviceDockerfile reads and parses the Dockerfile service s builds, with
// its build arguments and target (df.ParseBuild), once per file lint for
// all the rules that ask. ok is false when there is no local Dockerfile to
// read, or it cannot be read or parsed (then the Dockerfile's own lint
// reports why).
func serviceDockerfile(p *rules.Pass, s *compose.Service) (*df.File, *compose.Build, bool) {
	b := rules.Memo(p, builtKey{s.Name}, func() built {
		b, ok := s.Build()
		if !ok {
			return built{}
		}
		var src *source.File
		if b.Inline != nil {
			src = source.New(b.Node.Src.Path+" (dockerfile_inline)", []byte(b.Inline.Text()))
		} else {
			data, err := p.Files.Limit(maxBuildDockerfile).Read(b.Path)
			if err != nil {
				return built{}
			}
			src = source.New(b.Path, data)
		}
		f, err := df.ParseBuild(src, &df.Build{Args: b.Args, Target: b.Target, User: b.User, Context: b.Context})
		if err != nil {
			return built{}
		}
		return built{f, b}
	})
	return b.file, b.build, b.file != nil
}

// builtChain is the stage a build builds and the stages it is built FROM,
// final first: what ends up in the image.
func builtChain(f *df.File) []*df.Stage {
	var out []*df.Stage
	for s, i := f.FinalStage(), 0; s != nil && i < 1000; s, i = s.Parent, i+1 {
		out = append(out, s)
	}
	return out
}
