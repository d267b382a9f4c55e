package dockerfile

import (
	"strconv"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// modeEffect is what a file mode (chmod 4755, chmod o+w, COPY --chmod=777)
// leaves set, as far as the mode alone says.
type modeEffect struct {
	othersWrite    bool
	setuid, setgid bool
	sticky         bool
}

// parseMode reads an octal or symbolic mode. umask says whether a clause
// without a "who" letter (+w) is limited by the umask, as for chmod in a
// RUN (the umask there is 022, so +w adds only the owner's write bit).
func parseMode(m string, umask bool) (modeEffect, bool) {
	if m == "" {
		return modeEffect{}, false
	}
	if strings.Trim(m, "01234567") == "" {
		if len(m) > 5 {
			return modeEffect{}, false
		}
		v, err := strconv.ParseUint(m, 8, 32)
		if err != nil {
			return modeEffect{}, false
		}
		return modeEffect{othersWrite: v&0o002 != 0, setuid: v&0o4000 != 0, setgid: v&0o2000 != 0, sticky: v&0o1000 != 0}, true
	}
	var e modeEffect
	for _, clause := range strings.Split(m, ",") {
		who := strings.TrimLeft(clause, "ugoa")
		whoSet := clause[:len(clause)-len(who)]
		rest := who
		if rest == "" || !strings.ContainsAny(rest[:1], "+-=") {
			return modeEffect{}, false
		}
		empty := whoSet == ""
		u := empty || strings.ContainsAny(whoSet, "ua")
		g := empty || strings.ContainsAny(whoSet, "ga")
		o := strings.ContainsAny(whoSet, "oa") || empty && !umask
		for rest != "" {
			op := rest[0]
			perms := rest[1:]
			if i := strings.IndexAny(perms, "+-="); i >= 0 {
				perms, rest = perms[:i], perms[i:]
			} else {
				rest = ""
			}
			if strings.Trim(perms, "rwxXstugo") != "" {
				return modeEffect{}, false
			}
			if strings.ContainsAny(perms, "ugo") {
				return modeEffect{}, false // copies another class's bits: not known here
			}
			w, s, t := strings.Contains(perms, "w"), strings.Contains(perms, "s"), strings.Contains(perms, "t")
			switch op {
			case '+':
				e.othersWrite = e.othersWrite || o && w
				e.setuid = e.setuid || u && s
				e.setgid = e.setgid || g && s
				e.sticky = e.sticky || o && t || empty && t
			case '-':
				if o && w {
					e.othersWrite = false
				}
				if u && s {
					e.setuid = false
				}
				if g && s {
					e.setgid = false
				}
				if (o || empty) && t {
					e.sticky = false
				}
			case '=':
				if o {
					e.othersWrite, e.sticky = w, t
				}
				if u {
					e.setuid = s
				}
				if g {
					e.setgid = s
				}
			}
		}
	}
	return e, true
}

// modeUse is one place a mode is applied: the mode word and its targets.
type modeUse struct {
	ins     *df.Instruction
	mode    string
	span    source.Span
	targets []*shell.Word // nil for COPY/ADD --chmod
	recurse bool          // chmod -R, find -type d -exec chmod, mkdir -m, install -d: directories
	umask   bool          // an empty "who" is limited by the umask
	command string        // "chmod", "mkdir -m", "COPY --chmod"
	call    *shell.Call
	script  *shell.Script
}

// modeUses lists every mode the Dockerfile applies: chmod (also through
// find -exec), mkdir -m, install -m in RUN, and COPY/ADD --chmod.
func modeUses(p *rules.Pass) []modeUse {
	var out []modeUse
	runCalls(p, func(ins *df.Instruction, sc *shell.Script, c *shell.Call) {
		switch {
		case c.Is("chmod"):
			if c.HasFlag("reference") {
				return
			}
			ps := c.Positionals()
			if len(ps) < 2 || !ps[0].Literal {
				return
			}
			out = append(out, modeUse{ins: ins, mode: ps[0].Value, span: ps[0].Span, targets: ps[1:], recurse: c.HasFlag("R", "recursive"), umask: true, command: "chmod", call: c, script: sc})
		case c.Is("mkdir", "install"):
			w, ok := c.FlagValue("m", "mode")
			if !ok || w == nil || !w.Literal || strings.Trim(w.Value, "01234567") != "" {
				return
			}
			out = append(out, modeUse{ins: ins, mode: w.Value, span: w.Span, targets: c.Positionals("m", "mode", "o", "g", "owner", "group", "t", "target-directory", "S", "suffix"), recurse: c.Is("mkdir") || c.HasFlag("d", "directory"), command: c.Name + " -m", call: c, script: sc})
		case c.Is("find"):
			for i := 0; i+2 < len(c.Args); i++ {
				a := c.Args[i]
				if !a.Literal || (a.Value != "-exec" && a.Value != "-execdir") || c.Args[i+1].Value != "chmod" || !c.Args[i+1].Literal {
					continue
				}
				j := i + 2
				for j < len(c.Args) && c.Args[j].Literal && strings.HasPrefix(c.Args[j].Value, "-") && c.Args[j].Value != "-" {
					j++
				}
				if j < len(c.Args) && c.Args[j].Literal {
					out = append(out, modeUse{ins: ins, mode: c.Args[j].Value, span: c.Args[j].Span, recurse: findTypeDir(c), umask: true, command: "chmod", call: c, script: sc})
				}
			}
		}
	})
	for _, ins := range p.Dockerfile.Instructions {
		if ins.OnBuild != nil {
			ins = ins.OnBuild
		}
		if ins.Keyword != "COPY" && ins.Keyword != "ADD" {
			continue
		}
		if fl, ok := ins.Flag("chmod"); ok && fl.Value != "" && !strings.Contains(fl.Value, "$") {
			out = append(out, modeUse{ins: ins, mode: fl.Value, span: fl.Span, umask: true, command: ins.Keyword + " --chmod"})
		}
	}
	return out
}

// findTypeDir reports whether a find call selects directories only.
func findTypeDir(c *shell.Call) bool {
	for i := 0; i+1 < len(c.Args); i++ {
		if c.Args[i].Value == "-type" && c.Args[i+1].Value == "d" {
			return true
		}
	}
	return false
}

// scriptPaths caches, per RUN script, the paths its rm and mkdir calls
// name (as written), so checks stay linear on huge RUNs.
type scriptPaths struct {
	src     *source.File
	removed map[*shell.Script]map[string]int // path -> start of the last rm naming it
	made    map[*shell.Script]map[string]bool
}

func newScriptPaths(src *source.File) *scriptPaths {
	return &scriptPaths{src: src, removed: map[*shell.Script]map[string]int{}, made: map[*shell.Script]map[string]bool{}}
}

func (sp *scriptPaths) index(sc *shell.Script) {
	if _, ok := sp.removed[sc]; ok {
		return
	}
	removed, made := map[string]int{}, map[string]bool{}
	for _, c := range sc.Calls {
		switch {
		case c.Is("rm"):
			for _, w := range c.Positionals() {
				removed[strings.TrimSuffix(sp.src.Text(w.Span), "/")] = c.Span.Start
			}
		case c.Is("mkdir"):
			for _, w := range c.Positionals("m", "mode") {
				made[strings.TrimSuffix(sp.src.Text(w.Span), "/")] = true
			}
		}
	}
	sp.removed[sc], sp.made[sc] = removed, made
}

// removedLater reports whether every target of a RUN mode change is removed
// by rm later in the same RUN (a scratch folder such as "$tempDir"), so the
// mode never ships. Targets are compared as written.
func (sp *scriptPaths) removedLater(u modeUse) bool {
	if u.script == nil || len(u.targets) == 0 {
		return false
	}
	sp.index(u.script)
	for _, t := range u.targets {
		at, ok := sp.removed[u.script][strings.TrimSuffix(sp.src.Text(t.Span), "/")]
		if !ok || at < u.span.Start {
			return false
		}
	}
	return true
}

// allDirectories reports whether every target of a chmod is known to be a
// directory: written with a trailing slash, or made by mkdir in the same RUN.
func (sp *scriptPaths) allDirectories(u modeUse) bool {
	if u.script == nil || len(u.targets) == 0 {
		return false
	}
	sp.index(u.script)
	for _, t := range u.targets {
		text := sp.src.Text(t.Span)
		if !strings.HasSuffix(strings.Trim(text, `"'`), "/") && !sp.made[u.script][strings.TrimSuffix(text, "/")] {
			return false
		}
	}
	return true
}
