package compose

import (
	"path/filepath"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2407 asks network services built from a local Dockerfile to say how
// their health is checked, in the service or in the Dockerfile. Only built
// services are judged: for a pulled image, the image's own HEALTHCHECK
// cannot be seen without the registry.
var SW2407 = &rules.Rule{
	ID:       "SW2407",
	Name:     "compose-healthcheck-missing",
	Kind:     rules.Compose,
	Severity: rules.Info,
	Summary:  "Service built here has no health check in the service or its Dockerfile",
	Doc: "Docker marks a container `healthy` or `unhealthy` only when its image or its service has a\n" +
		"health check; without one, a service that hangs still shows as running, and\n" +
		"`depends_on: {condition: service_healthy}` cannot wait for it (CIS 5.27).\n\n" +
		"```yaml\nhealthcheck:\n  test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n  interval: 30s\n```\n\n" +
		"Reported: a service that is built here (`build:` with a local context, or\n" +
		"`dockerfile_inline`), serves a network port (`ports:`, `expose:`, or `EXPOSE` in its\n" +
		"Dockerfile), has no `healthcheck:`, and whose Dockerfile has no `HEALTHCHECK` in the built\n" +
		"stage (`build.target`, else the last) or the stages it is built `FROM`. Not reported: services\n" +
		"that only pull an image (its `HEALTHCHECK` is in the registry, not here), Dockerfiles that\n" +
		"write `HEALTHCHECK NONE` (a choice), contexts written with variables or remote contexts, and\n" +
		"Dockerfiles that cannot be read or parsed. Relative paths are read from the folder of the\n" +
		"file that declares `build:`. Off by default, like healthcheck-missing (SW1703): Kubernetes and\n" +
		"other orchestrators use their own probes.",
	Tags:        []string{"reliability", "hardening"},
	Equivalents: map[string][]string{rules.KICS: {"698ed579-b239-4f8f-a388-baa4bcb13ef8"}},
	CIS:         []string{"5.27"},
	Off:         true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			if s.Has("healthcheck") {
				continue // a test, or disabled on purpose (SW2405)
			}
			f, shown, target, ok := builtDockerfile(p.Files, s.Get("build"))
			if !ok {
				continue
			}
			stage := f.FinalStage()
			if target != "" {
				stage = f.StageByName(target)
			}
			if stage == nil || stage.Windows {
				continue
			}
			checked, exposes := stageHealth(stage)
			if checked || !exposes && !s.Has("ports") && !s.Has("expose") {
				continue
			}
			reportService(p, s, "service %q serves a port but has no healthcheck: and its Dockerfile (%s) has no HEALTHCHECK, so a hung service still shows as running; add a healthcheck", s.Name, shown)
		}
	},
}

// maxBuildDockerfile bounds what is read of a service's Dockerfile.
const maxBuildDockerfile = 4 << 20

// builtDockerfile reads and parses the Dockerfile a service builds from:
// build as a context path, or build.context, build.dockerfile,
// build.dockerfile_inline and build.target. shown names it for messages.
// ok is false when there is no local Dockerfile to read.
func builtDockerfile(files *source.Reader, b *compose.Node) (f *df.File, shown, target string, ok bool) {
	if b == nil || b.HasVars() && b.IsScalar() {
		return nil, "", "", false
	}
	context, dockerfile := ".", "Dockerfile"
	var inline *compose.Node
	switch {
	case b.IsScalar():
		context, _ = b.Value()
	case b.IsMap():
		if n := b.Get("context"); n != nil {
			if n.HasVars() {
				return nil, "", "", false
			}
			context, _ = n.Value()
		}
		if n := b.Get("dockerfile"); n != nil {
			if n.HasVars() {
				return nil, "", "", false
			}
			dockerfile, _ = n.Value()
		}
		if n := b.Get("target"); n != nil {
			if n.HasVars() {
				return nil, "", "", false
			}
			target, _ = n.Value()
		}
		inline = b.Get("dockerfile_inline")
	default:
		return nil, "", "", false
	}
	var src *source.File
	if inline != nil {
		text, isText := inline.Value()
		if !isText || inline.HasVars() {
			return nil, "", "", false
		}
		shown = "dockerfile_inline"
		src = source.New(b.Src.Path+" (dockerfile_inline)", []byte(text))
	} else {
		if context == "" || remoteContext(context) {
			return nil, "", "", false
		}
		path := dockerfile
		if !filepath.IsAbs(path) {
			dir := context
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(b.Src.Path), dir)
			}
			path = filepath.Join(dir, dockerfile)
		}
		data, err := files.Limit(maxBuildDockerfile).Read(path)
		if err != nil {
			return nil, "", "", false
		}
		shown = filepath.ToSlash(filepath.Join(context, dockerfile))
		src = source.New(path, data)
	}
	f, err := df.Parse(src)
	if err != nil {
		return nil, "", "", false
	}
	return f, shown, target, true
}

// remoteContext recognises the contexts Compose fetches: Git and HTTP URLs.
func remoteContext(c string) bool {
	return strings.Contains(c, "://") || strings.HasPrefix(c, "git@") || strings.HasPrefix(c, "github.com/")
}

// stageHealth reads stage s and the stages it is built FROM: whether one
// has a HEALTHCHECK (NONE included: a choice), and whether one EXPOSEs.
func stageHealth(s *df.Stage) (checked, exposes bool) {
	for i := 0; s != nil && i < 1000; s, i = s.Parent, i+1 {
		for _, ins := range s.Instructions {
			switch ins.Command.(type) {
			case *instructions.HealthCheckCommand:
				checked = true
			case *instructions.ExposeCommand:
				exposes = true
			}
		}
	}
	return checked, exposes
}
