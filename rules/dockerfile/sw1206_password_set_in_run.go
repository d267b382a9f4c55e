package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1206 catches passwords set for accounts during the build: the password
// (or its hash) is stored in a layer, and the image ships an account that
// can be logged into.
var SW1206 = &rules.Rule{
	ID:               "SW1206",
	Name:             "password-set-in-run",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 7.5,
	Summary:          "RUN sets an account password",
	Doc: `` + "`echo 'root:secret' | chpasswd`" + `, ` + "`useradd -p …`" + `, ` + "`usermod -p …`" + ` or ` + "`passwd --stdin`" + ` in a
build writes the password into the Dockerfile or the build arguments and its hash into
` + "`/etc/shadow`" + ` in a layer, readable by anyone who can pull the image, and every container
started from it has the same login. Containers need no passwords: nobody logs in to them.

Create accounts without a password (` + "`useradd --no-log-init app`" + `, ` + "`adduser -D app`" + `), switch users
with ` + "`USER`" + `, and give ` + "`sudo`" + ` rights, if at all, with ` + "`NOPASSWD`" + ` in development images only.

Reported in the stages that ship (the final stage and the stages it is built ` + "`FROM`" + `):
` + "`chpasswd`" + `, ` + "`passwd`" + ` with a piped or ` + "`--stdin`" + ` password, ` + "`passwd -d`" + ` (an empty password), and
` + "`useradd`" + `/` + "`usermod -p`" + `. Not reported: ` + "`passwd -l`" + ` (locks the account) and ` + "`-p '*'`" + ` or ` + "`-p '!'`" + `
(locked markers), and build stages.`,
	Tags:        []string{"security", "secrets"},
	CIS:         []string{"4.10"},
	Equivalents: map[string][]string{rules.Checkov: {"CKV2_DOCKER_17"}},
	Run:         runPasswordSetInRun,
}

// lockedPasswords are the /etc/shadow values that mean "no password login".
var lockedPasswords = map[string]bool{"*": true, "!": true, "!!": true, "!*": true, "x": true}

func runPasswordSetInRun(p *rules.Pass) {
	shipped := shippedStages(p.Dockerfile)
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !shipped[ins.Stage] {
			return
		}
		switch {
		case c.Is("chpasswd", "chgpasswd"):
			p.Reportf(c.NameSpan(), "%s sets a password that is stored in the image; create the account without a password and switch users with USER", c.Name)
		case c.Is("passwd"):
			switch {
			case c.HasFlag("l", "lock", "S", "status", "e", "expire", "u", "unlock", "n", "x", "w", "i", "mindays", "maxdays", "warndays", "inactive"):
				return
			case c.HasFlag("d", "delete"):
				w, _ := c.FlagWord("d", "delete")
				p.Reportf(w.Span, "passwd -d leaves the account with an empty password, so anyone can log in as it; lock it (passwd -l) instead")
			case c.HasFlag("stdin") || len(c.Upstream) > 0:
				p.Reportf(c.NameSpan(), "passwd sets a password that is stored in the image; create the account without a password and switch users with USER")
			}
		case c.Is("useradd", "usermod", "adduser"):
			w, ok := c.FlagValue("p", "password")
			if !ok || c.Is("adduser") && !c.HasFlag("password") {
				return
			}
			if w != nil && w.Literal && lockedPasswords[w.Value] {
				return
			}
			flag, _ := c.FlagWord("p", "password")
			p.Reportf(flag.Span, "%s -p sets a password that is stored in the image; create the account without a password and switch users with USER", c.Name)
		}
	})
}
