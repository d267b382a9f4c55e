package compose

import (
	"path"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2207 is the hardening check that host folders are mounted read-only.
var SW2207 = &rules.Rule{
	ID:               "SW2207",
	Name:             "compose-bind-mount-writable",
	Kind:             rules.Compose,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "Host folder is mounted read-write",
	Doc: "A bind mount without `:ro` lets the container write to the host's files: a compromised\n" +
		"service can plant code in the project folder, rewrite configuration the host or other\n" +
		"services read, or fill the host's disk.\n\n" +
		"Mount configuration and code read-only, and keep writable mounts for the folders the\n" +
		"service really writes to:\n\n" +
		"```yaml\nvolumes:\n  - ./nginx.conf:/etc/nginx/nginx.conf:ro\n  - type: bind\n    source: ./site\n    target: /usr/share/nginx/html\n    read_only: true\n```\n\n" +
		"Named volumes and tmpfs mounts are not reported. Runtime sockets and sensitive host\n" +
		"paths are reported by SW2201 and SW2202 instead. Off by default: data folders must be\n" +
		"writable, so this is for a hardening review.",
	Tags: []string{"security", "hardening"},
	Off:  true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, v := range s.Volumes() {
				if v.Type != "bind" || v.ReadOnly || strings.TrimSpace(v.Source) == "" {
					continue
				}
				if hp, ok := hostPath(p, v); ok && (isRuntimeSocket(hp) || narrowDevice(hp) || sensitiveMount(hp) != "") {
					continue // SW2201, SW2202, or a device folder
				}
				if src := strings.TrimSpace(v.Source); strings.HasPrefix(src, "/") && narrowDevice(path.Clean(src)) {
					continue
				}
				reportValue(p, v.At(), "service %q mounts host path %q read-write; add :ro unless the service writes there", s.Name, v.SourceText)
			}
		}
	},
}
