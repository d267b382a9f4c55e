package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2102 catches capabilities that open a way out of the container.
var SW2102 = &rules.Rule{
	ID:               "SW2102",
	Name:             "compose-dangerous-capability",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 7.5,
	Summary:          "Service adds a dangerous capability",
	Doc: "Some capabilities break the container's isolation: `SYS_MODULE` loads kernel modules,\n" +
		"`SYS_PTRACE` reads other processes' memory, `NET_ADMIN` rewrites the host's firewall when\n" +
		"the network is shared, `DAC_READ_SEARCH` reads any host file (the shocker exploit),\n" +
		"`SYS_RAWIO`, `SYS_BOOT`, `SYS_TIME`, `BPF`, `PERFMON`, `MAC_ADMIN`, `MAC_OVERRIDE`,\n" +
		"`SYSLOG` and `LINUX_IMMUTABLE` likewise.\n\n" +
		"Add a capability only when the service cannot work without it, and drop the rest with\n" +
		"`cap_drop: [ALL]`. `ALL` and `SYS_ADMIN` are reported by SW2103. Capabilities Docker\n" +
		"grants by default (`CHOWN`, `NET_BIND_SERVICE`, ...) are not reported.",
	Tags: []string{"security"},
	CIS:  []string{"5.4"},
	Run:  func(p *rules.Pass) { runCaps(p, dangerousCaps) },
}
