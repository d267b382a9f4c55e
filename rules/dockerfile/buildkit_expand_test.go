package dockerfile

import (
	"maps"
	"testing"

	bkshell "github.com/moby/buildkit/frontend/dockerfile/shell"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
)

// TestBKExpandSameAsBuildKit checks bkExpand's shortcut for words that
// need no expansion, and its pooled lexers, against a new BuildKit lexer.
func TestBKExpandSameAsBuildKit(t *testing.T) {
	words := []string{
		"", "plain", "/usr/local/bin", "with space", "tab\there", "ünïcödé", "a\xffb",
		"$HOME", "${HOME}/x", "${MISSING:-d}", "'single $HOME'", `"double $HOME"`,
		`back\slash`, "back`tick", "<<EOF", "a<b", "trailing\\", "`", "$", "${", "${HOME",
	}
	env := bkEnv{"HOME": "/root", "PATH": defaultPath}
	for _, esc := range []byte{'\\', '`'} {
		f := &df.File{Escape: esc}
		for _, w := range words {
			want, wantErr := bkshell.NewLex(rune(esc)).ProcessWordWithMatches(w, env)
			got, gotErr := bkExpand(f, w, env)
			if (wantErr == nil) != (gotErr == nil) || got.Result != want.Result ||
				!maps.Equal(got.Matched, want.Matched) || !maps.Equal(got.Unmatched, want.Unmatched) {
				t.Errorf("escape %q, word %q: got %q %v %v (%v), want %q %v %v (%v)", esc, w,
					got.Result, got.Matched, got.Unmatched, gotErr, want.Result, want.Matched, want.Unmatched, wantErr)
			}
		}
	}
}
