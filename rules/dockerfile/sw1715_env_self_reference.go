package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1715 catches ENV A=1 B=$A: all values of one ENV are expanded before
// any is set, so B gets A's old value (often empty), not 1.
var SW1715 = &rules.Rule{
	ID:       "SW1715",
	Name:     "env-self-reference",
	Kind:     rules.Dockerfile,
	Severity: rules.Error,
	Summary:  "ENV uses a variable that the same ENV sets",
	Doc: hygMD(`In ´ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin´, every value is expanded before any
variable is set, so ´$APP_HOME´ is the value from before this instruction (empty here) and
´APP_BIN´ becomes ´/bin´. Split the instruction:

´´´dockerfile
ENV APP_HOME=/srv/app
ENV APP_BIN=$APP_HOME/bin
´´´

Reported: a reference to a variable set by an earlier pair of the same ´ENV´. Not reported: a
variable that refers to its own old value (´ENV PATH=/opt/bin:$PATH´), escaped dollars
(´\$HOME´), and references to variables the instruction sets later in the list.`),
	Tags:        []string{"correctness"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3044"}},
	Run:         runEnvSelfReference,
}

func runEnvSelfReference(p *rules.Pass) {
	for _, ins := range p.Dockerfile.Instructions {
		env, ok := ins.Command.(*instructions.EnvCommand)
		if !ok || len(env.Env) < 2 || len(ins.Args) != len(env.Env) || ins.Stage == nil || !hygPOSIX(ins) {
			continue // Windows images define variables of their own (ProgramFiles, ...)
		}
		earlier := hygEarlierVars(ins)
		defined := hygEnv{}
		for i, kv := range env.Env {
			if strings.Contains(kv.Value, "$") {
				res, err := bkExpand(p.Dockerfile, kv.Value, defined)
				if err == nil {
					for _, name := range hygSortedKeys(res.Matched) {
						if name == kv.Key || hygSameAsBefore(earlier, name, defined[name]) {
							continue
						}
						tok := ins.Args[i]
						span := tok.Span
						if k := hygRefIndex(tok.Raw, name); k >= 0 {
							ref := tok.Raw[k : k+hygRefLen(tok.Raw[k:], name)]
							if hygUnquote(defined[name]) == ref {
								continue // A="${A:-x}" B="${A:-x}/y": the same expression, the same value
							}
							span = ins.SubSpan(tok, k, k+len(ref))
						}
						p.Reportf(span, "$%s is expanded before this ENV sets %s, so %s gets its old value; set %s in an ENV of its own first", name, name, kv.Key, name)
					}
				}
			}
			defined[kv.Key] = kv.Value
		}
	}
}

// hygEarlierVars collects the values ARG and ENV gave variables before
// ins in its stage chain (an ARG without default counts, with value "").
func hygEarlierVars(before *df.Instruction) map[string]string {
	vars := map[string]string{}
	for _, st := range hygChain(before.Stage) {
		for _, ins := range st.Instructions {
			if ins == before {
				return vars
			}
			switch c := ins.Command.(type) {
			case *instructions.EnvCommand:
				for _, kv := range c.Env {
					vars[kv.Key] = kv.Value
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					v := ""
					if kv.Value != nil {
						v = *kv.Value
					}
					vars[kv.Key] = v
				}
			}
		}
	}
	return vars
}

// hygSameAsBefore reports whether the ENV gives name the value it already
// had: a pass-through (ENV A=$A, common after ARG A) or the same text.
// Then reading $name in the same ENV gives the expected value.
func hygSameAsBefore(earlier map[string]string, name, value string) bool {
	old, ok := earlier[name]
	if !ok {
		return false
	}
	v := hygUnquote(value)
	return v == "$"+name || v == "${"+name+"}" || v == hygUnquote(old)
}

// hygEnv is a variable set for BuildKit's word expansion.
type hygEnv map[string]string

func (e hygEnv) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }
func (e hygEnv) Keys() []string {
	return hygSortedKeys(e)
}

func hygSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// hygRefIndex finds $name or ${name in raw text, not followed by more
// name characters.
func hygRefIndex(raw, name string) int {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '$' || i > 0 && raw[i-1] == '\\' {
			continue
		}
		rest := raw[i+1:]
		if strings.HasPrefix(rest, "{"+name) {
			after := rest[1+len(name):]
			if after == "" || !hygNameByte(after[0]) {
				return i
			}
		}
		if strings.HasPrefix(rest, name) {
			after := rest[len(name):]
			if after == "" || !hygNameByte(after[0]) {
				return i
			}
		}
	}
	return -1
}

// hygRefLen is the length of the reference at the start of s: $name, or
// ${name...} up to its closing brace.
func hygRefLen(s, name string) int {
	if strings.HasPrefix(s, "${") {
		if k := strings.IndexByte(s, '}'); k >= 0 {
			return k + 1
		}
	}
	return 1 + len(name)
}

func hygNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
