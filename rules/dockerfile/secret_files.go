package dockerfile

import (
	"path"
	"strings"
)

// envTemplates are .env suffixes of files that document variables rather
// than hold them (.env.example).
var envTemplates = map[string]bool{
	"example": true, "sample": true, "template": true, "dist": true, "defaults": true, "default": true, "schema": true, "tpl": true, "tmpl": true,
}

// secretFileNames are base names of files that hold credentials.
var secretFileNames = map[string]string{
	".npmrc": "npm credentials", ".pypirc": "PyPI credentials", ".netrc": "netrc credentials", "_netrc": "netrc credentials",
	".git-credentials": "git credentials", "kubeconfig": "a Kubernetes config", "credentials.json": "a credentials file",
	"terraform.tfstate": "Terraform state (with its secrets)", "terraform.tfstate.backup": "Terraform state (with its secrets)",
	".pgpass": "PostgreSQL passwords", ".my.cnf": "MySQL credentials", "htpasswd": "a password file", ".htpasswd": "a password file",
	"id_rsa": "an SSH private key", "id_dsa": "an SSH private key", "id_ecdsa": "an SSH private key", "id_ed25519": "an SSH private key",
	"id_ecdsa_sk": "an SSH private key", "id_ed25519_sk": "an SSH private key",
}

// secretFile reports whether a path names a file that holds credentials,
// and what kind. Public halves (*.pub) and .env templates are not secrets.
func secretFile(p string) (string, bool) {
	p = strings.TrimSuffix(strings.ReplaceAll(p, `\`, "/"), "/")
	clean := path.Clean(p)
	base := path.Base(clean)
	lower := strings.ToLower(base)
	if strings.HasSuffix(lower, ".pub") || lower == "" || lower == "." {
		return "", false
	}
	for _, seg := range strings.Split(clean, "/") {
		switch seg {
		case ".ssh":
			if lower == "known_hosts" || lower == "config" || lower == "authorized_keys" || lower == "known_hosts.old" {
				return "", false
			}
			return "SSH keys", true
		case ".aws":
			if lower == "config" {
				return "", false
			}
			return "AWS credentials", true
		case ".docker":
			if lower == "config.json" {
				return "Docker registry credentials", true
			}
		case ".kube":
			if lower == "config" {
				return "a Kubernetes config", true
			}
		case ".gnupg":
			return "GnuPG keys", true
		}
	}
	if kind, ok := secretFileNames[lower]; ok {
		return kind, true
	}
	for _, k := range []string{"id_rsa", "id_ed25519", "id_ecdsa", "id_dsa"} {
		if strings.HasPrefix(lower, k+"_") || strings.HasPrefix(lower, k+".") {
			return "an SSH private key", true
		}
	}
	if lower == ".env" || strings.HasPrefix(lower, ".env.") && !envTemplates[strings.TrimPrefix(lower, ".env.")] {
		return "environment secrets (.env)", true
	}
	switch path.Ext(lower) {
	case ".p12", ".pfx", ".jks", ".keystore":
		return "a key store", true
	case ".pem", ".key":
		if privateKeyName(lower) {
			return "a private key", true
		}
	}
	return "", false
}

// privateKeyName tells private keys from certificates and public keys among
// .pem and .key files: server.key, privkey.pem, tls-key.pem are keys;
// ca.pem, cert.pem, fullchain.pem, nodesource.key (a repository signing
// key) are not.
func privateKeyName(base string) bool {
	stem := strings.TrimSuffix(base, path.Ext(base))
	if strings.Contains(stem, "pub") {
		return false
	}
	if path.Ext(base) == ".pem" {
		return strings.Contains(stem, "key") || strings.Contains(stem, "priv") || strings.HasPrefix(stem, "id_")
	}
	// .key: private unless it names a repository or signing key.
	for _, w := range []string{"gpg", "pgp", "apt", "repo", "release", "sign", "archive", "yarn", "nodesource", "docker", "apk", "rpm"} {
		if strings.Contains(stem, w) {
			return false
		}
	}
	return true
}
