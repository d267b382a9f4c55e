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

// selectTargets checks that every target's configuration loads (a bad
// .seaworthy.yaml is exit 2, naming the key) and orders the targets by path.
func selectTargets(res *config.Resolver, targets []engine.Target) ([]engine.Target, error) {
	for _, t := range targets {
		if _, err := res.Config(t.Path); err != nil {
			return nil, err
		}
		if _, err := res.For(t.Path); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].Path < targets[j].Path })
	return targets, nil
}

// selector applies the --include and --exclude globs (relative to the
// current folder) and the include and exclude globs of each walked file's
// configuration (relative to its folder). Exclude wins over include; a
// folder that an exclude glob matches is not walked into.
func selector(res *config.Resolver, include, exclude []string) (func(string, bool) (engine.Selection, error), error) {
	for _, list := range []struct {
		flag  string
		globs []string
	}{{"--include", include}, {"--exclude", exclude}} {
		for _, g := range list.globs {
			if err := config.ValidGlob(g); err != nil {
				return nil, fmt.Errorf("%s %q: %w", list.flag, g, err)
			}
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	match := func(globs []string, p string) bool {
		if len(globs) == 0 {
			return false
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(cwd, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			// Outside the current folder: names still match at any depth.
			rel = strings.TrimPrefix(filepath.ToSlash(abs), "/")
		}
		for _, g := range globs {
			if config.MatchGlob(g, rel) {
				return true
			}
		}
		return false
	}
	return func(p string, isDir bool) (engine.Selection, error) {
		cfg, err := res.ConfigForDir(filepath.Dir(p))
		if err != nil {
			return engine.Default, err
		}
		switch {
		case match(exclude, p) || cfg.Excluded(p):
			return engine.Exclude, nil
		case !isDir && (match(include, p) || cfg.Included(p)):
			return engine.Include, nil
		}
		return engine.Default, nil
	}, nil
}
