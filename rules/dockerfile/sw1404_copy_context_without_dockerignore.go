package dockerfile

import (
	"os"
	"path/filepath"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1404 notes a COPY of the whole build context with no .dockerignore:
// everything in the folder (.git, .env, local credentials, node_modules)
// goes to the builder and into the image.
var SW1404 = &rules.Rule{
	ID:               "SW1404",
	Name:             "copy-context-without-dockerignore",
	Kind:             rules.Dockerfile,
	Severity:         rules.Info,
	SecuritySeverity: 3.5,
	Summary:          "The whole build context is copied and there is no .dockerignore",
	Doc: `` + "`COPY . .`" + ` copies everything in the build context: without a ` + "`.dockerignore`" + ` that includes
` + "`.git`" + ` (with its history), ` + "`.env`" + ` files, local credentials, editor and test leftovers and
` + "`node_modules`" + ` built for another platform. They end up in a layer that anyone who can pull the
image can read, and every change to any of them invalidates the build cache.

Add a ` + "`.dockerignore`" + ` beside the Dockerfile, for example:

` + "```" + `
.git
.env*
**/node_modules
*.pem
` + "```" + `

or copy only what the build needs (` + "`COPY package.json package-lock.json ./`" + `, ` + "`COPY src/ src/`" + `).

The rule looks, on the local disk only, for ` + "`.dockerignore`" + ` or ` + "`<Dockerfile name>.dockerignore`" + `
in the Dockerfile's folder and, inside a Git repository, in the folders above it up to the
repository root (the context is often the repository root, ` + "`docker build -f docker/Dockerfile .`" + `).
Its contents are the user's choice and are not checked. Not reported: ` + "`COPY --from`" + `, copies of
named files or folders, and Dockerfiles read from standard input.

When a Compose service builds the Dockerfile, its ` + "`build.context`" + ` is the one context read.`,
	Tags: []string{"security", "best-practice"},
	Run:  runCopyContextWithoutDockerignore,
}

func runCopyContextWithoutDockerignore(p *rules.Pass) {
	whole := wholeContextCopies(p.Dockerfile)
	if len(whole) == 0 || hasDockerignore(p) {
		return
	}
	for _, c := range whole {
		p.Reportf(c.span, "%s %s copies the whole build context and there is no .dockerignore; add one that excludes .git, .env files and credentials, or copy only what the build needs", c.ins.Keyword, c.src)
	}
}

// hasDockerignore looks for .dockerignore or <Dockerfile>.dockerignore beside
// the Dockerfile and, inside a Git repository, in the folders up to its root.
// A Dockerfile that is not a file on disk (standard input) counts as having one.
func hasDockerignore(p *rules.Pass) bool {
	dirs, own, ok := contextsOf(p)
	if !ok {
		return true
	}
	if own != "" && ctxFileExists(own) {
		return true
	}
	for _, d := range dirs {
		if ctxFileExists(filepath.Join(d, ".dockerignore")) {
			return true
		}
	}
	return false
}

// contextsOf is the candidate build contexts of the pass's Dockerfile:
// the one a Compose build names (build.context) when it is a folder on
// disk inside the linted tree (else none), else contextCandidates. own is
// the path of the Dockerfile's own ignore file (<Dockerfile>.dockerignore
// beside it), "" when it has none.
func contextsOf(p *rules.Pass) (dirs []string, own string, ok bool) {
	if b := p.Dockerfile.Build; b != nil && b.Context != "" {
		abs, err := filepath.Abs(b.Context)
		if info, serr := os.Stat(abs); err != nil || serr != nil || !info.IsDir() || !p.Files.Contains(abs) {
			return nil, "", false // not a folder, or outside the linted tree: never listed
		}
		if info, err := os.Stat(p.Source.Path); err == nil && !info.IsDir() {
			own = p.Source.Path + ".dockerignore"
		}
		return []string{abs}, own, true
	}
	dirs, name, ok := contextCandidates(p.Source.Path)
	if !ok {
		return nil, "", false
	}
	return dirs, filepath.Join(dirs[0], name), true
}

// gitRoot is the nearest folder at or above dir holding .git, "" if none.
func gitRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if ctxFileExists(filepath.Join(d, ".git")) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// contextCandidates lists the folders that may be a Dockerfile's build
// context: its own folder and, inside a Git repository, each folder above it
// up to the repository root (docker build -f docker/Dockerfile .), nearest
// first; own is the name of its own ignore file (<Dockerfile>.dockerignore).
// ok is false for a Dockerfile that is not a file on disk.
func contextCandidates(dockerfile string) (dirs []string, own string, ok bool) {
	if dockerfile == "" || dockerfile == "-" {
		return nil, "", false
	}
	abs, err := filepath.Abs(dockerfile)
	if err != nil {
		return nil, "", false
	}
	if info, err := os.Stat(abs); err != nil || info.IsDir() {
		return nil, "", false
	}
	dir := filepath.Dir(abs)
	inRepo := false
	for d := dir; ; d = filepath.Dir(d) {
		dirs = append(dirs, d)
		if ctxFileExists(filepath.Join(d, ".git")) {
			inRepo = true
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if !inRepo {
		dirs = dirs[:1]
	}
	return dirs, filepath.Base(abs) + ".dockerignore", true
}

func ctxFileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
