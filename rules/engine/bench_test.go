package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	bkparser "github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
	"github.com/sirupsen/logrus"
	"go.yaml.in/yaml/v4"
)

// The benchmarks compare linting with the parse floor: a program that only
// reads each file and parses it with BuildKit's parser (Dockerfiles) or the
// YAML parser (Compose). See docs/benchmarks.md for the commands and figures.

func benchTargets(b *testing.B, kind rules.Kind, n int) []engine.Target {
	var docker, compose []engine.Target
	for _, t := range corpusTargets(corpusDir(b)) {
		if t.Kind == rules.Compose {
			compose = append(compose, t)
		} else {
			docker = append(docker, t)
		}
	}
	var out []engine.Target
	switch kind {
	case rules.Dockerfile:
		out = docker
	case rules.Compose:
		out = compose
	default:
		// Interleave the kinds in the corpus's proportion (about 16
		// Dockerfiles to 9 Compose files), so any prefix is a fair sample.
		for i, j := 0, 0; i < len(docker) || j < len(compose); {
			if i < len(docker) && (j >= len(compose) || i*len(compose) <= j*len(docker)) {
				out = append(out, docker[i])
				i++
			} else {
				out = append(out, compose[j])
				j++
			}
		}
	}
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out
}

func lintBench(b *testing.B, targets []engine.Target) {
	l := &engine.Linter{Rules: catalog.All(), LoadCompose: engine.LoadCompose, Env: map[string]string{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.Run(targets)
	}
	b.ReportMetric(float64(len(targets)*b.N)/b.Elapsed().Seconds(), "files/s")
}

// floorBench reads and parses every target once. Run both kinds of
// benchmark with -cpu 1 to compare work rather than scheduling.
func floorBench(b *testing.B, targets []engine.Target) {
	eachFile(b, targets, func(t engine.Target, data []byte) {
		if t.Kind == rules.Compose {
			var n yaml.Node
			_ = yaml.Unmarshal(data, &n)
			return
		}
		res, err := bkparser.Parse(bytes.NewReader(data))
		if err == nil {
			_, _, _ = instructions.Parse(res.AST, linter.New(&linter.Config{}))
		}
	})
}

// eachFile times fn over every target's bytes, b.N times, reading each
// file inside the timer as the linter does.
func eachFile(b *testing.B, targets []engine.Target, fn func(t engine.Target, data []byte)) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range targets {
			data, err := os.ReadFile(t.Path)
			if err != nil {
				b.Fatal(err)
			}
			fn(t, data)
		}
	}
	b.ReportMetric(float64(len(targets)*b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkCorpus(b *testing.B) { lintBench(b, benchTargets(b, "", 0)) }

func BenchmarkLintDockerfiles(b *testing.B) { lintBench(b, benchTargets(b, rules.Dockerfile, 0)) }

func BenchmarkLintCompose(b *testing.B) { lintBench(b, benchTargets(b, rules.Compose, 0)) }

func BenchmarkFloorDockerfiles(b *testing.B) { floorBench(b, benchTargets(b, rules.Dockerfile, 0)) }

func BenchmarkFloorCompose(b *testing.B) { floorBench(b, benchTargets(b, rules.Compose, 0)) }

// BenchmarkScaling lints growing prefixes of the corpus: time per file
// should stay flat (linear growth).
func BenchmarkScaling(b *testing.B) {
	for _, n := range []int{100, 500, 1000, 2000, 4000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { lintBench(b, benchTargets(b, "", n)) })
	}
}

// BenchmarkComposeGo loads each Compose file with compose-go alone, as
// `docker compose config` does, and nothing else: the cost any linter pays
// that validates Compose files with compose-go (DESIGN.md requires it).
func BenchmarkComposeGo(b *testing.B) {
	logrus.SetOutput(io.Discard) // compose-go warns about `version:`; the linter silences it too
	eachFile(b, benchTargets(b, rules.Compose, 0), func(t engine.Target, data []byte) {
		details := types.ConfigDetails{
			WorkingDir:  filepath.Dir(t.Path),
			ConfigFiles: []types.ConfigFile{{Filename: t.Path, Content: data}},
			Environment: map[string]string{},
		}
		_, _ = loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
			o.SetProjectName("bench", true)
			o.Profiles = []string{"*"} // every service, as the linter loads them
			o.ResolvePaths = false
			o.SkipResolveEnvironment, o.SkipResolveLabels = true, true
		})
	})
}

// BenchmarkModelDockerfiles builds seaworthy's Dockerfile model alone (the
// floor's BuildKit parse, plus positions and the parsed shell of every RUN,
// CMD and ENTRYPOINT), without the rules: lint = model + rules.
func BenchmarkModelDockerfiles(b *testing.B) {
	eachFile(b, benchTargets(b, rules.Dockerfile, 0), func(t engine.Target, data []byte) {
		_, _ = dockerfile.Parse(source.New(t.Path, data))
	})
}

// BenchmarkDockerfileRules runs each Dockerfile rule alone over the parsed
// corpus, to find the costly ones (the parse is outside the timer).
func BenchmarkDockerfileRules(b *testing.B) {
	type parsed struct {
		src *source.File
		df  *dockerfile.File
	}
	var files []parsed
	for _, t := range benchTargets(b, rules.Dockerfile, 0) {
		data, err := os.ReadFile(t.Path)
		if err != nil {
			b.Fatal(err)
		}
		src := source.New(t.Path, data)
		if df, err := dockerfile.Parse(src); err == nil {
			files = append(files, parsed{src, df})
		}
	}
	for _, r := range catalog.All() {
		if r.Kind != rules.Dockerfile || r.Run == nil {
			continue
		}
		b.Run(r.ID+"_"+r.Name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, f := range files {
					p := rules.NewPass(r, f.src, nil, func(rules.Finding) {})
					p.Dockerfile = f.df
					r.Run(p)
				}
			}
		})
	}
}
