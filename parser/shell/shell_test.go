package shell

import (
	"fmt"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"mvdan.cc/sh/v3/syntax"
)

// script parses text with offsets that are file offsets.
func script(t *testing.T, text string) (*Script, *source.File) {
	t.Helper()
	s, err := Parse(text, func(off int) int { return off })
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	return s, source.New("x", []byte(text))
}

func at(src *source.File, s source.Span) string {
	a, b := src.Position(s.Start), src.Position(s.End)
	return fmt.Sprintf("%d:%d-%d:%d", a.Line, a.Column, b.Line, b.Column)
}

// render lists the calls as "name@L:C-L:C"; a call unwrapped from another is
// followed by "<wrapper", one in a substitution by "$".
func render(s *Script, src *source.File) string {
	var out []string
	for _, c := range s.Calls {
		r := c.Name + "@" + at(src, c.Span)
		if c.Wrapper != nil {
			r += "<" + c.Wrapper.Name
		}
		if c.InSubst {
			r += "$"
		}
		out = append(out, r)
	}
	return strings.Join(out, " ")
}

func TestCalls(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"and or semicolon", "a x && b || c; d", "a@1:1-1:4 b@1:8-1:9 c@1:13-1:14 d@1:16-1:17"},
		{"pipe and background", "d | e & f", "d@1:1-1:2 e@1:5-1:6 f@1:9-1:10"},
		{"subshell and block", "(g; h) | { i; }", "g@1:2-1:3 h@1:5-1:6 i@1:12-1:13"},
		{"if elif else", "if a; then b; elif c; then d; else e; fi", "a@1:4-1:5 b@1:12-1:13 c@1:20-1:21 d@1:28-1:29 e@1:36-1:37"},
		{"for", `for x in 1 2; do f "$x"; done`, "f@1:18-1:24"},
		{"while and until", "while g; do h; done; until i; do j; done", "g@1:7-1:8 h@1:13-1:14 i@1:28-1:29 j@1:34-1:35"},
		{"case", "case $y in a) i;; *) j;; esac", "i@1:15-1:16 j@1:22-1:23"},
		{"command substitution", "echo $(k1 a) \"$(k2)\" `k3`", "echo@1:1-1:26 k1@1:8-1:12$ k2@1:17-1:19$ k3@1:23-1:25$"},
		{"process substitution", "diff <(k3) >(k4)", "diff@1:1-1:17 k3@1:8-1:10$ k4@1:14-1:16$"},
		{"assignment with substitution", "X=$(k6) k7", "k6@1:5-1:7$ k7@1:1-1:11"},
		{"bare assignment", "X=$(k6)", "k6@1:5-1:7$"},
		{"redirect with substitution", "a > $(b)", "a@1:1-1:2 b@1:7-1:8$"},
		{"declaration", "export A=$(k)", "k@1:12-1:13$"},
		{"function body", "f() { g; }; f", "g@1:7-1:8 f@1:13-1:14"},
		{"path is a base name", "/usr/bin/apt-get update", "apt-get@1:1-1:24"},
		{"non-literal command word", "$CMD x", "@1:1-1:7"},
		{"multi-line with continuation", "a \\\n  b && \\\nc", "a@1:1-2:4 c@3:1-3:2"},
		{"multi-byte characters", "echo 🐳 && ls é", "echo@1:1-1:7 ls@1:11-1:15"},
		{"empty", "", ""},
		{"comment only", "# x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src := script(t, tt.text)
			if got := render(s, src); got != tt.want {
				t.Errorf("calls\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseError(t *testing.T) {
	for _, text := range []string{"if then", "echo 'unterminated", "a &&", "$(("} {
		if _, err := Parse(text, func(o int) int { return o }); err == nil {
			t.Errorf("Parse(%q): no error", text)
		}
	}
}

func TestWords(t *testing.T) {
	s, src := script(t, `echo plain 'sq $x' "dq \"q\" \$" $V "a$V" pre\;fix $'ansi' ~/x *.go`)
	type w struct {
		value   string
		literal bool
		at      string
	}
	want := []w{
		{"plain", true, "1:6-1:11"},
		{"sq $x", true, "1:12-1:19"},
		{`dq "q" $`, true, "1:20-1:33"},
		{"", false, "1:34-1:36"},
		{"", false, "1:37-1:42"},
		{"pre;fix", true, "1:43-1:51"},
		{"", false, "1:52-1:59"},
		{"~/x", true, "1:60-1:63"},
		{"*.go", true, "1:64-1:68"},
	}
	c := s.Calls[0]
	if len(c.Args) != len(want) {
		t.Fatalf("%d args", len(c.Args))
	}
	for i, a := range c.Args {
		got := w{a.Value, a.Literal, at(src, a.Span)}
		if got != want[i] {
			t.Errorf("arg %d = %+v, want %+v", i, got, want[i])
		}
	}
	if c.Arg(0) != "plain" || c.Arg(3) != "" || c.Arg(99) != "" || c.Arg(-1) != "" {
		t.Error("Arg")
	}
	if at(src, c.NameSpan()) != "1:1-1:5" {
		t.Errorf("NameSpan %s", at(src, c.NameSpan()))
	}
}

func call(t *testing.T, text string) *Call {
	t.Helper()
	s, _ := script(t, text)
	if len(s.Calls) == 0 {
		t.Fatalf("%q: no call", text)
	}
	return s.Calls[0]
}

func TestHasFlag(t *testing.T) {
	tests := []struct {
		text  string
		names []string
		want  bool
	}{
		{"apt-get install -y x", []string{"y"}, true},
		{"apt-get install -qy x", []string{"y"}, true},
		{"apt-get install -yq x", []string{"q"}, true},
		{"apt-get install x", []string{"y"}, false},
		{"apt-get install --yes x", []string{"y", "yes"}, true},
		{"apt-get install --assume-yes x", []string{"yes"}, false},
		{"apt-get -o=Dpkg::Use-Pty=0 install x", []string{"y"}, false},
		{"apt-get install --yes=true x", []string{"yes"}, true},
		{"pip install --no-cache-dir x", []string{"no-cache-dir"}, true},
		{"pip install --no-cache-dir x", []string{"n"}, false},
		{"apt-get install -- -y", []string{"y"}, false},
		{"rm - -y", []string{"y"}, true},
		{"head -n1 -5 f", []string{"5"}, true},
		{"make -j4y", []string{"y"}, false},
		{"find . -name x", []string{"name"}, true},
		{"find . -name x", []string{"n"}, true},
		{"find . -names x", []string{"name"}, false},
		{"apt-get install $FLAGS", []string{"y"}, false},
		{"apt-get install '-y'", []string{"y"}, true},
	}
	for _, tt := range tests {
		if got := call(t, tt.text).HasFlag(tt.names...); got != tt.want {
			t.Errorf("%q HasFlag(%v) = %v, want %v", tt.text, tt.names, got, tt.want)
		}
	}
}

func TestFlagValue(t *testing.T) {
	tests := []struct {
		text  string
		names []string
		want  string // "<none>" when not given, "<missing>" when given without a value
		at    string
	}{
		{"useradd -u 1000 app", []string{"u", "uid"}, "1000", "1:12-1:16"},
		{"useradd -u1000 app", []string{"u", "uid"}, "1000", "1:9-1:15"},
		{"useradd -mu 1000 app", []string{"u", "uid"}, "1000", "1:13-1:17"},
		{"useradd -mu1000 app", []string{"u", "uid"}, "1000", "1:9-1:16"},
		{"useradd --uid=1000 app", []string{"u", "uid"}, "1000", "1:9-1:19"},
		{"useradd --uid 1000 app", []string{"u", "uid"}, "1000", "1:15-1:19"},
		{"useradd -o=7 app", []string{"o"}, "7", "1:9-1:13"},
		{"wget -qO- x", []string{"O"}, "-", "1:6-1:10"},
		{"find . -name x", []string{"name"}, "x", "1:14-1:15"},
		{"useradd app", []string{"u", "uid"}, "<none>", ""},
		{"useradd app -u", []string{"u", "uid"}, "<missing>", ""},
		{"useradd -- -u 1", []string{"u"}, "<none>", ""},
		{"pip install --target $D x", []string{"target"}, "", "1:22-1:24"},
	}
	for _, tt := range tests {
		w, ok := call(t, tt.text).FlagValue(tt.names...)
		got, gotAt := "<none>", ""
		switch {
		case ok && w == nil:
			got = "<missing>"
		case ok:
			got, gotAt = w.Value, at(source.New("x", []byte(tt.text)), w.Span)
		}
		if got != tt.want || gotAt != tt.at {
			t.Errorf("%q FlagValue(%v) = %q@%s, want %q@%s", tt.text, tt.names, got, gotAt, tt.want, tt.at)
		}
	}
	w, ok := call(t, "apt-get -qy install").FlagWord("y")
	if !ok || w.Value != "-qy" {
		t.Errorf("FlagWord = %v %v", w, ok)
	}
}

func TestPositionals(t *testing.T) {
	tests := []struct {
		text       string
		valueFlags []string
		want       string
		sub        string
	}{
		{"apt-get -y install curl", nil, "install curl", "install"},
		{"apt-get -o Dpkg::x=1 install curl", []string{"o"}, "install curl", "install"},
		{"apt-get -o Dpkg::x=1 install curl", nil, "Dpkg::x=1 install curl", "Dpkg::x=1"},
		{"apt-get -qo x install", []string{"o"}, "install", "install"},
		{"apt-get -o=x install", []string{"o"}, "install", "install"},
		{"pip install --target /x pkg", []string{"target"}, "install pkg", "install"},
		{"pip install --target=/x pkg", []string{"target"}, "install pkg", "install"},
		{"rm -rf -- -x y", nil, "-x y", "-x"},
		{"cat - f", nil, "- f", "-"},
		{"npm $CMD x", nil, "$CMD x", ""},
		{"ls -la", nil, "", ""},
	}
	for _, tt := range tests {
		c := call(t, tt.text)
		var got []string
		src := source.New("x", []byte(tt.text))
		for _, w := range c.Positionals(tt.valueFlags...) {
			got = append(got, src.Text(w.Span))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q Positionals(%v) = %q, want %q", tt.text, tt.valueFlags, strings.Join(got, " "), tt.want)
		}
		if sub := c.Subcommand(tt.valueFlags...); sub != tt.sub {
			t.Errorf("%q Subcommand = %q, want %q", tt.text, sub, tt.sub)
		}
	}
}

func TestWrappers(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"sudo -u", "sudo -u app apt-get update", "sudo@1:1-1:27 apt-get@1:13-1:27<sudo"},
		{"sudo long flag with value", "sudo --user=app -E make", "sudo@1:1-1:24 make@1:20-1:24<sudo"},
		{"env assignments", "env A=1 B=2 make -j4", "env@1:1-1:21 make@1:13-1:21<env"},
		{"env -u", "env -u X make", "env@1:1-1:14 make@1:10-1:14<env"},
		{"nohup", "nohup python app.py &", "nohup@1:1-1:20 python@1:7-1:20<nohup"},
		{"timeout duration", "timeout 5 make", "timeout@1:1-1:15 make@1:11-1:15<timeout"},
		{"timeout flags and suffix", "timeout -s KILL 5s make", "timeout@1:1-1:24 make@1:20-1:24<timeout"},
		{"chained wrappers", "env A=1 nohup timeout 5 make", "env@1:1-1:29 nohup@1:9-1:29<env timeout@1:15-1:29<nohup make@1:25-1:29<timeout"},
		{"exec and command", "exec command make", "exec@1:1-1:18 command@1:6-1:18<exec make@1:14-1:18<command"},
		{"command -v runs nothing", "command -v gosu || command -V x", "command@1:1-1:16 command@1:20-1:32"},
		{"sudo -- cmd", "sudo -- rm -rf /", "sudo@1:1-1:17 rm@1:9-1:17<sudo"},
		{"wrapper of nothing", "sudo -u app", "sudo@1:1-1:12"},
		{"wrapper with expansion stops", "sudo $OPTS make", "sudo@1:1-1:16"},
		{"nice -n", "nice -n 10 make", "nice@1:1-1:16 make@1:12-1:16<nice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src := script(t, tt.text)
			if got := render(s, src); got != tt.want {
				t.Errorf("calls\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestShellC(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"single quotes", `sh -c 'apt-get install -y curl && echo ok'`,
			"sh@1:1-1:43 apt-get@1:8-1:31<sh echo@1:35-1:42<sh"},
		{"double quotes", `bash -c "npm i -g x"`, "bash@1:1-1:21 npm@1:10-1:20<bash"},
		{"bare word", `sh -c ls`, "sh@1:1-1:9 ls@1:7-1:9<sh"},
		{"combined flags", `bash -ec 'make'`, "bash@1:1-1:16 make@1:11-1:15<bash"},
		{"sudo sh -c", `sudo -u app sh -c 'apt-get update'`, "sudo@1:1-1:35 sh@1:13-1:35<sudo apt-get@1:20-1:34<sh"},
		{"nested twice", `sh -c "bash -c 'curl x'"`, "sh@1:1-1:25 bash@1:8-1:24<sh curl@1:17-1:23<bash"},
		// Escapes make the script text differ from the file: spans fall
		// back to the start of the quoted word, never outside it.
		{"double quotes with escapes", `sh -c "echo \"a\" && ls"`, "sh@1:1-1:25 echo@1:7-1:7<sh ls@1:7-1:7<sh"},
		{"script file, not -c", `sh ./install.sh -c x`, "sh@1:1-1:21"},
		{"non-literal script", `sh -c "$SCRIPT"`, "sh@1:1-1:16"},
		{"unparsable script", `sh -c 'if then'`, "sh@1:1-1:16"},
		{"multi-line script", "sh -c '\n  make &&\n  make install'", "sh@1:1-3:16 make@2:3-2:7<sh make@3:3-3:15<sh"},
		{"in a substitution", `x=$(sh -c 'id -u')`, "sh@1:5-1:18$ id@1:12-1:17<sh$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, src := script(t, tt.text)
			if got := render(s, src); got != tt.want {
				t.Errorf("calls\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestShellCArgs: words inside a quoted script point inside the quotes.
func TestShellCArgs(t *testing.T) {
	text := `sudo sh -c 'apt-get install -y "curl"'`
	s, src := script(t, text)
	var apt *Call
	for _, c := range s.Calls {
		if c.Name == "apt-get" {
			apt = c
		}
	}
	if apt == nil {
		t.Fatal("no apt-get")
	}
	var got []string
	for _, a := range apt.Args {
		got = append(got, a.Value+"@"+at(src, a.Span)+"="+src.Text(a.Span))
	}
	want := `install@1:21-1:28=install -y@1:29-1:31=-y curl@1:32-1:38="curl"`
	if strings.Join(got, " ") != want {
		t.Errorf("args\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if apt.Wrapper == nil || apt.Wrapper.Name != "sh" || apt.Wrapper.Wrapper == nil || apt.Wrapper.Wrapper.Name != "sudo" {
		t.Errorf("wrapper chain")
	}
}

func TestMaxNesting(t *testing.T) {
	// Each level is a shell of its own; past maxNesting the script is not
	// unwrapped, so hostile input cannot recurse without bound.
	text := "x"
	for i := 0; i < 10; i++ {
		text = "sh -c " + shellQuote(text)
	}
	s, _ := script(t, text)
	if n := len(s.Calls); n != maxNesting {
		t.Errorf("%d calls, want %d", n, maxNesting)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func TestUpstream(t *testing.T) {
	tests := []struct {
		text string
		// for each call that has upstream calls: "name<up1,up2"
		want string
	}{
		{"curl -fsSL x | sh", "sh<curl"},
		{"curl x | sudo sh", "sudo<curl sh<curl"},
		{"curl x | sudo -E bash -s -- -y", "sudo<curl bash<curl"},
		{"wget -qO- x | tar xz | sh", "tar<wget sh<wget,tar"},
		{"(a; b) | c", "c<a,b"},
		{"a | c && d", "c<a"},
		{"a |& c", "c<a"},
		{"curl x | sh -c 'cat | bash'", "sh<curl cat<curl bash<curl,cat"},
	}
	for _, tt := range tests {
		s, _ := script(t, tt.text)
		var got []string
		for _, c := range s.Calls {
			if len(c.Upstream) == 0 {
				continue
			}
			var up []string
			for _, u := range c.Upstream {
				up = append(up, u.Name)
			}
			got = append(got, c.Name+"<"+strings.Join(up, ","))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: upstream %q, want %q", tt.text, strings.Join(got, " "), tt.want)
		}
	}
}

func TestIs(t *testing.T) {
	c := call(t, "/usr/bin/pip3 install x")
	if !c.Is("pip", "pip3") || c.Is("pip") {
		t.Error("Is")
	}
}

func TestMapper(t *testing.T) {
	// Offsets map through the mapper: here the script starts at file offset 100.
	s, err := Parse("echo hi", func(off int) int { return 100 + off })
	if err != nil {
		t.Fatal(err)
	}
	if sp := s.Calls[0].Span; sp.Start != 100 || sp.End != 107 {
		t.Errorf("span %v", sp)
	}
}

func TestIndex(t *testing.T) {
	text := `A=1; f() { x | y; }; export B=2; a > out 2>&1 | b "$(c | d)" |& e; g >> log; h() { :; }`
	s, _ := script(t, text)
	ix := s.Index()
	var got []string
	text1 := func(n syntax.Node) string { return text[n.Pos().Offset():n.End().Offset()] }
	for _, r := range ix.Redirects {
		got = append(got, "redirect "+text1(r))
	}
	for _, a := range ix.Assigns {
		got = append(got, "assign "+a.Name.Value)
	}
	for _, f := range ix.FuncDecls {
		got = append(got, "func "+f.Name.Value)
	}
	for _, p := range ix.Pipelines {
		got = append(got, "pipeline "+text1(p))
	}
	for _, c := range ix.CallExprs {
		got = append(got, "call "+text1(c))
	}
	want := []string{
		"redirect > out", "redirect 2>&1", "redirect >> log",
		"assign A", "assign B",
		"func f", "func h",
		// not `c | d`, inside the second, nor `a > out 2>&1 | b "$(c | d)"`, inside the third
		"pipeline x | y", `pipeline a > out 2>&1 | b "$(c | d)" |& e`,
		// export is a declaration, not a call; redirections belong to statements
		"call A=1", "call x", "call y", "call a", `call b "$(c | d)"`, "call c", "call d", "call e", "call g", "call :",
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("Index:\n%s\nwant:\n%s", g, w)
	}
	if len(ix.Stmts) == 0 {
		t.Error("Index.Stmts is empty")
	}
	var nilScript *Script
	if ix := nilScript.Index(); len(ix.CallExprs) != 0 || ix.Stmts != nil {
		t.Error("a nil script has an empty index")
	}
}
