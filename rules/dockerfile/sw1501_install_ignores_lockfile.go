package dockerfile

import (
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1501 catches dependency installs that ignore the lockfile the build
// copied: the image then gets whatever versions resolve today, not the
// ones that were reviewed and tested.
var SW1501 = &rules.Rule{
	ID:       "SW1501",
	Name:     "install-ignores-lockfile",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  "A dependency install ignores the lockfile",
	Doc: `A lockfile records the exact dependency versions a project was tested with. An install
that may rewrite it resolves versions again at build time: two builds of the same commit can
ship different code, and a compromised new release of any transitive dependency goes straight
into the image.

| tool | reported | use instead |
| --- | --- | --- |
| npm | ` + "`npm install`" + ` / ` + "`npm i`" + ` with no package names | ` + "`npm ci`" + ` |
| yarn | ` + "`yarn`" + ` / ` + "`yarn install`" + ` | ` + "`yarn install --frozen-lockfile`" + ` (v1), ` + "`--immutable`" + ` (v2+) |
| pnpm | ` + "`pnpm install`" + ` | ` + "`pnpm install --frozen-lockfile`" + ` |
| Bundler | ` + "`bundle install`" + ` | ` + "`bundle install --frozen`" + `, or ` + "`BUNDLE_FROZEN=true`" + ` |
| Cargo | ` + "`cargo build`" + ` / ` + "`cargo install`" + ` | ` + "`--locked`" + ` |
| Pipenv | ` + "`pipenv install`" + ` | ` + "`pipenv install --deploy`" + ` |
| uv | ` + "`uv sync`" + ` | ` + "`uv sync --locked`" + ` (or ` + "`--frozen`" + `) |
| Poetry | ` + "`poetry lock`" + `, ` + "`poetry update`" + ` | commit ` + "`poetry.lock`" + ` and run ` + "`poetry install`" + ` |
| Composer | ` + "`composer update`" + ` | ` + "`composer install`" + ` |

The rule reads the parsed shell of every ` + "`RUN`" + ` (across ` + "`&&`" + `, ` + "`;`" + `, pipes, ` + "`sh -c`" + `
and heredocs) and reports an install only when the stage copied the tool's lockfile from the
build context (by name, by a glob such as ` + "`package*.json`" + `, or by copying the whole context),
so a stage without a lockfile is never told to honour one. Environment settings that make the
install strict (` + "`CI`" + `, ` + "`YARN_ENABLE_IMMUTABLE_INSTALLS`" + `, ` + "`BUNDLE_FROZEN`" + `,
` + "`BUNDLE_DEPLOYMENT`" + `, ` + "`UV_LOCKED`" + `, ` + "`UV_FROZEN`" + `) are honoured. ` + "`npm install`" + ` is fixed
to ` + "`npm ci`" + `.`,
	Tags:    []string{"supply-chain", "best-practice"},
	Fixable: true,
	Run:     runInstallIgnoresLockfile,
}

func runInstallIgnoresLockfile(p *rules.Pass) {
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) {
		s := ins.Stage
		if s == nil {
			return
		}
		copied := func(names ...string) bool { return copiedFromContext(p, s, ins, names...) }
		sub := c.Subcommand()
		switch {
		case c.Is("npm") && (sub == "install" || sub == "i") && len(c.Positionals()) == 1 && copied("package-lock.json", "npm-shrinkwrap.json"):
			word := c.Positionals()[0]
			fix := &rules.Fix{Description: "Use npm ci", Edits: []rules.Edit{rules.NewEdit(p.Source, word.Span, "ci")}}
			p.ReportFix(callSpan(c, word), fix, "npm %s ignores package-lock.json and may update it; use npm ci", sub)
		case c.Is("yarn") && (sub == "" || sub == "install") && onlyFlags(c, 1) && copied("yarn.lock") &&
			!c.HasFlag("frozen-lockfile", "immutable") && !envSet(s, "YARN_ENABLE_IMMUTABLE_INSTALLS") && !envSet(s, "CI"):
			p.Reportf(callSpanSub(c), "yarn install may rewrite yarn.lock; use --frozen-lockfile (yarn 1) or --immutable (yarn 2+)")
		case c.Is("pnpm") && (sub == "install" || sub == "i") && onlyFlags(c, 1) && copied("pnpm-lock.yaml") &&
			!c.HasFlag("frozen-lockfile") && !envSet(s, "CI"):
			p.Reportf(callSpanSub(c), "pnpm install may rewrite pnpm-lock.yaml; use pnpm install --frozen-lockfile")
		case c.Is("bundle") && sub == "install" && copied("Gemfile.lock") && !c.HasFlag("frozen", "deployment") &&
			!envSet(s, "BUNDLE_FROZEN") && !envSet(s, "BUNDLE_DEPLOYMENT") && !bundleConfigured(p, ins, s):
			p.Reportf(callSpanSub(c), "bundle install may rewrite Gemfile.lock; use --frozen, or set BUNDLE_FROZEN=true")
		case c.Is("cargo") && (sub == "build" || sub == "install") && !c.HasFlag("locked", "frozen") &&
			(sub == "install" && !c.HasFlag("path") || copied("Cargo.lock")):
			p.Reportf(callSpanSub(c), "cargo %s resolves dependencies again instead of reading Cargo.lock; add --locked", sub)
		case c.Is("pipenv") && sub == "install" && onlyFlags(c, 1) && copied("Pipfile.lock") && !c.HasFlag("deploy", "ignore-pipfile"):
			p.Reportf(callSpanSub(c), "pipenv install may re-lock; use pipenv install --deploy to install exactly Pipfile.lock")
		case c.Is("uv") && sub == "sync" && copied("uv.lock") && !c.HasFlag("locked", "frozen") && !envSet(s, "UV_LOCKED") && !envSet(s, "UV_FROZEN"):
			p.Reportf(callSpanSub(c), "uv sync may update uv.lock; add --locked (or --frozen)")
		case c.Is("poetry") && (sub == "lock" || sub == "update"):
			p.Reportf(callSpanSub(c), "poetry %s re-resolves dependencies during the build; commit poetry.lock and run poetry install", sub)
		case c.Is("composer") && (sub == "update" || sub == "upgrade" || sub == "u"):
			p.Reportf(callSpanSub(c), "composer %s ignores composer.lock and rewrites it; use composer install", sub)
		}
	})
}

// onlyFlags reports whether every argument after the first skip positionals is a flag.
func onlyFlags(c *shell.Call, skip int) bool {
	return len(c.Positionals()) <= skip
}

// bundleConfigured finds an earlier `bundle config set frozen|deployment true`.
func bundleConfigured(p *rules.Pass, before *df.Instruction, s *df.Stage) bool {
	found := false
	done := false
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) {
		if done || ins.Stage != s {
			return
		}
		if ins == before {
			done = true
		}
		if !c.Is("bundle") || c.Subcommand() != "config" {
			return
		}
		args := strings.Join(values(c.Positionals()), " ")
		if strings.Contains(args, "frozen true") || strings.Contains(args, "deployment true") ||
			strings.Contains(args, "frozen 1") || strings.Contains(args, "deployment 1") {
			found = true
		}
	})
	return found
}

func values(ws []*shell.Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Value
	}
	return out
}

// callSpan covers a call from its command word to word.
func callSpan(c *shell.Call, word *shell.Word) source.Span {
	return source.Span{Start: c.NameSpan().Start, End: word.Span.End}
}

// callSpanSub covers a call from its command word to its subcommand, or
// just the command word when it has none.
func callSpanSub(c *shell.Call) source.Span {
	if ps := c.Positionals(); len(ps) > 0 && ps[0].Literal {
		return callSpan(c, ps[0])
	}
	return c.NameSpan()
}
