package fix

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

func edit(start, end int, text string) rules.Edit {
	return rules.Edit{Span: source.Span{Start: start, End: end}, Text: text}
}

func finding(id, file string, safe bool, edits ...rules.Edit) rules.Finding {
	return rules.Finding{Rule: &rules.Rule{ID: id}, File: file, Fix: &rules.Fix{Edits: edits, Unsafe: !safe}}
}

func TestApplyKeepsBytesOutsideEdits(t *testing.T) {
	data := []byte("FROM a\r\n\tRUN x \\\r\n  y\r\n")
	got, err := Apply(data, []rules.Edit{edit(13, 14, "apt-get"), edit(0, 4, "from")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "from a\r\n\tRUN apt-get \\\r\n  y\r\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := Apply(data, []rules.Edit{edit(3, 40, "")}); err == nil {
		t.Error("an edit past the end was applied")
	}
	if _, err := Apply(data, []rules.Edit{edit(0, 5, ""), edit(3, 6, "")}); err == nil {
		t.Error("overlapping edits were applied")
	}
}

func TestSelect(t *testing.T) {
	fs := []rules.Finding{
		finding("SW1", "Dockerfile", true, edit(10, 20, "x")),
		finding("SW2", "Dockerfile", true, edit(15, 25, "y")), // overlaps SW1: next round
		finding("SW3", "Dockerfile", true, edit(20, 20, "z")), // inserts where SW1 ends: next round
		finding("SW4", "Dockerfile", true, edit(30, 31, "w")),
		finding("SW5", "Dockerfile", false, edit(40, 41, "u")), // unsafe
		finding("SW6", "compose.yaml", true, edit(0, 1, "v")),
		{Rule: &rules.Rule{ID: "SW7"}, File: "Dockerfile"}, // no fix
	}
	got := Select(fs, Options{}.Allowed)
	if e := got["Dockerfile"]; len(e) != 2 || e[0].Text != "x" || e[1].Text != "w" {
		t.Errorf("Dockerfile: %+v", e)
	}
	if e := got["compose.yaml"]; len(e) != 1 {
		t.Errorf("compose.yaml: %+v", e)
	}
	got = Select(fs, Options{Unsafe: true, Only: map[string]bool{"SW5": true}}.Allowed)
	if e := got["Dockerfile"]; len(e) != 1 || e[0].Text != "u" || len(got) != 1 {
		t.Errorf("only SW5, unsafe: %+v", got)
	}
	got = Select(fs, Options{Off: map[string]bool{"SW1": true}}.Allowed)
	if e := got["Dockerfile"]; len(e) != 2 || e[0].Text != "y" {
		t.Errorf("SW1 off: %+v", e)
	}
}

// The diff is one that git applies: checked with git itself when present.
func TestUnifiedAppliesWithGit(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
	after := "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\nadded"
	var buf bytes.Buffer
	if err := Unified(&buf, "f.txt", []byte(before), []byte(after)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"--- a/f.txt\n+++ b/f.txt\n", "@@ -1,4 +1,4 @@\n-a\n+A\n", "-l\n+L\n", "+added\n\\ No newline at end of file\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if err := Unified(&buf, "same", []byte(before), []byte(before)); err != nil || buf.String() != out {
		t.Error("equal files gave a diff")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed: the diff was checked by its text only")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(git, "apply", "-")
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, msg, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "f.txt")); string(got) != after {
		t.Errorf("git applied it to %q", got)
	}
}

// A file too large to match line by line still gives a correct diff.
func TestUnifiedLargeMiddle(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 3000; i++ {
		a.WriteString("x\n")
		b.WriteString("y\n")
	}
	var buf bytes.Buffer
	if err := Unified(&buf, "big", []byte(a.String()), []byte(b.String())); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "--- a/big\n+++ b/big\n@@ -1,3000 +1,3000 @@\n") {
		t.Errorf("%.80s", buf.String())
	}
}
