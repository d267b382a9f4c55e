package compose

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"go.yaml.in/yaml/v4"
)

// edit is one structural edit of service s, whose neighbour (the next
// service, or the previous) is o; all lists every service.
type edit struct {
	name string
	do   func(root, svcs, svc *yaml.Node, s, o string, all []string)
}

// reduceEdits are the edits TestVerdictsReduceCorpus makes: the keys that
// name another service (valid, undefined, self, a cycle), the top-level
// resources a service refers to, the checks compose-go makes inside a
// service (types, ports, schema, exclusive keys), and top-level resources
// added or changed, used or not.
var reduceEdits = []edit{
	{"port", set("ports", `["18080:81"]`)},
	{"port refused", set("ports", `["eighty"]`)},
	{"long port", set("ports", `[{target: 80, published: "8080", protocol: tcp}]`)},
	{"depends_on", set("depends_on", `[{{o}}]`)},
	{"depends_on healthy", set("depends_on", `{{{o}}: {condition: service_healthy}}`)},
	{"depends_on undefined", set("depends_on", `[no-such-service]`)},
	{"depends_on itself", set("depends_on", `[{{s}}]`)},
	{"depends_on all", set("depends_on", `[{{all}}]`)},
	{"depends_on variable", set("depends_on", `["${DEP:-{{o}}}"]`)},
	{"depends_on variable undefined", set("depends_on", `["${DEP:-nothing}"]`)},
	{"links", set("links", `["{{o}}:alias"]`)},
	{"volumes_from", set("volumes_from", `["{{o}}:ro"]`)},
	{"network_mode service", set("network_mode", `"service:{{o}}"`)},
	{"network_mode undefined", set("network_mode", `"service:no-such-service"`)},
	{"ipc service", set("ipc", `"service:{{o}}"`)},
	{"pid service", set("pid", `"service:{{o}}"`)},
	{"additional context", set("build", `{context: ., additional_contexts: {x: "service:{{o}}"}}`)},
	{"scale and container_name", both(set("container_name", "fixed"), set("scale", "2"))},
	{"undefined volume", set("volumes", `["no-such-volume:/data"]`)},
	{"undefined network", set("networks", `[no-such-network]`)},
	{"undefined secret", set("secrets", `[no-such-secret]`)},
	{"undefined config", set("configs", `[no-such-config]`)},
	{"no image", both(del("image"), del("build"))},
	{"cpus", set("cpus", `abc`)},
	{"memory conflict", both(set("mem_limit", "1g"), set("deploy", `{resources: {limits: {memory: 2g}}}`))},
	{"replicas", set("deploy", `{replicas: -1}`)},
	{"healthcheck", set("healthcheck", `{test: ["BAD"]}`)},
	{"mounted twice", both(set("tmpfs", `["/data"]`), set("volumes", `["./x:/data"]`))},
	{"environment number", set("environment", `{A: 1, B: true}`)},
	{"unknown key", set("no_such_key", `1`)},
	{"extends", set("extends", `{service: {{o}}}`)},
	{"new service", add("zz-added", `{image: nginx:1.27, depends_on: [{{s}}]}`)},
	{"new service undefined", add("zz-added", `{image: nginx:1.27, depends_on: [no-such-service]}`)},
	{"new service cycle", both(add("zz-added", `{image: nginx:1.27, depends_on: [{{s}}]}`), set("depends_on", `[zz-added]`))},
	{"new network", resource("networks", "zz-net", `{driver: bridge}`)},
	{"new network refused", resource("networks", "zz-net", `{driver: 3}`)},
	{"new network used", both(resource("networks", "zz-net", `{}`), set("networks", `[zz-net]`))},
	{"network changed", resource("networks", "", `{driver: overlay, attachable: true}`)},
	{"network made external", resource("networks", "", `{external: true, driver: bridge}`)},
	{"new volume used", both(resource("volumes", "zz-vol", `{driver: local}`), set("volumes", `["zz-vol:/zz"]`))},
	{"volume changed", resource("volumes", "", `{driver: local, labels: [a=b]}`)},
	{"new secret", resource("secrets", "zz-secret", `{file: ./secret.txt}`)},
	{"new secret without a source", resource("secrets", "zz-secret", `{name: x}`)},
	{"new config used", both(resource("configs", "zz-config", `{content: hi}`), set("configs", `[zz-config]`))},
	{"network removed", unresource("networks")},
	{"volume removed", unresource("volumes")},
}

// TestVerdictsReduceCorpus proves the reduced verdict compose-go's: one
// service of every corpus file compose-go accepts gets each edit above in
// turn; whenever compose-go accepts the reduced files, it must accept the
// whole edited project too, and the problems must be those of a load of
// the whole project. The edits take three shapes in turn: the file alone,
// the file with an override file that adds to the edited service and its
// neighbour, and that override file edited instead. The edited files are
// written by the YAML encoder, so the other services differ from the
// accepted file in their text, not in their model. Each file gets a
// quarter of the edits, in turn (-short: a twelfth).
func TestVerdictsReduceCorpus(t *testing.T) {
	entries, err := corpusCompose()
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer func(share int) { maxReached = share }(maxReached)
	maxReached = 0 // judge every edit on a reduced file, however many services it reaches
	every := 4     // each file gets one edit in four, in turn: each edit is made on a quarter of the files
	if testing.Short() {
		every = 12
	}
	const single, withOverride, overrideEdited = 0, 1, 2
	var files, edits, reduced, refused atomic.Int64
	var shapes [3]atomic.Int64
	inParallel(len(entries), func(i int) {
		path := entries[i].path
		data, err := os.ReadFile(path)
		if err != nil {
			t.Error(err)
			return
		}
		override := filepath.Join(filepath.Dir(path), "compose.override.yaml")
		overrideData, ok := overrideFor(data, i)
		if !ok {
			return
		}
		load := func(v *Verdicts, texts ...[]byte) (*Project, []*source.Error, error) {
			fs := []*source.File{source.New(path, texts[0])}
			if len(texts) > 1 {
				fs = append(fs, source.New(override, texts[1]))
			}
			return Load(fs, Options{Env: map[string]string{}, Verdicts: v})
		}
		// the last accepted input of each shape: the file alone, and with the override
		var last [2]*accepted
		for k, texts := range [][][]byte{{data}, {data, overrideData}} {
			v := NewVerdicts()
			if p, problems, err := load(v, texts...); err == nil && len(problems) == 0 && p.Config != nil && len(p.docs) == len(texts) {
				last[k] = v.last[path]
			}
		}
		if last[0] == nil {
			return // not accepted whole: nothing to reduce
		}
		files.Add(1)
		for j, e := range reduceEdits {
			if (i+j)%every != 0 {
				continue
			}
			shape := (i + j) / every % 3
			var texts [][]byte
			switch shape {
			case single:
				text, ok := editService(data, i, e)
				if !ok {
					continue
				}
				texts = [][]byte{text}
			case withOverride:
				text, ok := editService(data, i, e)
				if !ok {
					continue
				}
				texts = [][]byte{text, overrideData}
			case overrideEdited:
				text, ok := editService(overrideData, 0, e)
				if !ok {
					continue
				}
				texts = [][]byte{data, text}
			}
			base := last[min(shape, 1)]
			if base == nil {
				continue // the file and the override are not accepted together
			}
			v := &Verdicts{last: map[string]*accepted{path: base}}
			got, gotProblems, gerr := load(v, texts...)
			edits.Add(1)
			if gerr != nil || !got.reduced {
				if gerr == nil && got.Issue != nil {
					refused.Add(1)
				}
				continue // loaded whole: compose-go's own verdict
			}
			reduced.Add(1)
			shapes[shape].Add(1)
			whole, wholeProblems, werr := load(nil, texts...)
			if werr != nil || whole.Issue != nil || fmt.Sprint(gotProblems) != fmt.Sprint(wholeProblems) {
				t.Errorf("%s, %s (shape %d): compose-go accepted the reduced files, %v; the whole project: %v %v %v", entries[i].name, e.name, shape,
					gotProblems, wholeProblems, whole.Issue, werr)
			}
		}
	})
	t.Logf("%d files accepted whole, %d edits: %d accepted on reduced files (alone %d, with an override %d, override edited %d), %d loaded whole and refused",
		files.Load(), edits.Load(), reduced.Load(), shapes[0].Load(), shapes[1].Load(), shapes[2].Load(), refused.Load())
	if files.Load() == 0 {
		t.Skip("no Compose file in the corpus")
	}
	if reduced.Load()*10 < edits.Load() || refused.Load()*10 < edits.Load() || shapes[1].Load()*50 < edits.Load() || shapes[2].Load()*50 < edits.Load() {
		t.Error("the edits no longer exercise every verdict and shape of the reduced files")
	}
}

// servicesOfText parses a one-document file and returns it with its
// services mapping (nil when it has no service).
func servicesOfText(data []byte) (*yaml.Node, *yaml.Node) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) != 1 {
		return nil, nil
	}
	svcs := mappingGet(doc.Content[0], "services")
	if svcs == nil || svcs.Kind != yaml.MappingNode || len(svcs.Content) == 0 {
		return nil, nil
	}
	return &doc, svcs
}

// overrideFor writes an override file for the (i mod n)th service of the
// file and its neighbour (see editService): an environment variable and a
// label for each.
func overrideFor(data []byte, i int) ([]byte, bool) {
	_, svcs := servicesOfText(data)
	if svcs == nil {
		return nil, false
	}
	n := len(svcs.Content) / 2
	k := i % n
	s, o := svcs.Content[2*k].Value, svcs.Content[2*((k+1)%n)].Value
	var b strings.Builder
	b.WriteString("services:\n")
	for _, name := range slices.Compact([]string{s, o}) {
		q, _ := json.Marshal(name)
		fmt.Fprintf(&b, "  %s:\n    environment:\n      SEAWORTHY_OVERRIDE: \"1\"\n    labels:\n      seaworthy.override: \"1\"\n", q)
	}
	return []byte(b.String()), true
}

// editService makes edit e on the (i mod n)th service of the file, and
// returns the file as the YAML encoder writes it.
func editService(data []byte, i int, e edit) ([]byte, bool) {
	doc, svcs := servicesOfText(data)
	if svcs == nil {
		return nil, false
	}
	n := len(svcs.Content) / 2
	k := i % n
	var all []string
	for j := 0; j < n; j++ {
		all = append(all, svcs.Content[2*j].Value)
	}
	o := all[(k+1)%n]
	svc := svcs.Content[2*k+1]
	if svc.Kind != yaml.MappingNode {
		return nil, false
	}
	e.do(doc.Content[0], svcs, svc, all[k], o, all)
	out, err := yaml.Marshal(doc)
	return out, err == nil
}

// snippet parses a YAML value, with {{s}}, {{o}} and {{all}} replaced.
func snippet(text, s, o string, all []string) *yaml.Node {
	text = strings.NewReplacer("{{s}}", s, "{{o}}", o, "{{all}}", strings.Join(all, ", ")).Replace(text)
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil {
		panic(fmt.Sprintf("%q: %v", text, err))
	}
	return n.Content[0]
}

// set gives key the value text in the service, replacing what it had.
func set(key, text string) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(_, _, svc *yaml.Node, s, o string, all []string) {
		v := snippet(text, s, o, all)
		for i := 0; i+1 < len(svc.Content); i += 2 {
			if svc.Content[i].Value == key {
				svc.Content[i+1] = v
				return
			}
		}
		svc.Content = append(svc.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	}
}

// del removes key from the service.
func del(key string) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(_, _, svc *yaml.Node, _, _ string, _ []string) {
		for i := 0; i+1 < len(svc.Content); i += 2 {
			if svc.Content[i].Value == key {
				svc.Content = append(svc.Content[:i], svc.Content[i+2:]...)
				return
			}
		}
	}
}

// resource gives the top-level entry name of kind the value text, adding
// kind when the file has none; an empty name is the first entry there is
// (none: a new one).
func resource(kind, name, text string) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(root, _, _ *yaml.Node, s, o string, all []string) {
		m := mappingGet(root, kind)
		if m == nil {
			m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kind}, m)
		}
		if m.Kind != yaml.MappingNode {
			return
		}
		v := snippet(text, s, o, all)
		if name == "" && len(m.Content) >= 2 {
			m.Content[1] = v
			return
		}
		if name == "" {
			name = "zz-" + kind
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, v)
	}
}

// unresource removes the first top-level entry of kind, if there is one.
func unresource(kind string) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(root, _, _ *yaml.Node, _, _ string, _ []string) {
		if m := mappingGet(root, kind); m != nil && m.Kind == yaml.MappingNode && len(m.Content) >= 2 {
			m.Content = m.Content[2:]
		}
	}
}

// add appends a service.
func add(name, text string) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(_, svcs, _ *yaml.Node, s, o string, all []string) {
		svcs.Content = append(svcs.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, snippet(text, s, o, all))
	}
}

func both(fs ...func(root, svcs, svc *yaml.Node, s, o string, all []string)) func(root, svcs, svc *yaml.Node, s, o string, all []string) {
	return func(root, svcs, svc *yaml.Node, s, o string, all []string) {
		for _, f := range fs {
			f(root, svcs, svc, s, o, all)
		}
	}
}

// BenchmarkReduceGrowth edits one port in files of growing size whose
// services depend on each other in chains of ten: the verdict comes from
// a reduced file of one chain, so ns/op grows with the file only through
// the linear walks (YAML parse, comparison, reach), not compose-go's load.
func BenchmarkReduceGrowth(b *testing.B) {
	for _, n := range []int{20, 200, 2000} {
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			var sb strings.Builder
			sb.WriteString("services:\n")
			for i := range n {
				fmt.Fprintf(&sb, "  s%d:\n    image: nginx:1.27\n    ports: [\"%d:80\"]\n", i, 10000+i)
				if i%10 != 0 {
					fmt.Fprintf(&sb, "    depends_on: [s%d]\n", i-1)
				}
			}
			text := sb.String()
			edited := strings.Replace(text, fmt.Sprintf(`"%d:80"`, 10000+n/2), `"1:80"`, 1)
			v := NewVerdicts()
			opts := Options{Env: map[string]string{}, Verdicts: v}
			if p, problems, err := Load([]*source.File{source.New("compose.yaml", []byte(text))}, opts); err != nil || len(problems) > 0 || p.Issue != nil {
				b.Fatal(err, problems, p.Issue)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t := text
				if i%2 == 0 {
					t = edited
				}
				p, _, err := Load([]*source.File{source.New("compose.yaml", []byte(t))}, opts)
				if err != nil || !p.reduced {
					b.Fatal("not reduced", err, p.Issue)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/service")
		})
	}
}

// TestVerdictsReduceOverride: an override file is reduced with the main
// file, edits to either are judged on the reduced pair, and what compose-go
// refuses, or what the reduced files cannot judge, is loaded whole.
func TestVerdictsReduceOverride(t *testing.T) {
	main := "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:17\n  cache:\n    image: redis:7\n  queue:\n    image: rabbitmq:4\n"
	over := "services:\n  web:\n    ports: [\"8080:80\"]\n  cache:\n    environment: {A: b}\n"
	for _, c := range []struct {
		name           string
		inOverride     bool
		old, new, want string
	}{
		{"port in the override", true, `"8080:80"`, `"8081:80"`, "reduced"},
		{"port refused in the override", true, `"8080:80"`, `"8080:eighty"`, "rejected"},
		{"new service in the override", true, "  cache:\n", "  extra:\n    image: nginx:1.27\n  cache:\n", "reduced"},
		{"main file", false, "    image: redis:7\n", "    image: redis:7\n    ports: [\"6379:6379\"]\n", "reduced"},
		{"undefined in the main file", false, "depends_on: [db]", "depends_on: [dbx]", "rejected"},
		{"reset", true, `ports: ["8080:80"]`, `ports: !reset []`, "reduced"},
		{"override services", true, "services:\n", "services: !override\n", "rejected"},
		{"service removed from the override", true, "  cache:\n    environment: {A: b}\n", "", "loaded"},
	} {
		t.Run(c.name, func(t *testing.T) {
			load := func(main, over string, v *Verdicts) *Project {
				p, _, err := Load([]*source.File{source.New("compose.yaml", []byte(main)), source.New("compose.override.yaml", []byte(over))},
					Options{Env: map[string]string{}, Verdicts: v})
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			v := NewVerdicts()
			if p := load(main, over, v); p.Issue != nil || p.Reused {
				t.Fatalf("first load: %v, reused %v", p.Issue, p.Reused)
			}
			m, o := main, over
			if c.inOverride {
				o = strings.Replace(over, c.old, c.new, 1)
			} else {
				m = strings.Replace(main, c.old, c.new, 1)
			}
			if m == main && o == over {
				t.Fatalf("%q not found", c.old)
			}
			p := load(m, o, v)
			got := "loaded"
			switch {
			case p.reduced:
				got = "reduced"
			case p.Issue != nil:
				got = "rejected"
			}
			if got != c.want {
				t.Errorf("%s, want %s (%v)", got, c.want, p.Issue)
			}
			if whole := load(m, o, nil); (whole.Issue == nil) != (p.Issue == nil) {
				t.Errorf("whole project: %v; here %v", whole.Issue, p.Issue)
			}
		})
	}
}
