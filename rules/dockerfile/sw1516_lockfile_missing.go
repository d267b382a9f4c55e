package dockerfile

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1516 looks at the build context on disk for the lockfile an npm install
// needs: `npm ci` fails without one, and `npm install` without one resolves
// every dependency anew at each build.
var SW1516 = &rules.Rule{
	ID:               "SW1516",
	Name:             "lockfile-missing",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 5.0,
	Summary:          "npm installs from a package.json that has no lockfile in the build context",
	Doc: md(`A lockfile (´package-lock.json´ or ´npm-shrinkwrap.json´) pins every dependency, direct and
transitive, to one version and one checksum. Without it:

- ´npm ci´ fails: "The npm ci command can only install with an existing package-lock.json";
- ´npm install´ resolves every range in ´package.json´ again at each build, so two builds of the
  same commit can ship different code, and a compromised release of any dependency is picked up
  as soon as it is published.

Run ´npm install´ once locally, commit ´package-lock.json´, copy it with ´package.json´ and use
´npm ci´.

The rule finds the folder the install runs on from the ´COPY´ that brought ´package.json´ in
(´COPY package*.json ./´, ´COPY app/package.json app/package-lock.json ./´, ´COPY . .´) and
looks for the lockfile beside that ´package.json´ in each folder that may be the build context:
the Dockerfile's folder and, inside a Git repository, the folders above it up to the root. It
reports only when one of them has the ´package.json´ and none of those has a lockfile. Silent
when the Dockerfile is not on disk, when no such ´COPY´ is found, or when the source has
variables. ´npm install PKG´ (named packages) is SW1502's.

When a Compose service builds the Dockerfile, its ´build.context´ is the one context read.`),
	Tags: []string{"security", "supply-chain", "correctness"},
	Run:  runLockfileMissing,
}

func runLockfileMissing(p *rules.Pass) {
	dirs, _, ok := contextsOf(p)
	if !ok {
		return
	}
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) {
		if ins.Stage == nil || !c.Is("npm") {
			return
		}
		sub := c.Subcommand()
		ci := sub == "ci" || sub == "clean-install" || sub == "install-clean"
		install := (sub == "install" || sub == "i") && len(c.Positionals()) == 1 // no named packages
		if !ci && !install {
			return
		}
		src, ok := packageJSONSource(ins.Stage, ins)
		if !ok {
			return
		}
		withPackage := 0
		for _, d := range dirs {
			folder := filepath.Join(d, filepath.FromSlash(src))
			if !ctxFileExists(filepath.Join(folder, "package.json")) {
				continue
			}
			withPackage++
			if ctxFileExists(filepath.Join(folder, "package-lock.json")) || ctxFileExists(filepath.Join(folder, "npm-shrinkwrap.json")) {
				return
			}
		}
		if withPackage == 0 {
			return
		}
		where := path.Join(src, "package.json")
		if ci {
			p.Reportf(c.NameSpan(), "npm %s needs a package-lock.json (or npm-shrinkwrap.json) beside %s, and the build context has none: the build fails; commit the lockfile and copy it in", sub, where)
			return
		}
		p.Reportf(c.NameSpan(), "npm install resolves %s anew at every build: the build context has no package-lock.json beside it; commit one, copy it in and run npm ci", where)
	})
}

// packageJSONSource finds the folder, relative to the context, of the
// package.json the instruction before `before` last copied into the stage:
// the COPY's source folder for package.json, package*.json and the lockfile
// names, or the folder itself when a whole folder is copied.
func packageJSONSource(s *df.Stage, before *df.Instruction) (string, bool) {
	found, ok := "", false
	for _, st := range hygChain(s) {
		for _, ins := range st.Instructions {
			if ins == before {
				return found, ok
			}
			switch ins.Command.(type) {
			case *instructions.CopyCommand, *instructions.AddCommand:
			default:
				continue
			}
			if _, from := ins.Flag("from"); from || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
				continue
			}
			for _, a := range ins.Args[:len(ins.Args)-1] {
				v := a.Value
				if strings.Contains(v, "$") || strings.Contains(v, "://") {
					continue
				}
				clean := path.Clean(strings.TrimPrefix(v, "/"))
				switch base := path.Base(clean); {
				case base == "package.json" || base == "package*.json" || base == "package-lock.json":
					found, ok = path.Dir(clean), true
				case clean == ".":
					found, ok = ".", true
				}
			}
		}
	}
	return found, ok
}
