package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2203 catches host system and credential folders mounted read-only: less
// harmful than read-write, but they still leak host secrets.
var SW2203 = &rules.Rule{
	ID:               "SW2203",
	Name:             "compose-sensitive-host-mount-read-only",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 5.5,
	Summary:          "Service mounts a sensitive host path read-only",
	Doc: "A read-only mount of a host system folder or a credentials folder cannot change the\n" +
		"host, but it shows the container what it should not see: `/etc/shadow`, private keys in\n" +
		"`~/.ssh`, cloud credentials in `~/.aws`, every process's environment in `/proc`.\n\n" +
		"Mount only the single file the service needs. The time zone (`/etc/localtime`,\n" +
		"`/etc/timezone`, `/usr/share/zoneinfo`) mounted read-only is not reported.",
	Tags:        []string{"security"},
	CIS:         []string{"5.6"},
	Equivalents: map[string][]string{rules.KICS: {"1c1325ff-831d-43a1-973e-839ae57dfcc0"}},
	Run:         func(p *rules.Pass) { runSensitiveMounts(p, true) },
}
