package dockerfile

import (
	"fmt"
	"sort"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1719 reports an image that lacks labels the project requires in its
// label-schema (source URL, license, version, ...), which registries,
// scanners and people read to know what an image is and where it comes from.
var SW1719 = &rules.Rule{
	ID:       "SW1719",
	Name:     "label-missing",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "The image lacks a label that the label schema requires",
	Doc: md(`Labels tell registries, scanners and people what an image is: where its source lives, its
version and license, who maintains it. A project that lists the labels its images must carry
in ´label-schema´ gets a finding when the image built by default (the final stage) lacks one.
Labels set in the stages it is built ´FROM´ count, since they are inherited.

´´´dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app" \
      org.opencontainers.image.licenses="Apache-2.0"
´´´

` + labelConfigDoc + `

Not reported: build stages and other ´--target´ stages, whose images are rarely published;
a stage with a ´LABEL´ whose key is written with a variable (it may be the missing one). Labels
that the base image carries or that the build adds (´docker build --label´, CI metadata
actions) are not visible here: leave such labels out of ´label-schema´. hadolint checks every
stage that no other stage uses.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3049"}},
	Run:         runLabelMissing,
}

func runLabelMissing(p *rules.Pass) {
	schema := labelSchema(p)
	s := p.Dockerfile.FinalStage()
	if schema == nil || s == nil {
		return
	}
	have := map[string]bool{}
	for _, st := range hygChain(s) {
		for _, l := range labelStagePairs(p.Dockerfile, st) {
			if !l.KeyKnown {
				return
			}
			have[l.Key] = true
		}
	}
	var missing []string
	for k := range schema {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return
	}
	// Labels set in another stage: a separate target image (one no stage
	// copies from) means a file of several targets, whose final stage is
	// often a utility one; a build stage's labels are lost, say so.
	var elsewhere string
	inChain := map[*df.Stage]bool{}
	for _, st := range hygChain(s) {
		inChain[st] = true
	}
	for _, o := range p.Dockerfile.Stages {
		if inChain[o] {
			continue
		}
		keys := map[string]bool{}
		for _, st := range hygChain(o) {
			for _, l := range labelStagePairs(p.Dockerfile, st) {
				keys[l.Key] = l.KeyKnown
			}
		}
		all, some := true, false
		for _, k := range missing {
			all = all && keys[k]
			some = some || keys[k]
		}
		if all && !labelCopiedFrom(p.Dockerfile, o) {
			return
		}
		if some && elsewhere == "" {
			elsewhere = o.Name
			if elsewhere == "" {
				elsewhere = fmt.Sprint(o.Index)
			}
		}
	}
	for i, k := range missing {
		missing[i] = fmt.Sprintf("%q", k)
	}
	sort.Strings(missing)
	what := "label " + missing[0]
	if len(missing) > 1 {
		what = "labels " + strings.Join(missing, ", ")
	}
	if elsewhere != "" {
		p.Reportf(labelStageSpan(s), "the %[1]s has no %[2]s, which label-schema requires: stage %[3]q sets some, but the %[1]s is not built FROM it; add a LABEL to the %[1]s", finalName(p.Dockerfile), what, elsewhere)
		return
	}
	p.Reportf(labelStageSpan(s), "the %s has no %s, which label-schema requires; add a LABEL", finalName(p.Dockerfile), what)
}

// labelCopiedFrom reports whether another stage copies files out of s
// (COPY --from, RUN --mount=...,from=).
func labelCopiedFrom(f *df.File, s *df.Stage) bool {
	for _, ins := range f.Instructions {
		for _, fl := range ins.Effective().Flags {
			v := fl.Value
			var refs []string
			switch {
			case strings.HasPrefix(v, "--from="):
				refs = append(refs, strings.TrimPrefix(v, "--from="))
			case strings.HasPrefix(v, "--mount="):
				for _, field := range strings.Split(strings.TrimPrefix(v, "--mount="), ",") {
					if k, val, ok := strings.Cut(field, "="); ok && strings.EqualFold(k, "from") {
						refs = append(refs, val)
					}
				}
			}
			for _, r := range refs {
				if st, _ := hygStageRef(f, r); st == s {
					return true
				}
			}
		}
	}
	return false
}

// labelStageSpan is where a stage's FROM names its image.
func labelStageSpan(s *df.Stage) source.Span {
	if s.Image.Span.End > s.Image.Span.Start {
		return s.Image.Span
	}
	return s.From.KeywordSpan
}
