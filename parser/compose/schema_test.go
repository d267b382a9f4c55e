package compose

import (
	"fmt"
	"strings"
	"testing"
)

// schemaFixture has the same schema error (an unknown key in a long-syntax
// volume) in three services, none of them first in alphabetical order, and
// an interpolated value that must never reach a message.
const schemaFixture = `services:
  zeta:
    image: ${IMG}
    volumes:
      - type: bind
        source: ./z
        target: /z
        content: |
          zeta
  alpha:
    image: alpine
    volumes:
      - type: bind
        source: ./a
        target: /a
        content: a
  mid:
    image: alpine
    volumes:
      - type: bind
        source: ./m
        target: /m
        content: m
`

// TestSchemaErrorDeterministic: compose-go picks one of equally specific
// schema errors at random; the problem must be the same on every run, and
// the first one in the file.
func TestSchemaErrorDeterministic(t *testing.T) {
	env := map[string]string{"IMG": "registry.example/secret-image:1"}
	var first string
	for i := range 20 {
		_, problems, err := load(t, env, []string{"compose.yaml"}, map[string]string{"compose.yaml": schemaFixture})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range problems {
			got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, p.Msg))
		}
		s := strings.Join(got, "\n")
		if i == 0 {
			first = s
			want := "8:9 services.zeta.volumes.0 additional properties 'content' not allowed"
			if s != want {
				t.Fatalf("problems:\n%s\nwant:\n%s", s, want)
			}
			continue
		}
		if s != first {
			t.Fatalf("run %d gave:\n%s\nrun 0 gave:\n%s", i, s, first)
		}
		if strings.Contains(s, "secret-image") {
			t.Fatalf("interpolated value in message: %s", s)
		}
	}
}

// TestSchemaErrorMostSpecific: file order only breaks ties; a deeper error
// later in the file wins over a shallower one before it, as in compose-go.
func TestSchemaErrorMostSpecific(t *testing.T) {
	files := map[string]string{"compose.yaml": `services:
  a:
    image: alpine
    ports: 5
  b:
    image: alpine
    volumes:
      - type: bind
        source: ./b
        target: /b
        content: b
  c:
    image: alpine
    ports: 6
`}
	for range 10 {
		_, problems, err := load(t, nil, []string{"compose.yaml"}, files)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 || problems[0].Line != 11 || problems[0].Msg != "services.b.volumes.0 additional properties 'content' not allowed" {
			t.Fatalf("problems: %v", problems)
		}
	}
}

// TestSchemaErrorTypes: several type errors as specific as each other, in
// an override file too: the first in file order, in compose-go's wording.
func TestSchemaErrorTypes(t *testing.T) {
	files := map[string]string{
		"compose.yaml": "services:\n  web:\n    image: alpine\n",
		"compose.override.yaml": `services:
  z:
    image: alpine
    ports: 5
  y:
    image: alpine
    cap_add: 6
  x:
    image: alpine
    ports: 7
`}
	var first string
	for i := range 20 {
		_, problems, err := load(t, nil, []string{"compose.yaml", "compose.override.yaml"}, files)
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 {
			t.Fatalf("problems: %v", problems)
		}
		s := fmt.Sprintf("%s %d:%d %s", problems[0].Path[strings.LastIndex(problems[0].Path, "/")+1:], problems[0].Line, problems[0].Column, problems[0].Msg)
		if i == 0 {
			first = s
			if want := "compose.override.yaml 4:12 services.z.ports must be a array"; s != want {
				t.Fatalf("got %q, want %q", s, want)
			}
		} else if s != first {
			t.Fatalf("run %d gave %q, run 0 gave %q", i, s, first)
		}
	}
}
