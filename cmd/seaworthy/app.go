package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/seaworthy-dev/seaworthy/cmd/seaworthy/internal/lsp"
	"github.com/seaworthy-dev/seaworthy/formatter"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/urfave/cli/v2"
)

func newApp(stdin io.Reader, stdout, stderr io.Writer) *cli.App {
	usageError := func(_ *cli.Context, err error, _ bool) error {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}
	app := &cli.App{
		Name:            "seaworthy",
		Usage:           "lint Dockerfiles and Docker Compose files",
		UsageText:       "seaworthy [flags] [PATH ...]\nseaworthy rules [--format json]\nseaworthy explain RULE\nseaworthy config init|migrate [.hadolint.yaml]\nseaworthy lsp\nseaworthy version",
		Version:         version,
		HideVersion:     true,
		Reader:          stdin,
		Writer:          stdout,
		ErrWriter:       stderr,
		OnUsageError:    usageError,
		HideHelpCommand: true,
		// run() turns errors into exit codes; urfave/cli would call os.Exit.
		ExitErrHandler: func(*cli.Context, error) {},
		Flags:          lintFlags(),
		Action: func(c *cli.Context) error {
			return lintAction(c, stdin, stdout, stderr)
		},
		Commands: []*cli.Command{
			{
				Name: "rules", Usage: "list every rule with its metadata", OnUsageError: usageError,
				Flags: []cli.Flag{&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or json"}},
				Action: func(c *cli.Context) error {
					return listRules(stdout, c.String("format"))
				},
			},
			{
				Name: "explain", Usage: "show a rule's documentation", ArgsUsage: "RULE", OnUsageError: usageError,
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return cli.Exit("seaworthy: explain takes one rule ID or name", 2)
					}
					return explain(stdout, c.Args().First())
				},
			},
			configCommand(stdout, usageError),
			{
				Name: "lsp", Usage: "run the language server (LSP over standard input and output)", OnUsageError: usageError,
				// Clients written for other servers pass --stdio; it is the only transport.
				Flags: []cli.Flag{&cli.BoolFlag{Name: "stdio", Usage: "talk over standard input and output (the default and only transport)"}},
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return cli.Exit("seaworthy: lsp takes no arguments (it speaks LSP on standard input and output)", 2)
					}
					code := lsp.Serve(c.Context, stdin, stdout, lsp.Options{
						Version: version, Explain: explainText, LoadCompose: engine.IncrementalCompose(), Env: environ(), Log: stderr,
					})
					if code != 0 {
						return cli.Exit("", code)
					}
					return nil
				},
			},
			{
				Name: "version", Usage: "print the version", OnUsageError: usageError,
				Action: func(*cli.Context) error {
					_, err := fmt.Fprintf(stdout, "seaworthy %s\n", version)
					return err
				},
			},
		},
	}
	return app
}

func lintFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output format: " + strings.Join(formatter.Names(), ", ")},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of standard output"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "configuration `FILE` (default: .seaworthy.yaml looked up from each file's folder)"},
		&cli.BoolFlag{Name: "no-nested-config", Usage: "use only the .seaworthy.yaml found from the current folder upwards, for every file (CI on untrusted pull requests)"},
		&cli.DurationFlag{Name: "file-timeout", Value: engine.DefaultFileTimeout, Usage: "give up on a file after `DURATION` (SW0001 \"lint timed out\", exit 3); 0 for no limit"},
		&cli.StringFlag{Name: "failure-threshold", Value: "warning", Usage: "exit 1 on findings at or above: error, warning, info, style, none"},
		&cli.BoolFlag{Name: "no-fail", Usage: "exit 0 even when there are findings"},
		&cli.StringSliceFlag{Name: "ignore", Usage: "skip `RULE` (ID or name); repeatable"},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the text output"},
		&cli.StringFlag{Name: "kind", Usage: "treat files named on the command line and standard input as `KIND`: dockerfile or compose (a folder walk tells each file's kind from its name)"},
		&cli.StringSliceFlag{Name: "include", Usage: "when walking a folder, also lint files matching `GLOB` (gitignore-style, relative to the current folder); repeatable"},
		&cli.StringSliceFlag{Name: "exclude", Usage: "when walking a folder, skip files and folders matching `GLOB`; repeatable"},
		&cli.BoolFlag{Name: "no-ignore", Usage: "also lint the files .gitignore files ignore"},
		&cli.BoolFlag{Name: "no-builds", Usage: "do not lint the Dockerfiles that the linted Compose files build (as their services build them)"},
		&cli.StringFlag{Name: "stdin-filename", Usage: "the `PATH` to report for standard input (-); also picks its kind"},
		&cli.StringFlag{Name: "baseline", Usage: "report only findings not recorded in baseline `FILE`"},
		&cli.StringFlag{Name: "write-baseline", Usage: "record today's findings in baseline `FILE` and exit 0"},
	}, fixFlags()...)
}

func lintAction(c *cli.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	format, err := formatter.Get(c.String("format"))
	if err != nil {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}
	overrides := config.Overrides{}
	if c.IsSet("failure-threshold") {
		overrides.Threshold, err = rules.ParseSeverity(c.String("failure-threshold"))
		if err != nil {
			return cli.Exit("seaworthy: --failure-threshold: "+err.Error(), 2)
		}
		overrides.HasThreshold = true
	}
	var forced rules.Kind
	switch k := c.String("kind"); k {
	case "":
	case "dockerfile", "compose":
		forced = rules.Kind(k)
	default:
		return cli.Exit(fmt.Sprintf("seaworthy: --kind: unknown kind %q (want dockerfile or compose)", k), 2)
	}
	overrides.NoNested = c.Bool("no-nested-config")
	overrides.Ignore, err = ruleList(c.StringSlice("ignore"))
	if err != nil {
		return cli.Exit("seaworthy: --ignore: "+err.Error(), 2)
	}
	configs, err := config.NewResolver(c.String("config"), overrides)
	if err != nil {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}
	var baseline map[baselineKey]int
	if b := c.String("baseline"); b != "" {
		if baseline, err = loadBaseline(b); err != nil {
			return cli.Exit("seaworthy: "+err.Error(), 2)
		}
	}

	paths := c.Args().Slice()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	lint := &engine.Linter{Configs: configs, LoadCompose: engine.LoadCompose, Env: environ(), FileTimeout: c.Duration("file-timeout")}
	var targets []engine.Target
	var pathErrs []error
	var rest []string
	for _, p := range paths {
		if p != "-" {
			rest = append(rest, p)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(stdin, engine.DefaultMaxFileSize+1))
		if err != nil {
			return cli.Exit("seaworthy: reading standard input: "+err.Error(), 2)
		}
		lint.Stdin = data
		name := c.String("stdin-filename")
		if name == "" {
			name = "-"
		}
		kind := forced
		if kind == "" {
			kind = engine.KindOf(name, data)
		}
		targets = append(targets, engine.Target{Path: name, Kind: kind, Stdin: true})
	}
	sel, err := selector(configs, c.StringSlice("include"), c.StringSlice("exclude"))
	if err != nil {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}
	lint.NoBuilds = c.Bool("no-builds")
	lint.SkipBuilt = func(p string) bool { return excluded(sel, p) }
	found, errs := engine.Discover(rest, engine.Options{Kind: forced, NoIgnore: c.Bool("no-ignore"), Select: sel})
	targets = append(targets, found...)
	for _, e := range errs {
		if !isPathError(e) {
			return cli.Exit("seaworthy: "+e.Error(), 2) // a configuration the globs needed did not load
		}
		pathErrs = append(pathErrs, e)
	}
	if targets, err = selectTargets(configs, targets); err != nil {
		return cli.Exit("seaworthy: "+err.Error(), 2)
	}

	res := lint.Run(targets)
	fixOpts, err := fixOptions(c, configs)
	if err != nil {
		return err
	}
	var writeErrs []formatter.FileError
	if fixOpts != nil {
		f, err := fixRounds(lint, targets, res, *fixOpts, stderr)
		if err != nil {
			return cli.Exit("seaworthy: "+err.Error(), 2)
		}
		if c.Bool("diff") {
			return diffExit(stdout, f)
		}
		writeErrs = writeFixed(f, stderr)
		res = f.res
	}
	if err := baselineStep(c, baseline, &res, stderr); err != nil {
		return err
	}
	report := &formatter.Report{ToolVersion: version, Findings: res.Findings, Rules: configs.Rules(),
		Configs: appliedConfigs(configs, targets), Notes: configs.Nested(), Files: lintedFiles(targets)}
	for _, e := range pathErrs {
		report.Errors = append(report.Errors, pathFileError(e))
	}
	for _, e := range res.Errors {
		// The report prints the file beside the message: say it once.
		report.Errors = append(report.Errors, formatter.FileError{File: e.File, Message: strings.TrimPrefix(e.Message, e.File+": ")})
	}
	for _, e := range report.Errors {
		fmt.Fprintln(stderr, "seaworthy: "+errorLine(e))
	}
	report.Errors = append(report.Errors, writeErrs...) // already said by writeFixed
	// Exit 2 (the tool could not do its job) leaves standard output empty,
	// as documented: a partial report there would pass for a whole one.
	// -o FILE still gets the report, errors included.
	if len(report.Errors) == 0 || c.String("output") != "" {
		if err := write(c, format, report, stdout); err != nil {
			return cli.Exit("seaworthy: "+err.Error(), 2)
		}
	}
	incomplete := false
	for i := range res.Findings {
		if f := &res.Findings[i]; f.Incomplete {
			incomplete = true
			fmt.Fprintf(stderr, "seaworthy: %s: not fully linted: %s\n", f.File, f.Message)
		}
	}
	switch {
	case len(report.Errors) > 0:
		return cli.Exit("", 2)
	case incomplete:
		return cli.Exit("", 3)
	case c.Bool("no-fail") || c.String("write-baseline") != "":
		return nil
	}
	for _, f := range res.Findings {
		// Each file's own configuration may set the threshold.
		if t := configs.Threshold(f.File); t != rules.SeverityNone && f.Severity >= t {
			return cli.Exit("", 1)
		}
	}
	return nil
}

// baselineStep records the findings (--write-baseline), then drops the
// recorded ones (--baseline). Both may be given: the new file records every
// finding of this run, and the report shows only those not in the old one.
func baselineStep(c *cli.Context, baseline map[baselineKey]int, res *engine.Result, stderr io.Writer) error {
	if w := c.String("write-baseline"); w != "" {
		if err := writeBaseline(w, res.Findings); err != nil {
			return cli.Exit("seaworthy: "+err.Error(), 2)
		}
		fmt.Fprintf(stderr, "seaworthy: recorded %d findings in baseline %s\n", len(res.Findings), w)
	}
	if baseline != nil {
		res.Findings = applyBaseline(c.String("baseline"), baseline, res.Findings)
	}
	return nil
}

// lintedFiles lists the files the targets lint: each main file and its
// overrides.
func lintedFiles(targets []engine.Target) []formatter.LintedFile {
	var out []formatter.LintedFile
	for _, t := range targets {
		out = append(out, formatter.LintedFile{Path: t.Path, Kind: t.Kind})
		for _, o := range t.Overrides {
			out = append(out, formatter.LintedFile{Path: o, Kind: t.Kind})
		}
	}
	return out
}

// appliedConfigs names, by linted file, the configuration file that
// applied to it, for the JSON and SARIF reports.
func appliedConfigs(configs *config.Resolver, targets []engine.Target) map[string]string {
	out := map[string]string{}
	for _, t := range targets {
		for _, p := range append([]string{t.Path}, t.Overrides...) {
			if c, err := configs.Config(p); err == nil && c.Path != "" {
				out[p] = c.Path
			}
		}
	}
	return out
}

// isPathError reports whether err is about a path (reported, and the other
// paths still linted) rather than a configuration (the run stops).
func isPathError(err error) bool {
	var pe *engine.PathError
	var nf *engine.NotFoundError
	return errors.As(err, &pe) || errors.As(err, &nf)
}

// pathFileError is the report's entry for a path error: the path, and the
// reason without the path again.
func pathFileError(err error) formatter.FileError {
	var pe *engine.PathError
	var nf *engine.NotFoundError
	switch {
	case errors.As(err, &pe):
		return formatter.FileError{File: pe.Path, Message: pe.Reason()}
	case errors.As(err, &nf):
		return formatter.FileError{File: nf.Path, Message: nf.Error()}
	}
	return formatter.FileError{Message: err.Error()}
}

// errorLine is the one stderr line of a report error: "PATH: reason", or
// the reason alone when it names the path already.
func errorLine(e formatter.FileError) string {
	if e.File == "" || strings.Contains(e.Message, e.File) {
		return e.Message
	}
	return e.File + ": " + e.Message
}

// write renders the report to -o FILE (truncated, never coloured) or stdout.
func write(c *cli.Context, format formatter.Formatter, report *formatter.Report, stdout io.Writer) error {
	out := c.String("output")
	if out == "" {
		summary := c.String("format") == "text" && isTerminal(stdout)
		return format(stdout, report, formatter.Options{Color: useColor(c, stdout), Summary: summary})
	}
	var buf bytes.Buffer
	if err := format(&buf, report, formatter.Options{}); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

// useColor decides colour for the text format: --no-color, then NO_COLOR,
// then FORCE_COLOR/CLICOLOR_FORCE, then whether stdout is a terminal.
func useColor(c *cli.Context, stdout io.Writer) bool {
	if c.String("format") != "text" || c.Bool("no-color") || os.Getenv("NO_COLOR") != "" {
		return false
	}
	if os.Getenv("FORCE_COLOR") != "" || os.Getenv("CLICOLOR_FORCE") != "" {
		return true
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(stdout)
}

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func environ() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}

// excluded reports whether the walk's globs skip path or a folder above it:
// a Dockerfile that only a Compose build reaches is skipped as the walk
// would skip it.
func excluded(sel func(string, bool) (engine.Selection, error), path string) bool {
	for p, dir := filepath.Clean(path), false; ; p, dir = filepath.Dir(p), true {
		if s, err := sel(p, dir); err == nil && s == engine.Exclude {
			return true
		}
		if parent := filepath.Dir(p); parent == p || p == "." {
			return false
		}
	}
}
