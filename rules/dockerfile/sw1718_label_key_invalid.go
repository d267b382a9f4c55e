package dockerfile

import (
	"fmt"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1718 checks label keys against Docker's naming guidelines, so that
// labels of different tools do not collide and tools can find them.
var SW1718 = &rules.Rule{
	ID:       "SW1718",
	Name:     "label-key-invalid",
	Kind:     rules.Dockerfile,
	Severity: rules.Style,
	Summary:  "Label key does not follow Docker's naming guidelines",
	Doc: md(`Docker's guidelines for label keys: begin with a lower-case letter and end with a lower-case
letter or digit; use only lower-case letters, digits, ´.´ and ´-´, never two ´.´ or two ´-´ in a
row; prefix keys with the reverse DNS of a domain you own (´com.example.release-date´), and
leave the ´com.docker.´, ´io.docker.´ and ´org.dockerproject.´ namespaces to Docker. Keys are
compared exactly, so ´Maintainer´ and ´maintainer´ are two different labels, and tools that
read the standard keys (´org.opencontainers.image.source´ and the like) miss a key written
another way.

´´´dockerfile
LABEL org.opencontainers.image.authors="team@example.com" \
      com.example.build-date="2024-05-01"
´´´

Not reported: keys written with a variable; the keys Docker Desktop extensions must use
(´com.docker.desktop.extension.*´, ´com.docker.extension.*´), Red Hat's
´com.redhat.license_terms´, the Operator SDK's ´operators.operatorframework.io.*´ and the
´RUN´, ´INSTALL´, ´UNINSTALL´ and ´STOP´ labels of the ´atomic´ command, which their tools
read as they are; ´ONBUILD LABEL´.`),
	Tags:        []string{"style"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3048"}},
	Run:         runLabelKeyInvalid,
}

// labelKeyAllowed are keys that break the guidelines but that a platform
// requires as they are, by prefix: Docker Desktop extensions, Red Hat's
// certification labels, Operator SDK bundle labels.
var labelKeyAllowed = []string{"com.docker.desktop.extension.", "com.docker.extension.", "com.redhat.license_terms", "operators.operatorframework.io."}

// labelKeyAtomic are the keys the atomic command (Project Atomic, Fedora,
// CentOS) reads to run, install, uninstall and stop a container.
var labelKeyAtomic = map[string]bool{"RUN": true, "INSTALL": true, "UNINSTALL": true, "STOP": true}

var labelReserved = []string{"com.docker.", "io.docker.", "org.dockerproject."}

func runLabelKeyInvalid(p *rules.Pass) {
	for _, l := range labelAllPairs(p.Dockerfile) {
		if !l.KeyKnown {
			continue
		}
		if why := labelKeyProblem(l.Key); why != "" {
			p.Reportf(l.KeySpan, "label key %q %s", l.Key, why)
		}
	}
}

// labelKeyProblem says what is wrong with a label key, "" when nothing.
func labelKeyProblem(k string) string {
	if labelKeyAtomic[k] {
		return ""
	}
	for _, a := range labelKeyAllowed {
		if strings.HasPrefix(k, a) {
			return ""
		}
	}
	for _, r := range labelReserved {
		if strings.HasPrefix(k, r) {
			return fmt.Sprintf("is in the %q namespace, which Docker reserves; prefix it with the reverse DNS of a domain you own (com.example.%s)", r, strings.TrimPrefix(k, r))
		}
	}
	const allowed = "Docker's guidelines allow lower-case letters, digits, '.' and '-' only"
	var bad []string
	seen := map[rune]bool{}
	for _, r := range k {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || seen[r] {
			continue
		}
		seen[r] = true
		bad = append(bad, fmt.Sprintf("%q", r))
	}
	hint := ""
	if s := labelKeySuggest(k); s != "" && s != k {
		hint = fmt.Sprintf(": use %q", s)
	}
	switch {
	case k == "":
		return "is empty"
	case strings.ToLower(k) != k && len(bad) == len(labelUpper(k)):
		return "has upper-case letters; " + allowed + hint
	case len(bad) > 0:
		return fmt.Sprintf("contains %s; %s%s", strings.Join(bad, ", "), allowed, hint)
	case k[0] < 'a' || k[0] > 'z':
		return "does not begin with a lower-case letter, as Docker's guidelines ask" + hint
	case strings.Contains(k, ".."), strings.Contains(k, "--"):
		return "has two '.' or two '-' in a row, which Docker's guidelines forbid" + hint
	case strings.HasSuffix(k, ".") || strings.HasSuffix(k, "-"):
		return "ends with '" + k[len(k)-1:] + "'; Docker's guidelines ask keys to end with a letter or digit" + hint
	}
	return ""
}

// labelUpper lists the distinct upper-case ASCII letters of k.
func labelUpper(k string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range k {
		if r >= 'A' && r <= 'Z' && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// labelKeySuggest rewrites k into a valid key when that is mechanical:
// lower case, '_' and ' ' as '-', runs of separators as one, trimmed ends.
// It returns "" when the result would still be invalid.
func labelKeySuggest(k string) string {
	var b strings.Builder
	var prev rune
	for _, r := range strings.ToLower(k) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r == '_' || r == ' ' || r == '-':
			r = '-'
		case r == '.':
		default:
			return ""
		}
		if (r == '-' || r == '.') && (prev == '-' || prev == '.') {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	s := strings.Trim(b.String(), ".-")
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return ""
	}
	return s
}
