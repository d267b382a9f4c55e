package dockerfile

import (
	"regexp"
	"strings"
	"testing"
)

// TestHasUserinfoBeforeRegexp checks that hasUserinfo, the scan that spares
// most URLs the urlUserinfo regexp, is true wherever the regexp matches, so
// skipping the regexp never loses a finding: over a set of URLs, and over
// every string of up to five pieces from the characters that matter.
// TestLazyRegexpsCompile compiles every regexp that is compiled on first
// use, so that a typo fails here rather than in a user's run.
func TestLazyRegexpsCompile(t *testing.T) {
	for _, f := range credentialFormats {
		if f.re() == nil {
			t.Errorf("%s: no regexp", f.kind)
		}
	}
	for _, re := range []func() *regexp.Regexp{awsKeyID, awsSecret, urlUserinfo} {
		_ = re()
	}
}

func TestHasUserinfoBeforeRegexp(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if urlUserinfo().MatchString(s) && !hasUserinfo(s) {
			t.Errorf("%q: urlUserinfo matches but hasUserinfo is false", s)
		}
	}
	for _, s := range []string{
		"https://user:pass@example.com/x", "https://token@github.com/o/r.git", "git+https://u:p@h",
		"curl https://example.com/a@b", "ftp://u:p@h ftp://h", "http://h/ https://u:p@h",
		"https://u:p\v@h", "s3://bucket/key", "https://example.com", "mailto:me@example.com",
		`"https://u:p@h"`, "`https://u:p@h`", "https://u:p@", "x://@h", "a://b:c:d@e",
	} {
		check(s)
		if hasUserinfo(s) && !strings.Contains(s, "@") {
			t.Errorf("%q: hasUserinfo true without an @", s)
		}
	}
	pieces := []string{"a", "://", "@", ":", "/", " ", "\t", "\v", `"`, "'", "`", "x.y"}
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			gen(prefix+p, n-1)
		}
	}
	gen("", 5)
	if hasUserinfo("curl -fsSL https://example.com/a@1.0/x && echo https://b/c") {
		t.Error("an @ in the path is not userinfo")
	}
}
