package config

// Template is the commented default configuration `seaworthy config init`
// writes. Every key is shown, commented out, with its default.
func Template() string {
	return `# seaworthy configuration. seaworthy reads the nearest .seaworthy.yaml from each
# linted file's folder upwards (stopping at the repository root), or the file
# given with --config. Command-line flags win over this file. An unknown key
# or a bad value is an error (exit 2). Every key: docs/configuration.md
version: 1

# Rules to skip, by ID or name.
# ignore:
#   - SW1106
#   - base-image-not-minimal

# Rules that are off by default to turn on.
# enable:
#   - compose-image-no-digest

# Severity overrides: error, warning, info or style.
# severity:
#   base-image-latest: error

# Exit 1 on findings at or above: error, warning, info, style or none.
# failure-threshold: warning

# When set, base images must come from these registries (glob patterns;
# docker.io is the registry of names like "node").
# trusted-registries:
#   - docker.io
#   - "*.dkr.ecr.eu-west-1.amazonaws.com"

# Base images that may be used (when set, any other is a finding) and base
# images that may not (glob patterns, * matches anything).
# allowed-images:
#   - "node:*"
#   - "gcr.io/distroless/*"
# denied-images:
#   - "centos*"

# Labels every image must carry, each with the type of its value: text, url,
# rfc3339, semver, hash (a git commit), spdx (a license expression) or email.
# Set, it turns on the label rules (label-missing, label-not-url, ...); with
# strict-labels, labels not listed are reported too.
# label-schema:
#   org.opencontainers.image.source: url
#   org.opencontainers.image.licenses: spdx
# strict-labels: false

# Rule options, by rule ID or name (each rule's page lists its options).
# rules:
#   base-image-eol:
#     as-of: "2026-12-31"

# Extra files to lint when walking folders, and files to skip (globs
# relative to this file's folder; ** matches any folders).
# include:
#   - "docker/*.df"
# exclude:
#   - "testdata/**"
`
}
