package dockerfile

import (
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// Build is how a build tool builds the file: the build arguments it passes
// and the stage it builds. Docker Compose gives them in a service's
// build.args and build.target; without a Build, the file is read as
// `docker build` with no --build-arg and no --target builds it.
type Build struct {
	// Args are the build arguments passed. A nil value is an argument whose
	// value is not known before the build (Compose interpolates it from the
	// environment, or takes it from there): its ARG is then unresolved, never
	// given an invented value. Values are the text as written, never an
	// interpolated one, so a message that quotes an expansion shows only
	// what the repository holds.
	Args map[string]*string
	// Target is the stage built (build.target); "" builds the last stage.
	Target string
	// Context is the build context folder on disk ("" when not known: the
	// rules that read the context then guess it from the file's place).
	Context string
	// User is the service's user: ("" when it sets none), as written. A
	// container runs as it, not as the image's USER.
	User string
	// By names who builds the file this way, for messages: `service "web"
	// of compose.yaml`.
	By string
}

// Arg is the value the build passes for ARG name: given is false when the
// build does not pass it, known is false when it does with a value not known
// here.
func (b *Build) Arg(name string) (value string, given, known bool) {
	if b == nil {
		return "", false, false
	}
	v, ok := b.Args[name]
	if !ok {
		return "", false, false
	}
	if v == nil {
		return "", true, false
	}
	return *v, true, true
}

// Key identifies the build for deduplication: two builds with the same key
// lint the file the same way.
func (b *Build) Key() string {
	if b == nil {
		return ""
	}
	names := make([]string, 0, len(b.Args))
	for k := range b.Args {
		names = append(names, k)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("target=" + b.Target + "\x00user=" + b.User + "\x00context=" + b.Context)
	for _, k := range names {
		sb.WriteString("\x00" + k)
		if v := b.Args[k]; v != nil {
			sb.WriteString("=" + *v)
		}
	}
	return sb.String()
}

// ParseBuild parses a Dockerfile as build b builds it: FROM references
// expand with b's arguments, and FinalStage is b's target. A target that
// names no stage is an error at 1:1, as `docker build --target` fails.
func ParseBuild(src *source.File, b *Build) (*File, error) {
	f, err := parseFile(src, b)
	if err != nil || b == nil || b.Target == "" {
		return f, err
	}
	if f.StageByName(b.Target) == nil {
		return nil, &source.Error{Path: src.Path, Line: 1, Column: 1,
			Msg: "target stage " + quote(b.Target) + " could not be found (" + b.By + " builds it with build.target)"}
	}
	return f, nil
}

func quote(s string) string { return `"` + s + `"` }
