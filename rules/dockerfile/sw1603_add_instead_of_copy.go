package dockerfile

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1603 suggests COPY for ADDs of plain local files: ADD's extra powers
// (URL fetching, archive extraction) are surprising when a file's type
// changes, and COPY says what is meant.
var SW1603 = &rules.Rule{
	ID:       "SW1603",
	Name:     "add-instead-of-copy",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "ADD copies local files; use COPY",
	Doc: `` + "`ADD`" + ` does what ` + "`COPY`" + ` does plus two things: it fetches URLs and it unpacks local tar
archives. For plain files and folders those extras are only a hazard: a source that later
becomes (or is replaced by) a tar archive is silently unpacked instead of copied. ` + "`COPY`" + `
states the intent, and is what the Docker documentation and CIS 4.9 recommend.

The fix turns ` + "`ADD`" + ` into ` + "`COPY`" + ` when every source is a local file or folder that is not an
archive and ` + "`ADD`" + `-only flags (` + "`--checksum`" + `, ` + "`--keep-git-dir`" + `, ` + "`--unpack`" + `) are absent.

Not reported: local archives (` + "`.tar`" + `, ` + "`.tar.gz`" + `, ` + "`.tgz`" + `, ` + "`.tar.xz`" + `, ` + "`.tar.bz2`" + `,
` + "`.tar.zst`" + ` and the like), which ` + "`ADD`" + ` unpacks on purpose; an ` + "`ADD`" + ` that mixes an archive with
other sources; sources written with a variable; and ` + "`ADD <URL>`" + ` or ` + "`ADD <git URL>`" + `, which are
the concern of ` + "`download-unverified`" + `. A ` + "`.zip`" + ` is not unpacked by ` + "`ADD`" + `, so it is reported.`,
	Tags:        []string{"best-practice"},
	CIS:         []string{"4.9"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3020"}, rules.Trivy: {"DS005"}, rules.KICS: {"9513a694-aa0d-41d8-be61-3271e056f36b"}, rules.Checkov: {"CKV_DOCKER_4"}},
	Fixable:     true,
	Run:         runAddInsteadOfCopy,
}

var archiveExts = []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tlz", ".tar.lzma", ".tar.z", ".taz", ".tz", ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", ".z", ".tpz"}

func runAddInsteadOfCopy(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		if ins.Keyword != "ADD" || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
			continue
		}
		plain := true
		for _, a := range ins.Args[:len(ins.Args)-1] {
			v := a.Value
			if v == "" || strings.Contains(v, "$") || remoteURL(v) || gitURL(v) || localArchive(v) || strings.Contains(v, "://") {
				plain = false
				break
			}
		}
		if !plain {
			continue
		}
		for _, name := range []string{"checksum", "keep-git-dir", "unpack"} {
			if _, ok := ins.Flag(name); ok {
				plain = false
			}
		}
		if !plain {
			continue
		}
		kw := "COPY"
		if p.Source.Text(ins.KeywordSpan) == "add" {
			kw = "copy"
		}
		fix := &rules.Fix{Description: "Use COPY", Edits: []rules.Edit{rules.NewEdit(p.Source, ins.KeywordSpan, kw)}}
		p.ReportFix(ins.KeywordSpan, fix, "ADD copies only local files here; use COPY, which does not unpack archives or fetch URLs")
	}
}

// localArchive reports whether a source name looks like an archive ADD unpacks.
func localArchive(v string) bool {
	l := strings.ToLower(strings.TrimRight(v, "/"))
	for _, ext := range archiveExts {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	// A glob may match archives: ADD *.tar.* /x.
	return strings.HasSuffix(l, "*") || strings.HasSuffix(l, ".*")
}
