package compose

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// TestCastSubset: handing compose-go only the casts whose paths occur in
// the files loads the same model and reports the same problems as its
// whole table.
func TestCastSubset(t *testing.T) {
	env := map[string]string{"PRIV": "true", "CPUS": "0.5", "N": "3", "BAD": "maybe"}
	files := []string{
		"services:\n  web:\n    image: nginx\n    privileged: \"true\"\n    read_only: ${PRIV}\n    cpus: ${CPUS}\n    scale: \"${N}\"\n",
		"services:\n  web:\n    image: nginx\n    tty: ${BAD}\n",
		"services:\n  web:\n    image: nginx\n    ports:\n      - target: \"80\"\n        published: \"8080\"\n    ulimits:\n      nofile: {soft: \"1024\", hard: \"2048\"}\n",
		"x-base: &base\n  privileged: \"yes\"\n  stdin_open: \"${PRIV}\"\nservices:\n  web:\n    <<: *base\n    image: nginx\n",
		"x-base: &base\n  init: \"1\"\nservices:\n  web:\n    <<: [*base]\n    image: nginx\n    healthcheck: {retries: \"x\"}\n",
		"services:\n  web:\n    image: nginx\n    volumes:\n      - type: volume\n        source: data\n        target: /data\n        read_only: \"true\"\n        volume: {nocopy: \"false\"}\nvolumes:\n  data:\n    external: \"false\"\nnetworks:\n  n.1:\n    internal: \"${PRIV}\"\n",
		"services:\n  web:\n    image: nginx\n    deploy:\n      replicas: \"two\"\n",
	}
	describe := func(path, text string) string {
		p, problems, err := Load([]*source.File{source.New(path, []byte(text))}, Options{Env: env, NoDotEnv: true})
		out := fmt.Sprintf("err=%v problems=%v", err, problems)
		if p != nil && p.Config != nil {
			j, jerr := json.Marshal(p.Config)
			out += fmt.Sprintf(" %s %v", j, jerr)
		}
		return out
	}
	defer func() { castSubset = true }()
	for i, text := range files {
		path := filepath.Join(t.TempDir(), "compose.yaml")
		castSubset = false
		want := describe(path, text)
		castSubset = true
		if got := describe(path, text); got != want {
			t.Errorf("file %d:\n got  %s\n want %s", i, got, want)
		}
	}
}
