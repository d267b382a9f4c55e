package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1207 catches SSH servers in images: a container is reached with
// `docker exec` or `kubectl exec`; an sshd is one more network service, with
// its own keys and accounts to manage, and one more way in.
var SW1207 = &rules.Rule{
	ID:               "SW1207",
	Name:             "ssh-server-in-image",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 6.0,
	Summary:          "The image installs or starts an SSH server",
	Doc: `An SSH server in a container is a second entry point beside the application: it listens on
the network, needs host keys and accounts (often with passwords or keys baked into the image),
and must be patched on its own. CIS Docker Benchmark 5.7 asks that sshd not run within
containers. Shells into running containers go through ` + "`docker exec`" + ` or ` + "`kubectl exec`" + `, which
use the orchestrator's authentication and audit logs.

Remove the server package and start the application directly. Where a tool needs SSH to
reach *other* hosts, install the client only (` + "`openssh-client`" + `).

Reported in the stages that ship (the final stage and the stages it is built ` + "`FROM`" + `):
installing ` + "`openssh-server`" + `, ` + "`openssh`" + ` (the full suite on Alpine and openSUSE), ` + "`ssh`" + ` (Debian's
meta-package, which includes the server) or ` + "`dropbear`" + ` with apt-get, apt, apk, dnf, yum,
microdnf or zypper, and a ` + "`CMD`" + ` or ` + "`ENTRYPOINT`" + ` that starts ` + "`sshd`" + ` or ` + "`dropbear`" + `. Not reported:
` + "`openssh-client`" + `, ` + "`openssh-clients`" + `, ` + "`dropbear-dbclient`" + `, and build stages.`,
	Tags: []string{"security"},
	CIS:  []string{"5.7"},
	Run:  runSSHServerInImage,
}

// sshServerPackages are package names that install an SSH server.
var sshServerPackages = map[string]bool{
	"openssh-server": true, "dropbear": true, "openssh-server-pam": true, "tinyssh": true,
}

// sshServerPackage reports whether a package installs an SSH server with
// that package manager: "openssh" is the full suite (server included) on
// Alpine and openSUSE but the common files only on Fedora and RHEL; "ssh" is
// Debian's meta-package for client and server.
func sshServerPackage(c *shell.Call, name string) bool {
	switch name {
	case "openssh":
		return c.Is("apk", "zypper")
	case "ssh":
		return c.Is("apt-get", "apt")
	}
	return sshServerPackages[name]
}

// sshServerCommands are the server programs.
var sshServerCommands = map[string]bool{"sshd": true, "dropbear": true}

func runSSHServerInImage(p *rules.Pass) {
	shipped := shippedStages(p.Dockerfile)
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !shipped[ins.Stage] {
			return
		}
		pkgs, _ := osInstallPackages(c)
		for _, w := range pkgs {
			if w.Literal && sshServerPackage(c, packageName(c, w.Value)) {
				p.Reportf(w.Span, "%s installs %s, an SSH server; use docker exec or kubectl exec to reach containers, and openssh-client if the image needs SSH to other hosts", c.Name, w.Value)
			}
		}
	})
	for _, s := range p.Dockerfile.Stages {
		if !shipped[s] {
			continue
		}
		for _, ins := range s.Instructions {
			if ins.Keyword != "CMD" && ins.Keyword != "ENTRYPOINT" || len(ins.Args) == 0 {
				continue
			}
			if ins.JSON {
				if sshServerCommands[path.Base(ins.Args[0].Value)] {
					p.Reportf(ins.Args[0].Span, "%s starts an SSH server; start the application instead and reach containers with docker exec or kubectl exec", ins.Keyword)
				}
				continue
			}
			if ins.Shell == nil {
				continue
			}
			for _, c := range ins.Shell.Calls {
				if sshServerCommands[c.Name] || c.Is("service") && len(c.Args) > 1 && (c.Arg(0) == "ssh" || c.Arg(0) == "sshd") && c.Arg(1) == "start" {
					p.Reportf(c.NameSpan(), "%s starts an SSH server; start the application instead and reach containers with docker exec or kubectl exec", ins.Keyword)
					break
				}
			}
		}
	}
}

// packageName strips the version and architecture a package argument may
// carry: openssh-server=1:9.6p1-3, openssh~=9, openssh-server:amd64,
// openssh-server-9.6p1 (rpm).
func packageName(c *shell.Call, v string) string {
	if i := strings.IndexAny(v, "=<>~:"); i > 0 {
		v = v[:i]
	}
	if c.Is("yum", "dnf", "microdnf", "tdnf") {
		v = rpmVersioned.ReplaceAllString(v, "")
	}
	return strings.ToLower(v)
}
