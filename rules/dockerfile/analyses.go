package dockerfile

// The named analyses of a Dockerfile that several rules share, in one
// place: each is computed at most once per file through rules.Memo (the
// key type says what is cached), so a new rule asks for them instead of
// walking the model again. The model itself (parser/dockerfile) already
// gives every RUN's calls whatever its form (Instruction.Shell), its
// --mount flags (Instruction.Mounts) and the stage graph (Stage.Parent).
//
// Here:
//   - instRuns, runCalls: every RUN (ONBUILD and exec form included) and its calls;
//   - shippedStages, instShipped: the stages whose layers ship in the image;
//   - hygWorkdir: the WORKDIR in force before an instruction.
//
// Elsewhere, named for their area: bkMeta and bkWalker (buildkit.go: the
// global build arguments and BuildKit's own replay of the build state),
// firstBefore (inst_conf.go: the first instruction of a stage chain that
// answers a question), instApt (install_shell.go: apt's parsed command
// line), credentialPaths (sw1403: credentials-file ENVs of a stage chain).

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// instRun is one RUN instruction (ONBUILD RUNs included) with its stage.
type instRun struct {
	Ins   *df.Instruction // the RUN itself (the inner instruction for ONBUILD)
	Stage *df.Stage
	Calls []*shell.Call
}

type instRunsKey struct{}

// instRuns calls fn for every shell-form RUN that parsed, in file order.
// The list is made once per file for the fourteen rules that walk it.
func instRuns(p *rules.Pass, fn func(r *instRun)) {
	runs := rules.Memo(p, instRunsKey{}, func() []instRun {
		ins := p.Dockerfile.Runs()
		runs := make([]instRun, len(ins))
		for i, in := range ins {
			runs[i] = instRun{Ins: in, Stage: in.Stage, Calls: in.Shell.Calls}
		}
		return runs
	})
	for i := range runs {
		fn(&runs[i])
	}
}

// instShipped reports whether stage s ends up in the image `docker build`
// builds by default: the final stage or a stage it is built FROM.
func instShipped(f *df.File, s *df.Stage) bool {
	if s == nil {
		return true
	}
	for st := f.FinalStage(); st != nil; st = st.Parent {
		if st == s {
			return true
		}
	}
	return false
}

// runCalls calls fn for every simple command of every RUN in the file
// (exec form and ONBUILD RUNs included), with the instruction and script it
// belongs to: instRuns, one call at a time.
func runCalls(p *rules.Pass, fn func(ins *df.Instruction, s *shell.Script, c *shell.Call)) {
	instRuns(p, func(r *instRun) {
		for _, c := range r.Calls {
			fn(r.Ins, r.Ins.Shell, c)
		}
	})
}

// shippedStages are the stages whose layers end up in the image `docker
// build` builds by default: the final stage and the stages it is built FROM.
func shippedStages(f *df.File) map[*df.Stage]bool {
	out := map[*df.Stage]bool{}
	for s, i := f.FinalStage(), 0; s != nil && i < 1000; s, i = s.Parent, i+1 {
		out[s] = true
	}
	return out
}

// hygWorkdir is the working directory in force before instruction before
// of stage s (nil: at the stage's end), following FROM <stage> links.
// set is false when no WORKDIR was written in the chain (the base image's
// WORKDIR, unknown here, applies); dir is "" when a WORKDIR was written but
// its value is not known (variables, relative to an unknown directory).
func hygWorkdir(p *rules.Pass, s *df.Stage, before *df.Instruction) (dir string, set bool) {
	t := rules.Memo(p, workdirKey{s}, func() *workdirTable { return workdirs(s) })
	if w, ok := t.before[before]; ok && before != nil {
		return w.dir, w.set
	}
	return t.end.dir, t.end.set
}

// workdirKey memoizes the WORKDIR table of a stage: asked for each COPY,
// replaying the stage from its start was quadratic in its length.
type workdirKey struct{ stage *df.Stage }

type workdirState struct {
	dir string
	set bool
}

// workdirTable is the working directory in force before each instruction
// of a stage chain, and at its end.
type workdirTable struct {
	before map[*df.Instruction]workdirState
	end    workdirState
}

func workdirs(s *df.Stage) *workdirTable {
	t := &workdirTable{before: map[*df.Instruction]workdirState{}}
	dir, set := "", false
	for _, st := range hygChain(s) {
		for _, ins := range st.Instructions {
			if _, seen := t.before[ins]; !seen {
				t.before[ins] = workdirState{dir, set}
			}
			wd, ok := ins.Command.(*instructions.WorkdirCommand)
			if !ok {
				continue
			}
			p := hygUnquote(wd.Path)
			switch {
			case strings.Contains(p, "$"):
				dir = ""
			case strings.HasPrefix(p, "/"):
				dir = path.Clean(p)
			case set && dir != "" || !set && hygScratch(s):
				base := dir
				if !set {
					base = "/"
				}
				dir = path.Join(base, p)
			default:
				dir = ""
			}
			set = true
		}
	}
	t.end = workdirState{dir, set}
	return t
}
