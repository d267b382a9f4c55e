package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2202 catches host system and credential folders mounted read-write.
var SW2202 = &rules.Rule{
	ID:               "SW2202",
	Name:             "compose-sensitive-host-mount",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 8.5,
	Summary:          "Service mounts a sensitive host path read-write",
	Doc: "A read-write bind mount of `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`,\n" +
		"`/usr`, `/lib`, `/bin`, `/sbin`, `/var/lib/docker`, `/var/lib/kubelet`, `/run`, `/home`, or\n" +
		"of a credentials folder (`~/.ssh`, `~/.aws`, `~/.docker`, `~/.kube`, `~/.gnupg`,\n" +
		"`~/.config/gcloud`) lets the container change the host: add a user in `/etc/passwd`, an\n" +
		"SSH key, a cron job, a kernel setting.\n\n" +
		"Mount only the file the service needs, read-only (`:ro`), or copy it into a volume.\n" +
		"Project folders (`./data`, `/home/me/app`) and named volumes are not reported;\n" +
		"read-only mounts are reported by SW2203 and runtime sockets by SW2201.",
	Tags:        []string{"security"},
	CIS:         []string{"5.6"},
	Equivalents: map[string][]string{rules.KICS: {"1c1325ff-831d-43a1-973e-839ae57dfcc0"}},
	Run:         func(p *rules.Pass) { runSensitiveMounts(p, false) },
}
