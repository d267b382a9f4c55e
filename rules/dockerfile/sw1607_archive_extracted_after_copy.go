package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1607 is hadolint's DL3010, narrowed to what ADD really does: a local
// tar archive that is COPYed only to be unpacked by a later RUN stays in
// the image's layers for nothing, where ADD would unpack it in one step.
var SW1607 = &rules.Rule{
	ID:       "SW1607",
	Name:     "archive-extracted-after-copy",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "A copied tar archive is only extracted; ADD extracts it in one step",
	Doc: md(`´COPY app.tar.gz /tmp/´ followed by ´RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz´
stores the archive in the ´COPY´ layer: the ´rm´ in a later layer does not make the image
smaller. ´ADD´ unpacks a local tar archive (plain, gzip, bzip2, xz or zstd) by itself, so one
instruction does the job and only the unpacked files reach the image:

´´´dockerfile
ADD app.tar.gz /opt/
´´´

This is the one case where ´ADD´ is the better choice for local files (´add-instead-of-copy´
leaves local archives alone for that reason).

Reported when a ´COPY´ from the build context brings in a tar archive (by its name: ´.tar´,
´.tar.gz´, ´.tgz´, ´.tar.bz2´, ´.tar.xz´, ´.tar.zst´ and the like) and a later ´RUN´ of the same
stage unpacks that file whole with ´tar -x´ (optionally choosing the folder with ´-C´, or fed by
´zcat´, ´gzip -dc´ and the like), and does nothing else with it but remove it.

Not reported, because ´ADD´ would not do the same: ´.zip´ files and compressed files that are
not tar archives (´ADD´ copies them as they are; hadolint reports ´unzip´ and ´gunzip´ too);
´tar´ options ´ADD´ has no counterpart for (´--strip-components´, ´--exclude´, owner options,
naming members to extract, ...); an archive extracted twice, or used by another command
(checksum verification, ´cp´, ´mv´, listing); ´COPY --from´; sources and paths written with a
variable or a wildcard.`),
	Tags:        []string{"best-practice", "image-size"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3010"}},
	Run:         runArchiveExtractedAfterCopy,
}

// tarExts are the names of tar archives ADD unpacks (it detects gzip,
// bzip2, xz and zstd compression).
var tarExts = []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz", ".tar.zst", ".tar.zstd", ".tzst"}

func isTarName(name string) bool {
	l := strings.ToLower(name)
	for _, e := range tarExts {
		if strings.HasSuffix(l, e) && len(l) > len(e) {
			return true
		}
	}
	return false
}

// copiedArchive is a tar archive a COPY brought into the stage.
type copiedArchive struct {
	src   df.Token
	paths []string // where it may be in the image (relative when the WORKDIR is unknown)
}

func runArchiveExtractedAfterCopy(p *rules.Pass) {
	f := p.Dockerfile
	for _, s := range f.Stages {
		for i, ins := range s.Instructions {
			for _, a := range archivesCopied(p, s, ins) {
				line, dir, ok := onlyExtracted(f, s, s.Instructions[i+1:], a)
				if !ok {
					continue
				}
				target := "<folder>"
				if dir != "" {
					target = strings.TrimSuffix(dir, "/") + "/"
				}
				p.Reportf(a.src.Span, "%s is copied in only to be unpacked by tar on line %d, which leaves the archive in a layer; ADD %s %s unpacks it in one step", a.src.Raw, line, a.src.Raw, target)
			}
		}
	}
}

// archivesCopied lists the tar archives a COPY from the build context
// brings in, with their paths in the image.
func archivesCopied(p *rules.Pass, s *df.Stage, ins *df.Instruction) []copiedArchive {
	if _, ok := ins.Command.(*instructions.CopyCommand); !ok || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
		return nil
	}
	if _, ok := ins.Flag("from"); ok {
		return nil
	}
	dest := ins.Args[len(ins.Args)-1].Value
	srcs := ins.Args[:len(ins.Args)-1]
	if dest == "" || strings.ContainsAny(dest, "$*?[") {
		return nil
	}
	dirDest := strings.HasSuffix(dest, "/") || len(srcs) > 1 || dest == "." || strings.HasSuffix(dest, "/.")
	if !strings.HasPrefix(dest, "/") {
		if wd, set := hygWorkdir(p, s, ins); set && wd != "" {
			dest = path.Join(wd, dest)
		}
	}
	var out []copiedArchive
	for _, src := range srcs {
		v := src.Value
		if v == "" || strings.ContainsAny(v, "$*?[") || strings.Contains(v, "://") {
			continue
		}
		base := path.Base(v)
		switch {
		case dirDest && isTarName(base):
			out = append(out, copiedArchive{src: src, paths: []string{path.Join(dest, base)}})
		case !dirDest && isTarName(path.Base(dest)):
			out = append(out, copiedArchive{src: src, paths: []string{path.Clean(dest)}})
		case !dirDest && isTarName(base):
			// COPY a.tar.gz /opt: /opt/a.tar.gz when /opt is a folder, else /opt.
			out = append(out, copiedArchive{src: src, paths: []string{path.Join(dest, base), path.Clean(dest)}})
		}
	}
	return out
}

// onlyExtracted reports whether the instructions after the COPY unpack the
// archive exactly once with tar -x (on line line, into dir when -C gives
// an absolute folder) and use it for nothing else than rm.
func onlyExtracted(f *df.File, s *df.Stage, after []*df.Instruction, a copiedArchive) (line int, dir string, ok bool) {
	names := map[string]bool{}
	for _, p := range a.paths {
		names[path.Base(p)] = true
	}
	extractions := 0
	for _, ins := range after {
		if ins.Keyword == "ONBUILD" {
			continue
		}
		if ins.Keyword != "RUN" {
			// Another COPY or ADD of the same name (over it, or out of it).
			if (ins.Keyword == "COPY" || ins.Keyword == "ADD") && mentions(ins.ArgsText(), names) {
				return 0, "", false
			}
			continue
		}
		if ins.Shell == nil {
			if mentions(ins.ArgsText(), names) {
				return 0, "", false
			}
			continue
		}
		skip := map[*shell.Call]bool{}
		for _, c := range ins.Shell.Calls {
			if c.Wrapper != nil {
				skip[c.Wrapper] = true // sudo tar ..., sh -c '...': the inner calls are read
			}
		}
		for _, c := range ins.Shell.Calls {
			file, d, isTar := tarExtract(c)
			if isTar && file != nil && matchesArchive(file.Value, a.paths) {
				extractions++
				line, dir = ins.Line(), d
				if len(c.Upstream) == 1 {
					skip[c.Upstream[0]] = true
				}
				continue
			}
		}
		for _, c := range ins.Shell.Calls {
			if skip[c] || c.Is("rm") {
				continue
			}
			if file, _, isTar := tarExtract(c); isTar && file != nil && matchesArchive(file.Value, a.paths) {
				continue
			}
			for _, w := range c.Args {
				if mentions(w.Value, names) || !w.Literal && mentions(f.Source.Text(w.Span), names) {
					return 0, "", false
				}
			}
		}
	}
	// A later stage that copies the archive out of this one needs it.
	for _, o := range f.Stages {
		for _, ins := range o.Instructions {
			if from, ok := ins.Flag("from"); ok && o != s && mentions(ins.ArgsText(), names) && from.Value != "" {
				return 0, "", false
			}
		}
	}
	return line, dir, extractions == 1
}

func mentions(text string, names map[string]bool) bool {
	for n := range names {
		if strings.Contains(text, n) {
			return true
		}
	}
	return false
}

// matchesArchive reports whether file, as tar names it, is the copied
// archive: the same absolute path, or the same base name when either path
// is relative (the working folder of the RUN is not followed).
func matchesArchive(file string, paths []string) bool {
	if file == "" || strings.ContainsAny(file, "$*?[") {
		return false
	}
	for _, p := range paths {
		if path.IsAbs(file) && path.IsAbs(p) {
			if path.Clean(file) == p {
				return true
			}
			continue
		}
		if path.Base(file) == path.Base(p) {
			return true
		}
	}
	return false
}

// tarExtract reads a `tar -x` call. isTar is true for an extraction whose
// options ADD can reproduce: -x with -f FILE (or the archive piped in by a
// single decompressor), -C DIR, compression and verbosity options, and no
// member names. file is the archive; dir the absolute -C folder or "".
func tarExtract(c *shell.Call) (file *shell.Word, dir string, isTar bool) {
	if !c.Is("tar") || len(c.Args) == 0 {
		return nil, "", false
	}
	args := c.Args
	var extract bool
	var fileW, dirW *shell.Word
	// next consumes the argument after the current one: the value of -f or -C.
	i := 0
	next := func() *shell.Word {
		if i+1 < len(args) {
			i++
			return args[i]
		}
		return nil
	}
	short := func(letters string, oldStyle bool) bool {
		var pending []byte // old-style option letters waiting for their values
		for j := 0; j < len(letters); j++ {
			switch l := letters[j]; l {
			case 'x':
				extract = true
			case 'z', 'j', 'J', 'v', 'p', 'a':
			case 'f', 'C':
				if oldStyle {
					pending = append(pending, l)
					continue
				}
				var w *shell.Word
				if rest := letters[j+1:]; rest != "" {
					w = &shell.Word{Value: rest, Literal: true}
				} else if w = next(); w == nil {
					return false
				}
				if l == 'f' {
					fileW = w
				} else {
					dirW = w
				}
				j = len(letters)
			default:
				return false
			}
		}
		for _, l := range pending {
			w := next()
			if w == nil {
				return false
			}
			if l == 'f' {
				fileW = w
			} else {
				dirW = w
			}
		}
		return true
	}
	for ; i < len(args); i++ {
		a := args[i]
		if !a.Literal {
			return nil, "", false
		}
		v := a.Value
		switch {
		case i == 0 && v != "" && !strings.HasPrefix(v, "-") && isLetters(v):
			if !short(v, true) {
				return nil, "", false
			}
		case strings.HasPrefix(v, "--"):
			name, val, hasVal := strings.Cut(v[2:], "=")
			switch name {
			case "extract", "get":
				extract = true
			case "gzip", "gunzip", "ungzip", "bzip2", "xz", "zstd", "auto-compress", "verbose",
				"preserve-permissions", "same-permissions":
			case "file", "directory":
				w := &shell.Word{Value: val, Literal: true}
				if !hasVal {
					if w = next(); w == nil {
						return nil, "", false
					}
				}
				if name == "file" {
					fileW = w
				} else {
					dirW = w
				}
			default:
				return nil, "", false
			}
		case strings.HasPrefix(v, "-") && len(v) > 1:
			if !short(v[1:], false) {
				return nil, "", false
			}
		default:
			return nil, "", false // a member name, or -
		}
	}
	if !extract {
		return nil, "", false
	}
	if dirW != nil {
		if !dirW.Literal || strings.Contains(dirW.Value, "$") {
			return nil, "", false
		}
		if strings.HasPrefix(dirW.Value, "/") {
			dir = path.Clean(dirW.Value)
		}
	}
	if fileW == nil || fileW.Value == "-" {
		// Read from standard input: one decompressor (or cat) of one file.
		if len(c.Upstream) != 1 {
			return nil, "", false
		}
		w, ok := decompressedFile(c.Upstream[0])
		if !ok {
			return nil, "", false
		}
		return w, dir, true
	}
	if !fileW.Literal {
		return nil, "", false
	}
	return fileW, dir, true
}

func isLetters(s string) bool {
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// decompressedFile is the one file a decompressor writes to standard
// output: zcat F, gzip -dc F, xz -dc F, cat F, ...
func decompressedFile(c *shell.Call) (*shell.Word, bool) {
	toStdout := c.Is("zcat", "gzcat", "bzcat", "xzcat", "zstdcat", "cat")
	if c.Is("gzip", "bzip2", "xz", "zstd") {
		toStdout = c.HasFlag("d", "decompress") && c.HasFlag("c", "stdout")
	}
	if c.Is("gunzip", "bunzip2", "unxz", "unzstd") {
		toStdout = c.HasFlag("c", "stdout")
	}
	if !toStdout {
		return nil, false
	}
	var files []*shell.Word
	for _, a := range c.Args {
		if !a.Literal {
			return nil, false
		}
		if strings.HasPrefix(a.Value, "-") {
			if !isDecompressFlag(a.Value) {
				return nil, false
			}
			continue
		}
		files = append(files, a)
	}
	if len(files) != 1 {
		return nil, false
	}
	return files[0], true
}

func isDecompressFlag(v string) bool {
	switch v {
	case "--decompress", "--stdout", "--to-stdout", "--quiet", "--keep", "--force":
		return true
	}
	if strings.HasPrefix(v, "--") {
		return false
	}
	for _, r := range v[1:] {
		if !strings.ContainsRune("dckqf", r) {
			return false
		}
	}
	return len(v) > 1
}
