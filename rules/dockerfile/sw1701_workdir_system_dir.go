package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1701 catches a WORKDIR inside /proc, /sys, /dev and the other system
// folders: the runtime mounts over some of them, so what the build writes
// there disappears, and the others belong to the operating system.
var SW1701 = &rules.Rule{
	ID:       "SW1701",
	Name:     "workdir-system-dir",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "WORKDIR is a system folder such as /proc, /sys or /dev",
	Doc: hygMD(`A container runtime mounts its own ´/proc´, ´/sys´ and ´/dev´ over the image's, so
files the build writes under a ´WORKDIR´ there are hidden when the container runs, and a process
started there works in the kernel's pseudo-filesystems. ´/boot´, ´/initrd´ and ´/lost+found´
belong to the operating system's boot and filesystem tools, not to an application.

Use a folder of your own:

´´´dockerfile
WORKDIR /app
´´´

The rule reads the path as it is after earlier ´WORKDIR´s (´WORKDIR /´ then ´WORKDIR proc´ is
´/proc´), in ´ONBUILD WORKDIR´ too. Not reported: paths built from variables, and folders that
merely share a prefix (´/process´, ´/devtools´).`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.Trivy: {"DS030"}},
	Run:         runWorkdirSystemDir,
}

// hygSystemDirs are the folders a WORKDIR must not be in.
var hygSystemDirs = []string{"/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"}

func runWorkdirSystemDir(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		for _, ins := range s.Instructions {
			target := ins.Effective()
			wd, ok := target.Command.(*instructions.WorkdirCommand)
			if !ok || len(target.Args) == 0 || strings.Contains(wd.Path, "$") {
				continue
			}
			dir := hygUnquote(wd.Path)
			if !strings.HasPrefix(dir, "/") {
				if ins.OnBuild != nil {
					continue // relative to the child image's WORKDIR, unknown
				}
				cur, set := hygWorkdir(p, s, ins)
				if !set && hygScratch(s) {
					cur = "/"
				}
				if cur == "" {
					continue
				}
				dir = path.Join(cur, dir)
			}
			dir = path.Clean(dir)
			if sys := hygSystemDir(dir); sys != "" {
				tok := target.Args[0]
				p.Reportf(tok.Span, "WORKDIR %s is inside the system folder %s; use a folder of your own such as /app", hygShow(tok.Value, dir), sys)
			}
		}
	}
}

func hygSystemDir(dir string) string {
	for _, sys := range hygSystemDirs {
		if dir == sys || strings.HasPrefix(dir, sys+"/") {
			return sys
		}
	}
	return ""
}

// hygShow shows a value as written, and what it resolves to when different.
func hygShow(written, resolved string) string {
	if written == resolved || path.Clean(written) == resolved {
		return written
	}
	return written + " (" + resolved + ")"
}
