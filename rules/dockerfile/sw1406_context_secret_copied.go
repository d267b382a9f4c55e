package dockerfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1406 looks at the build context on disk: a `COPY . .` takes every file
// in it, so a .env or a private key there, not excluded by .dockerignore,
// ships in the image.
var SW1406 = &rules.Rule{
	ID:               "SW1406",
	Name:             "context-secret-copied",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 7.5,
	Summary:          "The whole build context is copied and it holds secret files .dockerignore does not exclude",
	Doc: md(`´COPY . .´ copies every file of the build context that ´.dockerignore´ does not exclude.
When the context on disk holds a ´.env´ file, a private key or a credentials file, it lands in a
layer of the image, where anyone who can pull the image can read it, and deleting it in a later
instruction does not remove it from the layer.

The files looked for, by name, anywhere in the Dockerfile's folder: ´.env´ and ´.env.*´ (not
´.env.example´, ´.env.sample´, ´.env.template´, ´.env.dist´), ´*.pem´, ´*.key´, ´*.p12´, ´*.pfx´,
´id_rsa´, ´id_dsa´, ´id_ecdsa´, ´id_ed25519´, ´.npmrc´, ´.pypirc´, ´.netrc´, ´.git-credentials´,
´.htpasswd´, ´kubeconfig´ and the ´.git´ folder (the repository's whole history). Only their
names are read, never their contents, and no link is followed.

Exclude them in ´.dockerignore´ (´.env*´, ´*.pem´, ´.git´), or copy only what the build needs.

The context is not written in the Dockerfile: the rule counts a file as copied only when no
folder that may be the context excludes it, that is the Dockerfile's folder and, inside a Git
repository, each folder above it up to the repository root, each with its ´.dockerignore´ (and
´<Dockerfile>.dockerignore´, which BuildKit prefers whatever the context). Not reported: build
stages whose files do not ship, ´COPY --from´, copies of named files or folders, Dockerfiles read
from standard input, and contexts that cannot be read.

When a Compose service builds the Dockerfile, its ´build.context´ is the one context read.`),
	Tags: []string{"security", "secrets"},
	CIS:  []string{"4.10"},
	Run:  runContextSecretCopied,
}

// maxContextEntries bounds the walk of a build context.
const maxContextEntries = 20_000

func runContextSecretCopied(p *rules.Pass) {
	ships := shippedStages(p.Dockerfile)
	var whole []wholeCopy
	for _, c := range wholeContextCopies(p.Dockerfile) {
		if ships[c.ins.Stage] {
			whole = append(whole, c)
		}
	}
	if len(whole) == 0 {
		return
	}
	dirs, own, ok := contextsOf(p)
	if !ok {
		return
	}
	secrets := rules.TreeMemo(p, contextSecretsKey{dirs[0]}, func() []string { return contextSecrets(dirs[0]) })
	if len(secrets) == 0 {
		return
	}
	ignores := make([]*patternmatcher.PatternMatcher, len(dirs))
	var ownIgnore *patternmatcher.PatternMatcher
	if own != "" {
		ownIgnore = readIgnore(p, own)
	}
	for i, d := range dirs {
		ignores[i] = readIgnore(p, filepath.Join(d, ".dockerignore"))
	}
	var copied []string
	for _, rel := range secrets {
		if !excludedSomewhere(rel, dirs, ignores, ownIgnore) {
			copied = append(copied, rel)
		}
	}
	if len(copied) == 0 {
		return
	}
	shown := strings.Join(copied[:min(3, len(copied))], ", ")
	if len(copied) > 3 {
		shown += fmt.Sprintf(" and %d more", len(copied)-3)
	}
	for _, c := range whole {
		p.Reportf(c.span, "%s %s copies the build context, and %s in it %s not excluded by .dockerignore: anyone who can pull the image can read them; exclude them in .dockerignore or copy only what the build needs",
			c.ins.Keyword, c.src, shown, map[bool]string{true: "is", false: "are"}[len(copied) == 1])
	}
}

// wholeCopy is a COPY or ADD of the whole build context.
type wholeCopy struct {
	ins  *df.Instruction
	src  string
	span source.Span
}

// wholeContextCopies lists the COPY and ADD instructions (ONBUILD ones
// included) that copy the whole build context: a source of "." or "/".
func wholeContextCopies(f *df.File) []wholeCopy {
	var out []wholeCopy
	for _, ins := range f.Instructions {
		if ins.OnBuild != nil {
			ins = ins.OnBuild
		}
		switch ins.Command.(type) {
		case *instructions.CopyCommand, *instructions.AddCommand:
		default:
			continue
		}
		if _, ok := ins.Flag("from"); ok || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
			continue
		}
		for _, a := range ins.Args[:len(ins.Args)-1] {
			if strings.Contains(a.Value, "$") || path.Clean("/"+a.Value) != "/" {
				continue
			}
			out = append(out, wholeCopy{ins, a.Value, a.Span})
			break
		}
	}
	return out
}

// contextSecretsKey names the secret files of one folder, shared by the
// run's Dockerfiles that may have it as their context.
type contextSecretsKey struct{ dir string }

// contextSecrets walks dir (never following a link, at most
// maxContextEntries entries, not into node_modules or vendor) and returns the
// slash paths, relative to dir, of the files named like secrets.
func contextSecrets(dir string) []string {
	var out []string
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if n++; n > maxContextEntries {
			return filepath.SkipAll
		}
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil || rel == "." {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			switch name {
			case ".git":
				out = append(out, filepath.ToSlash(rel))
				return filepath.SkipDir
			case "node_modules", "vendor":
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && secretFileName(name) {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// secretFileName recognises the names of files that hold secrets.
func secretFileName(name string) bool {
	l := strings.ToLower(name)
	switch l {
	case ".env", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".npmrc", ".pypirc", ".netrc", ".git-credentials", ".htpasswd", "kubeconfig":
		return true
	}
	if rest, ok := strings.CutPrefix(l, ".env."); ok {
		switch rest {
		case "example", "sample", "template", "dist", "defaults", "default", "test.example":
			return false
		}
		return true
	}
	switch path.Ext(l) {
	case ".pem", ".key", ".p12", ".pfx":
		return true
	}
	return false
}

// readIgnore reads and compiles an ignore file through the pass's reader;
// nil when there is none or it does not parse.
func readIgnore(p *rules.Pass, file string) *patternmatcher.PatternMatcher {
	data, err := p.Files.Read(file)
	if err != nil {
		return nil
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return nil
	}
	return pm
}

// excludedSomewhere reports whether one of the folders that may be the
// context leaves rel (relative to dirs[0]) out of it: then it may not be
// copied, and the rule stays silent.
func excludedSomewhere(rel string, dirs []string, ignores []*patternmatcher.PatternMatcher, own *patternmatcher.PatternMatcher) bool {
	matches := func(pm *patternmatcher.PatternMatcher, p string) bool {
		if pm == nil {
			return false
		}
		ok, err := pm.MatchesOrParentMatches(p)
		return err != nil || ok // an ignore file we cannot judge: silent
	}
	if matches(own, rel) {
		return true
	}
	for i, d := range dirs {
		r, err := filepath.Rel(d, filepath.Join(dirs[0], filepath.FromSlash(rel)))
		if err != nil || matches(ignores[i], filepath.ToSlash(r)) {
			return true
		}
	}
	return false
}
