package dockerfile

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
)

// parse parses text or fails the test.
func parse(t *testing.T, text string) *File {
	t.Helper()
	f, err := Parse(source.New("Dockerfile", []byte(text)))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// at renders a span as "L:C-L:C" (1-based, End exclusive).
func at(src *source.File, s source.Span) string {
	a, b := src.Position(s.Start), src.Position(s.End)
	return fmt.Sprintf("%d:%d-%d:%d", a.Line, a.Column, b.Line, b.Column)
}

// tok renders a token as "value@L:C-L:C".
func tok(src *source.File, t Token) string { return t.Value + "@" + at(src, t.Span) }

func toks(src *source.File, ts []Token) string {
	var out []string
	for _, t := range ts {
		out = append(out, tok(src, t))
	}
	return strings.Join(out, " ")
}

// insAt is the instruction starting on line n.
func insAt(t *testing.T, f *File, n int) *Instruction {
	t.Helper()
	for _, ins := range f.Instructions {
		if ins.Line() == n {
			return ins
		}
	}
	t.Fatalf("no instruction on line %d", n)
	return nil
}

// TestSpans pins the keyword, flag and argument spans of one instruction.
func TestSpans(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		line    int // the instruction's first line
		keyword string
		kwAt    string
		flags   string
		args    string
		span    string // the whole instruction
		argText string
	}{
		{
			name: "simple", text: "FROM alpine:3.19 AS base\n", line: 1,
			keyword: "FROM", kwAt: "1:1-1:5", args: "alpine:3.19@1:6-1:17 AS@1:18-1:20 base@1:21-1:25",
			span: "1:1-1:25", argText: "alpine:3.19 AS base",
		},
		{
			name:    "lower-case keyword and indentation",
			text:    "FROM alpine\n  run   echo  hi\n",
			line:    2,
			keyword: "RUN", kwAt: "2:3-2:6", args: "echo@2:9-2:13 hi@2:15-2:17", span: "2:3-2:17", argText: "echo  hi",
		},
		{
			name: "flags",
			text: "FROM alpine AS base\nCOPY --from=base --chown=1:1 a b\n", line: 2,
			keyword: "COPY", kwAt: "2:1-2:5", flags: "--from=base@2:6-2:17 --chown=1:1@2:18-2:29",
			args: "a@2:30-2:31 b@2:32-2:33", span: "2:1-2:33", argText: "a b",
		},
		{
			name: "continuation with trailing blanks, empty and comment lines",
			text: "FROM alpine\nRUN apt-get update \\   \n\n# comment\n   # indented comment\n    && apt-get install -y \\\t\n  wget\n",
			line: 2, keyword: "RUN", kwAt: "2:1-2:4",
			args: "apt-get@2:5-2:12 update@2:13-2:19 &&@6:5-6:7 apt-get@6:8-6:15 install@6:16-6:23 -y@6:24-6:26 wget@7:3-7:7",
			span: "2:1-7:7", argText: "apt-get update     && apt-get install -y   wget",
		},
		{
			name: "continuation splitting a word's neighbours",
			text: "FROM alpine\nENV A=1 \\\n    B=2\n", line: 2,
			keyword: "ENV", kwAt: "2:1-2:4", args: "A=1@2:5-2:8 B=2@3:5-3:8", span: "2:1-3:8",
		},
		{
			name: "flag on a continuation line",
			text: "FROM alpine\nRUN \\\n  --mount=type=cache,target=/root/.cache \\\n  pip install x\n", line: 2,
			keyword: "RUN", kwAt: "2:1-2:4", flags: "--mount=type=cache,target=/root/.cache@3:3-3:41",
			args: "pip@4:3-4:6 install@4:7-4:14 x@4:15-4:16", span: "2:1-4:16",
		},
		{
			name: "escape directive: backtick continues, backslash is literal",
			text: "# escape=`\nFROM alpine\nRUN echo a `\n  b c:\\x\n", line: 3,
			keyword: "RUN", kwAt: "3:1-3:4", args: `echo@3:5-3:9 a@3:10-3:11 b@4:3-4:4 c:\x@4:5-4:9`, span: "3:1-4:9",
		},
		{
			name: "CRLF file",
			text: "FROM alpine\r\nRUN echo a \\\r\n  b\r\nCOPY x y\r\n", line: 2,
			keyword: "RUN", kwAt: "2:1-2:4", args: "echo@2:5-2:9 a@2:10-2:11 b@3:3-3:4", span: "2:1-3:4",
		},
		{
			name: "CRLF last instruction",
			text: "FROM alpine\r\nRUN echo a \\\r\n  b\r\nCOPY x y\r\n", line: 4,
			keyword: "COPY", kwAt: "4:1-4:5", args: "x@4:6-4:7 y@4:8-4:9", span: "4:1-4:9",
		},
		{
			name: "UTF-8 byte order mark is not a column",
			text: "\ufeffFROM alpine\nRUN echo hi\n", line: 1,
			keyword: "FROM", kwAt: "1:1-1:5", args: "alpine@1:6-1:12", span: "1:1-1:12",
		},
		{
			name: "multi-byte characters count as one column",
			text: "FROM alpine\nLABEL desc=\"🐳 café\" x=y\n", line: 2,
			keyword: "LABEL", kwAt: "2:1-2:6", args: "desc=\"🐳 café\"@2:7-2:20 x=y@2:21-2:24", span: "2:1-2:24",
		},
		{
			name: "quoted words keep their blanks",
			text: "FROM alpine\nRUN echo 'a b' \"c d\"\n", line: 2,
			keyword: "RUN", kwAt: "2:1-2:4", args: "echo@2:5-2:9 a b@2:10-2:15 c d@2:16-2:21",
		},
		{
			name: "no final newline",
			text: "FROM alpine\nUSER app", line: 2,
			keyword: "USER", kwAt: "2:1-2:5", args: "app@2:6-2:9", span: "2:1-2:9",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, tt.text)
			src := f.Source
			ins := insAt(t, f, tt.line)
			if ins.Keyword != tt.keyword {
				t.Errorf("keyword %q, want %q", ins.Keyword, tt.keyword)
			}
			if got := at(src, ins.KeywordSpan); got != tt.kwAt {
				t.Errorf("keyword at %s, want %s", got, tt.kwAt)
			}
			if got := toks(src, ins.Flags); got != tt.flags {
				t.Errorf("flags\n got %s\nwant %s", got, tt.flags)
			}
			if got := toks(src, ins.Args); got != tt.args {
				t.Errorf("args\n got %s\nwant %s", got, tt.args)
			}
			if tt.span != "" {
				if got := at(src, ins.Span); got != tt.span {
					t.Errorf("span %s, want %s", got, tt.span)
				}
			}
			if prefix, ok := strings.CutSuffix(tt.argText, "..."); ok {
				if !strings.HasPrefix(ins.ArgsText(), prefix) {
					t.Errorf("ArgsText %q, want prefix %q", ins.ArgsText(), prefix)
				}
			} else if tt.argText != "" && ins.ArgsText() != tt.argText {
				t.Errorf("ArgsText %q, want %q", ins.ArgsText(), tt.argText)
			}
		})
	}
}

func TestEscapeDirective(t *testing.T) {
	f := parse(t, "# escape=`\nFROM alpine\n")
	if f.Escape != '`' {
		t.Errorf("Escape %q, want backtick", f.Escape)
	}
	if f := parse(t, "FROM alpine\n"); f.Escape != '\\' {
		t.Errorf("default Escape %q", f.Escape)
	}
}

func TestFlagLookup(t *testing.T) {
	f := parse(t, "FROM alpine AS base\nCOPY --from=base --link a b\n")
	ins := insAt(t, f, 2)
	from, ok := ins.Flag("from")
	if !ok || from.Value != "base" || at(f.Source, from.Span) != "2:6-2:17" {
		t.Errorf("Flag(from) = %q %v at %s", from.Value, ok, at(f.Source, from.Span))
	}
	if link, ok := ins.Flag("link"); !ok || link.Value != "" {
		t.Errorf("Flag(link) = %q %v", link.Value, ok)
	}
	if _, ok := ins.Flag("chown"); ok {
		t.Error("Flag(chown) found")
	}
	// SubSpan maps a part of a token: "base" inside --FROM=base.
	if got := at(f.Source, ins.SubSpan(ins.Flags[0], 7, 11)); got != "2:13-2:17" {
		t.Errorf("SubSpan = %s", got)
	}
}

func TestSubSpanAcrossContinuation(t *testing.T) {
	f := parse(t, "FROM alpine\nRUN echo \\\n   hello\n")
	ins := insAt(t, f, 2)
	// "hello" is on line 3; a sub-range of it maps there too.
	if got := at(f.Source, ins.SubSpan(ins.Args[1], 1, 3)); got != "3:5-3:7" {
		t.Errorf("SubSpan = %s", got)
	}
	if got := at(f.Source, ins.ArgsSpan()); got != "2:5-3:9" {
		t.Errorf("ArgsSpan = %s", got)
	}
	if got := at(f.Source, ins.HeadSpan()); got != "2:1-3:9" {
		t.Errorf("HeadSpan = %s", got)
	}
}

func TestExecForm(t *testing.T) {
	tests := []struct {
		name string
		text string
		json bool
		args string
	}{
		{"plain", `CMD ["echo", "hi"]`, true, "echo@2:6-2:12 hi@2:14-2:18"},
		{"escaped quote and backslash", `CMD ["a\"b", "c\\d"]`, true, `a"b@2:6-2:12 c\d@2:14-2:20`},
		{"unicode escape", `CMD ["caf\u00e9", "\t"]`, true, "café@2:6-2:17 \t@2:19-2:23"},
		{"blanks inside the brackets", `ENTRYPOINT [ "/bin/sh" ,"-c" ]`, true, "/bin/sh@2:14-2:23 -c@2:25-2:29"},
		{"multi-byte element", `CMD ["🐳", "x"]`, true, "🐳@2:6-2:9 x@2:11-2:14"},
		{"not JSON: shell form", `CMD [echo, hi]`, false, "[echo,@2:5-2:11 hi]@2:12-2:15"},
		{"exec form across lines", "CMD [\"a\", \\\n     \"b\"]", true, "a@2:6-2:9 b@3:6-3:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, "FROM alpine\n"+tt.text+"\n")
			ins := insAt(t, f, 2)
			if ins.JSON != tt.json {
				t.Errorf("JSON = %v", ins.JSON)
			}
			if got := toks(f.Source, ins.Args); got != tt.args {
				t.Errorf("args\n got %s\nwant %s", got, tt.args)
			}
			if ins.JSON && ins.Shell != nil {
				t.Error("exec-form CMD has a parsed shell")
			}
		})
	}
}

// words renders a call's name and arguments as "value@L:C-L:C".
func callWords(src *source.File, c *shell.Call) string {
	out := []string{c.NameWord.Value + "@" + at(src, c.NameWord.Span)}
	for _, a := range c.Args {
		out = append(out, a.Value+"@"+at(src, a.Span))
	}
	return strings.Join(out, " ")
}

// TestExecFormRun pins the calls of exec-form RUN: the argv is one call
// whose words are literal and span their JSON strings without the quotes,
// quoted or not in the rewritten line, and the
// script of sh -c is parsed with positions inside its string.
func TestExecFormRun(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		calls []string // each call's words
	}{
		{"argv", `RUN ["apt-get", "install", "curl"]`, []string{"apt-get@2:7-2:14 install@2:18-2:25 curl@2:29-2:33"}},
		{"flags and URL", `RUN ["curl", "-k", "https://x.example/a?b=c&d"]`,
			[]string{"curl@2:7-2:11 -k@2:15-2:17 https://x.example/a?b=c&d@2:21-2:46"}},
		{"no expansion, no glob", `RUN ["echo", "$HOME", "*", "a b", "it's"]`,
			[]string{"echo@2:7-2:11 $HOME@2:15-2:20 *@2:24-2:25 a b@2:29-2:32 it's@2:36-2:40"}},
		{"assignment-looking command word", `RUN ["A=1", "x"]`, []string{"A=1@2:7-2:10 x@2:14-2:15"}},
		{"reserved word", `RUN ["time", "make"]`, []string{"time@2:7-2:11 make@2:15-2:19", "make@2:15-2:19"}},
		{"sh -c script", `RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl"]`, []string{
			"/bin/sh@2:7-2:14 -c@2:18-2:20 apt-get update && apt-get install -y curl@2:24-2:65",
			"apt-get@2:24-2:31 update@2:32-2:38",
			"apt-get@2:42-2:49 install@2:50-2:57 -y@2:58-2:60 curl@2:61-2:65",
		}},
		{"escapes inside the script", `RUN ["bash", "-c", "echo \"a\" && wget -q x"]`, []string{
			`bash@2:7-2:11 -c@2:15-2:17 echo "a" && wget -q x@2:21-2:44`,
			`echo@2:21-2:25 a@2:26-2:31`,
			`wget@2:35-2:39 -q@2:40-2:42 x@2:43-2:44`,
		}},
		{"across lines", "RUN [\"apk\", \\\n     \"add\", \"x\"]", []string{"apk@2:7-2:10 add@3:7-3:10 x@3:14-3:15"}},
		{"under a pwsh SHELL", "SHELL [\"pwsh\", \"-c\"]\nRUN [\"curl\", \"-k\", \"u\"]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, "FROM alpine\n"+tt.text+"\n")
			ins := f.Instructions[len(f.Instructions)-1]
			if ins.Shell == nil {
				t.Fatal("exec-form RUN has no parsed view")
			}
			var got []string
			for _, c := range ins.Shell.Calls {
				got = append(got, callWords(f.Source, c))
			}
			if tt.calls == nil && strings.HasPrefix(tt.name, "under") {
				if len(got) != 1 || !strings.HasPrefix(got[0], "curl@3:7-3:11") {
					t.Errorf("exec form under pwsh: %q", got)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(tt.calls, "\n") {
				t.Errorf("calls\n got %q\nwant %q", got, tt.calls)
			}
			if len(f.Runs()) != 1 {
				t.Errorf("Runs() = %d, want the exec-form RUN", len(f.Runs()))
			}
		})
	}
}

func TestHeredocs(t *testing.T) {
	type doc struct{ name, content, body string }
	tests := []struct {
		name  string
		text  string
		line  int
		docs  []doc
		span  string
		calls string // the parsed shell's calls, "name@L:C-L:C"
	}{
		{
			name: "script heredoc",
			text: "FROM alpine\nRUN <<EOF\necho a\napt-get install x\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "echo a\napt-get install x\n", "3:1-5:1"}},
			span:  "2:1-5:4",
			calls: "echo@3:1-3:7 apt-get@4:1-4:18",
		},
		{
			name: "chomped heredoc with tabs",
			text: "FROM alpine\nRUN <<-EOF\n\techo b\n\tEOF\n", line: 2,
			docs:  []doc{{"EOF", "\techo b\n", "3:1-4:1"}},
			span:  "2:1-4:5",
			calls: "echo@3:2-3:8",
		},
		{
			name: "quoted delimiter with a command: the body is its input",
			text: "FROM alpine\nRUN <<\"EOF\" cat\n$HOME\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "$HOME\n", "3:1-4:1"}},
			calls: "cat@2:13-2:16",
		},
		{
			name: "single-quoted delimiter",
			text: "FROM alpine\nRUN <<'EOF'\necho $HOME\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "echo $HOME\n", "3:1-4:1"}},
			calls: "echo@3:1-3:11",
		},
		{
			name: "several heredocs",
			text: "FROM alpine\nRUN cat <<A <<B && echo done\na1\nA\nb1\nB\n", line: 2,
			docs:  []doc{{"A", "a1\n", "3:1-4:1"}, {"B", "b1\n", "5:1-6:1"}},
			span:  "2:1-6:2",
			calls: "cat@2:5-2:8 echo@2:20-2:29",
		},
		{
			name: "python reads the body on stdin",
			text: "FROM alpine\nRUN python3 <<EOF\nimport os\nos.system('x')\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "import os\nos.system('x')\n", "3:1-5:1"}},
			calls: "python3@2:5-2:12",
		},
		{
			name: "command after the heredoc's body",
			text: "FROM alpine\nRUN cat <<EOF > /x && chmod +x /x\nhello\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "hello\n", "3:1-4:1"}},
			calls: "cat@2:5-2:8 chmod@2:23-2:34",
		},
		{
			name: "shebang script of another language is not shell",
			text: "FROM alpine\nRUN <<EOF\n#!/usr/bin/env python3\nimport os\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "#!/usr/bin/env python3\nimport os\n", "3:1-5:1"}},
			calls: "-",
		},
		{
			name: "bash shebang script is shell",
			text: "FROM alpine\nRUN <<EOF\n#!/bin/bash -e\necho x\nEOF\n", line: 2,
			docs:  []doc{{"EOF", "#!/bin/bash -e\necho x\n", "3:1-5:1"}},
			calls: "echo@4:1-4:7",
		},
		{
			name: "COPY heredoc",
			text: "FROM alpine\nCOPY <<EOF /x\nhello\nEOF\nRUN true\n", line: 2,
			docs: []doc{{"EOF", "hello\n", "3:1-4:1"}},
			span: "2:1-4:4",
		},
		{
			name: "CRLF heredoc",
			text: "FROM alpine\r\nRUN <<EOF\r\necho a\r\nEOF\r\nRUN true\r\n", line: 2,
			docs:  []doc{{"EOF", "echo a\r\n", "3:1-4:1"}},
			span:  "2:1-4:4",
			calls: "echo@3:1-3:7",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, tt.text)
			ins := insAt(t, f, tt.line)
			if len(ins.Heredocs) != len(tt.docs) {
				t.Fatalf("%d heredocs, want %d", len(ins.Heredocs), len(tt.docs))
			}
			for i, want := range tt.docs {
				h := ins.Heredocs[i]
				if h.Name != want.name || h.Content != want.content || at(f.Source, h.Body) != want.body {
					t.Errorf("heredoc %d = %s %q %s, want %s %q %s", i, h.Name, h.Content, at(f.Source, h.Body), want.name, want.content, want.body)
				}
			}
			if tt.span != "" {
				if got := at(f.Source, ins.Span); got != tt.span {
					t.Errorf("span %s, want %s", got, tt.span)
				}
			}
			if tt.calls != "" {
				if got := calls(f.Source, ins); got != tt.calls {
					t.Errorf("calls\n got %s\nwant %s", got, tt.calls)
				}
			}
		})
	}
}

// calls renders the calls of an instruction's shell, "-" when not parsed.
func calls(src *source.File, ins *Instruction) string {
	if ins.Shell == nil {
		return "-"
	}
	var out []string
	for _, c := range ins.Shell.Calls {
		out = append(out, c.Name+"@"+at(src, c.Span))
	}
	return strings.Join(out, " ")
}

func TestOnBuild(t *testing.T) {
	f := parse(t, "FROM alpine\nONBUILD RUN --mount=type=cache,target=/x apt-get install -y x\nONBUILD COPY [\"a\", \"b\"]\n")
	src := f.Source
	run := insAt(t, f, 2)
	if run.Keyword != "ONBUILD" || at(src, run.KeywordSpan) != "2:1-2:8" {
		t.Fatalf("outer %s at %s", run.Keyword, at(src, run.KeywordSpan))
	}
	in := run.OnBuild
	if in == nil {
		t.Fatal("no OnBuild")
	}
	if in.Keyword != "RUN" || at(src, in.KeywordSpan) != "2:9-2:12" {
		t.Errorf("inner %s at %s", in.Keyword, at(src, in.KeywordSpan))
	}
	if got := toks(src, in.Flags); got != "--mount=type=cache,target=/x@2:13-2:41" {
		t.Errorf("inner flags %s", got)
	}
	if got := calls(src, in); got != "apt-get@2:42-2:62" {
		t.Errorf("inner calls %s", got)
	}
	if in.Stage != f.Stages[0] || in.Command == nil {
		t.Errorf("inner stage %v command %v", in.Stage, in.Command)
	}
	cp := insAt(t, f, 3).OnBuild
	if cp == nil || cp.Keyword != "COPY" || !cp.JSON || toks(src, cp.Args) != "a@3:15-3:18 b@3:20-3:23" {
		t.Errorf("ONBUILD COPY exec form: %+v", cp)
	}
}

func TestStages(t *testing.T) {
	text := "ARG BASE=ubuntu\n" + // 1
		"ARG TAG=22.04\n" + // 2
		"ARG NODEF\n" + // 3
		"FROM ${BASE}:${TAG} AS Build\n" + // 4
		"FROM $NODEF AS other\n" + // 5
		"FROM build AS final\n" + // 6: parent by another case
		"FROM BUILD\n" + // 7
		"FROM ${BASE:-x}/y\n" + // 8
		"FROM build:1.0\n" + // 9: an image, not the stage
		"FROM --platform=$BUILDPLATFORM golang:1.22\n" // 10
	f := parse(t, text)
	type want struct {
		name, base string
		resolved   bool
		parent     int // index, -1 when none
		image      string
	}
	wants := []want{
		{"build", "ubuntu:22.04", true, -1, "${BASE}:${TAG}@4:6-4:20"},
		{"other", "", false, -1, "$NODEF@5:6-5:12"},
		{"final", "build", true, 0, "build@6:6-6:11"},
		{"", "BUILD", true, 0, "BUILD@7:6-7:11"},
		{"", "ubuntu/y", true, -1, "${BASE:-x}/y@8:6-8:18"},
		{"", "build:1.0", true, -1, "build:1.0@9:6-9:15"},
		{"", "golang:1.22", true, -1, "golang:1.22@10:32-10:43"},
	}
	if len(f.Stages) != len(wants) {
		t.Fatalf("%d stages", len(f.Stages))
	}
	for i, w := range wants {
		s := f.Stages[i]
		parent := -1
		if s.Parent != nil {
			parent = s.Parent.Index
		}
		got := want{s.Name, s.Base, s.Resolved, parent, tok(f.Source, s.Image)}
		if got != w {
			t.Errorf("stage %d = %+v, want %+v", i, got, w)
		}
		if s.Index != i || s.From.Stage != s {
			t.Errorf("stage %d index/From", i)
		}
	}
	if len(f.GlobalArgs) != 3 {
		t.Errorf("%d global ARGs", len(f.GlobalArgs))
	}
	if f.Stages[6].Platform != "$BUILDPLATFORM" {
		t.Errorf("platform %q", f.Stages[6].Platform)
	}
	if s := f.StageByName("BUILD"); s != f.Stages[0] {
		t.Error("StageByName is not case-insensitive")
	}
	if s := f.StageByName("2"); s != f.Stages[2] {
		t.Error("StageByName by index")
	}
	if f.StageByName("nope") != nil || f.FinalStage() != f.Stages[6] {
		t.Error("StageByName(nope) / FinalStage")
	}
}

// TestArgRedefined: a later ARG without a default unsets the earlier one.
func TestArgRedefined(t *testing.T) {
	f := parse(t, "ARG V=1\nARG V\nFROM alpine:$V\n")
	if s := f.Stages[0]; s.Resolved || s.Base != "alpine:" {
		t.Errorf("base %q resolved %v", s.Base, s.Resolved)
	}
	f = parse(t, "ARG A=3\nARG V=${A}.19\nFROM alpine:$V\n")
	if s := f.Stages[0]; !s.Resolved || s.Base != "alpine:3.19" {
		t.Errorf("chained: base %q resolved %v", s.Base, s.Resolved)
	}
}

func TestShellTracking(t *testing.T) {
	text := "FROM alpine AS a\n" + // 1
		"RUN echo 1\n" + // 2
		"SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n" + // 3
		"RUN echo a | wc\n" + // 4
		"FROM a AS b\n" + // 5: inherits bash
		"RUN echo b\n" + // 6
		"SHELL [\"pwsh\", \"-c\"]\n" + // 7
		"RUN Get-Item x | y\n" + // 8: not POSIX: not parsed
		"FROM alpine\n" + // 9: back to /bin/sh
		"RUN echo c\n" + // 10
		"FROM B\n" + // 11: inherits pwsh, case-insensitively
		"RUN Get-Item\n" // 12
	f := parse(t, text)
	bash := "/bin/bash -o pipefail -c"
	for _, tt := range []struct {
		line  int
		shell string
		calls string
	}{
		{2, "/bin/sh -c", "echo@2:5-2:11"},
		{4, bash, "echo@4:5-4:11 wc@4:14-4:16"},
		{6, bash, "echo@6:5-6:11"},
		{8, "pwsh -c", "-"},
		{10, "/bin/sh -c", "echo@10:5-10:11"},
		{12, "pwsh -c", "-"},
	} {
		ins := insAt(t, f, tt.line)
		if got := strings.Join(ins.ShellInForce, " "); got != tt.shell {
			t.Errorf("line %d: shell %q, want %q", tt.line, got, tt.shell)
		}
		if got := calls(f.Source, ins); got != tt.calls {
			t.Errorf("line %d: calls %s, want %s", tt.line, got, tt.calls)
		}
	}
	if got := strings.Join(f.Stages[0].Shell, " "); got != bash {
		t.Errorf("stage a shell %q", got)
	}
	if f.Stages[3].Parent != f.Stages[1] {
		t.Error("FROM B: no parent link to stage b")
	}
	// Upstream links survive: wc reads echo's output.
	wc := insAt(t, f, 4).Shell.Calls[1]
	if len(wc.Upstream) != 1 || wc.Upstream[0].Name != "echo" {
		t.Errorf("wc upstream %v", wc.Upstream)
	}
}

func TestWindowsImagesSkipShell(t *testing.T) {
	text := "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS w\n" + // 1
		"RUN dir c:\\\\\n" + // 2
		"FROM w\n" + // 3: inherits cmd
		"RUN echo x\n" + // 4
		"FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n" + // 5
		"SHELL [\"/bin/sh\", \"-c\"]\n" + // 6
		"RUN echo y\n" + // 7: an explicit POSIX shell is parsed
		"FROM alpine\n" + // 8
		"SHELL [\"cmd\", \"/S\", \"/C\"]\n" + // 9
		"RUN dir\n" // 10
	f := parse(t, text)
	for _, tt := range []struct {
		line  int
		shell string
		calls string
	}{
		{2, "cmd /S /C", "-"},
		{4, "cmd /S /C", "-"},
		{7, "/bin/sh -c", "echo@7:5-7:11"},
		{10, "cmd /S /C", "-"},
	} {
		ins := insAt(t, f, tt.line)
		if got := strings.Join(ins.ShellInForce, " "); got != tt.shell {
			t.Errorf("line %d: shell %q, want %q", tt.line, got, tt.shell)
		}
		if got := calls(f.Source, ins); got != tt.calls {
			t.Errorf("line %d: calls %s, want %s", tt.line, got, tt.calls)
		}
	}
	// A backtick escape (Windows style) skips shell parsing too.
	f = parse(t, "# escape=`\nFROM alpine\nRUN echo a\n")
	if got := calls(f.Source, insAt(t, f, 3)); got != "-" {
		t.Errorf("backtick escape: calls %s", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		msg        string
	}{
		{"empty", "", 0, "file with no instructions"},
		{"only comments", "# hi\n\n", 2, "file with no instructions"},
		{"instruction before FROM", "ARG A=1\nRUN echo\nFROM alpine\n", 2, "no build stage in current context: only ARG may come before the first FROM"},
		{"global ARG only", "ARG A=1\n", 1, "no FROM instruction"},
		{"unknown instruction", "FROM alpine\nFOO bar\n", 2, "unknown instruction"},
		{"unterminated heredoc", "FROM alpine\nRUN <<EOF\necho\n", 2, "unterminated heredoc"},
		{"heredoc terminated at the end of file", "FROM alpine\nRUN <<EOF\necho\nEOF", -1, ""},
		{"line too long", "FROM alpine\nRUN echo " + strings.Repeat("a", 70000) + "\nUSER x\n", 2, "line 2 is 70009 bytes long; BuildKit's Dockerfile parser (docker build) reads lines of at most 65535 bytes (64 KiB)"},
		{"longest line read", "FROM alpine\nRUN echo " + strings.Repeat("a", 65535-9) + "\nUSER x\n", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(source.New("Dockerfile", []byte(tt.text)))
			if tt.line < 0 {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			var e *source.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not a *source.Error", err)
			}
			if e.Line != tt.line || !strings.Contains(e.Msg, tt.msg) || strings.Contains(e.Error(), "\n") {
				t.Errorf("error %q at line %d, want line %d containing %q", e.Error(), e.Line, tt.line, tt.msg)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	f := parse(t, "FROM alpine as Base\nRUN echo \\\n\n  hi\n")
	var rules []string
	for _, w := range f.Warnings {
		rules = append(rules, fmt.Sprintf("%s@%d", w.Rule, w.Line))
	}
	got := strings.Join(rules, " ")
	for _, want := range []string{"NoEmptyContinuation", "FromAsCasing@1", "StageNameCasing@1"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings %s: missing %s", got, want)
		}
	}
}

// TestMounts pins how RUN --mount flags read, and that the typed command
// BuildKit made is left as it was.
func TestMounts(t *testing.T) {
	f := parse(t, "FROM alpine\nRUN --mount=type=cache,target=/root/.cache/ --mount=type=secret,id=npm,dst=/run/s --mount=source=.,target=/src,from=build --network=none true\n")
	ins := insAt(t, f, 2)
	var got []string
	for _, m := range ins.Mounts() {
		got = append(got, fmt.Sprintf("%s %s %s %s %s @%s", m.Type, m.Target, m.Source, m.From, m.ID, at(f.Source, m.Flag.Span)))
	}
	want := []string{
		"cache /root/.cache    @2:5-2:44",
		"secret /run/s   npm @2:45-2:82",
		"bind /src . build  @2:83-2:122",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mounts\n got %q\nwant %q", got, want)
	}
}
