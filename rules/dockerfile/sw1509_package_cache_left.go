package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1509 notes package-manager caches left in a shipped layer: they are
// never used again, yet every pull of the image downloads them.
var SW1509 = &rules.Rule{
	ID:       "SW1509",
	Name:     "package-cache-left",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "A package-manager cache is left in the image",
	Doc: `Package managers keep what they download: apt's package lists, apk's index, the rpm
tools' metadata, pip's wheels, yarn's package cache. Removed in a later ` + "`RUN`" + ` the files are
still in the earlier layer, so clean up in the same ` + "`RUN`" + `, or keep the cache out of the
layer with a BuildKit cache mount:

| tool | reported when the RUN … | clean-up in the same RUN |
| --- | --- | --- |
| apt | runs ` + "`apt-get update`" + ` | ` + "`rm -rf /var/lib/apt/lists/*`" + ` (or ` + "`apt-get dist-clean`" + `) |
| apk | runs ` + "`apk add`" + ` without ` + "`--no-cache`" + `, or ` + "`apk update`" + ` | ` + "`apk add --no-cache`" + `, ` + "`rm -rf /var/cache/apk/*`" + ` |
| yum, dnf, microdnf, tdnf | installs or updates | ` + "`dnf clean all`" + ` after the install |
| zypper | installs, updates or refreshes | ` + "`zypper clean --all`" + ` |
| pip | runs ` + "`pip install`" + ` | ` + "`--no-cache-dir`" + `, ` + "`PIP_NO_CACHE_DIR=1`" + `, ` + "`pip cache purge`" + ` |
| yarn | runs ` + "`yarn install`" + ` (or bare ` + "`yarn`" + `) | ` + "`yarn cache clean`" + ` |

` + "```dockerfile" + `
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl
` + "```" + `

Not reported: a ` + "`RUN --mount=type=cache`" + ` (or ` + "`tmpfs`" + `) over the cache folder (or one
of its parents, such as ` + "`/root/.cache`" + ` for pip); ` + "`PIP_NO_CACHE_DIR`" + ` set by ` + "`ENV`" + `/` + "`ARG`" + `,
` + "`export`" + ` or a ` + "`pip config set global.no-cache-dir`" + `; a removal written with a variable
(it may be the cache); and build stages, whose layers are not shipped (only the final stage and
the stages it is built ` + "`FROM`" + ` are read).

Where the peers differ, on purpose: hadolint, Trivy and KICS report a cache in every stage. A
build stage's layers never reach the image that ships (only the files a later ` + "`COPY --from`" + `
takes out of it), so a cache there costs nothing but build-cache space, and cleaning it would
only slow the next build.`,
	Tags:        []string{"best-practice", "image-size"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060"}, rules.Trivy: {"DS015", "DS019", "DS020", "DS025", "DS027"}, rules.KICS: {"df746b39-6564-4fed-bf85-e9c44382303c", "ae9c56a6-3ed1-4ac0-9b54-31267f51151d", "00481784-25aa-4a55-8633-3136dfcf4f37", "295acb63-9246-4b21-b441-7c1f1fb62dc0", "38300d1a-feb2-4a48-936a-d1ef1cd24313", "f2f903fb-b977-461e-98d7-b3e2185c6118"}},
	Fixable:     true,
	Run:         runPackageCacheLeft,
}

var (
	aptListDirs = []string{"/var/lib/apt/lists"}
	apkDirs     = []string{"/var/cache/apk", "/etc/apk/cache"}
	rpmDirs     = []string{"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"}
	zyppDirs    = []string{"/var/cache/zypp"}
	rpmCacheSub = map[string]bool{"install": true, "groupinstall": true, "localinstall": true, "reinstall": true, "update": true, "upgrade": true, "makecache": true, "in": true, "up": true, "distro-sync": true, "downgrade": true, "groupupdate": true}
	zypperCache = map[string]bool{"install": true, "in": true, "update": true, "up": true, "dist-upgrade": true, "dup": true, "patch": true, "refresh": true, "ref": true, "source-install": true, "si": true}
)

func runPackageCacheLeft(p *rules.Pass) {
	f := p.Dockerfile
	instRuns(p, func(r *instRun) {
		if !instShipped(f, r.Stage) {
			return
		}
		done := map[string]bool{}
		report := func(kind string, c *shell.Call, sub *shell.Word, fix *rules.Fix, format string, args ...any) {
			if done[kind] {
				return
			}
			done[kind] = true
			p.ReportFix(instSpan(c, sub), fix, format, args...)
		}
		for i, c := range r.Calls {
			switch {
			case instAptFamily(c):
				cl := instApt(p, c)
				if cl.Sub() != "update" || instCacheMounted(r.Ins, aptListDirs...) ||
					instRemovedAfter(r.Calls, i, aptListDirs...) || instCalledAfter(r.Calls, i, func(d *shell.Call) bool {
					return instAptFamily(d) && instApt(p, d).Sub() == "dist-clean"
				}) {
					continue
				}
				report("apt", c, cl.Pos[0], aptListsFix(p, r), "%s update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN, or use a cache mount", c.Name)
			case c.Is("apk"):
				cl := instApk(c)
				sub := cl.Sub()
				if sub != "update" && (sub != "add" && sub != "upgrade" || cl.Has("no-cache", "no-network")) {
					continue
				}
				if instCacheMounted(r.Ins, apkDirs...) || instRemovedAfter(r.Calls, i, apkDirs...) || instCalledAfter(r.Calls, i, func(d *shell.Call) bool {
					return d.Is("apk") && instApk(d).Sub() == "cache"
				}) {
					continue
				}
				if sub == "update" {
					report("apk", c, cl.Pos[0], nil, "apk update leaves the package index in /var/cache/apk; drop it and use apk add --no-cache")
				} else {
					report("apk", c, cl.Pos[0], insertAfter(p, r.Ins, cl.Pos[0], " --no-cache", "Add --no-cache"), "apk %s keeps the package index in /var/cache/apk; add --no-cache", sub)
				}
			case instRPMFamily(c):
				cl := instRPMManager(c)
				if !rpmCacheSub[cl.Sub()] || instCacheMounted(r.Ins, rpmDirs...) || instRemovedAfter(r.Calls, i, rpmDirs...) ||
					instCalledAfter(r.Calls, i, func(d *shell.Call) bool { return instRPMFamily(d) && instRPMManager(d).Sub() == "clean" }) {
					continue
				}
				report("rpm", c, cl.Pos[0], nil, "%s %s leaves its cache in the layer; run %s clean all in the same RUN", c.Name, cl.Sub(), c.Name)
			case c.Is("zypper"):
				cl := instZypper(c)
				if !zypperCache[cl.Sub()] || instCacheMounted(r.Ins, zyppDirs...) || instRemovedAfter(r.Calls, i, zyppDirs...) ||
					instCalledAfter(r.Calls, i, func(d *shell.Call) bool {
						s := instZypper(d).Sub()
						return d.Is("zypper") && (s == "clean" || s == "cc")
					}) {
					continue
				}
				report("zypper", c, cl.Pos[0], nil, "zypper %s leaves its cache in the layer; run zypper clean --all in the same RUN", cl.Sub())
			default:
				if _, ok := pipInstallArgs(c); ok {
					if pipNoCache(c) || pipCacheOff(p, r, i) {
						continue
					}
					report("pip", c, instPipSub(c), pipNoCacheFix(p, r), "pip install keeps the downloaded packages in ~/.cache/pip; add --no-cache-dir (or set PIP_NO_CACHE_DIR=1)")
					continue
				}
				if c.Is("yarn") && (c.Subcommand() == "install" || len(c.Positionals()) == 0) {
					if instCacheMounted(r.Ins, "/usr/local/share/.cache/yarn", "/root/.cache/yarn") || instCacheMountedLike(r.Ins, ".cache/yarn", "yarn") ||
						instRemovedAfterLike(r.Calls, i, ".cache/yarn", "yarn-cache", "/.yarn/cache") ||
						instCalledAfter(r.Calls, i, func(d *shell.Call) bool { return d.Is("yarn") && d.Subcommand() == "cache" }) {
						continue
					}
					var sub *shell.Word
					if ps := c.Positionals(); len(ps) > 0 {
						sub = ps[0]
					}
					report("yarn", c, sub, nil, "yarn install leaves its package cache in the layer; run yarn cache clean in the same RUN")
				}
			}
		}
	})
}

// instPipSub is the "install" word of a pip call.
func instPipSub(c *shell.Call) *shell.Word {
	for _, a := range c.Args {
		if a.Literal && a.Value == "install" {
			return a
		}
	}
	return nil
}

// pipNoCache: --no-cache-dir, or an unambiguous abbreviation pip accepts.
func pipNoCache(c *shell.Call) bool {
	for _, a := range c.Args {
		v := a.Value
		name, _, _ := strings.Cut(v, "=")
		if a.Literal && strings.HasPrefix(name, "--no-cache") && len(name) <= len("--no-cache-dir") && name == "--no-cache-dir"[:len(name)] {
			return true
		}
	}
	return instAssigns(c, "PIP_NO_CACHE_DIR")
}

// pipCacheOff finds the other ways pip's cache is kept out of the layer.
func pipCacheOff(p *rules.Pass, r *instRun, i int) bool {
	if instExports(r.Ins.Shell, "PIP_NO_CACHE_DIR") {
		return true
	}
	if instCacheMountedLike(r.Ins, ".cache/pip", "pip") || instCacheMounted(r.Ins, "/root/.cache/pip") {
		return true
	}
	for _, m := range r.Ins.Mounts() {
		if (m.Type == "cache" || m.Type == "tmpfs") && strings.HasSuffix(m.Target, "/.cache") {
			return true
		}
	}
	if instRemovedAfterLike(r.Calls, i, ".cache/pip", "/.cache") || instCalledAfter(r.Calls, i, func(d *shell.Call) bool {
		return (d.Name == "pip" || strings.HasPrefix(d.Name, "pip3") || strings.HasPrefix(d.Name, "python")) && instHasWords(d, "cache", "purge")
	}) {
		return true
	}
	for _, dir := range []string{"/etc/pip.conf", "/root/.config/pip", "/root/.pip"} {
		if instConfBefore(p, r.Stage, r.Ins, "", dir, false) {
			return true
		}
	}
	return rules.Memo(p, pipStageKey{r.Stage}, func() bool { return pipStageCacheOff(p.Dockerfile, r) })
}

// pipStageKey memoizes pipStageCacheOff per stage: asked for every pip
// call, it rescanned the whole stage each time.
type pipStageKey struct{ stage *df.Stage }

// pipStageCacheOff finds what turns pip's cache off for a whole stage:
// PIP_NO_CACHE_DIR set by ENV or ARG, or no-cache-dir in a pip
// configuration written by any RUN of the stage.
func pipStageCacheOff(f *df.File, r *instRun) bool {
	for st := r.Stage; st != nil; st = st.Parent {
		for _, ins := range st.Instructions {
			switch c := ins.Command.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					if kv.Key == "PIP_NO_CACHE_DIR" {
						return true
					}
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					if kv.Key == "PIP_NO_CACHE_DIR" && kv.Value != nil {
						return true
					}
				}
			}
		}
	}
	for _, g := range f.GlobalArgs {
		if c, ok := g.Command.(*instructions.ArgCommand); ok {
			for _, kv := range c.Args {
				if kv.Key == "PIP_NO_CACHE_DIR" && kv.Value != nil && instArgRedeclared(r.Stage, "PIP_NO_CACHE_DIR") {
					return true
				}
			}
		}
	}
	// pip config set global.no-cache-dir …, or a pip.conf written
	for st := r.Stage; st != nil; st = st.Parent {
		for _, ins := range st.Instructions {
			if ins.Keyword == "RUN" && ins.Shell != nil {
				for _, c := range ins.Shell.Calls {
					for _, a := range c.Args {
						if a.Literal && strings.Contains(a.Value, "no-cache-dir") && !strings.HasPrefix(a.Value, "--") {
							return true
						}
					}
				}
			}
			for _, h := range ins.Heredocs {
				if strings.Contains(h.Content, "no-cache-dir") {
					return true
				}
			}
		}
	}
	return false
}

// instArgRedeclared reports whether the stage (or a parent) declares ARG name.
func instArgRedeclared(s *df.Stage, name string) bool {
	for st := s; st != nil; st = st.Parent {
		for _, ins := range st.Instructions {
			if c, ok := ins.Command.(*instructions.ArgCommand); ok {
				for _, kv := range c.Args {
					if kv.Key == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// instExports reports whether the script assigns or exports name.
func instExports(s *shell.Script, name string) bool {
	for _, as := range s.Index().Assigns {
		if as.Name != nil && as.Name.Value == name {
			return true
		}
	}
	return false
}

// instHasWords reports whether the call's literal arguments include all words.
func instHasWords(c *shell.Call, words ...string) bool {
	for _, w := range words {
		ok := false
		for _, a := range c.Args {
			if a.Literal && a.Value == w {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// instCalledAfter reports whether a call after index i satisfies pred.
func instCalledAfter(calls []*shell.Call, i int, pred func(*shell.Call) bool) bool {
	for _, d := range calls[i+1:] {
		if pred(d) {
			return true
		}
	}
	return false
}

// instRemovedAfter reports whether an rm (or find … -delete) after index i
// removes one of dirs, a folder above it, or its content. A path written
// with a variable counts: it may well be the cache.
func instRemovedAfter(calls []*shell.Call, i int, dirs ...string) bool {
	for _, d := range calls[i+1:] {
		for _, w := range instRemoved(d) {
			if !w.Literal {
				t := instText(w)
				if strings.HasPrefix(t, "$") {
					return true
				}
				for _, dir := range dirs {
					if strings.Contains(t, dir) {
						return true
					}
				}
				continue
			}
			v := strings.TrimRight(strings.TrimSuffix(w.Value, "*"), "/")
			if v == "" {
				continue
			}
			for _, dir := range dirs {
				if instUnder(v, dir) || instUnder(dir, v) {
					return true
				}
			}
		}
	}
	return false
}

// instRemovedAfterLike is instRemovedAfter for caches whose folder depends on
// the user: any removed path containing one of the fragments counts.
func instRemovedAfterLike(calls []*shell.Call, i int, frags ...string) bool {
	for _, d := range calls[i+1:] {
		for _, w := range instRemoved(d) {
			t := path.Clean(instText(w))
			for _, fr := range frags {
				if strings.Contains(t+"/", fr+"/") || strings.Contains(t, fr) && !strings.HasPrefix(fr, "/") {
					return true
				}
			}
		}
	}
	return false
}

// instRemoved lists the paths an rm or `find PATH … -delete` call removes.
func instRemoved(c *shell.Call) []*shell.Word {
	switch {
	case c.Is("rm"):
		return c.Positionals()
	case c.Is("find"):
		if instHasWords(c, "-delete") || instHasWords(c, "-exec") {
			if len(c.Args) > 0 {
				return c.Args[:1]
			}
		}
	}
	return nil
}

// instCacheMountedLike reports whether a cache or tmpfs mount target
// contains frag (caches under a user's home), or ends with /name.
func instCacheMountedLike(ins *df.Instruction, frag, name string) bool {
	for _, m := range ins.Mounts() {
		if (m.Type == "cache" || m.Type == "tmpfs") && (strings.Contains(m.Target, frag) || path.Base(m.Target) == name) {
			return true
		}
	}
	return false
}

// pipNoCacheFix adds --no-cache-dir to every pip install of the RUN that
// keeps its cache: the finding is reported once per RUN, so its fix
// covers them all.
func pipNoCacheFix(p *rules.Pass, r *instRun) *rules.Fix {
	var fix *rules.Fix
	for i, c := range r.Calls {
		if _, ok := pipInstallArgs(c); !ok || pipNoCache(c) || pipCacheOff(p, r, i) {
			continue
		}
		one := insertAfter(p, r.Ins, instPipSub(c), " --no-cache-dir", "Add --no-cache-dir")
		if one == nil {
			return nil // all or none: a partial fix would leave the finding
		}
		if fix == nil {
			fix = one
		} else {
			fix.Edits = append(fix.Edits, one.Edits...)
		}
	}
	return fix
}

// aptListsFix appends `&& rm -rf /var/lib/apt/lists/*` to a shell-form
// RUN, so the lists go in the layer that made them. Offered only when no
// later instruction of the file mentions apt (a later `apt-get install`
// needs the lists) and the script ends in a plain command.
func aptListsFix(p *rules.Pass, r *instRun) *rules.Fix {
	ins := r.Ins
	if ins.JSON || len(ins.Heredocs) > 0 || ins.OnBuild != nil {
		return nil
	}
	for _, later := range p.Dockerfile.Instructions {
		if later.Span.Start > ins.Span.Start && strings.Contains(p.Source.Text(later.Span), "apt") {
			return nil
		}
	}
	end := ins.Span.End
	for end > ins.Span.Start && strings.ContainsRune(" \t\r\n", rune(p.Source.Data[end-1])) {
		end--
	}
	if end <= ins.Span.Start || strings.ContainsRune(";&|\\", rune(p.Source.Data[end-1])) {
		return nil
	}
	at := source.Span{Start: end, End: end}
	return &rules.Fix{Description: "Remove the apt lists in the same RUN",
		Edits: []rules.Edit{rules.NewEdit(p.Source, at, " && rm -rf /var/lib/apt/lists/*")}}
}
