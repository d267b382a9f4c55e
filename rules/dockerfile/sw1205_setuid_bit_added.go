package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1205 catches setuid and setgid bits added in the build: each such
// program is a way for an unprivileged user to gain its owner's rights.
var SW1205 = &rules.Rule{
	ID:               "SW1205",
	Name:             "setuid-bit-added",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 6.0,
	Summary:          "A setuid or setgid bit is added",
	Doc: `A setuid program runs with its owner's rights (usually root) whoever starts it; a setgid
program with its group's. Each one in an image is a path from the container's non-root user to
root: a bug in the program, or a way to make it run other code, is a privilege escalation. CIS
Docker Benchmark 4.8 asks for setuid and setgid permissions to be removed from images.

Do not add the bits; grant the one capability a program needs instead (for ` + "`ping`" + `,
` + "`setcap cap_net_raw+ep`" + `, or nothing on Docker, which allows unprivileged ICMP sockets).

Reported: ` + "`chmod u+s`" + `, ` + "`g+s`" + `, ` + "`+s`" + `, octal modes with the 4000 or 2000 bit (` + "`4755`" + `,
` + "`2755`" + `) in ` + "`chmod`" + ` (also through ` + "`find … -exec chmod`" + `), ` + "`install -m`" + `, and ` + "`COPY --chmod=4755`" + `. Not reported: removing the bits (` + "`chmod a-s`" + `, the CIS remediation
` + "`find / -perm /6000 -type f -exec chmod a-s {} +`" + `), and the setgid bit alone on directories
(` + "`chmod -R g+s /srv/shared`" + `, ` + "`find … -type d -exec chmod g+s`" + `, a directory made with ` + "`mkdir`" + `
in the same RUN), where it only makes new files inherit the directory's group.`,
	Tags: []string{"security"},
	CIS:  []string{"4.8"},
	Run:  runSetuidBitAdded,
}

func runSetuidBitAdded(p *rules.Pass) {
	sp := newScriptPaths(p.Source)
	for _, u := range modeUses(p) {
		e, ok := parseMode(u.mode, u.umask)
		if !ok || !e.setuid && !e.setgid {
			continue
		}
		if !e.setuid && (u.recurse || sp.allDirectories(u)) || sp.removedLater(u) {
			continue
		}
		bits := "setuid"
		switch {
		case e.setuid && e.setgid:
			bits = "setuid and setgid"
		case e.setgid:
			bits = "setgid"
		}
		p.Reportf(u.span, "%s %s adds the %s bit, which lets any user run the program with its owner's rights; grant a capability instead (setcap) or drop the bit", u.command, u.mode, bits)
	}
}
