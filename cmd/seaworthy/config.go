package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/urfave/cli/v2"
)

// configCommand is `seaworthy config init` and `seaworthy config migrate`.
func configCommand(stdout io.Writer, usageError cli.OnUsageErrorFunc) *cli.Command {
	outFlags := func(def string) []cli.Flag {
		return []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: def, Usage: "write to `FILE` (- for standard output)"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing file"},
		}
	}
	return &cli.Command{
		Name: "config", Usage: "write a .seaworthy.yaml", OnUsageError: usageError,
		Action: func(*cli.Context) error {
			return cli.Exit("seaworthy: config needs a subcommand: init or migrate", 2)
		},
		Subcommands: []*cli.Command{
			{
				Name: "init", Usage: "write a commented default " + config.FileName, OnUsageError: usageError,
				Flags: outFlags(config.FileName),
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return cli.Exit("seaworthy: config init takes no arguments (use -o FILE)", 2)
					}
					return writeConfig(c, stdout, []byte(config.Template()))
				},
			},
			{
				Name: "migrate", Usage: "turn a hadolint configuration into " + config.FileName, ArgsUsage: "[.hadolint.yaml]",
				OnUsageError: usageError, Flags: outFlags(config.FileName),
				Action: func(c *cli.Context) error {
					if c.NArg() > 1 {
						return cli.Exit("seaworthy: config migrate takes one hadolint configuration file", 2)
					}
					in := c.Args().First()
					if in == "" {
						in = ".hadolint.yaml"
						if _, err := os.Stat(in); err != nil {
							if _, err2 := os.Stat(".hadolint.yml"); err2 == nil {
								in = ".hadolint.yml"
							}
						}
					}
					data, err := source.ReadRegular(in, 1<<20) // a hadolint configuration: small
					if err != nil {
						return cli.Exit("seaworthy: "+(&engine.PathError{Path: in, Err: err}).Error(), 2)
					}
					out, err := config.Migrate(in, data)
					if err != nil {
						return cli.Exit("seaworthy: "+err.Error(), 2)
					}
					return writeConfig(c, stdout, out)
				},
			},
		},
	}
}

// writeConfig writes data to -o (default .seaworthy.yaml), refusing to
// replace a file without --force.
func writeConfig(c *cli.Context, stdout io.Writer, data []byte) error {
	out := c.String("output")
	if out == "-" {
		_, err := stdout.Write(data)
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if c.Bool("force") {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(out, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return cli.Exit("seaworthy: "+out+" already exists; use --force to replace it", 2)
	}
	if err != nil {
		return cli.Exit("seaworthy: "+(&engine.PathError{Path: out, Err: err}).Error(), 2)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cli.Exit("seaworthy: writing "+out+": "+err.Error(), 2)
	}
	fmt.Fprintf(stdout, "wrote %s\n", out)
	return nil
}

// ruleList reads --ignore values (repeatable, comma-separated).
func ruleList(names []string) ([]*rules.Rule, error) {
	var out []*rules.Rule
	for _, name := range names {
		for _, n := range strings.Split(name, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			r := catalog.Lookup(n)
			if r == nil {
				return nil, fmt.Errorf("unknown rule %q", n)
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// selectTargets applies the include and exclude globs of each file's
// configuration to the files found by walking the folders in paths (files
// named on the command line are always linted), and checks that every
// target's configuration loads.
func selectTargets(res *config.Resolver, paths []string, targets []engine.Target, forced rules.Kind) ([]engine.Target, error) {
	named := map[string]bool{}
	var dirs []string
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			dirs = append(dirs, p)
		} else {
			named[p] = true
		}
	}
	have := map[string]bool{}
	var out []engine.Target
	for _, t := range targets {
		cfg, err := res.Config(t.Path)
		if err != nil {
			return nil, err
		}
		if _, err := res.For(t.Path); err != nil {
			return nil, err
		}
		if !t.Stdin && !named[t.Path] && cfg.Excluded(t.Path) {
			continue
		}
		have[filepath.Clean(t.Path)] = true
		for _, o := range t.Overrides {
			have[filepath.Clean(o)] = true
		}
		out = append(out, t)
	}
	for _, d := range dirs {
		extra, err := included(res, d, have, forced)
		if err != nil {
			return nil, err
		}
		out = append(out, extra...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// skipDirs are never walked into, as in engine.Discover.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// included walks root for files that the include globs of their
// configuration add: files whose names are not Dockerfile or Compose names.
// Their kind comes from the name (.yml and .yaml are Compose) unless forced.
func included(res *config.Resolver, root string, have map[string]bool, forced rules.Kind) ([]engine.Target, error) {
	var out []engine.Target
	var cfgErr error
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil // Discover reported it
		}
		if d.IsDir() {
			if p != root && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if have[filepath.Clean(p)] {
			return nil
		}
		cfg, err := res.ConfigForDir(filepath.Dir(p))
		if err != nil {
			cfgErr = err
			return fs.SkipAll
		}
		if len(cfg.Include) == 0 || !cfg.Included(p) || cfg.Excluded(p) {
			return nil
		}
		kind, ok := engine.DetectKind(p)
		switch {
		case forced != "":
			kind = forced
		case ok:
		case strings.HasSuffix(strings.ToLower(p), ".yml"), strings.HasSuffix(strings.ToLower(p), ".yaml"):
			kind = rules.Compose
		default:
			kind = rules.Dockerfile
		}
		out = append(out, engine.Target{Path: p, Kind: kind})
		return nil
	})
	return out, cfgErr
}
