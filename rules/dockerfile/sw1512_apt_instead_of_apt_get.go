package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1512 points scripts at apt-get: apt is the interactive front end and
// warns that its command line may change between releases.
var SW1512 = &rules.Rule{
	ID:       "SW1512",
	Name:     "apt-instead-of-apt-get",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "apt is used in a script; use apt-get",
	Doc: `` + "`apt`" + ` is meant for people at a terminal: progress bars, colours, and a warning that
"apt does not have a stable CLI interface. Use with caution in scripts." Its output and
behaviour may change between releases. ` + "`apt-get`" + ` and ` + "`apt-cache`" + ` are the stable
interfaces for scripts such as a Dockerfile.

The fix rewrites ` + "`apt`" + ` to ` + "`apt-get`" + ` for the subcommands ` + "`apt-get`" + ` has (install,
update, upgrade, dist-upgrade, remove, purge, autoremove, clean, …). ` + "`apt list`" + `,
` + "`apt search`" + ` and ` + "`apt show`" + ` are reported with ` + "`apt-cache`" + ` as the replacement, without a
fix. Only commands are reported, never the word ` + "`apt`" + ` as an argument.`,
	Tags:        []string{"style", "best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3027"}, rules.KICS: {"b84a0b47-2e99-4c9f-8933-98bcabe2b94d"}, rules.Checkov: {"CKV_DOCKER_9"}},
	Fixable:     true,
	Run:         runAptInsteadOfAptGet,
}

var (
	aptGetSubs   = map[string]bool{"install": true, "update": true, "upgrade": true, "dist-upgrade": true, "remove": true, "purge": true, "autoremove": true, "autopurge": true, "clean": true, "autoclean": true, "source": true, "build-dep": true, "download": true, "changelog": true, "satisfy": true, "reinstall": true, "check": true}
	aptCacheSubs = map[string]bool{"list": false, "search": true, "show": true, "showsrc": true, "policy": true, "depends": true, "rdepends": true}
)

func runAptInsteadOfAptGet(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for _, c := range r.Calls {
			if !c.Is("apt") {
				continue
			}
			cl := instApt(p, c)
			sub := cl.Sub()
			switch {
			case aptGetSubs[sub] && c.NameWord.Value == "apt" && c.NameWord.Literal && c.NameWord.Span.Len() == 3:
				fix := &rules.Fix{Description: "Use apt-get", Edits: []rules.Edit{rules.NewEdit(p.Source, c.NameSpan(), "apt-get")}}
				p.ReportFix(c.NameSpan(), fix, "apt has no stable command line for scripts; use apt-get %s", sub)
			case aptGetSubs[sub]:
				p.Reportf(c.NameSpan(), "apt has no stable command line for scripts; use apt-get %s", sub)
			case aptCacheSubs[sub]:
				p.Reportf(c.NameSpan(), "apt has no stable command line for scripts; use apt-cache %s", sub)
			case sub == "full-upgrade":
				p.Reportf(c.NameSpan(), "apt has no stable command line for scripts; use apt-get dist-upgrade")
			case sub == "list":
				p.Reportf(c.NameSpan(), "apt has no stable command line for scripts; use apt-cache or dpkg-query to list packages")
			}
		}
	})
}
