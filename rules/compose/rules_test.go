package compose_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	. "github.com/seaworthy-dev/seaworthy/rules/compose"
	"github.com/seaworthy-dev/seaworthy/rules/ruletest"
)

// Each rule's cases are in testdata/rules/<ID>.txtar, run by ruletest.

func TestRules(t *testing.T) {
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, r := range All {
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s %s: duplicate ID or name", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Kind != rules.Compose || r.Run == nil || r.Summary == "" || r.Doc == "" || len(r.Tags) == 0 {
			t.Errorf("%s: incomplete metadata", r.ID)
		}
		if !strings.HasPrefix(r.Name, "compose-") {
			t.Errorf("%s: name %q should start with compose-", r.ID, r.Name)
		}
		t.Run(r.ID, func(t *testing.T) { ruletest.Run(t, r) })
	}
	if !sort.SliceIsSorted(All, func(i, j int) bool { return All[i].ID < All[j].ID }) {
		t.Error("All is not in ID order")
	}
}

// TestNoResolvedValueInMessages runs every rule over a file whose values
// come from the environment and .env: messages quote the text as written.
func TestNoResolvedValueInMessages(t *testing.T) {
	const envSecret, dotSecret = "Env-Secret-4242", "Dot-Secret-4242"
	dir := t.TempDir()
	text := `services:
  web:
    image: nginx:${TAG}
    user: ${RUN_AS}
    privileged: ${PRIV}
    cap_add: ["${CAP}"]
    network_mode: ${NET}
    security_opt: ["seccomp:${SECCOMP}"]
    volumes:
      - ${SOCK}:/var/run/docker.sock
      - ${HOME_DIR}/.ssh:/root/.ssh
    devices: ["${DEV}:/dev/sda"]
    ports: ["${PORT}:5432"]
    environment:
      DB_PASSWORD: ${DB_PASSWORD:-` + "fallback-literal" + `}
      API_TOKEN: ${API_TOKEN}
    build:
      args:
        NPM_TOKEN: ${NPM_TOKEN}
`
	env := map[string]string{"TAG": "latest", "RUN_AS": "root", "PRIV": "true", "CAP": "SYS_ADMIN", "NET": "host",
		"SECCOMP": "unconfined", "SOCK": "/var/run/docker.sock", "HOME_DIR": "/home/" + envSecret, "PORT": "5432",
		"DEV": "/dev/sda", "API_TOKEN": envSecret, "NPM_TOKEN": envSecret}
	dotenv := "DB_PASSWORD=" + dotSecret + "\nAPI_TOKEN=" + dotSecret + "\n"
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o644); err != nil {
		t.Fatal(err)
	}
	src := source.New(filepath.Join(dir, "compose.yaml"), []byte(text))
	p, problems, err := compose.Load([]*source.File{src}, compose.Options{Env: env})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, pr := range problems {
		msgs = append(msgs, pr.Error())
	}
	fired := map[string]bool{}
	for _, r := range All {
		pass := rules.NewPass(r, src, nil, func(f rules.Finding) { msgs = append(msgs, f.Message); fired[r.ID] = true })
		pass.Compose = p
		r.Run(pass)
	}
	for _, m := range msgs {
		if strings.Contains(m, envSecret) || strings.Contains(m, dotSecret) || strings.Contains(m, "fallback-literal") {
			t.Errorf("message shows a value: %s", m)
		}
	}
	for _, id := range []string{"SW2101", "SW2103", "SW2106", "SW2110", "SW2116", "SW2201", "SW2202", "SW2205", "SW2503", "SW2504"} {
		if !fired[id] {
			t.Errorf("%s did not fire on interpolated values", id)
		}
	}
}
