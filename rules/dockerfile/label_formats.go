package dockerfile

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Validators of label values for the label-schema types. They read a label
// value, never shell text.

var labelSchemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// labelURL accepts an absolute URL: a scheme, and a host for the web
// schemes (hadolint's parseURI accepts any absolute URI, as this does).
func labelURL(v string) bool {
	if strings.ContainsAny(v, " \t\r\n") {
		return false
	}
	u, err := url.Parse(v)
	if err != nil || !labelSchemeRe.MatchString(u.Scheme) {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ftp", "ftps", "git", "ssh", "ws", "wss":
		return u.Host != ""
	}
	return u.Host != "" || u.Opaque != "" || u.Path != ""
}

// labelRFC3339 accepts an RFC 3339 date-time (2024-05-01T12:00:00Z, with
// optional fractions and a numeric offset; t and z may be lower-case).
func labelRFC3339(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(v))
	return err == nil
}

// labelSemVerRe is the regular expression semver.org gives for SemVer 2.0.0.
var labelSemVerRe = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

func labelSemVer(v string) bool { return labelSemVerRe.MatchString(v) }

// labelGitHash accepts a full SHA-1 (40 hex digits) or SHA-256 (64) commit
// id, or an abbreviation of at least 7 digits, as git prints them.
func labelGitHash(v string) bool {
	if len(v) < 7 || len(v) > 40 && len(v) != 64 {
		return false
	}
	return strings.Trim(v, "0123456789abcdefABCDEF") == ""
}

// labelEmail accepts an RFC 5322 address or address list: jo@example.com,
// "Jo Doe <jo@example.com>", "a@example.com, b@example.com".
func labelEmail(v string) bool {
	list, err := mail.ParseAddressList(v)
	return err == nil && len(list) > 0
}

// labelSPDX accepts an SPDX license expression (SPDX 2.3, annex D): known
// license identifiers (optionally with +), LicenseRef-x and
// DocumentRef-x:LicenseRef-y, joined by AND and OR, parentheses, and WITH
// a known exception; or NONE or NOASSERTION alone.
func labelSPDX(v string) bool {
	if v == "NONE" || v == "NOASSERTION" {
		return true
	}
	p := &labelSPDXParser{toks: labelSPDXTokens(v)}
	return p.expr(0) && p.i == len(p.toks)
}

func labelSPDXTokens(v string) []string {
	var toks []string
	cur := strings.Builder{}
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for _, r := range v {
		switch r {
		case '(', ')':
			flush()
			toks = append(toks, string(r))
		case ' ', '\t', '\n', '\r':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

type labelSPDXParser struct {
	toks []string
	i    int
}

func (p *labelSPDXParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *labelSPDXParser) op(name string) bool {
	if t := p.peek(); t == name || t == strings.ToLower(name) {
		p.i++
		return true
	}
	return false
}

// expr reads terms joined by OR (lowest precedence) and AND.
func (p *labelSPDXParser) expr(depth int) bool {
	if depth > 50 {
		return false
	}
	if !p.term(depth) {
		return false
	}
	for p.op("AND") || p.op("OR") {
		if !p.term(depth) {
			return false
		}
	}
	return true
}

func (p *labelSPDXParser) term(depth int) bool {
	if p.peek() == "(" {
		p.i++
		if !p.expr(depth+1) || p.peek() != ")" {
			return false
		}
		p.i++
		return true
	}
	t := p.peek()
	if !labelSPDXSimple(t) {
		return false
	}
	p.i++
	if p.op("WITH") {
		if !labelSPDXExceptions()[strings.ToLower(p.peek())] && !labelSPDXRef(p.peek(), "AdditionRef-") {
			return false
		}
		p.i++
	}
	return true
}

var labelSPDXIDRe = regexp.MustCompile(`^[A-Za-z0-9.-]+$`)

// labelSPDXSimple is a license id (with an optional +) or a license ref.
func labelSPDXSimple(t string) bool {
	if labelSPDXRef(t, "LicenseRef-") {
		return true
	}
	return labelSPDXLicenses()[strings.ToLower(strings.TrimSuffix(t, "+"))]
}

// labelSPDXRef matches [DocumentRef-x:]<prefix>y.
func labelSPDXRef(t, prefix string) bool {
	if doc, ref, ok := strings.Cut(t, ":"); ok {
		if !strings.HasPrefix(doc, "DocumentRef-") || !labelSPDXIDRe.MatchString(strings.TrimPrefix(doc, "DocumentRef-")) {
			return false
		}
		t = ref
	}
	return strings.HasPrefix(t, prefix) && labelSPDXIDRe.MatchString(strings.TrimPrefix(t, prefix))
}
