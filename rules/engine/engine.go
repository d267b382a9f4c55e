// Package engine runs the rules over files: it reads and parses each file
// once, runs every enabled rule on the model, applies suppressions and
// configuration, and returns findings in a deterministic order.
package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// ComposeLoader loads a Compose project; see compose.Load.
// It reads the files the linted ones name through files.
type ComposeLoader func(srcs []*source.File, files *source.Reader, env map[string]string) (*compose.Project, []*source.Error, error)

// Linter holds what stays the same across files.
type Linter struct {
	// Rules are the enabled rules; meta rules in the list are honoured too.
	Rules    []*rules.Rule
	Settings *rules.Settings
	// Severity overrides a rule's default severity.
	Severity map[*rules.Rule]rules.Severity
	// LoadCompose loads Compose files; when nil, Compose files are not linted.
	LoadCompose ComposeLoader
	// Env is the environment Compose interpolation reads.
	Env map[string]string
	// Stdin supplies the bytes of a target read from standard input.
	Stdin []byte
	// Overlay holds the text of files an editor has open, by path: a target
	// or override file found here is read from it, not from disk.
	Overlay map[string][]byte
	// MaxFileSize bounds what is read of one file.
	MaxFileSize int64
	// Configs, when set, gives each file its own configuration (the nearest
	// .seaworthy.yaml); Rules, Severity and Settings are then not used.
	Configs Configs
	// FileTimeout bounds the time one file may take; past it the file gets
	// one SW0001 "lint timed out" finding and the run goes on. 0: no bound.
	FileTimeout time.Duration
	// NoBuilds turns off linting, in Run, the Dockerfiles that the linted
	// Compose files build (see builds.go).
	NoBuilds bool
	// SkipBuilt, when set, excludes a Dockerfile that only a Compose build
	// reaches (the walk's exclude globs).
	SkipBuilt func(path string) bool

	// off are the rules configuration turned off: suppressing them is not stale.
	off map[*rules.Rule]bool
}

// LoadCompose is the ComposeLoader of the command line: compose.Load.
func LoadCompose(srcs []*source.File, files *source.Reader, env map[string]string) (*compose.Project, []*source.Error, error) {
	return compose.Load(srcs, compose.Options{Env: env, Files: files})
}

// IncrementalCompose is the ComposeLoader of the language server: compose.Load
// with a memory of compose-go's verdicts (compose.Verdicts), so that an edit
// of a string compose-go never parses, or of a few services, does not pay
// its whole load again.
func IncrementalCompose() ComposeLoader {
	v := compose.NewVerdicts()
	return func(srcs []*source.File, files *source.Reader, env map[string]string) (*compose.Project, []*source.Error, error) {
		return compose.Load(srcs, compose.Options{Env: env, Files: files, Verdicts: v})
	}
}

// DefaultFileTimeout is the time one file may take by default. The
// largest Dockerfile seaworthy accepts (100,000 lines) lints in about two
// seconds and a Compose file of 1,000 services in under one and a half
// (BenchmarkGrowth); past five something is wrong with the file.
const DefaultFileTimeout = 5 * time.Second

// DefaultMaxFileSize is the largest file linted (a bigger one is an error
// naming it, and is never read past the limit).
const DefaultMaxFileSize = 16 << 20

// Result is what a run produced.
type Result struct {
	Findings []rules.Finding
	Errors   []FileError

	builds []builtRef // the local Dockerfiles a Compose target builds
}

// FileError is a file that could not be read at all.
type FileError struct {
	File    string
	Message string
}

// Run lints the targets on all cores and returns findings sorted by
// rules.Less, so that output does not depend on scheduling.
//
// Compose files are linted first: the Dockerfiles their services build are
// then linted with the Dockerfile targets, each file once (builds.go).
func (l *Linter) Run(targets []Target) Result {
	tree := rules.NewTree()
	var composeTargets []Target
	for _, t := range targets {
		if t.Kind == rules.Compose {
			composeTargets = append(composeTargets, t)
		}
	}
	results := make([]Result, len(composeTargets))
	parallel(len(composeTargets), func(i int) { results[i] = l.lintInTime(tree, composeTargets[i], nil) })
	var refs []builtRef
	if !l.NoBuilds {
		for _, r := range results {
			refs = append(refs, r.builds...)
		}
	}
	jobs := l.dockerfileJobs(targets, refs)
	more := make([]Result, len(jobs))
	parallel(len(jobs), func(i int) { more[i] = l.lintInTime(tree, jobs[i].t, jobs[i].builds) })
	results = append(results, more...)
	var out Result
	for _, r := range results {
		out.Findings = append(out.Findings, r.Findings...)
		out.Errors = append(out.Errors, r.Errors...)
	}
	sort.SliceStable(out.Findings, func(i, j int) bool { return rules.Less(&out.Findings[i], &out.Findings[j]) })
	sort.SliceStable(out.Errors, func(i, j int) bool { return out.Errors[i].File < out.Errors[j].File })
	return out
}

// parallel calls do(0) ... do(n-1) on all cores.
func parallel(n int, do func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				do(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// lintInTime lints t within l.FileTimeout. Go cannot stop a goroutine, so
// a file past its time is abandoned: its context is cancelled, which stops
// it at the next rule, and its result is replaced by a timeout finding.
func (l *Linter) lintInTime(tree *rules.Tree, t Target, builds []*dockerfile.Build) Result {
	base := withTree(context.Background(), tree)
	if l.FileTimeout <= 0 {
		return l.lintTarget(base, t, builds)
	}
	ctx, cancel := context.WithCancel(base)
	defer cancel()
	done := make(chan Result, 1)
	go func() { done <- l.lintTarget(ctx, t, builds) }()
	timer := time.NewTimer(l.FileTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r
	case <-timer.C:
		f := rules.NewFinding(rules.ParseError, source.New(t.Path, nil), source.Span{},
			fmt.Sprintf("lint timed out after %s; the file's findings are not reported (--file-timeout sets the limit)", l.FileTimeout))
		f.Incomplete = true
		return Result{Findings: []rules.Finding{f}}
	}
}

// files is the reader of everything read for target t: bounded, and never
// outside t's tree.
func (l *Linter) files(t Target) *source.Reader {
	max := l.MaxFileSize
	if max == 0 {
		max = DefaultMaxFileSize
	}
	root := t.Root
	if root == "" {
		root = RootOf(t.Path)
	}
	return &source.Reader{Root: root, Max: max}
}

func (l *Linter) read(t Target, files *source.Reader, path string) ([]byte, error) {
	max := files.Max
	if t.Stdin && path == t.Path {
		if int64(len(l.Stdin)) > max {
			return nil, tooLarge(max)
		}
		return l.Stdin, nil
	}
	if data, ok := l.Overlay[path]; ok {
		if int64(len(data)) > max {
			return nil, tooLarge(max)
		}
		return data, nil
	}
	data, err := files.Read(path)
	var nr *source.NotRegularError
	switch {
	case err == nil:
		return data, nil
	case source.IsOutside(err):
		return nil, err
	case errors.Is(err, source.ErrTooLarge):
		return nil, tooLarge(max)
	case errors.As(err, &nr) && nr.Mode.IsDir():
		return nil, nr
	case errors.As(err, &nr):
		// Reading a FIFO or a device would block or never end.
		return nil, fmt.Errorf("%w, not linted", nr)
	}
	return nil, linkError(path, err)
}

// errTooLarge marks the error of a file over the size limit.
var errTooLarge = errors.New("file too large")

func tooLarge(max int64) error {
	size := fmt.Sprintf("%d bytes", max)
	if max >= 1<<20 && max%(1<<20) == 0 {
		size = fmt.Sprintf("%d MiB", max>>20)
	}
	return fmt.Errorf("file is larger than %s, the most seaworthy reads; not linted%w", size, silent{errTooLarge})
}

// silent wraps an error for errors.Is without adding to the message.
type silent struct{ err error }

func (s silent) Error() string { return "" }
func (s silent) Unwrap() error { return s.err }

// linkError explains why a symbolic link cannot be read: a dangling link
// otherwise reads as "no such file or directory" for a file that is listed.
func linkError(path string, err error) error {
	info, lerr := os.Lstat(path)
	if lerr != nil || info.Mode()&fs.ModeSymlink == 0 {
		return err
	}
	target, _ := os.Readlink(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("dangling symbolic link to %s (the target does not exist)", target)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("symbolic link to %s cannot be followed: %w", target, err)
}

// lintTarget lints t; a Dockerfile is linted as each of builds builds it
// (as `docker build` does when there are none).
func (l *Linter) lintTarget(ctx context.Context, t Target, builds []*dockerfile.Build) (res Result) {
	l, cerr := l.forTarget(t)
	if cerr != nil {
		return Result{Errors: []FileError{{File: t.Path, Message: cerr.Error()}}}
	}
	files := l.files(t)
	data, err := l.read(t, files, t.Path)
	if t.built && err != nil && quietBuilt(err) {
		return Result{}
	}
	if source.IsOutside(err) || errors.Is(err, errTooLarge) {
		return Result{Findings: []rules.Finding{unreadFinding(t.Path, err)}}
	}
	if err != nil {
		return Result{Errors: []FileError{{File: t.Path, Message: errorText(t.Path, err)}}}
	}
	src := source.New(t.Path, data)
	if msg, off := notText(data); msg != "" {
		p := src.Position(off)
		return Result{Findings: l.keep([]rules.Finding{parseFinding(src, &source.Error{Path: t.Path, Line: p.Line, Column: p.Column, Msg: msg})})}
	}
	var findings []rules.Finding
	switch t.Kind {
	case rules.Compose:
		srcs := []*source.File{src}
		for _, o := range t.Overrides {
			d, err := l.read(t, files, o)
			if source.IsOutside(err) || errors.Is(err, errTooLarge) {
				res.Findings = append(res.Findings, unreadFinding(o, err))
				continue
			}
			if err != nil {
				res.Errors = append(res.Errors, FileError{File: o, Message: errorText(o, err)})
				continue
			}
			srcs = append(srcs, source.New(o, d))
		}
		findings, res.builds = l.lintCompose(ctx, srcs, files, files.Root)
	default:
		// As each service builds it; and as `docker build` does when no
		// service builds the last stage (every build has another target),
		// so that the stage an image is usually built from is judged too.
		per := make([][]rules.Finding, 0, len(builds)+1)
		last := false
		for _, b := range builds {
			fs, isLast := l.lintDockerfile(ctx, src, files, b)
			per = append(per, fs)
			last = last || isLast
		}
		if !last {
			fs, _ := l.lintDockerfile(ctx, src, files, nil)
			per = append(per, fs)
		}
		findings = mergeBuilds(per)
		if t.droppedBuilds > 0 {
			f := rules.NewFinding(rules.ParseError, src, source.Span{End: src.LineEnd(1)},
				fmt.Sprintf("Compose services build this file in %d more ways than the %d seaworthy lints; their findings are not reported", t.droppedBuilds, MaxBuilds))
			f.Incomplete = true
			findings = append(findings, f)
		}
	}
	res.Findings = append(res.Findings, l.keep(findings)...)
	return res
}

// unreadFinding reports, at 1:1, a linted file that was not read: a link
// that resolves outside the tree, or a file over the size limit (then the
// finding is Incomplete). Nothing of it was read, so nothing of it is shown.
func unreadFinding(path string, err error) rules.Finding {
	src := source.New(path, nil)
	f := rules.NewFinding(rules.ParseError, src, source.Span{}, err.Error())
	f.Incomplete = errors.Is(err, errTooLarge)
	return f
}

func errorText(path string, err error) string {
	return (&PathError{Path: path, Err: err}).Error()
}

// notText rejects what is not a text file: NUL bytes or invalid UTF-8. The
// offset is where the first bad byte is, so the finding points at it.
func notText(data []byte) (string, int) {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "not a text file (it contains NUL bytes)", 0
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return fmt.Sprintf("not valid UTF-8 text (invalid byte 0x%02X here); seaworthy reads UTF-8 files only", data[i]), i
	}
	return "", 0
}

func parseFinding(src *source.File, e *source.Error) rules.Finding {
	if e.File != nil && e.File.Path == e.Path {
		src = e.File // an error in another file: quote that file
	}
	line := e.Line
	if line < 1 {
		line = 1
	}
	start := src.LineStart(line)
	if e.Column > 1 {
		start = src.Offset(source.Position{Line: line, Column: e.Column})
	}
	end := src.LineEnd(line)
	if end < start {
		end = start
	}
	f := rules.NewFinding(rules.ParseError, src, source.Span{Start: start, End: end}, e.Msg)
	f.Sensitive = e.Secret
	f.Incomplete = e.Incomplete
	if e.Path != "" && e.Path != src.Path {
		f.File = e.Path
	}
	return f
}

// lintDockerfile lints src as build builds it (nil: as `docker build`
// does); last reports whether that build builds the file's last stage (or
// the file does not parse: nothing more to learn from another build).
func (l *Linter) lintDockerfile(ctx context.Context, src *source.File, files *source.Reader, build *dockerfile.Build) (_ []rules.Finding, last bool) {
	df, err := dockerfile.ParseBuild(src, build)
	if err != nil {
		var e *source.Error
		if !errors.As(err, &e) {
			e = &source.Error{Path: src.Path, Msg: err.Error()}
		}
		return []rules.Finding{parseFinding(src, e)}, true
	}
	last = df.FinalStage() == df.Stages[len(df.Stages)-1]
	var findings []rules.Finding
	for _, e := range df.Limits {
		findings = append(findings, parseFinding(src, e))
	}
	p := rules.NewPass(nil, src, l.Settings, func(f rules.Finding) { findings = append(findings, f) })
	p.Dockerfile = df
	p.Files = files
	p.Tree = treeOf(ctx)
	for _, r := range l.Rules {
		if r.Kind != rules.Dockerfile || r.Run == nil {
			continue
		}
		if ctx.Err() != nil {
			break // abandoned: see lintInTime
		}
		p.Rule = r // one pass per file: only the rule changes
		findings = append(findings, runRule(p)...)
	}
	rules.Protect(findings, p.Secrets())
	return suppressDockerfile(df, findings, l.staleCheck(), l.enabled(rules.InlineSuppression)), last
}

func (l *Linter) lintCompose(ctx context.Context, srcs []*source.File, files *source.Reader, root string) ([]rules.Finding, []builtRef) {
	if l.LoadCompose == nil {
		return nil, nil
	}
	proj, problems, err := safeLoad(l.LoadCompose, srcs, files, l.Env)
	byPath := map[string]*source.File{}
	for _, s := range srcs {
		byPath[s.Path] = s
	}
	var findings []rules.Finding
	if err != nil {
		var e *source.Error
		if !errors.As(err, &e) {
			e = &source.Error{Path: srcs[0].Path, Msg: err.Error()}
		}
		src := srcs[0]
		if s := byPath[e.Path]; s != nil {
			src = s
		}
		return []rules.Finding{parseFinding(src, e)}, nil
	}
	for _, e := range problems {
		src := srcs[0]
		if s := byPath[e.Path]; s != nil {
			src = s
		}
		findings = append(findings, parseFinding(src, e))
	}
	if proj == nil {
		return findings, nil
	}
	p := rules.NewPass(nil, srcs[0], l.Settings, func(f rules.Finding) { findings = append(findings, f) })
	p.Compose = proj
	p.Files = files
	p.Tree = treeOf(ctx)
	for _, r := range l.Rules {
		if r.Kind != rules.Compose || r.Run == nil {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		p.Rule = r
		findings = append(findings, runRule(p)...)
	}
	rules.Protect(findings, p.Secrets())
	findings = suppressCompose(srcs, findings, l.staleCheck(), l.enabled(rules.InlineSuppression))
	if l.NoBuilds {
		return findings, nil
	}
	return append(findings, l.lintInline(ctx, proj, files, srcs[0].Path)...), composeBuilds(proj, srcs[0].Path, root)
}

// safeLoad turns a loader panic into a parse error: one bad file must not
// stop the others.
func safeLoad(load ComposeLoader, srcs []*source.File, files *source.Reader, env map[string]string) (p *compose.Project, probs []*source.Error, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, probs, err = nil, nil, &source.Error{Path: srcs[0].Path, Msg: fmt.Sprintf("internal error while loading: %v; please report it", r), Incomplete: true}
		}
	}()
	return load(srcs, files, env)
}

// runRule runs one rule, turning a panic into a finding so that one broken
// rule cannot stop the run or print a stack trace.
func runRule(p *rules.Pass) (extra []rules.Finding) {
	defer func() {
		if r := recover(); r != nil {
			f := rules.NewFinding(rules.ParseError, p.Source, source.Span{},
				fmt.Sprintf("internal error in rule %s (%s): %v; please report it", p.Rule.ID, p.Rule.Name, r))
			f.Incomplete = true
			extra = []rules.Finding{f}
		}
	}()
	p.Rule.Run(p)
	return nil
}

func (l *Linter) enabled(r *rules.Rule) bool {
	for _, x := range l.Rules {
		if x == r {
			return true
		}
	}
	return false
}

// keep drops findings of meta rules that are not enabled and applies
// severity overrides. Parse errors are always kept: the file was not linted.
func (l *Linter) keep(fs []rules.Finding) []rules.Finding {
	out := fs[:0]
	for _, f := range fs {
		if f.Rule.Kind == rules.Meta && f.Rule != rules.ParseError && !l.enabled(f.Rule) {
			continue
		}
		if s, ok := l.Severity[f.Rule]; ok {
			f.Severity = s
		}
		out = append(out, f)
	}
	return out
}

// FileConfig is the configuration that applies to one linted file.
type FileConfig struct {
	Rules    []*rules.Rule // enabled rules
	Severity map[*rules.Rule]rules.Severity
	Settings *rules.Settings
	// Off are the rules configuration turned off (ignored, or off by
	// default and not enabled); a suppression of them is not reported as stale.
	Off map[*rules.Rule]bool
}

// Configs resolves the configuration of each linted file by its path.
type Configs interface {
	For(path string) (*FileConfig, error)
}

// forTarget is l itself, or a copy carrying t's configuration when l.Configs is set.
func (l *Linter) forTarget(t Target) (*Linter, error) {
	if l.Configs == nil {
		return l, nil
	}
	fc, err := l.Configs.For(t.Path)
	if err != nil {
		return nil, err
	}
	c := *l
	c.Configs = nil
	c.Rules, c.Severity, c.Settings, c.off = fc.Rules, fc.Severity, fc.Settings, fc.Off
	return &c, nil
}

// staleCheck says which suppressed rules count when reporting unused
// suppressions (SW0002): nil when SW0002 is off. A rule configuration turned
// off, or that is off by default, is not stale.
func (l *Linter) staleCheck() func(*rules.Rule) bool {
	if !l.enabled(rules.UnusedSuppression) {
		return nil
	}
	return func(r *rules.Rule) bool {
		return l.enabled(r) || !r.Off && !l.off[r]
	}
}

type treeKey struct{}

// withTree carries the run's shared analyses to the passes of its files.
func withTree(ctx context.Context, t *rules.Tree) context.Context {
	return context.WithValue(ctx, treeKey{}, t)
}

func treeOf(ctx context.Context) *rules.Tree {
	t, _ := ctx.Value(treeKey{}).(*rules.Tree)
	return t
}
