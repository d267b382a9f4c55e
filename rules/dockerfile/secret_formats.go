package dockerfile

import (
	"regexp"
	"strings"
	"sync"
)

// lazyRegexp compiles expr on first use. The secret formats are the
// largest of the rules' regexps (their {36}-style counts unroll into long
// programs), and most files never reach them: their literal hints are
// absent. Compiling them at start-up cost every run about 0.3 ms.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// credentialFormat is a credential with a recognisable shape: a prefix
// its issuer puts on every token, or a PEM private-key header.
type credentialFormat struct {
	kind string
	re   func() *regexp.Regexp // compiled on first use
	// body is the submatch that carries the random part (0: none), checked
	// against placeholders such as ghp_xxxxxxxx…
	body int
	// hints are literals every match contains: the regexp (slow to scan a
	// whole file, its leading \b defeats the literal-prefix search) runs
	// only on text that holds one of them.
	hints []string
}

// mayMatch reports whether text can hold a match of f.
func (f credentialFormat) mayMatch(text string) bool {
	for _, h := range f.hints {
		if strings.Contains(text, h) {
			return true
		}
	}
	return false
}

// credentialFormats are high-confidence formats: a match is a credential,
// not a guess from a variable's name.
var credentialFormats = []credentialFormat{
	{"a GitHub token", lazyRegexp(`\b(?:ghp|gho|ghu|ghs|ghr)_([A-Za-z0-9]{36})\b`), 1, []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}},
	{"a GitHub fine-grained token", lazyRegexp(`\bgithub_pat_([A-Za-z0-9_]{60,})\b`), 1, []string{"github_pat_"}},
	{"a GitLab token", lazyRegexp(`\bglpat-([A-Za-z0-9_\-]{20,})`), 1, []string{"glpat-"}},
	{"a Slack token", lazyRegexp(`\bxox[abpr]-([A-Za-z0-9\-]{10,})`), 1, []string{"xox"}},
	{"a Stripe live key", lazyRegexp(`\b(?:sk|rk)_live_([A-Za-z0-9]{20,})\b`), 1, []string{"k_live_"}},
	{"a Google API key", lazyRegexp(`\bAIza([0-9A-Za-z_\-]{35})\b`), 1, []string{"AIza"}},
	{"an npm token", lazyRegexp(`\bnpm_([A-Za-z0-9]{36})\b`), 1, []string{"npm_"}},
	{"a PyPI token", lazyRegexp(`\bpypi-(AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})`), 1, []string{"pypi-AgEIcHlwaS5vcmc"}},
	{"a private key", lazyRegexp(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----`), 0, []string{"PRIVATE KEY"}},
}

// awsKeyID and awsSecret find an AWS access key pair: the id alone is not a
// secret, so it is reported only with a secret key near it.
var (
	awsKeyID  = lazyRegexp(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)
	awsSecret = lazyRegexp(`(?:^|[\s"'=:])([A-Za-z0-9/+]{40})(?:$|[\s"';])`)
)

// placeholderWords mark example values: a credential that contains one is a
// placeholder in documentation, not a secret.
var placeholderWords = []string{"example", "xxxx", "placeholder", "changeme", "change_me", "your", "dummy", "sample", "redacted", "fake", "test", "token_here", "secret_here", "<", ">", "{", "}", "..."}

// placeholder reports whether a credential body reads as a placeholder:
// placeholder words, or too few distinct characters to be random.
func placeholder(s string) bool {
	lower := strings.ToLower(s)
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	distinct := map[rune]bool{}
	for _, r := range s {
		distinct[r] = true
	}
	return len(s) >= 16 && len(distinct) < 8
}

// placeholderPasswords are passwords that stand for "put yours here".
var placeholderPasswords = map[string]bool{
	"password": true, "passwd": true, "pass": true, "pw": true, "pwd": true, "secret": true, "token": true, "changeme": true,
	"***": true, "****": true, "*****": true, "xxx": true, "x": true, "user": true, "username": true, "apikey": true, "api_key": true, "anonymous": true, "guest": true,
}

// literalPassword reports whether a password as written is a real value:
// not empty, not a variable or placeholder.
func literalPassword(pw string) bool {
	pw = strings.Trim(pw, `"'`)
	if pw == "" || strings.ContainsAny(pw, "$%<>{}") || placeholderPasswords[strings.ToLower(pw)] {
		return false
	}
	return !placeholder(pw) && strings.Trim(pw, "*xX.") != ""
}

// urlUserinfo finds scheme://user:password@ and scheme://token@ in text.
var urlUserinfo = lazyRegexp(`\b([a-zA-Z][a-zA-Z0-9+.\-]*)://([^/@\s:"'` + "`" + `]*)(?::([^/@\s"'` + "`" + `]*))?@[^\s/@"'` + "`" + `]`)

// tokenLike reports whether a user-only userinfo looks like an access token
// (https://<token>@github.com/…) rather than a user name (https://git@…).
func tokenLike(s string) bool {
	if len(s) < 20 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" {
		return false
	}
	return strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") && !placeholder(s)
}

// credentialInURL returns the byte range of the credential inside a URL in
// text, and its kind, for each URL that carries one.
func credentialsInURLs(text string) [][3]int {
	var out [][3]int // start, end, 0 = password, 1 = token
	if !hasUserinfo(text) {
		return nil
	}
	for _, m := range urlUserinfo().FindAllStringSubmatchIndex(text, -1) {
		scheme := strings.ToLower(text[m[2]:m[3]])
		user := text[m[4]:m[5]]
		if m[6] >= 0 {
			pw := text[m[6]:m[7]]
			if literalPassword(pw) && !strings.ContainsAny(user, "<>{}") {
				out = append(out, [3]int{m[6], m[7], 0})
			}
			continue
		}
		if (scheme == "https" || scheme == "http" || strings.HasSuffix(scheme, "+https")) && tokenLike(user) {
			out = append(out, [3]int{m[4], m[5], 1})
		}
	}
	return out
}

// hasUserinfo reports whether some "://" in text is followed by an "@"
// before the end of the authority (a "/", a blank, a quote): what
// urlUserinfo needs to match. Most URLs in Dockerfiles have none, and this
// scan spares them the regexp.
func hasUserinfo(text string) bool {
	for {
		i := strings.Index(text, "://")
		if i < 0 {
			return false
		}
		text = text[i+3:]
		end := strings.IndexAny(text, "/ \t\n\r\f\"'`") // \s and the other stops of urlUserinfo
		if end < 0 {
			end = len(text)
		}
		if strings.IndexByte(text[:end], '@') >= 0 {
			return true
		}
	}
}
