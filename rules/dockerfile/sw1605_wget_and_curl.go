package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1605 notes stages that use both curl and wget: one downloader is enough,
// and two mean two tools to install, patch and reason about.
var SW1605 = &rules.Rule{
	ID:       "SW1605",
	Name:     "wget-and-curl",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "A stage uses both wget and curl",
	Doc: `` + "`curl`" + ` and ` + "`wget`" + ` do the same job. Using both in one stage means both must be installed
(and kept patched) in the image, and readers must know two sets of flags. Pick one.

One finding per stage, at the first call of the tool that appeared second. Stages are read
separately: a build stage using ` + "`wget`" + ` and the final stage using ` + "`curl`" + ` are fine. Only
commands count, not package names (` + "`apt-get install curl wget`" + `).`,
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL4001"}, rules.Trivy: {"DS014"}, rules.KICS: {"fc775e75-fcfb-4c98-b2f2-910c5858b359"}},
	Run:         runWgetAndCurl,
}

func runWgetAndCurl(p *rules.Pass) {
	type seen struct {
		first  map[string]*shell.Call
		done   bool
		former string
	}
	stages := map[any]*seen{}
	instRuns(p, func(r *instRun) {
		s := stages[r.Stage]
		if s == nil {
			s = &seen{first: map[string]*shell.Call{}}
			stages[r.Stage] = s
		}
		for _, c := range r.Calls {
			if s.done || !c.Is("curl", "wget") {
				continue
			}
			if _, ok := s.first[c.Name]; ok {
				continue
			}
			s.first[c.Name] = c
			if len(s.first) == 1 {
				s.former = c.Name
				continue
			}
			s.done = true
			p.Reportf(c.NameSpan(), "this stage already uses %s; use it instead of %s, so only one downloader is needed", s.former, c.Name)
		}
	})
}
