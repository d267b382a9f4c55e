package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/template"
)

// secretWords are name parts that mark a secret (DB_PASSWORD, GITHUB_TOKEN).
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "secret": true, "token": true,
	"credential": true, "credentials": true, "passphrase": true, "apikey": true,
	"privatekey": true, "secretkey": true, "accesskey": true,
	"psw": true, "pswd": true, "pword": true, // DB_PSW, SMTP_PSWD (as the Dockerfile rules)
}

// keyQualifiers make a trailing KEY a secret (API_KEY, ENCRYPTION_KEY) where
// GPG_KEY or PUBLIC_KEY is public material.
var keyQualifiers = map[string]bool{
	"api": true, "private": true, "access": true, "secret": true, "encryption": true,
	"encrypt": true, "signing": true, "jwt": true, "master": true, "session": true,
	"app": true, "license": true, "hmac": true, "crypt": true, "client": true,
}

// notSecretSuffixes end names that describe a secret without holding one
// (PASSWORD_FILE, TOKEN_URL, SECRET_LENGTH, AUTH_METHOD).
var notSecretSuffixes = map[string]bool{
	"file": true, "path": true, "dir": true, "url": true, "uri": true, "length": true,
	"len": true, "enabled": true, "enable": true, "disabled": true, "disable": true,
	"algorithm": true, "method": true, "type": true, "mode": true, "provider": true,
	"host": true, "port": true, "user": true, "username": true, "name": true, "id": true,
	"expiry": true, "expires": true, "ttl": true, "timeout": true, "header": true,
	"endpoint": true, "issuer": true, "audience": true, "scope": true, "scopes": true,
	"realm": true, "policy": true, "required": true, "strategy": true, "lifetime": true,
	"rotation": true, "reset": true, "hash": true, "salt_rounds": true, "min": true,
	"max": true, "prefix": true, "version": true, "format": true, "location": true,
	"users": true, "usernames": true, "count": true,
}

// isSecretName reports whether an environment or build-arg name holds a
// secret, by its underscore-separated parts, case-insensitively.
func isSecretName(name string) bool {
	parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	if len(parts) == 0 || notSecretSuffixes[parts[len(parts)-1]] {
		return false
	}
	last := parts[len(parts)-1]
	if last == "pass" || last == "auth" && len(parts) > 1 && (parts[len(parts)-2] == "basic" || parts[len(parts)-2] == "http") {
		return true
	}
	for i, w := range parts {
		if secretWords[w] {
			return true
		}
		if w == "key" && i == len(parts)-1 && i > 0 && keyQualifiers[parts[i-1]] {
			return true
		}
	}
	return false
}

// literalSecret says how a value as written holds a literal secret: "a
// literal value", "a literal default" (${X:-changeme}), or "" when it only
// refers to variables or is empty or a plain flag.
func literalSecret(text string) string {
	t := strings.TrimSpace(text)
	if t == "" || isFlagLike(t) || isPlaceholder(t) {
		return ""
	}
	if !strings.Contains(t, "$") {
		return "a literal value"
	}
	rest := template.DefaultPattern.ReplaceAllStringFunc(t, func(m string) string { return "" })
	if strings.TrimSpace(rest) != "" {
		return "" // mixed text and variables: not clearly a literal secret
	}
	for _, m := range template.DefaultPattern.FindAllStringSubmatch(t, -1) {
		if def := defaultOf(m[0]); def != "" && !strings.Contains(def, "$") && !isFlagLike(def) {
			return "a literal default"
		}
	}
	return ""
}

// isPlaceholder reports template placeholders that app stores and
// generators substitute before the file is used: {APP_PASSWORD},
// {{ .Password }}, <your-token>, %DB_PASS%.
func isPlaceholder(v string) bool {
	v = strings.Trim(v, `"'`)
	if len(v) < 3 {
		return false
	}
	first, last := v[0], v[len(v)-1]
	return first == '{' && last == '}' || first == '<' && last == '>' || first == '%' && last == '%'
}

// defaultOf returns the default of ${X:-def} or ${X-def}, "" otherwise.
func defaultOf(ref string) string {
	if !strings.HasPrefix(ref, "${") || !strings.HasSuffix(ref, "}") {
		return ""
	}
	body := ref[2 : len(ref)-1]
	i := strings.IndexAny(body, ":-?+")
	if i < 0 {
		return ""
	}
	op := strings.TrimPrefix(body[i:], ":")
	if !strings.HasPrefix(op, "-") {
		return ""
	}
	return strings.TrimSpace(op[1:])
}

// isFlagLike reports booleans and short numbers, which are settings, not
// secrets (DISABLE_AUTH: "true").
func isFlagLike(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "true", "false", "yes", "no", "on", "off", "none", "null", "":
		return true
	}
	if len(v) <= 5 {
		for _, r := range v {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	return false
}
