package dockerfile

import (
	"path"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1710 catches commands that make no sense in a build step: starting a
// service that dies with the RUN, shutting down a machine that is not
// there, interactive programs without a terminal, and commands that only
// print to the build log.
var SW1710 = &rules.Rule{
	ID:       "SW1710",
	Name:     "nonsensical-command",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "A RUN uses a command that has no lasting effect in a build",
	Doc: hygMD(`Each ´RUN´ runs in a fresh container that stops when the command ends; only the files it
wrote are kept. So some commands do nothing useful there:

- ´service nginx start´, ´systemctl start´, ´/etc/init.d/x start´ as the last command of a
  ´RUN´: the service stops with the ´RUN´. Start it from ´CMD´ or ´ENTRYPOINT´ instead.
- ´shutdown´, ´reboot´, ´halt´, ´poweroff´: there is no machine to stop.
- ´top´ (without ´-b´), ´htop´, ´nano´, ´vim´ and ´vi´ without script options: they wait for a
  terminal the build does not have.
- ´ps´, ´free´, ´ifconfig´, ´uptime´ whose output goes nowhere: they only print to the build log.
- ´kill´, ´killall´, ´pkill´ as the first command: nothing is running yet.
- ´mount´ and ´umount´ with arguments: the build has no privileges to mount; use
  ´RUN --mount=type=…´.

Not reported: installing these tools (´apt-get install procps vim´); starting a service to
run set-up commands in the same ´RUN´ (´service mysql start && mysql < init.sql´); output that
is piped, redirected or captured (´ps aux | grep -q x´); ´vim -es´ and ´vi -c´ scripts.`),
	Tags: []string{"best-practice"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL3001"},
		rules.KICS:     {"9b6b0f38-92a2-41f9-b881-3a1083d99f1b"},
	},
	Run: runNonsensicalCommand,
}

func runNonsensicalCommand(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, sc *shell.Script, c *shell.Call) {
		if msg := hygNonsense(sc, c); msg != "" {
			p.Reportf(c.Span, "%s %s", hygText(p, c), msg)
		}
	})
}

func hygNonsense(sc *shell.Script, c *shell.Call) string {
	name := c.Name
	if c.NameWord.Literal && path.Dir(c.NameWord.Value) == "/etc/init.d" {
		name = "service"
	}
	switch name {
	case "shutdown", "reboot", "halt", "poweroff":
		return "has no effect in a build: there is no machine to stop"
	case "service", "systemctl", "rc-service", "invoke-rc.d":
		if !hygStarts(c) || hygUsed(sc, c) || !hygLastCall(sc, c) {
			return ""
		}
		return "starts a service that stops when this RUN ends; start it from CMD or ENTRYPOINT"
	case "top":
		if c.HasFlag("b", "batch") || hygUsed(sc, c) {
			return ""
		}
		return "waits for a terminal the build does not have; remove it"
	case "htop", "nano":
		return "waits for a terminal the build does not have; remove it"
	case "vim", "vi":
		for _, a := range c.Args {
			if !a.Literal || len(a.Value) > 0 && (a.Value[0] == '-' || a.Value[0] == '+') {
				return "" // scripted (-c, -es, +cmd) or unknown
			}
		}
		if hygUsed(sc, c) {
			return ""
		}
		return "waits for a terminal the build does not have; edit files with sed or COPY them"
	case "ps", "free", "ifconfig", "uptime":
		if hygUsed(sc, c) {
			return ""
		}
		return "only prints to the build log and has no effect on the image; remove it"
	case "kill", "killall", "pkill":
		if hygFirstCall(sc.File.Stmts) != c.Expr || c.Wrapper != nil {
			return ""
		}
		return "runs before anything was started in this RUN: each RUN starts with no processes; remove it"
	case "mount", "umount":
		if len(c.Positionals()) == 0 {
			return ""
		}
		return "needs privileges a build does not have; use RUN --mount=type=bind|cache|tmpfs instead"
	}
	return ""
}

// hygStarts reports whether a service call starts, restarts or reloads.
func hygStarts(c *shell.Call) bool {
	for _, a := range c.Args {
		switch a.Value {
		case "start", "restart", "reload", "force-reload", "try-restart":
			return a.Literal
		}
	}
	return false
}

// hygUsed reports whether a call's output or status is used: it is piped,
// redirected, captured in $(…), or tested by if or while.
func hygUsed(sc *shell.Script, c *shell.Call) bool {
	if c.InSubst || c.Wrapper != nil && c.Wrapper.Name != "sudo" {
		return true
	}
	for _, o := range sc.Calls {
		for _, u := range o.Upstream {
			if u == c {
				return true
			}
		}
	}
	used := false
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Stmt:
			if n.Cmd == c.Expr && len(n.Redirs) > 0 {
				used = true
			}
		case *syntax.IfClause:
			if hygContains(n.Cond, c.Expr) {
				used = true
			}
		case *syntax.WhileClause:
			if hygContains(n.Cond, c.Expr) {
				used = true
			}
		}
		return !used
	})
	return used
}

func hygContains(stmts []*syntax.Stmt, ce *syntax.CallExpr) bool {
	found := false
	for _, st := range stmts {
		syntax.Walk(st, func(n syntax.Node) bool {
			if n == ce {
				found = true
			}
			return !found
		})
	}
	return found
}

// hygLastCall reports whether no command of the script runs after c.
func hygLastCall(sc *shell.Script, c *shell.Call) bool {
	for _, o := range sc.Calls {
		if o.Expr != c.Expr && o.Span.Start >= c.Span.End {
			return false
		}
	}
	return true
}
