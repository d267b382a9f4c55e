package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// DefaultThreshold is the failure threshold when neither a flag nor a
// configuration sets one.
const DefaultThreshold = rules.Warning

// Overrides are what command-line flags say; they win over the files.
type Overrides struct {
	// Ignore is added to every configuration's ignore list (--ignore).
	Ignore []*rules.Rule
	// Threshold replaces every configuration's failure threshold when
	// HasThreshold (--failure-threshold).
	Threshold    rules.Severity
	HasThreshold bool
	// NoNested looks the configuration up once, from the current folder
	// upwards, and applies it to every file: a .seaworthy.yaml a pull
	// request adds in a sub-folder is not read (--no-nested-config).
	NoNested bool
}

// Resolver finds the configuration of each linted file: the nearest
// .seaworthy.yaml from the file's folder upwards, stopping after the folder
// that holds .git (the repository root) or at the filesystem root, unless
// an explicit file (--config) applies to every file. Results are cached by
// folder; a Resolver is safe for concurrent use. It implements engine.Configs.
type Resolver struct {
	explicit *Config
	cli      Overrides

	mu   sync.Mutex
	dirs map[string]*lookup
	fcs  map[*Config]*engine.FileConfig
	seen []*Config
}

type lookup struct {
	cfg *Config
	err error
}

var defaults = &Config{}

// NewResolver prepares a resolver. explicit is the --config path ("" to
// look files up); its errors are returned now.
func NewResolver(explicit string, cli Overrides) (*Resolver, error) {
	r := &Resolver{cli: cli, dirs: map[string]*lookup{}, fcs: map[*Config]*engine.FileConfig{}}
	if explicit != "" {
		c, err := Load(explicit)
		if err != nil {
			return nil, err
		}
		r.explicit = c
	}
	return r, nil
}

// Config is the configuration for the file at path (which need not exist:
// standard input is looked up through its --stdin-filename). A file with
// no configuration gets the defaults.
func (r *Resolver) Config(path string) (*Config, error) {
	if r.explicit != nil {
		return r.explicit, nil
	}
	dir := dirOf(path)
	if r.cli.NoNested {
		if wd, err := os.Getwd(); err == nil {
			dir = wd
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.find(dir)
	return l.cfg, l.err
}

// ConfigForDir is the configuration that applies to files in folder dir.
func (r *Resolver) ConfigForDir(dir string) (*Config, error) {
	return r.Config(filepath.Join(dir, "x"))
}

func (r *Resolver) find(dir string) *lookup {
	if l, ok := r.dirs[dir]; ok {
		return l
	}
	var l *lookup
	switch p := configIn(dir); {
	case p != "":
		c, err := load(&source.Reader{Root: engine.RootOf(dir), Max: maxFile}, p)
		l = &lookup{cfg: c, err: err}
		if err == nil {
			r.seen = append(r.seen, c)
		}
	case exists(filepath.Join(dir, ".git")):
		l = &lookup{cfg: defaults}
	default:
		parent := filepath.Dir(dir)
		if parent == dir {
			l = &lookup{cfg: defaults}
		} else {
			l = r.find(parent)
		}
	}
	r.dirs[dir] = l
	return l
}

// Find returns the configuration file that applies to files in dir, or "".
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if p := configIn(dir); p != "" {
			return p
		}
		parent := filepath.Dir(dir)
		if exists(filepath.Join(dir, ".git")) || parent == dir {
			return ""
		}
		dir = parent
	}
}

func configIn(dir string) string {
	for _, name := range []string{FileName, AltFileName} {
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return rel(p)
		}
	}
	return ""
}

// rel shows a configuration path relative to the working folder when it is
// below it, as the user would type it.
func rel(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(r) {
		return r
	}
	return p
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// For is the engine's view of path's configuration: the enabled rules,
// severity overrides and settings.
func (r *Resolver) For(path string) (*engine.FileConfig, error) {
	c, err := r.Config(path)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if fc, ok := r.fcs[c]; ok {
		return fc, nil
	}
	fc := r.fileConfig(c)
	r.fcs[c] = fc
	return fc, nil
}

func (r *Resolver) fileConfig(c *Config) *engine.FileConfig {
	off := map[*rules.Rule]bool{}
	for _, x := range c.Ignore {
		off[x] = true
	}
	for _, x := range r.cli.Ignore {
		off[x] = true
	}
	on := map[*rules.Rule]bool{}
	for _, x := range c.Enable {
		on[x] = true
	}
	fc := &engine.FileConfig{
		Severity: c.Severity,
		Off:      map[*rules.Rule]bool{},
		Settings: &rules.Settings{
			TrustedRegistries: c.TrustedRegistries,
			AllowedImages:     c.AllowedImages,
			DeniedImages:      c.DeniedImages,
			LabelSchema:       c.LabelSchema,
			StrictLabels:      c.StrictLabels,
			Options:           c.Options,
		},
	}
	for _, x := range catalog.All() {
		if off[x] || x.Off && !on[x] {
			fc.Off[x] = true
			continue
		}
		fc.Rules = append(fc.Rules, x)
	}
	return fc
}

// Threshold is the failure threshold for findings in the file at path: the
// flag, else the file's configuration, else DefaultThreshold.
func (r *Resolver) Threshold(path string) rules.Severity {
	if r.cli.HasThreshold {
		return r.cli.Threshold
	}
	if c, err := r.Config(path); err == nil && c.HasThreshold {
		return c.Threshold
	}
	return DefaultThreshold
}

// Rules is every rule enabled for at least one of the configurations
// resolved so far, in ID order (SARIF lists them).
func (r *Resolver) Rules() []*rules.Rule {
	r.mu.Lock()
	configs := append([]*Config{defaults}, r.seen...)
	if r.explicit != nil {
		configs = []*Config{r.explicit}
	}
	r.mu.Unlock()
	used := map[*rules.Rule]bool{}
	for _, c := range configs {
		for _, x := range r.fileConfig(c).Rules {
			used[x] = true
		}
	}
	var out []*rules.Rule
	for _, x := range catalog.All() {
		if used[x] {
			out = append(out, x)
		}
	}
	return out
}

// Nested lists the configuration files below the root of their tree (not
// at the repository root) that turn rules off or raise the failure
// threshold, one line each, for the text summary: a pull request that adds
// one silences findings in its folder, and reviewers should see that.
func (r *Resolver) Nested() []string {
	if r.explicit != nil {
		return nil
	}
	r.mu.Lock()
	seen := append([]*Config(nil), r.seen...)
	r.mu.Unlock()
	base := r.fileConfig(defaults)
	var out []string
	for _, c := range seen {
		dir, err := filepath.Abs(c.Dir)
		if err != nil || engine.RootOf(dir) == dir {
			continue
		}
		var off []string
		for _, x := range catalog.All() {
			if r.fileConfig(c).Off[x] && !base.Off[x] {
				off = append(off, x.ID)
			}
		}
		var says []string
		if len(off) > 0 {
			says = append(says, "turns off "+strings.Join(off, ", "))
		}
		if c.HasThreshold && (c.Threshold > DefaultThreshold || c.Threshold == rules.SeverityNone) {
			says = append(says, "raises the failure threshold to "+c.Threshold.String())
		}
		if len(says) > 0 {
			out = append(out, fmt.Sprintf("%s %s for the files below %s", c.Path, strings.Join(says, " and "), rel(dir)))
		}
	}
	sort.Strings(out)
	return out
}
