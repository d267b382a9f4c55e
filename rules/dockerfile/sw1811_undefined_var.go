package dockerfile

import (
	"path"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1811 is BuildKit's UndefinedVar: a variable used by an instruction
// before (or without) being defined expands to nothing.
var SW1811 = &rules.Rule{
	ID:       "SW1811",
	Name:     "undefined-var",
	Kind:     rules.Dockerfile,
	Severity: rules.Warning,
	Summary:  linter.RuleUndefinedVar.Description,
	Doc: md(`Instructions such as ´COPY´, ´ENV´, ´WORKDIR´, ´USER´ and ´LABEL´ expand ´$VAR´ from the
stage's ´ARG´s and ´ENV´s and the base image's environment. A variable that is not defined
there expands to an empty string, silently: ´COPY app /opt/$APP_NAME/´ copies to ´/opt//´. The
classic cause is an ´ARG´ declared before the first ´FROM´, which is visible to ´FROM´ only:

´´´dockerfile
ARG VERSION=1.4
FROM alpine:3.20
ARG VERSION            # re-declare it in every stage that uses it
ENV APP_VERSION=$VERSION
´´´

Another classic: all pairs of one ´ENV´ are expanded before any is set, so
´ENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH´ puts ´/bin´ on the ´PATH´.

BuildKit knows the base image's environment; a linter does not. So, unlike BuildKit, the rule
reports a variable only when it is sure it is undefined:

- in stages built from ´scratch´, where every variable is known;
- a name the Dockerfile declares as an ´ARG´ (before the first ´FROM´, in another stage, or
  later in this one) but that is not declared in this stage before the use: build arguments
  are not image variables;
- on a common Docker Official Image (´alpine´, ´debian´, ´node´, ´python´, ...), an ´ENV´ set later in the stage or by another pair of the same
  ´ENV´;

and never for variables base images commonly set (´PATH´, ´HOME´, ´JAVA_HOME´, ´NODE_VERSION´ on
´node´, ´PYTHON_*´ on ´python´, ...), for a value that refers to its own name
(´ENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH´ extends what the base image may set), for
references with a fallback (´${VAR:-default}´, ´${VAR:+x}´), for ´RUN --mount´ options and heredoc
bodies, and for ´RUN´, ´CMD´ and ´ENTRYPOINT´, which the shell expands when they run. The message
is BuildKit's; its "did you mean" suggestion is drawn from the variables the Dockerfile defines.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.BuildKit: {linter.RuleUndefinedVar.Name}},
	Run:         runUndefinedVar,
}

// nonEnvArgs are BuildKit's arguments that never enter the environment.
var nonEnvArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

func runUndefinedVar(p *rules.Pass) {
	f := p.Dockerfile
	argNames := fileArgNames(p)
	w := newBKWalker(p)
	for _, s := range f.Stages {
		info := newStageVars(s)
		idx := -1
		w.walk(s, func(ins *df.Instruction, st *bkState) {
			idx++
			if bkSkipped(p, ins, linter.RuleUndefinedVar.Name) {
				return
			}
			report := func(word, self string, env envOverlay, args func(string) bool) {
				res, err := bkExpand(f, word, env)
				if err != nil {
					return
				}
				names := make([]string, 0, len(res.Unmatched))
				for name := range res.Unmatched {
					names = append(names, name)
				}
				sort.Strings(names)
				for _, name := range names {
					if args(name) || nonEnvArgs[name] || name == self && !argNames[name] || usesDefault(word, name) {
						continue
					}
					if !st.complete && !info.surelyUndefined(idx, name, self, argNames) {
						continue
					}
					msg := linter.RuleUndefinedVar.Format(name, bkSuggest(name, env.Keys()))
					p.Reportf(undefinedVarSpan(p, ins, name), "%s", msg)
				}
			}
			env := envOverlay{base: st.env}
			for _, kw := range expandedWords(ins) {
				report(kw.word, kw.key, env, func(n string) bool { return st.args[n] })
			}
			if c, ok := ins.Command.(*instructions.ArgCommand); ok {
				// dispatchArg expands each default with the ARGs before it:
				// an overlay holds this instruction's earlier pairs.
				env.over = bkEnv{}
				declared := map[string]bool{}
				args := func(n string) bool { return st.args[n] || declared[n] }
				for _, kv := range c.Args {
					if kv.Value != nil {
						report(*kv.Value, kv.Key, env, args)
						if res, err := bkExpand(f, *kv.Value, env); err == nil {
							env.over[kv.Key] = res.Result
						}
					} else if v, ok := w.meta[kv.Key]; ok {
						env.over[kv.Key] = v
					}
					declared[kv.Key] = true
				}
			}
		})
	}
}

// envOverlay reads over, then base, without copying base.
type envOverlay struct{ base, over bkEnv }

func (e envOverlay) Get(k string) (string, bool) {
	if v, ok := e.over[k]; ok {
		return v, true
	}
	return e.base.Get(k)
}

// Keys lists the names of both layers in a stable order.
func (e envOverlay) Keys() []string {
	keys := e.base.Keys()
	for k := range e.over {
		if _, ok := e.base[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// stageVars is what surelyUndefined needs of a stage, computed once.
type stageVars struct {
	s        *df.Stage
	official bool
	lastEnv  map[string]int // the last instruction index whose ENV sets the name
	maybe    map[string]bool
}

func newStageVars(s *df.Stage) *stageVars {
	v := &stageVars{s: s, official: officialBase(s), lastEnv: map[string]int{}, maybe: map[string]bool{}}
	for i, ins := range s.Instructions {
		if c, ok := ins.Command.(*instructions.EnvCommand); ok {
			for _, kv := range c.Env {
				v.lastEnv[kv.Key] = i
			}
		}
	}
	return v
}

// surelyUndefined decides, for a stage whose base image environment is
// unknown, whether name is undefined at instruction idx without doubt: it
// is an ARG the Dockerfile declares elsewhere (before the first FROM, in
// another stage or later in this one: build arguments are not image
// variables), or, on an official image, an ENV set later in the stage or by
// another pair of the same ENV; and no base image commonly sets it. A value
// that refers to its own key (PATH=$PATH:...) extends what the base image
// may have set, and is reported only for ARG names.
func (v *stageVars) surelyUndefined(idx int, name, self string, argNames map[string]bool) bool {
	maybe, ok := v.maybe[name]
	if !ok {
		maybe = maybeImageVar(v.s, name)
		v.maybe[name] = maybe
	}
	switch {
	case maybe:
		return false
	case argNames[name]:
		return true
	case !v.official:
		return false
	}
	last, ok := v.lastEnv[name]
	return ok && (last > idx || last == idx && self != name)
}

// fileArgNames are the names of every ARG in the Dockerfile, before the
// first FROM and in the stages.
func fileArgNames(p *rules.Pass) map[string]bool {
	global := bkMetaArgs(p).declared
	names := make(map[string]bool, len(global))
	for k := range global {
		names[k] = true
	}
	for _, ins := range p.Dockerfile.Instructions {
		if c, ok := ins.Command.(*instructions.ArgCommand); ok {
			for _, kv := range c.Args {
				names[kv.Key] = true
			}
		}
	}
	return names
}

// officialBase reports whether the stage is built from one of the common
// Docker Official Images listed in base-images.json, whose environment
// variables imageVars and maybeImageVar know.
func officialBase(s *df.Stage) bool {
	ref, ok := externalBase(rootStage(s))
	if !ok || ref.Domain != "docker.io" || !strings.HasPrefix(ref.Path, "library/") {
		return false
	}
	_, known := imagedata.FamilyOf(ref.Repo)
	return known
}

// keyedWord is a word BuildKit expands, with the ENV or LABEL key it is the
// value of ("" otherwise).
type keyedWord struct{ word, key string }

// expandedWords lists the words BuildKit expands in an instruction (the
// Expand methods of the instructions package), ARG defaults excepted.
func expandedWords(ins *df.Instruction) []keyedWord {
	var words []string
	var out []keyedWord
	switch c := ins.Command.(type) {
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			if hasVarRef(kv.Key) {
				out = append(out, keyedWord{kv.Key, ""})
			}
			if hasVarRef(kv.Value) {
				out = append(out, keyedWord{kv.Value, kv.Key})
			}
		}
	case *instructions.LabelCommand:
		for _, kv := range c.Labels {
			words = append(words, kv.Key, kv.Value)
		}
	case *instructions.CopyCommand:
		words = append(words, c.Chown, c.Chmod, c.DestPath)
		words = append(words, c.SourcePaths...)
	case *instructions.AddCommand:
		words = append(words, c.Chown, c.Chmod, c.Checksum, c.DestPath)
		words = append(words, c.SourcePaths...)
	case *instructions.WorkdirCommand:
		words = append(words, c.Path)
	case *instructions.UserCommand:
		words = append(words, c.User)
	case *instructions.VolumeCommand:
		words = append(words, c.Volumes...)
	case *instructions.StopSignalCommand:
		words = append(words, c.Signal)
	}
	for _, w := range words {
		if hasVarRef(w) {
			out = append(out, keyedWord{w, ""})
		}
	}
	return out
}

// imageVars are variables official base images commonly set.
var imageVars = map[string]bool{
	"PATH": true, "HOME": true, "HOSTNAME": true, "LANG": true, "LANGUAGE": true, "LC_ALL": true, "TERM": true,
	"USER": true, "SHELL": true, "PWD": true, "TZ": true, "DEBIAN_FRONTEND": true,
	"JAVA_HOME": true, "JAVA_VERSION": true, "JDK_VERSION": true, "JRE_HOME": true, "MAVEN_HOME": true, "MAVEN_CONFIG": true,
	"GRADLE_HOME": true, "GRADLE_VERSION": true, "CATALINA_HOME": true, "TOMCAT_MAJOR": true, "TOMCAT_VERSION": true,
	"GOPATH": true, "GOROOT": true, "GOLANG_VERSION": true, "GOTOOLCHAIN": true,
	"CARGO_HOME": true, "RUSTUP_HOME": true, "RUST_VERSION": true,
	"NODE_VERSION": true, "YARN_VERSION": true, "NODE_ENV": true,
	"PYTHON_VERSION": true, "PYTHON_PIP_VERSION": true, "PYTHON_SHA256": true, "PYTHON_SETUPTOOLS_VERSION": true, "GPG_KEY": true, "VIRTUAL_ENV": true,
	"PHP_VERSION": true, "PHP_INI_DIR": true, "RUBY_VERSION": true, "RUBY_MAJOR": true, "GEM_HOME": true, "BUNDLE_APP_CONFIG": true, "BUNDLE_SILENCE_ROOT_WARNING": true,
	"DOTNET_VERSION": true, "ASPNET_VERSION": true, "ASPNETCORE_URLS": true, "ASPNETCORE_HTTP_PORTS": true, "DOTNET_RUNNING_IN_CONTAINER": true, "DOTNET_SDK_VERSION": true,
	"NGINX_VERSION": true, "HTTPD_PREFIX": true, "PG_MAJOR": true, "PG_VERSION": true, "PGDATA": true, "REDIS_VERSION": true,
	"CONDA_DIR": true, "MAMBA_ROOT_PREFIX": true, "CUDA_VERSION": true, "NVIDIA_VISIBLE_DEVICES": true, "NVIDIA_DRIVER_CAPABILITIES": true,
	"LD_LIBRARY_PATH": true, "PKG_CONFIG_PATH": true, "PYTHONPATH": true, "ANDROID_HOME": true, "ANDROID_SDK_ROOT": true,
}

// maybeImageVar reports whether the stage's base image may define name: a
// commonly set variable, or one named after the image (NODE_* on node).
func maybeImageVar(s *df.Stage, name string) bool {
	if imageVars[name] {
		return true
	}
	root := rootStage(s)
	if strings.EqualFold(root.Base, "scratch") && root.Resolved {
		return false
	}
	ref, ok := externalBase(root)
	if !ok {
		return true // the base image is not known
	}
	base := strings.ToUpper(strings.ReplaceAll(path.Base(ref.Repo), "-", "_"))
	prefix, _, _ := strings.Cut(name, "_")
	return strings.HasPrefix(base, prefix) && len(prefix) >= 2 || strings.HasPrefix(name, base+"_")
}

// undefinedVarSpan locates the reference to name in the instruction, or in
// its heredoc bodies, or falls back to the instruction's keyword.
func undefinedVarSpan(p *rules.Pass, ins *df.Instruction, name string) source.Span {
	if span, ok := varRefSpan(ins, name); ok {
		return span
	}
	for _, h := range ins.Heredocs {
		if a, b, ok := findVarRef(p.Source.Text(h.Body), name); ok {
			return source.Span{Start: h.Body.Start + a, End: h.Body.Start + b}
		}
	}
	return ins.KeywordSpan
}

// hasVarRef reports whether word can name a variable: without a "$",
// expanding it leaves no name unmatched, so it is not listed.
func hasVarRef(word string) bool { return strings.IndexByte(word, '$') >= 0 }
