package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1702 catches a RUN that starts with `cd dir`: the directory is a
// property of the build step, and WORKDIR states it once for every later
// instruction, where a hidden cd is easy to miss and to repeat.
var SW1702 = &rules.Rule{
	ID:       "SW1702",
	Name:     "cd-instead-of-workdir",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "A RUN starts with cd instead of using WORKDIR",
	Doc: hygMD(`´RUN cd /app && npm ci´ changes directory for that one ´RUN´ only. The next
instruction starts again in the ´WORKDIR´, so the ´cd´ gets repeated, or forgotten, and a reader
has to find it inside the command. ´WORKDIR´ sets the folder once, creates it if needed, and
applies to ´RUN´, ´COPY´, ´CMD´ and ´ENTRYPOINT´ alike:

´´´dockerfile
WORKDIR /app
RUN npm ci
´´´

A ´RUN cd dir´ on its own does nothing at all: the shell exits and the next instruction starts
in the ´WORKDIR´ again. It is reported whatever the folder (´/tmp´, ´/etc´, ´..´, ´$DIR´ too):
there the ´cd´ is never a chore.

Reported: a ´cd´ that is the first command of a ´RUN´ (after ´set´ options). Not reported: a ´cd´
later in the command or inside a subshell (´(cd src && make)´), a ´cd´ into a temporary folder
(´/tmp´, ´$(mktemp -d)´, any folder given by a variable) or into a system folder for a one-off chore
(´/etc/yum.repos.d´, ´/usr/local/bin´, ´/root/.ssh´), and a build-and-clean-up sequence
that changes directory again or removes the folder before it ends
(´cd /src && make install && cd / && rm -rf /src´), where a ´WORKDIR´ would outlive the folder.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL3003"}, rules.Trivy: {"DS013"},
		rules.KICS: {"f4a6bcd3-e231-4acf-993c-aa027be50d2e"},
	},
	Run: runCdInsteadOfWorkdir,
}

func runCdInsteadOfWorkdir(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Runs() {
		hygCheckCd(p, ins)
	}
}

func hygCheckCd(p *rules.Pass, ins *df.Instruction) {
	sc := ins.Shell
	first := hygFirstCall(sc.File.Stmts)
	if first == nil {
		return
	}
	var cd *shell.Call
	for _, c := range sc.Calls {
		if c.Expr == first && c.Wrapper == nil {
			cd = c
			break
		}
	}
	if cd == nil || !cd.Is("cd") {
		return
	}
	args := cd.Positionals()
	if len(args) <= 1 && hygLoneCall(sc, cd) {
		// Whatever the folder, a RUN that only changes directory does
		// nothing: the shell exits and the next instruction starts in the
		// WORKDIR again.
		fix := "remove it"
		if len(args) == 1 && args[0].Literal && args[0].Value != "-" {
			fix = "remove it, or use WORKDIR " + args[0].Value
		}
		p.Reportf(cd.Span, "RUN %s on its own has no effect: the next instruction starts in the WORKDIR again; %s", hygText(p, cd), fix)
		return
	}
	if len(args) != 1 || !args[0].Literal {
		return
	}
	dir := args[0].Value
	switch dir {
	case "", "-", ".", "..", "~", "/":
		return
	}
	clean := path.Clean(dir)
	if hygTempDir(clean) || hygSystemChoreDir(clean) {
		return
	}
	for _, c := range sc.Calls {
		if c != cd && (c.Is("cd", "pushd", "popd") || c.Is("rm") && hygRemoves(c, clean)) {
			return
		}
	}
	p.Reportf(cd.Span, "RUN starts with %s, which lasts for this RUN only; set the folder with WORKDIR %s instead", hygText(p, cd), dir)
}

// hygLoneCall reports whether c is all the RUN does: its other calls are
// only set options and the command substitutions that compute c's words.
func hygLoneCall(sc *shell.Script, c *shell.Call) bool {
	for _, o := range sc.Calls {
		if o == c || o.InSubst || o.Wrapper == nil && o.Is("set") {
			continue
		}
		return false
	}
	return true
}

// hygFirstCall is the call a list of statements runs first, skipping
// `set` options; nil when that first command is not a plain call (a
// subshell, a block, a loop).
func hygFirstCall(stmts []*syntax.Stmt) *syntax.CallExpr {
	for _, st := range stmts {
		ce := hygLeftmost(st)
		if ce == nil {
			return nil
		}
		if len(ce.Args) > 0 {
			if v, ok := shell.Literal(ce.Args[0]); ok && v == "set" {
				continue
			}
		}
		if len(ce.Args) == 0 {
			continue // a bare assignment
		}
		return ce
	}
	return nil
}

// hygLeftmost follows && and || chains to the command that runs first.
func hygLeftmost(st *syntax.Stmt) *syntax.CallExpr {
	for st != nil {
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			if st.Negated || st.Background {
				return nil
			}
			return c
		case *syntax.BinaryCmd:
			if c.Op != syntax.AndStmt && c.Op != syntax.OrStmt {
				return nil
			}
			st = c.X
		default:
			return nil
		}
	}
	return nil
}

// hygTempDir reports whether dir is a temporary folder.
func hygTempDir(dir string) bool {
	for _, t := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
		if dir == t || strings.HasPrefix(dir, t+"/") {
			return true
		}
	}
	return false
}

// hygChoreDirs hold system configuration and programs: a cd there is a
// one-off chore (linking a binary, adding a repository file), and a
// WORKDIR there would be the wrong folder for the rest of the build.
var hygChoreDirs = []string{"/etc", "/bin", "/sbin", "/lib", "/lib64", "/usr/bin", "/usr/sbin", "/usr/lib",
	"/usr/lib64", "/usr/libexec", "/usr/local/bin", "/usr/local/sbin", "/usr/local/lib", "/usr/share", "/usr/include",
	"/var/lib", "/var/cache", "/var/log", "/var/run", "/run", "/root", "/proc", "/sys", "/dev", "/boot"}

// hygSystemChoreDir reports whether dir is a system folder (or a hidden
// folder such as ~/.ssh), where cd is a chore rather than the build's place.
func hygSystemChoreDir(dir string) bool {
	if strings.HasPrefix(path.Base(dir), ".") || strings.HasPrefix(dir, "~") {
		return true
	}
	for _, d := range hygChoreDirs {
		if dir == d || strings.HasPrefix(dir, d+"/") {
			return true
		}
	}
	return false
}

// hygRemoves reports whether an rm call removes dir or a folder holding it.
func hygRemoves(c *shell.Call, dir string) bool {
	for _, a := range c.Positionals() {
		if !a.Literal {
			continue
		}
		v := path.Clean(a.Value)
		if v == dir || strings.HasPrefix(dir, v+"/") || strings.HasSuffix(a.Value, "/*") && path.Dir(v) == dir {
			return true
		}
	}
	return false
}

// hygText is the call's words as written in the file, on one line. The
// words are joined rather than the call's span quoted, so that an exec-form
// RUN ["ps", "-d"] reads "ps -d".
func hygText(p *rules.Pass, c *shell.Call) string {
	words := []string{p.Source.Text(c.NameWord.Span)}
	for _, a := range c.Args {
		words = append(words, p.Source.Text(a.Span))
	}
	t := strings.Join(words, " ")
	if len(t) > 60 || strings.ContainsAny(t, "\n\\") {
		return c.Name
	}
	return t
}
