package dockerfile

import (
	"path"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1705 catches COPY and ADD of several sources to a destination that is
// not written as a folder: the legacy builder rejects it, and BuildKit
// writes every source over the same file when the folder does not exist.
var SW1705 = &rules.Rule{
	ID:       "SW1705",
	Name:     "copy-multiple-sources-dest",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  "COPY or ADD of several sources to a destination without a trailing slash",
	Doc: hygMD(`With more than one source, the destination of ´COPY´ or ´ADD´ must be a folder, written with
a trailing ´/´. The legacy builder (and tools that follow it) rejects the instruction; BuildKit
accepts it but, when the folder does not exist yet, creates a file with that name and writes
each source over it in turn, so only the last one is left:

´´´dockerfile
COPY package.json package-lock.json /app    # /app is package-lock.json
COPY package.json package-lock.json /app/   # /app/ holds both
´´´

Heredoc sources (´COPY <<a <<b /etc/´) count as sources. The fix adds the slash.
Not reported: one source (even with a wildcard), destinations ´.´ and ´..´, destinations built
from variables, and a destination that is already a folder because a ´WORKDIR´ earlier in the
stage (or a stage it is built ´FROM´) created it.`),
	Tags: []string{"correctness"},
	Equivalents: map[string][]string{
		rules.Hadolint: {"DL3021"}, rules.Trivy: {"DS011"},
		rules.KICS: {"6db6e0c2-32a3-4a2e-93b5-72c35f4119db"},
	},
	Fixable: true,
	Run:     runCopyMultipleSourcesDest,
}

func runCopyMultipleSourcesDest(p *rules.Pass) {
	for _, s := range p.Dockerfile.Stages {
		for _, ins := range s.Instructions {
			sd, ok := hygCopyLike(ins)
			if !ok {
				continue
			}
			n := len(sd.SourcePaths) + len(sd.SourceContents)
			dest, ok := hygDest(ins)
			if n < 2 || !ok {
				continue
			}
			v := dest.Value
			if v == "" || strings.HasSuffix(v, "/") || strings.HasSuffix(v, `\`) || strings.Contains(v, "$") ||
				v == "." || v == ".." || strings.HasSuffix(v, "/.") || strings.HasSuffix(v, "/..") {
				continue
			}
			if hygKnownDir(p, s, ins, v) {
				continue
			}
			at := len(dest.Raw)
			if r := dest.Raw; len(r) >= 2 && (r[len(r)-1] == '"' || r[len(r)-1] == '\'') {
				at--
			}
			fix := &rules.Fix{Description: "add a trailing slash to the destination", Edits: []rules.Edit{
				rules.NewEdit(p.Source, ins.SubSpan(dest, at, at), "/"),
			}}
			p.ReportFix(dest.Span, fix, "%s of %d sources to %s, which does not end in /: the legacy builder rejects it, and BuildKit writes every source over one file unless the folder exists; write %s/",
				ins.Keyword, n, v, v)
		}
	}
}

// hygKnownDir reports whether dest is a folder a WORKDIR earlier in the
// stage chain created, or the working directory itself.
func hygKnownDir(p *rules.Pass, s *df.Stage, before *df.Instruction, dest string) bool {
	cur, _ := hygWorkdir(p, s, before)
	abs := dest
	if !strings.HasPrefix(dest, "/") {
		if cur == "" {
			return false
		}
		abs = path.Join(cur, dest)
	}
	abs = path.Clean(abs)
	if abs == cur {
		return true
	}
	for _, st := range hygChain(s) {
		for _, ins := range st.Instructions {
			if ins == before {
				return false
			}
			if ins.Keyword != "WORKDIR" {
				continue
			}
			// every WORKDIR leaves its folder (and the folders above it) behind
			dir, _ := hygWorkdir(p, st, hygNext(st, ins))
			if dir != "" && (dir == abs || strings.HasPrefix(dir, abs+"/")) {
				return true
			}
		}
	}
	return false
}

// hygNext is the instruction after ins in its stage (nil at the end).
func hygNext(s *df.Stage, ins *df.Instruction) *df.Instruction {
	for i, x := range s.Instructions {
		if x == ins && i+1 < len(s.Instructions) {
			return s.Instructions[i+1]
		}
	}
	return nil
}
