package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/seaworthy-dev/seaworthy/formatter"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/seaworthy-dev/seaworthy/rules/fix"
)

// fixFlags are the flags of --fix and --diff (docs/fixes.md).
func fixFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "fix", Usage: "rewrite the files with every safe fix, then report what is left"},
		&cli.BoolFlag{Name: "diff", Usage: "print the fixes --fix would make as a unified diff and change nothing (exit 1 when there is one)"},
		&cli.StringSliceFlag{Name: "fix-only", Usage: "fix only `RULE` (ID or name); repeatable"},
		&cli.BoolFlag{Name: "unsafe-fixes", Usage: "also apply fixes that can change what the image or service does"},
	}
}

// fixed is the outcome of the fix rounds.
type fixed struct {
	res     engine.Result // the lint of the fixed text
	before  map[string][]byte
	after   map[string][]byte
	changed []string // paths, sorted
}

// fixRounds lints, applies the selected fixes in memory and lints again,
// until nothing changes or fix.Rounds is reached. A file whose fixed text
// no longer parses (a new SW0001) goes back to its text before that round
// and is fixed no further, with a warning on stderr. Nothing is written.
func fixRounds(lint *engine.Linter, targets []engine.Target, first engine.Result, opts fix.Options, stderr io.Writer) (fixed, error) {
	out := fixed{res: first, before: map[string][]byte{}, after: map[string][]byte{}}
	stdin := map[string]bool{}
	for _, t := range targets {
		if t.Stdin {
			stdin[t.Path] = true
		}
	}
	frozen := map[string]bool{}
	lint.Overlay = map[string][]byte{}
	for round := 0; round < fix.Rounds; round++ {
		edits := fix.Select(out.res.Findings, opts.Allowed)
		sources := sourcesOf(out.res.Findings)
		prev := map[string][]byte{}
		for path, es := range edits {
			src := sources[path]
			if stdin[path] || frozen[path] || src == nil {
				continue
			}
			text, err := fix.Apply(src.Data, es)
			if err != nil {
				return out, fmt.Errorf("%s: %w", path, err)
			}
			if bytes.Equal(text, src.Data) {
				continue
			}
			if _, ok := out.before[path]; !ok {
				out.before[path] = src.Data
			}
			prev[path] = src.Data
			lint.Overlay[path] = text
		}
		if len(prev) == 0 {
			break
		}
		res := lint.Run(targets)
		// A fix must never break a file: compare its parse errors.
		broken := false
		byFix := fix.SelectFixes(out.res.Findings, opts.Allowed)
		for path := range prev {
			if parseErrors(res.Findings, path) > parseErrors(out.res.Findings, path) {
				// Together they break it (two rules each removing one of
				// the last two items of a list): take them one at a time.
				kept, dropped := oneByOne(lint, targets, path, prev[path], byFix[path], parseErrors(out.res.Findings, path))
				lint.Overlay[path] = kept
				if dropped > 0 {
					what := "1 fix"
					if dropped > 1 {
						what = fmt.Sprintf("%d fixes", dropped)
					}
					fmt.Fprintf(stderr, "seaworthy: %s: %s of round %d would make the file fail to parse, so they are not applied\n", path, what, round+1)
					frozen[path] = true
				}
				broken = true
			}
		}
		if broken {
			res = lint.Run(targets)
		}
		out.res = res
	}
	for path, before := range out.before {
		if after := lint.Overlay[path]; !bytes.Equal(after, before) {
			out.after[path] = after
			out.changed = append(out.changed, path)
		}
	}
	sort.Strings(out.changed)
	return out, nil
}

// oneByOne applies fixes to text one at a time, from the end of the file
// back (so the offsets of those before stay true), keeping each that does
// not add a parse error to the file's target, linted alone. It returns the
// text and how many fixes it left out.
func oneByOne(lint *engine.Linter, targets []engine.Target, path string, text []byte, fixes []*rules.Fix, parseErrs int) ([]byte, int) {
	var ts []engine.Target
	for _, t := range targets {
		if t.Path == path || slices.Contains(t.Overrides, path) {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		// A Dockerfile only a Compose build reached: lint it alone.
		ts = []engine.Target{{Path: path, Kind: rules.Dockerfile}}
	}
	dropped := 0
	for i := len(fixes) - 1; i >= 0; i-- {
		next, err := fix.Apply(text, fixes[i].Edits)
		if err != nil {
			dropped++
			continue
		}
		lint.Overlay[path] = next
		if parseErrors(lint.Run(ts).Findings, path) > parseErrs {
			dropped++
			continue
		}
		text = next
	}
	lint.Overlay[path] = text
	return text, dropped
}

// sourcesOf maps each finding's file to the text it was linted from.
func sourcesOf(findings []rules.Finding) map[string]*source.File {
	out := map[string]*source.File{}
	for i := range findings {
		if f := &findings[i]; f.Source != nil {
			out[f.File] = f.Source
		}
	}
	return out
}

func parseErrors(findings []rules.Finding, path string) int {
	n := 0
	for _, f := range findings {
		if f.File == path && f.Rule == rules.ParseError {
			n++
		}
	}
	return n
}

// writeFixed writes each changed file in place, atomically: a temporary
// file in the same folder, with the file's mode, renamed over it. A link
// is written through to the file it names (which the lint already checked
// is inside the tree). A file that cannot be written is an error line; the
// others are still written.
func writeFixed(f fixed, stderr io.Writer) (errs []formatter.FileError) {
	for _, path := range f.changed {
		if err := writeAtomic(path, f.after[path]); err != nil {
			e := formatter.FileError{File: path, Message: "not fixed: " + err.Error()}
			fmt.Fprintln(stderr, "seaworthy: "+errorLine(e))
			errs = append(errs, e)
		}
	}
	return errs
}

// fixOptions reads --fix, --diff, --fix-only and --unsafe-fixes; nil when
// neither --fix nor --diff is given.
func fixOptions(c *cli.Context, configs *config.Resolver) (*fix.Options, error) {
	if !c.Bool("fix") && !c.Bool("diff") {
		if c.IsSet("fix-only") || c.Bool("unsafe-fixes") {
			return nil, cli.Exit("seaworthy: --fix-only and --unsafe-fixes go with --fix or --diff", 2)
		}
		return nil, nil
	}
	if c.Bool("fix") && c.Bool("diff") {
		return nil, cli.Exit("seaworthy: --fix writes the fixes and --diff only shows them: give one of them", 2)
	}
	only, err := ruleList(c.StringSlice("fix-only"))
	if err != nil {
		return nil, cli.Exit("seaworthy: --fix-only: "+err.Error(), 2)
	}
	o := &fix.Options{Unsafe: c.Bool("unsafe-fixes"), Only: map[string]bool{}}
	for _, r := range only {
		o.Only[r.ID] = true
	}
	o.OffIn = func(file, id string) bool {
		cfg, err := configs.Config(file)
		if err != nil || cfg == nil {
			return false
		}
		v, ok := cfg.Options[id][rules.FixOption.Name].(bool)
		return ok && !v
	}
	return o, nil
}

// diffExit prints the diff and exits as --diff documents: 1 when there is
// something to fix, 0 when not.
func diffExit(stdout io.Writer, f fixed) error {
	if err := writeDiff(stdout, f); err != nil {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}
	if len(f.changed) > 0 {
		return cli.Exit("", 1)
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(real)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("the file is read-only")
	}
	tmp, err := os.CreateTemp(filepath.Dir(real), "."+filepath.Base(real)+".seaworthy-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), real); err != nil {
		return err
	}
	done = true
	return nil
}

// writeDiff prints the unified diff of every changed file.
func writeDiff(w io.Writer, f fixed) error {
	for _, path := range f.changed {
		// a/ and b/ go before the path, as in git's diffs: without the
		// leading slash of an absolute path.
		name := strings.TrimPrefix(filepath.ToSlash(path), "/")
		if err := fix.Unified(w, name, f.before[path], f.after[path]); err != nil {
			return err
		}
	}
	return nil
}
