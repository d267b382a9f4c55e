package gitignore

import "testing"

// Each case is a rule of gitignore(5), checked against what `git
// check-ignore` answers for the same file and path.
func TestMatch(t *testing.T) {
	cases := []struct {
		gitignore string
		dir       string // folder of the .gitignore
		path      string
		isDir     bool
		want      bool
	}{
		// A pattern without a slash matches a name at any depth.
		{"Dockerfile.gen", "", "Dockerfile.gen", false, true},
		{"Dockerfile.gen", "", "a/b/Dockerfile.gen", false, true},
		{"*.yml", "", "deploy/compose.prod.yml", false, true},
		{"build", "", "x/build", true, true},
		// A slash at the start or in the middle anchors it.
		{"/Dockerfile", "", "Dockerfile", false, true},
		{"/Dockerfile", "", "api/Dockerfile", false, false},
		{"api/Dockerfile", "", "api/Dockerfile", false, true},
		{"api/Dockerfile", "", "x/api/Dockerfile", false, false},
		// A trailing slash: folders only.
		{"out/", "", "out", true, true},
		{"out/", "", "out", false, false},
		{"out/", "", "a/out", true, true},
		// ** forms.
		{"**/gen", "", "gen", true, true},
		{"**/gen", "", "a/b/gen", true, true},
		{"gen/**", "", "gen/a/Dockerfile", false, true},
		{"gen/**", "", "gen", true, false},
		{"a/**/b", "", "a/b", true, true},
		{"a/**/b", "", "a/x/y/b", true, true},
		{"a/**/b", "", "x/a/b", true, false},
		// * does not cross a slash; ? is one character; classes with ! or ^.
		{"docker/*", "", "docker/web/Dockerfile", false, false},
		{"docker/*", "", "docker/web", true, true},
		{"Dockerfile.?", "", "Dockerfile.a", false, true},
		{"Dockerfile.?", "", "Dockerfile.ab", false, false},
		{"Dockerfile.[!a]", "", "Dockerfile.b", false, true},
		{"Dockerfile.[!a]", "", "Dockerfile.a", false, false},
		// Comments, blank lines, escapes, trailing spaces.
		{"# Dockerfile", "", "# Dockerfile", false, false},
		{`\#Dockerfile`, "", "#Dockerfile", false, true},
		{"Dockerfile   ", "", "Dockerfile", false, true},
		{`Dockerfile\ `, "", "Dockerfile ", false, true},
		{`\!important`, "", "!important", false, true},
		// The last matching pattern wins; ! re-includes.
		{"Dockerfile.*\n!Dockerfile.prod", "", "Dockerfile.prod", false, false},
		{"Dockerfile.*\n!Dockerfile.prod", "", "Dockerfile.dev", false, true},
		{"!Dockerfile.prod\nDockerfile.*", "", "Dockerfile.prod", false, true},
		// A nested .gitignore is relative to its own folder.
		{"/Dockerfile", "api", "api/Dockerfile", false, true},
		{"/Dockerfile", "api", "Dockerfile", false, false},
		{"Dockerfile", "api", "web/Dockerfile", false, false},
		{"*.yml", "api", "api/x/compose.yml", false, true},
		// CRLF line ends.
		{"compose.yml\r\n", "", "compose.yml", false, true},
	}
	for _, c := range cases {
		f := Parse(c.dir, []byte(c.gitignore))
		if got, _ := f.Match(c.path, c.isDir); got != c.want {
			t.Errorf("%q in %q: %s (dir %v) ignored = %v, want %v", c.gitignore, c.dir, c.path, c.isDir, got, c.want)
		}
	}
}

// The deepest .gitignore that has a matching pattern decides.
func TestStack(t *testing.T) {
	s := Stack{Parse("", []byte("Dockerfile.*\n")), Parse("api", []byte("!Dockerfile.prod\n"))}
	if !s.Ignored("web/Dockerfile.prod", false) {
		t.Error("web/Dockerfile.prod: the root .gitignore ignores it")
	}
	if s.Ignored("api/Dockerfile.prod", false) {
		t.Error("api/Dockerfile.prod: api/.gitignore re-includes it")
	}
	if !s.Ignored("api/Dockerfile.dev", false) {
		t.Error("api/Dockerfile.dev: the root .gitignore ignores it")
	}
	if s.Ignored("Dockerfile", false) {
		t.Error("Dockerfile: nothing ignores it")
	}
}
