package dockerfile

import (
	"regexp"
	"strings"
	"unicode"
)

// secretWords are name parts that mark a variable as holding a secret.
var secretWords = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "secret": true, "token": true, "apikey": true,
	"passphrase": true, "credential": true, "credentials": true, "privatekey": true, "secretkey": true,
	"accesskey": true, "clientsecret": true, "authtoken": true,
	// abbreviations: DB_PSW, SMTP_PSWD, ADMIN_PWORD (and *_PASS, below)
	"psw": true, "pswd": true, "pword": true,
}

// secretPairs are two adjacent parts that together mark a secret (API_KEY).
// SIGNING_KEY is not one: Dockerfiles set it to a public key's fingerprint.
var secretPairs = map[[2]string]bool{
	{"api", "key"}: true, {"private", "key"}: true, {"secret", "key"}: true, {"access", "key"}: true,
	{"client", "secret"}: true, {"auth", "token"}: true, {"encryption", "key"}: true,
	{"master", "key"}: true, {"license", "key"}: true, {"app", "key"}: true,
}

// notSecretSuffixes end names that hold a reference to a secret or a
// setting about it, never the secret itself.
var notSecretSuffixes = []string{
	"file", "path", "dir", "url", "uri", "length", "len", "enabled", "enable", "algorithm", "type", "name",
	"id", "keyid", "user", "username", "host", "port", "header", "endpoint", "region", "version",
	"expiry", "expires", "ttl", "timeout", "min", "max", "mode", "method", "format", "policy",
	"prefix", "command", "cmd", "location", "hash", "required", "disabled", "salt", "rounds", "fingerprint",
}

// SecretName reports whether a variable name names a secret, as the
// catalog of peers (hadolint DL3064, BuildKit SecretsUsedInArgOrEnv, Trivy
// DS031) agrees, minus their common false alarms (GPG_KEY, *_FILE, *_URL ...).
func SecretName(name string) bool {
	parts := nameParts(name)
	if len(parts) == 0 {
		return false
	}
	last := parts[len(parts)-1]
	if last == "pass" && len(parts) > 1 {
		return true // DB_PASS, REDIS_PASS: PASS alone is too common a word
	}
	if n := len(parts); n >= 3 && parts[n-3] == "access" && parts[n-2] == "key" && last == "id" {
		// AWS_ACCESS_KEY_ID (VITE_AWS_ACCESS_KEY_ID, ...): half of a key
		// pair, which secret scanners and the peers report with its secret.
		return true
	}
	for _, s := range notSecretSuffixes {
		if last == s {
			return false
		}
	}
	joined := strings.Join(parts, "")
	if joined == "pwd" || joined == "oldpwd" || strings.HasPrefix(joined, "gpgkey") || strings.HasSuffix(joined, "publickey") || joined == "keyid" {
		return false
	}
	if len(parts) >= 2 && parts[len(parts)-2] == "public" {
		return false
	}
	for i, p := range parts {
		if secretWords[p] {
			return true
		}
		if i+1 < len(parts) && secretPairs[[2]string{p, parts[i+1]}] {
			return true
		}
	}
	return false
}

// nameParts splits SNAKE_CASE, kebab-case and camelCase into lower-case parts.
func nameParts(name string) []string {
	var parts []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(runes[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return parts
}

// fileLike matches a file name such as resetOSPassword.sh or db.properties.
var fileLike = regexp.MustCompile(`^[\w.-]+\.(sh|py|rb|js|ts|txt|conf|cfg|ini|json|ya?ml|xml|properties|rsp|sql|env)$`)

// literalValue reports whether a value is written out, not empty and not
// only a reference to another variable.
func literalValue(v string) bool {
	v = strings.TrimSpace(strings.Trim(v, `"'`))
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "0", "1":
		return false // a switch about a secret, not a secret
	}
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || fileLike.MatchString(v) {
		return false // where a secret is kept, or a script that sets it
	}
	if strings.HasPrefix(v, "$") {
		inner := strings.TrimPrefix(v, "$")
		if strings.HasPrefix(inner, "{") && strings.HasSuffix(inner, "}") && !strings.ContainsAny(inner[1:len(inner)-1], "${}") {
			return false
		}
		if !strings.ContainsAny(inner, "${}/:@ ") {
			return false
		}
	}
	return true
}
