package compose

import (
	"encoding/json"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// TestVerdictsReuseCases: which edits keep compose-go's verdict, which
// are judged by compose-go on a reduced file, and which load it whole.
func TestVerdictsReuseCases(t *testing.T) {
	base := `x-common: &common
  restart: always
x-note: free text
services:
  web:
    <<: *common
    image: nginx:1.27
    ports: ["8080:80"]
    environment:
      LOG: info
    labels: {team: web}
    build: {context: ., args: {MODE: prod}}
    depends_on: [db]
  db:
    image: postgres:17
  cache:
    image: redis:7
  x-tool:
    image: busybox:1.37
    ports: ["9000:9000"]
  base: &base
    image: alpine:3.21
  worker:
    <<: *base
    command: run
networks:
  back: {}
`
	const reused, reduced, loaded, rejected = "reused", "reduced", "loaded", "rejected"
	for _, c := range []struct {
		name, old, new string
		want           string
	}{
		{"same text", "", "", reused},
		{"comment", "  web:\n", "  web:  # the front end\n", reused},
		{"image", "nginx:1.27", "nginx:1.28-alpine", reused},
		{"environment value", "LOG: info", "LOG: debug", reused},
		{"quoted the same", "LOG: info", `LOG: "info"`, reused},
		{"label value", "team: web", "team: platform", reused},
		{"build arg", "MODE: prod", "MODE: dev", reused},
		{"top-level extension", "free text", "other text", reused},
		{"dollar removed", "", "", reused},
		{"environment key", "LOG: info", "LEVEL: info", reduced},
		{"number", "LOG: info", "LOG: 3", reduced},
		{"variable", "LOG: info", "LOG: ${LEVEL}", reduced},
		{"port", `"8080:80"`, `"8081:80"`, reduced},
		{"service named x-", `"9000:9000"`, `"9001:9000"`, reduced},
		{"new key", "    image: nginx:1.27\n", "    image: nginx:1.27\n    user: app\n", reduced},
		{"new service", "networks:\n", "  extra:\n    image: nginx:1.27\n    depends_on: [cache]\n    networks: [back]\nnetworks:\n", reduced},
		{"aliases another service", "    command: run\n", "    command: run\n    user: app\n", reduced},
		{"network changed", "  back: {}\n", "  back: {driver: overlay}\n", reduced},
		{"new volume", "networks:\n", "volumes:\n  data: {driver: local}\nnetworks:\n", reduced},
		{"network refused", "  back: {}\n", "  back: {driver: 3}\n", rejected},
		{"network removed", "networks:\n  back: {}\n", "", loaded},
		{"port refused", `"8080:80"`, `"8080:eighty"`, rejected},
		{"undefined service", "depends_on: [db]", "depends_on: [dbx]", rejected},
		{"undefined network", "    image: redis:7\n", "    image: redis:7\n    networks: [front]\n", rejected},
		{"cycle", "    image: postgres:17\n", "    image: postgres:17\n    depends_on: [web]\n", rejected},
		{"named by a variable", "depends_on: [db]", "depends_on: [\"${DEP:-missing}\"]", rejected},
		{"anchored", "restart: always", "restart: \"no\"", loaded},
		{"anchor in the changed service", "    image: alpine:3.21\n", "    image: alpine:3.22\n", loaded},
		{"service name", "  web:\n", "  api:\n", loaded},
		{"service removed", "  cache:\n    image: redis:7\n", "", loaded},
		{"extends", "    command: run\n", "    command: run\n    extends: {service: db}\n", loaded},
		{"most services", "    image: redis:7\n", "    image: redis:7\n    depends_on: [web, x-tool, worker]\n", loaded},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := NewVerdicts()
			load := func(text string, v *Verdicts) (*Project, []*source.Error) {
				p, problems, err := Load([]*source.File{source.New("compose.yaml", []byte(text))}, Options{Env: map[string]string{}, Verdicts: v})
				if err != nil {
					t.Fatal(err)
				}
				return p, problems
			}
			if p, problems := load(base, v); p.Reused || p.Config == nil || len(problems) > 0 {
				t.Fatalf("first load: reused %v, config %v, %v %v", p.Reused, p.Config != nil, problems, p.Issue)
			}
			edited := strings.Replace(base, c.old, c.new, 1)
			if edited == base && c.old != "" {
				t.Fatalf("%q not in the base", c.old)
			}
			p, problems := load(edited, v)
			got := loaded
			switch {
			case p.reduced:
				got = reduced
			case p.Reused:
				got = reused
			case p.Issue != nil:
				got = rejected
			}
			if got != c.want {
				t.Errorf("%s, want %s (%v %v)", got, c.want, problems, p.Issue)
			}
			whole, wholeProblems := load(edited, nil)
			if (whole.Issue == nil) != (p.Issue == nil) || len(wholeProblems) != len(problems) {
				t.Errorf("compose-go on the whole file: %v %v; here %v %v", wholeProblems, whole.Issue, problems, p.Issue)
			}
			if got == reused || got == reduced {
				if p, _ := load(edited, v); !p.Reused {
					t.Error("the accepted edit was not remembered")
				}
			}
		})
	}
}

// TestVerdictsReuseCorpus proves that a reused verdict is compose-go's:
// in every corpus file compose-go loads, the first two opaque strings are
// each replaced by hostile values; each edit must be reused, and loading
// it with compose-go must give the same problems (none).
func TestVerdictsReuseCorpus(t *testing.T) {
	entries, err := corpusCompose()
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	values := []string{"", "x", "a b: c # d", "é ☃ \t", `'"\`, "service:db", "-1"}
	per := 2
	if testing.Short() {
		per, values = 1, values[:3]
	}
	var files, edits atomic.Int64
	inParallel(len(entries), func(i int) {
		c := entries[i]
		path := c.path
		data, err := os.ReadFile(path)
		if err != nil {
			t.Error(err)
			return
		}
		v := NewVerdicts()
		opts := Options{Env: map[string]string{}, Verdicts: v}
		p, problems, err := Load([]*source.File{source.New(path, data)}, opts)
		if err != nil || len(problems) > 0 || p.Config == nil || len(p.docs) != 1 {
			return // not accepted whole: nothing to reuse
		}
		files.Add(1)
		f := p.docs[0].file
		for _, y := range opaqueStrings(f, p.docs[0].root, per) {
			span := nodeSpan(f, y)
			for _, val := range values {
				q, _ := json.Marshal(val) // a YAML double-quoted string
				text := string(data[:span.Start]) + string(q) + string(data[span.End:])
				reused, rp, rerr := Load([]*source.File{source.New(path, []byte(text))}, opts)
				if rerr != nil || !reused.Reused || reused.reduced {
					t.Errorf("%s:%d: %q -> %q: not reused (%v)", c.name, y.Line, y.Value, val, rerr)
					continue
				}
				_, fp, ferr := Load([]*source.File{source.New(path, []byte(text))}, Options{Env: map[string]string{}})
				edits.Add(1)
				if ferr != nil || len(fp) != len(rp) {
					t.Errorf("%s:%d: %q -> %q: reused %v, compose-go %v %v", c.name, y.Line, y.Value, val, rp, fp, ferr)
				}
			}
		}
	})
	t.Logf("%d files accepted whole, %d edits reused with compose-go's verdict", files.Load(), edits.Load())
	if files.Load() == 0 {
		t.Skip("no Compose file in the corpus")
	}
}

// opaqueStrings lists up to n strings that sameModel treats as opaque, in
// file order, on one line each (the test replaces a span with a one-line
// quoted string).
func opaqueStrings(f *source.File, root *yaml.Node, n int) []*yaml.Node {
	var out []*yaml.Node
	var walk func(y *yaml.Node, path []string, anchored bool)
	walk = func(y *yaml.Node, path []string, anchored bool) {
		if len(out) >= n || y == nil {
			return
		}
		anchored = anchored || y.Anchor != ""
		switch y.Kind {
		case yaml.ScalarNode:
			if !anchored && y.ShortTag() == "!!str" && !hasVars(y.Value) && y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 &&
				!strings.Contains(f.Text(nodeSpan(f, y)), "\n") && opaquePath(path) {
				out = append(out, y)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(y.Content); i += 2 {
				walk(y.Content[i+1], append(path[:len(path):len(path)], y.Content[i].Value), anchored)
			}
		case yaml.SequenceNode:
			for _, c := range y.Content {
				walk(c, append(path[:len(path):len(path)], "[]"), anchored)
			}
		}
	}
	walk(root, nil, false)
	return out
}

// A plain scalar folded over lines spans all of them.
func TestPlainScalarSpan(t *testing.T) {
	text := "services:\n  zk:\n    environment:\n      OPTS: -Da=1\n        -Db=2\n\n        -Dc=3\n      NEXT: x\n"
	p, _, err := Load([]*source.File{source.New("compose.yaml", []byte(text))}, Options{Env: map[string]string{}})
	if err != nil {
		t.Fatal(err)
	}
	n := p.Service("zk").Get("environment", "OPTS")
	if got, want := n.Source(), "-Da=1\n        -Db=2\n\n        -Dc=3"; got != want {
		t.Errorf("span %q, want %q", got, want)
	}
	if got := p.Service("zk").Get("environment", "NEXT").Source(); got != "x" {
		t.Errorf("next span %q", got)
	}
}
