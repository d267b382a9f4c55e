package dockerfile

import (
	"path"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1713 catches COPY --from=X / / over a stage that already has a
// filesystem: it overwrites the base image's users, package database and
// libraries with another image's, a mix nobody tested.
var SW1713 = &rules.Rule{
	ID:       "SW1713",
	Name:     "copy-whole-stage-filesystem",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "COPY --from copies a whole filesystem over the stage's own",
	Doc: hygMD(`´COPY --from=build / /´ lays every file of another stage or image over this stage's
base: ´/etc/passwd´, ´/etc/os-release´, the package database, shared libraries and their
symbolic links. The result is a mix of two systems, with binaries linked against libraries that
may have been replaced, and it copies the other image's caches and build tools too. Copy the
paths you need:

´´´dockerfile
COPY --from=build /out/app /usr/local/bin/app
´´´

Not reported: a stage ´FROM scratch´ whose first filesystem change is that ´COPY´, and a copy
from a stage built on the same base image, the usual ways to squash an image into one layer; a
copy from a stage built ´FROM scratch´ or from an image made to be copied to ´/´
(´tonistiigi/xx´), which only adds files; copies of sub-folders.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3067"}},
	Run:         runCopyWholeStageFilesystem,
}

func runCopyWholeStageFilesystem(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		for _, ins := range s.Instructions {
			from, _, ok := hygFromFlag(ins)
			if !ok || len(ins.Args) != 2 || len(ins.Heredocs) > 0 {
				continue
			}
			src, dest := ins.Args[0], ins.Args[1]
			if !hygRoot(src.Value) || !hygRoot(dest.Value) {
				continue
			}
			if hygScratch(s) && !hygWritten(s, ins) || hygOverlay(p.Dockerfile, s, from) {
				continue
			}
			span := source.Span{Start: src.Span.Start, End: dest.Span.End}
			p.Reportf(span, "COPY --from=%s %s %s copies the whole filesystem of %s over this stage's, replacing its users, package database and libraries; copy only the paths you need", from, src.Raw, dest.Raw, from)
		}
	}
}

func hygRoot(v string) bool {
	return len(v) > 0 && v[0] == '/' && path.Clean(v) == "/"
}

// hygWritten reports whether an instruction before ins in the stage chain
// changed the filesystem (COPY, ADD, RUN, WORKDIR).
func hygWritten(s *df.Stage, before *df.Instruction) bool {
	for _, st := range hygChain(s) {
		for _, ins := range st.Instructions {
			if ins == before {
				return false
			}
			switch ins.Keyword {
			case "COPY", "ADD", "RUN", "WORKDIR":
				return true
			}
		}
	}
	return false
}

// hygOverlayImages are images made to be copied to / (FROM scratch images
// holding a few tools).
var hygOverlayImages = map[string]bool{"tonistiigi/xx": true, "gloursdocker/docker": true}

// hygOverlay reports whether copying the whole filesystem of from into s
// is by design: from is a stage built FROM scratch (an overlay), or a
// stage built from the same base image as s (a squash), or a known
// overlay image.
func hygOverlay(f *df.File, s *df.Stage, from string) bool {
	if src, _ := hygStageRef(f, from); src != nil {
		if hygScratch(src) {
			return true
		}
		a, b := rootStage(src), rootStage(s)
		return a.Resolved && b.Resolved && a.Base == b.Base
	}
	ref, ok := imagedata.Parse(from)
	return ok && hygOverlayImages[ref.Repo]
}
