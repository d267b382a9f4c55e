package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
	"mvdan.cc/sh/v3/syntax"
)

// SW1606 notes wget calls that print a progress bar: in a build log it
// becomes thousands of lines that bury the output that matters.
var SW1606 = &rules.Rule{
	ID:       "SW1606",
	Name:     "wget-progress",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "wget prints a progress bar into the build log",
	Doc: `Without a terminal, GNU wget falls back to its "dot" progress display: one line per few
kilobytes, so a large download fills the build log with thousands of lines. Use
` + "`wget -q`" + ` (or ` + "`-nv`" + `), or ` + "`--progress=dot:giga`" + ` to keep a few progress lines.
BusyBox wget (Alpine) prints a single progress line and knows ` + "`-q`" + ` but not
` + "`--progress`" + `: stages on an Alpine or BusyBox base are not reported unless they install GNU
wget with ` + "`apk add wget`" + `.

Not reported: ` + "`-q`" + `/` + "`--quiet`" + `, ` + "`-nv`" + `/` + "`--no-verbose`" + `, ` + "`--progress`" + `,
` + "`-o`" + `/` + "`--output-file`" + `, ` + "`-a`" + `/` + "`--append-output`" + `, and a wget whose standard error is
redirected (` + "`2>/dev/null`" + `, ` + "`&>`" + `).`,
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3047"}},
	Fixable:     true,
	Run:         runWgetProgress,
}

func runWgetProgress(p *rules.Pass) {
	// busyboxWget scans the whole stage chain: decide once per stage, and
	// only for RUNs that call wget, so long Dockerfiles stay linear.
	busybox := map[*df.Stage]bool{}
	instRuns(p, func(r *instRun) {
		if !callsWget(r.Calls) {
			return
		}
		bb, seen := busybox[r.Stage]
		if !seen {
			bb = busyboxWget(r.Stage)
			busybox[r.Stage] = bb
		}
		if bb {
			return
		}
		stmts := r.Ins.Shell.Stmts()
		for _, c := range r.Calls {
			if !c.Is("wget") || len(c.Args) == 0 {
				continue
			}
			cl := instWget(c)
			if cl.Has("q", "quiet", "nv", "no-verbose", "progress", "o", "output-file", "a", "append-output", "show-progress", "spider", "help", "h", "version", "V") {
				continue
			}
			if st := stmts[c.Expr]; st != nil && c.Wrapper == nil && stderrRedirected(st) {
				continue
			}
			p.ReportFix(c.NameSpan(), insertAfter(p, r.Ins, c.NameWord, " --progress=dot:giga", "Add --progress=dot:giga"),
				"wget prints a progress bar into the build log; add -q, -nv or --progress=dot:giga")
		}
	})
}

func callsWget(calls []*shell.Call) bool {
	for _, c := range calls {
		if c.Is("wget") {
			return true
		}
	}
	return false
}

// busyboxWget reports whether the stage's wget is BusyBox's (an Alpine or
// BusyBox base where GNU wget was not installed), which prints a single
// progress line rather than thousands.
func busyboxWget(s *df.Stage) bool {
	if s == nil {
		return false
	}
	base := strings.ToLower(rootStage(s).Base)
	if !strings.Contains(base, "alpine") && !strings.Contains(base, "busybox") {
		return false
	}
	for st := s; st != nil; st = st.Parent {
		for _, ins := range st.Instructions {
			if ins.Keyword != "RUN" || ins.Shell == nil {
				continue
			}
			for _, c := range ins.Shell.Calls {
				if c.Is("apk") {
					for _, a := range instApk(c).Pos {
						if a.Value == "wget" {
							return false
						}
					}
				}
			}
		}
	}
	return true
}

// stderrRedirected reports whether a statement redirects its standard error.
func stderrRedirected(st *syntax.Stmt) bool {
	for _, rd := range st.Redirs {
		if rd.Op == syntax.RdrAll || rd.Op == syntax.AppAll || rd.N != nil && rd.N.Value == "2" {
			return true
		}
	}
	return false
}
