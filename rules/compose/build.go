package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
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

// exposed is one port or range an image EXPOSEs, with its protocol.
type exposed struct {
	low, high uint32
	proto     string // lower case
}

// imageExposes lists the ports the image built from f EXPOSEs (chainExposes).
// known is false when that set cannot be known here: an EXPOSE value with a
// variable or that Docker rejects (SW1302), or a chain rooted on an image
// that may EXPOSE ports of its own (imagedata.ExposesNothing).
func imageExposes(f *df.File) (ports []exposed, texts []string, known bool) {
	chain := builtChain(f)
	if len(chain) == 0 {
		return nil, nil, false
	}
	root := chain[len(chain)-1]
	if !root.Resolved || !imagedata.ExposesNothing(root.Base) {
		return nil, nil, false
	}
	return chainExposes(chain)
}

// chainExposes reads the EXPOSE instructions of a built chain (builtChain),
// base first: the ports it can read, as values and as written, and whether
// it read them all (false when one has a variable or is invalid).
func chainExposes(chain []*df.Stage) (ports []exposed, texts []string, all bool) {
	all = true
	for i := len(chain) - 1; i >= 0; i-- {
		for _, ins := range chain[i].Instructions {
			if ins.Keyword != "EXPOSE" {
				continue
			}
			for _, a := range ins.Args {
				e, ok := parseExposed(a.Value)
				if !ok {
					all = false
					continue
				}
				ports = append(ports, e)
				texts = append(texts, a.Value)
			}
		}
	}
	return ports, texts, all
}

// parseExposed reads one EXPOSE or `expose:` value ("80", "8000-8010/udp").
func parseExposed(v string) (exposed, bool) {
	spec, ok := df.ParsePort(v)
	if !ok || spec.Err != "" {
		return exposed{}, false
	}
	return exposed{uint32(spec.Low), uint32(spec.High), strings.ToLower(spec.Proto)}, true
}

// covers reports whether one of ports is port/proto.
func covers(ports []exposed, port uint32, proto string) bool {
	for _, e := range ports {
		if e.proto == proto && e.low <= port && port <= e.high {
			return true
		}
	}
	return false
}
