package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1604 notes git clones that build whatever the default branch holds
// today. Off by default: many builds clone their own code on purpose.
var SW1604 = &rules.Rule{
	ID:       "SW1604",
	Name:     "git-clone-unpinned",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "A git clone is not pinned to a commit or tag",
	Doc: `` + "`git clone https://github.com/org/tool`" + ` builds whatever the default branch holds on
the day of the build: two builds of the same Dockerfile differ, and a compromised or
force-pushed branch goes straight into the image. Pin the clone:

` + "```dockerfile" + `
RUN git clone https://github.com/org/tool /src/tool \
 && git -C /src/tool checkout 3f2c9a0d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d
` + "```" + `

Accepted as pins, after the clone in the same ` + "`RUN`" + ` or a later one of the stage: ` + "`git checkout`" + ` or ` + "`git reset --hard`" + `
of a commit id (7 to 64 hex digits) or a version tag (` + "`v1.2.3`" + `, ` + "`1.2`" + `, ` + "`tags/…`" + `), or
` + "`git fetch … <commit>`" + `; and ` + "`--branch`" + `/` + "`-b`" + ` given a version tag on the clone itself.
A ref written with a variable (` + "`--branch \"$VERSION\"`" + `, ` + "`git checkout $COMMIT`" + `) counts as a
pin: it is set by the build. Tags can be moved, so teams that want commits only should review
tag pins. The rule is off by default.`,
	Tags: []string{"supply-chain", "reproducibility"},
	Off:  true,
	Run:  runGitCloneUnpinned,
}

func runGitCloneUnpinned(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for i, c := range r.Calls {
			if !c.Is("git") {
				continue
			}
			cl := gitCmdLine(c)
			if cl.Sub() != "clone" || len(cl.Pos) < 2 {
				continue
			}
			if o, ok := cl.Get("b", "branch"); ok && o.Value != nil && (!o.Value.Literal || gitPinRef(o.Value.Value)) {
				continue
			}
			pinned := false
			later := append([]*shell.Call(nil), r.Calls[i+1:]...)
			if r.Stage != nil {
				after := false
				for _, ins := range r.Stage.Instructions {
					if ins == r.Ins {
						after = true
					} else if after && ins.Keyword == "RUN" && ins.Shell != nil {
						later = append(later, ins.Shell.Calls...)
					}
				}
			}
			for _, d := range later {
				if !d.Is("git") {
					continue
				}
				dl := gitCmdLine(d)
				switch dl.Sub() {
				case "checkout", "reset", "switch", "fetch":
					for _, w := range dl.Pos[1:] {
						if !w.Literal || gitPinRef(w.Value) {
							pinned = true
						}
					}
				}
			}
			if !pinned {
				p.Reportf(instSpanTo(c, cl.Pos[1]), "git clone of %s builds whatever its default branch holds today; check out a commit (or a version tag) after cloning", instText(cl.Pos[1]))
			}
		}
	})
}

// gitCmdLine parses git with its global options (-C dir, -c key=value).
func gitCmdLine(c *shell.Call) instCmdLine {
	return instParse(c.Args, "Ccbjo", "branch", "depth", "origin", "config", "jobs", "reference", "separate-git-dir", "template", "upload-pack", "shallow-since", "shallow-exclude", "filter", "git-dir", "work-tree", "namespace", "recurse-submodules")
}

// gitPinRef reports whether a ref names a commit or a version tag
// (v1.2.3, 1.2, release-1.4, tool-2.0.1).
func gitPinRef(ref string) bool {
	ref = strings.TrimPrefix(strings.TrimPrefix(ref, "refs/"), "tags/")
	if len(ref) >= 7 && len(ref) <= 64 && strings.Trim(strings.ToLower(ref), "0123456789abcdef") == "" {
		return true
	}
	r := strings.TrimLeft(ref, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
	return r != "" && r[0] >= '0' && r[0] <= '9' && strings.Contains(r, ".")
}
