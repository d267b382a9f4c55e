package compose

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// load writes files (name → content) to a temp folder and loads the first
// compose*.yaml names given in order.
func load(t *testing.T, env map[string]string, names []string, files map[string]string) (*Project, []*source.Error, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var srcs []*source.File
	for _, n := range names {
		srcs = append(srcs, source.New(filepath.Join(dir, n), []byte(files[n])))
	}
	return Load(srcs, Options{Env: env})
}

// at renders where a node reports: file base name, line:col-line:col.
func at(n *Node, span func(*Node) source.Span) string {
	if n == nil {
		return "<nil>"
	}
	sp := span(n)
	s, e := n.File().Position(sp.Start), n.File().Position(sp.End)
	return filepath.Base(n.File().Path) + ":" + itoa(s.Line) + ":" + itoa(s.Column) + "-" + itoa(e.Line) + ":" + itoa(e.Column)
}

func itoa(i int) string { return strconv.Itoa(i) }

func value(n *Node) source.Span { return n.Span() }
func pair(n *Node) source.Span  { return n.PairSpan() }
func key(n *Node) source.Span   { return n.KeySpan() }

const mainFile = `x-base: &base
  user: root
  cap_add: [NET_ADMIN]
x-env: &env {A: b}
services:
  web:
    <<: *base
    image: "nginx:${TAG:-1.27}"
    command: 'echo ''hi'''
    entrypoint: |
      sh -c run
    privileged: true
    cap_add:
      - SYS_PTRACE
    environment: *env
    labels:
      é: ünïcode
  db:
    image: postgres:16
    ports: ["5432:5432", {target: 80}]
`

const overrideFile = `services:
  web:
    privileged: false
    cap_add: [CHOWN]
  db:
    ports: !override
      - "127.0.0.1:5432:5432"
`

func TestPositions(t *testing.T) {
	p, problems, err := load(t, nil, []string{"compose.yaml", "compose.override.yaml"},
		map[string]string{"compose.yaml": mainFile, "compose.override.yaml": overrideFile})
	if err != nil || len(problems) > 0 {
		t.Fatalf("load: %v %v", err, problems)
	}
	web, db := p.Service("web"), p.Service("db")
	if web == nil || db == nil || len(p.Services()) != 2 {
		t.Fatalf("services: %v", p.Services())
	}
	if p.Config == nil || !web.Loaded {
		t.Fatalf("compose-go did not load: %v", p.Issue)
	}
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"double-quoted value", at(web.Get("image"), value), "compose.yaml:8:12-8:32"},
		{"single-quoted value with escaped quote", at(web.Get("command"), value), "compose.yaml:9:14-9:27"},
		{"block scalar indicator", at(web.Get("entrypoint"), value), "compose.yaml:10:17-10:18"},
		{"pair in override wins", at(web.Get("privileged"), pair), "compose.override.yaml:3:5-3:22"},
		{"key", at(web.Get("image"), key), "compose.yaml:8:5-8:10"},
		{"merge key reports at <<", at(web.Get("user"), pair), "compose.yaml:7:5-7:14"},
		{"alias value reports at its key", at(web.Get("environment").Get("A"), pair), "compose.yaml:15:5-15:22"},
		{"unicode columns", at(web.Get("labels").Get("é"), pair), "compose.yaml:17:7-17:17"},
		{"service key", at(web.Key, key), "compose.yaml:6:3-6:6"},
		{"flow sequence", at(db.Get("ports"), pair), "compose.override.yaml:6:5-6:10"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
	// cap_add appends across files; the merged-in cap_add is hidden by the
	// service's own, as YAML merge keys do.
	var caps []string
	for _, n := range web.List("cap_add") {
		caps = append(caps, n.Text()+"@"+at(n, value))
	}
	if got := strings.Join(caps, " "); got != "SYS_PTRACE@compose.yaml:14:9-14:19 CHOWN@compose.override.yaml:4:15-4:20" {
		t.Errorf("cap_add: %s", got)
	}
	// !override replaces the main file's ports.
	ports := db.Ports()
	if len(ports) != 1 || ports[0].HostIP != "127.0.0.1" || at(ports[0].Node, value) != "compose.override.yaml:7:9-7:30" {
		t.Errorf("ports: %+v", ports)
	}
	if v, _ := web.Get("image").Value(); v != "nginx:1.27" {
		t.Errorf("interpolated image %q", v)
	}
	if web.Get("image").Text() != "nginx:${TAG:-1.27}" {
		t.Errorf("written image %q", web.Get("image").Text())
	}
	if web.Config.Privileged || web.Config.Image != "nginx:1.27" {
		t.Errorf("compose-go config: privileged %v image %q", web.Config.Privileged, web.Config.Image)
	}
}

func TestReset(t *testing.T) {
	p, _, err := load(t, nil, []string{"compose.yaml", "compose.override.yaml"}, map[string]string{
		"compose.yaml":          "services:\n  web:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n    privileged: true\n",
		"compose.override.yaml": "services:\n  web:\n    cap_add: !reset []\n    privileged: !reset null\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	web := p.Service("web")
	if n := web.List("cap_add"); len(n) != 0 {
		t.Errorf("cap_add after !reset: %d items", len(n))
	}
	if web.Get("privileged") != nil {
		t.Error("privileged after !reset")
	}
	if len(web.Config.CapAdd) != 0 || web.Config.Privileged {
		t.Errorf("compose-go kept reset values: %+v", web.Config.CapAdd)
	}
}

func TestExtendsOtherFile(t *testing.T) {
	p, problems, err := load(t, nil, []string{"compose.yaml"}, map[string]string{
		"compose.yaml": "services:\n  web:\n    extends:\n      file: base.yaml\n      service: base\n    image: nginx:1.27\n",
		"base.yaml":    "services:\n  base:\n    image: busybox\n    privileged: true\n",
	})
	if err != nil || len(problems) > 0 {
		t.Fatalf("load: %v %v", err, problems)
	}
	web := p.Service("web")
	n := web.Get("privileged")
	if n == nil || !n.Inherited() {
		t.Fatal("privileged from base.yaml not found")
	}
	if got := at(n, pair); got != "compose.yaml:3:5-3:12" {
		t.Errorf("inherited value reports at %s, want the extends key", got)
	}
	if !web.Config.Privileged {
		t.Error("compose-go did not apply extends")
	}
}

func TestFallback(t *testing.T) {
	files := map[string]string{
		"compose.yaml": `include:
  - missing/compose.yaml
services:
  web:
    extends:
      file: missing.yaml
      service: base
    image: ${IMAGE:?set IMAGE}
    env_file: .env.production
    privileged: true
    ports:
      - ${PORT}:80
`,
	}
	p, problems, err := load(t, nil, []string{"compose.yaml"}, files)
	if err != nil || len(problems) > 0 {
		t.Fatalf("missing variables and files must not be problems: %v %v", err, problems)
	}
	if p.Issue == nil {
		t.Error("compose-go should have failed")
	}
	web := p.Service("web")
	if web == nil {
		t.Fatal("no web service in the fallback model")
	}
	if v, ok := web.Get("privileged").Bool(); !ok || !v {
		t.Error("privileged not read from the raw model")
	}
	if _, ok := web.Get("image").Value(); ok {
		t.Error("a missing required variable must not interpolate")
	}
}

func TestProblems(t *testing.T) {
	p, problems, err := load(t, nil, []string{"compose.yaml"}, map[string]string{
		"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: maybe\n    volumez: []\n",
	})
	if err != nil || p == nil {
		t.Fatalf("load: %v", err)
	}
	if len(problems) != 1 {
		t.Fatalf("problems: %v", problems)
	}
	if pr := problems[0]; pr.Line != 4 || pr.Column != 17 || strings.Contains(pr.Msg, "\n") {
		t.Errorf("problem not positioned on the bad key: %v", pr)
	}
}

func TestSyntaxError(t *testing.T) {
	p, _, err := load(t, nil, []string{"compose.yaml"}, map[string]string{
		"compose.yaml": "services:\n  web:\n    image: nginx\n   bad: [\n",
	})
	if p != nil || err == nil {
		t.Fatalf("want an error, got %v", p)
	}
	var e *source.Error
	if !errors.As(err, &e) || e.Line < 2 || strings.Contains(e.Msg, "\n") {
		t.Errorf("error not positioned: %#v", err)
	}
	// An override that does not parse is a problem, the main file still loads.
	p, problems, err := load(t, nil, []string{"compose.yaml", "compose.override.yaml"}, map[string]string{
		"compose.yaml":          "services:\n  web:\n    image: nginx:1.27\n",
		"compose.override.yaml": "services: [\n",
	})
	if err != nil || p == nil || len(problems) != 1 || !strings.HasSuffix(problems[0].Path, "compose.override.yaml") {
		t.Errorf("override syntax error: %v %v", err, problems)
	}
}

// TestSecretNeverPrinted: problems quote the text as written, never a value
// from the environment or .env.
func TestSecretNeverPrinted(t *testing.T) {
	const envSecret, dotSecret = "env-s3cret-Value", "dot-s3cret-Value"
	p, problems, err := load(t, map[string]string{"CONTAINER": envSecret}, []string{"compose.yaml"}, map[string]string{
		"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    container_name: ${CONTAINER}\n    mem_limit: ${LIMIT}\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n",
		".env":         "LIMIT=" + dotSecret + "\nDB_PASSWORD=" + dotSecret + "\n",
	})
	if err != nil || p == nil {
		t.Fatalf("load: %v", err)
	}
	if len(problems) == 0 {
		t.Fatal("want a problem for the invalid mem_limit and container_name")
	}
	for _, pr := range problems {
		if strings.Contains(pr.Error(), envSecret) || strings.Contains(pr.Error(), dotSecret) {
			t.Errorf("problem prints a resolved value: %v", pr)
		}
		if pr.Line != 5 || !strings.Contains(pr.Msg, "${LIMIT}") {
			t.Errorf("problem should be at mem_limit and quote ${LIMIT}: %v", pr)
		}
	}
	if v, _ := p.Service("web").Entries("environment")[0].Value(); v != dotSecret {
		t.Errorf(".env not read: %q", v)
	}
	if got := p.Redact("x " + envSecret + " y " + dotSecret); strings.Contains(got, "s3cret") {
		t.Errorf("Redact left a value: %s", got)
	}
}

func TestProfilesAndNoPanic(t *testing.T) {
	p, problems, err := load(t, nil, []string{"compose.yaml"}, map[string]string{
		"compose.yaml": "services:\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n  web:\n    image: nginx:1.27\n",
	})
	if err != nil || len(problems) > 0 || len(p.Services()) != 2 || !p.Service("debug").Loaded {
		t.Fatalf("profiled service not loaded: %v %v", err, problems)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := 0; i < 9; i++ {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	bomb += "services:\n  web:\n    image: nginx:1.27\n    cap_add: *" + prev + "\n"
	for _, text := range []string{"", "[]", "- a\n", "services: 3\n", "services:\n  web:\n", "services:\n  web: [1]\n", bomb} {
		p, _, _ := load(t, nil, []string{"compose.yaml"}, map[string]string{"compose.yaml": text})
		if p != nil {
			for _, s := range p.Services() {
				s.Volumes()
				s.Ports()
				s.SecurityOpts()
				s.Entries("environment")
			}
		}
	}
}
