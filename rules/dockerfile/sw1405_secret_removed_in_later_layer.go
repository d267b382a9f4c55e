package dockerfile

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1405 catches credential files deleted in a later instruction than the
// one that added them: each instruction is a layer, and the earlier layer
// still holds the file for anyone who pulls the image.
var SW1405 = &rules.Rule{
	ID:               "SW1405",
	Name:             "secret-removed-in-later-layer",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 8.5,
	Summary:          "A credential file is removed in a later layer than the one that added it",
	Doc: `Each instruction of a Dockerfile adds a layer, and a layer never changes afterwards. A file
added by ` + "`COPY id_rsa /root/.ssh/`" + ` or written by ` + "`RUN echo \"//registry/:_authToken=$NPM_TOKEN\" > ~/.npmrc`" + `
and deleted by ` + "`RUN rm`" + ` in a later instruction is hidden in the final filesystem but still
stored in the earlier layer: ` + "`docker save`" + ` or any layer-inspection tool reads it back.

Do not let the file reach a layer: mount it for the one instruction that needs it,

` + "```dockerfile" + `
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=ssh git clone git@github.com:org/private.git
` + "```" + `

or, at least, create, use and delete it in the same ` + "`RUN`" + `.

The rule follows, in the stages that ship (the final stage and the stages it is built
` + "`FROM`" + `), credential files (the names secret-file-copied knows: ` + "`.npmrc`" + `, ` + "`.netrc`" + `, SSH keys,
` + "`.env`" + `, ` + "`*.pem`" + ` private keys, ` + "`.docker/config.json`" + `, …) added by ` + "`COPY`" + `/` + "`ADD`" + ` or written in
` + "`RUN`" + ` (redirections, ` + "`cp`" + `, ` + "`mv`" + `, ` + "`tee`" + `, ` + "`curl -o`" + `, ` + "`wget -O`" + `, ` + "`ssh-keygen -f`" + `), and
reports the ` + "`rm`" + ` of such a file, or of a folder holding it, in a later instruction. Not
reported: files created and removed in the same ` + "`RUN`" + `, files under a ` + "`RUN --mount`" + ` target
(they are never in a layer), and build stages.`,
	Tags: []string{"security"},
	CIS:  []string{"4.10"},
	Run:  runSecretRemovedInLaterLayer,
}

// addedSecret is a credential file stored in a layer.
type addedSecret struct {
	kind    string
	keyword string
	line    int
}

func runSecretRemovedInLaterLayer(p *rules.Pass) {
	ships := shippedStages(p.Dockerfile)
	t := &layerTracker{p: p, added: map[string]addedSecret{}, workdir: "/", home: "/root"}
	for _, s := range p.Dockerfile.Stages {
		if !ships[s] {
			continue
		}
		for _, ins := range s.Instructions {
			t.instruction(ins)
		}
	}
}

type layerTracker struct {
	p       *rules.Pass
	added   map[string]addedSecret // absolute path (or ~/path) -> where it was added
	workdir string
	home    string // "" when the user's home is not known
}

func (t *layerTracker) instruction(ins *df.Instruction) {
	switch c := ins.Command.(type) {
	case *instructions.WorkdirCommand:
		if !strings.Contains(c.Path, "$") {
			t.workdir = t.abs(c.Path)
		}
	case *instructions.UserCommand:
		name, _, _ := strings.Cut(c.User, ":")
		t.home = ""
		if isRoot(name) {
			t.home = "/root"
		}
	case *instructions.CopyCommand, *instructions.AddCommand:
		t.copy(ins)
	case *instructions.RunCommand:
		t.run(ins)
	}
}

// abs resolves p against the working directory and the home folder.
func (t *layerTracker) abs(p string) string {
	switch {
	case p == "~" || strings.HasPrefix(p, "~/"):
		if t.home == "" {
			return path.Clean(p)
		}
		return path.Join(t.home, strings.TrimPrefix(p, "~"))
	case strings.HasPrefix(p, "/"):
		return path.Clean(p)
	}
	return path.Join(t.workdir, p)
}

func (t *layerTracker) copy(ins *df.Instruction) {
	if len(ins.Args) < 1 || ins.JSON {
		return
	}
	dst := ins.Args[len(ins.Args)-1].Value
	if strings.Contains(dst, "$") {
		return
	}
	if len(ins.Heredocs) > 0 {
		if kind, ok := secretFile(dst); ok && len(t.added) < maxTracked {
			t.added[t.abs(dst)] = addedSecret{kind, ins.Keyword, ins.Line()}
		}
		return
	}
	srcs := ins.Args[:len(ins.Args)-1]
	dir := len(srcs) > 1 || strings.HasSuffix(dst, "/") || dst == "."
	for _, a := range srcs {
		if strings.ContainsAny(a.Value, "$*?[") || strings.Contains(a.Value, "://") {
			continue
		}
		target := dst
		if dir {
			target = path.Join(dst, path.Base(path.Clean(a.Value)))
		}
		kind, ok := secretFile(a.Value)
		if !ok {
			kind, ok = secretFile(target)
		}
		if ok && len(t.added) < maxTracked {
			t.added[t.abs(target)] = addedSecret{kind, ins.Keyword, ins.Line()}
		}
	}
}

func (t *layerTracker) run(ins *df.Instruction) {
	if ins.Shell == nil {
		return
	}
	mounts := mountTargets(ins)
	inMount := func(p string) bool {
		for _, m := range mounts {
			if p == m || strings.HasPrefix(p, m+"/") {
				return true
			}
		}
		return false
	}
	writes := map[string]string{}
	for _, w := range runWrites(ins.Shell) {
		if kind, ok := secretFile(w); ok && !inMount(t.abs(w)) && len(writes) < maxTracked {
			writes[t.abs(w)] = kind
		}
	}
	for _, c := range ins.Shell.Calls {
		if !c.Is("rm", "unlink", "shred") || c.Is("shred") && !c.HasFlag("u", "remove") {
			continue
		}
		for _, w := range c.Positionals() {
			if !w.Literal || w.Value == "" {
				continue
			}
			r := t.abs(w.Value)
			if r == "/" {
				continue
			}
			for a := range writes {
				if removes(r, a) {
					delete(writes, a)
				}
			}
			if len(t.added) == 0 {
				continue
			}
			for _, a := range sortedKeys(t.added) {
				if !removes(r, a) {
					continue
				}
				s := t.added[a]
				delete(t.added, a)
				what := a
				if a != r {
					what = fmt.Sprintf("%s (in %s)", a, w.Value)
				}
				t.p.Reportf(w.Span, "%s deletes %s (%s), but the %s on line %d already stored it in a layer that ships with the image; use a secret mount (RUN --mount=type=secret) or add and delete it in the same RUN", c.Name, what, s.kind, s.keyword, s.line)
			}
		}
	}
	for a, kind := range writes {
		if len(t.added) < maxTracked {
			t.added[a] = addedSecret{kind, "RUN", ins.Line()}
		}
	}
}

// maxTracked bounds the credential files followed, so that a hostile file
// cannot make the rule quadratic; real Dockerfiles add a handful.
const maxTracked = 256

// removes reports whether rm of path r deletes path a: the same path, a
// folder holding it, or a glob matching it.
func removes(r, a string) bool {
	if r == a || strings.HasPrefix(a, strings.TrimSuffix(r, "/")+"/") {
		return true
	}
	if strings.ContainsAny(r, "*?[") {
		for d := a; d != "/" && d != "."; d = path.Dir(d) {
			if ok, _ := path.Match(r, d); ok {
				return true
			}
		}
	}
	return false
}

func sortedKeys(m map[string]addedSecret) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mountTargets are the targets of RUN --mount: files under them are never
// stored in the layer.
func mountTargets(ins *df.Instruction) []string {
	var out []string
	for _, fl := range ins.Flags {
		body := strings.TrimPrefix(fl.Value, "--")
		if !strings.HasPrefix(body, "mount=") {
			continue
		}
		typ := "bind"
		target := ""
		id := ""
		for _, kv := range strings.Split(strings.TrimPrefix(body, "mount="), ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "type":
				typ = v
			case "target", "dst", "destination":
				target = v
			case "id":
				id = v
			}
		}
		if target == "" && typ == "secret" {
			target = "/run/secrets/" + id
		}
		if target != "" && !strings.Contains(target, "$") {
			out = append(out, path.Clean("/"+target))
		}
	}
	return out
}

// runWrites lists the literal paths a script writes: redirections and the
// output arguments of cp, mv, install, tee, curl, wget and ssh-keygen.
func runWrites(sc *shell.Script) []string {
	var out []string
	for _, r := range sc.Index().Redirects {
		switch r.Op {
		case syntax.RdrOut, syntax.AppOut, syntax.RdrAll, syntax.AppAll, syntax.RdrClob:
			if v, ok := shell.Literal(r.Word); ok && v != "/dev/null" && !strings.HasPrefix(v, "&") {
				out = append(out, v)
			}
		}
	}
	for _, c := range sc.Calls {
		var w *shell.Word
		switch {
		case c.Is("cp", "mv", "install"):
			if c.HasFlag("t", "target-directory") || c.Is("install") && c.HasFlag("d", "directory") {
				continue
			}
			ps := c.Positionals("m", "mode", "o", "owner", "g", "group", "S", "suffix")
			if len(ps) >= 2 {
				w = ps[len(ps)-1]
				if len(ps) == 2 && strings.HasSuffix(w.Value, "/") && ps[0].Literal {
					out = append(out, w.Value+path.Base(ps[0].Value))
					continue
				}
			}
		case c.Is("tee"):
			for _, a := range c.Positionals() {
				if a.Literal {
					out = append(out, a.Value)
				}
			}
		case c.Is("curl"):
			w, _ = c.FlagValue("o", "output")
		case c.Is("wget"):
			w, _ = c.FlagValue("O", "output-document")
		case c.Is("ssh-keygen"):
			if c.HasFlag("A") {
				continue
			}
			w, _ = c.FlagValue("f")
		}
		if w != nil && w.Literal {
			out = append(out, w.Value)
		}
	}
	return out
}
