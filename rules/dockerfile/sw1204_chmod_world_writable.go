package dockerfile

import (
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1204 catches files and directories made writable by every user: any
// process in the container, whatever its user, can then replace them.
var SW1204 = &rules.Rule{
	ID:               "SW1204",
	Name:             "chmod-world-writable",
	Kind:             rules.Dockerfile,
	Severity:         rules.Warning,
	SecuritySeverity: 5.5,
	Summary:          "A mode makes files writable by every user",
	Doc: `` + "`chmod 777`" + `, ` + "`chmod -R a+w`" + `, ` + "`chmod o+w`" + ` or ` + "`COPY --chmod=666`" + ` let every user in the
container write the files: a compromised process running as any user can replace the
application's code, configuration or scripts that root runs later. It usually papers over an
ownership problem.

Give the files to the user that needs to write them, and keep the others' bits read-only:

` + "```dockerfile" + `
COPY --chown=app:app --chmod=755 app /app
RUN chown -R app:app /var/cache/app && chmod -R u+rwX,go+rX,go-w /var/cache/app
` + "```" + `

Reported: octal modes with the others-write bit (` + "`777`" + `, ` + "`666`" + `, ` + "`0757`" + `) and symbolic modes that
add it (` + "`o+w`" + `, ` + "`a+w`" + `, ` + "`ugo=rwx`" + `) in ` + "`chmod`" + ` (also through ` + "`find … -exec chmod`" + `),
` + "`mkdir -m`" + `, ` + "`install -m`" + ` and ` + "`COPY`" + `/` + "`ADD --chmod`" + `. Not reported: sticky modes
(` + "`1777`" + `, ` + "`a+rwx,o+t`" + `: shared directories such as ` + "`/tmp`" + `, where users cannot delete each
other's files), modes that remove the bit (` + "`o-w`" + `), folders the same ` + "`RUN`" + ` deletes
(` + "`tempDir=\"$(mktemp -d)\" && chmod 777 \"$tempDir\" … && rm -rf \"$tempDir\"`" + `), and ` + "`+w`" + ` without a class, which the build's
umask (022) limits to the owner.`,
	Tags: []string{"security"},
	Run:  runChmodWorldWritable,
}

func runChmodWorldWritable(p *rules.Pass) {
	sp := newScriptPaths(p.Source)
	for _, u := range modeUses(p) {
		e, ok := parseMode(u.mode, u.umask)
		if !ok || !e.othersWrite || e.sticky || sp.removedLater(u) {
			continue
		}
		p.Reportf(u.span, "%s %s makes files writable by every user; give them to the user that writes them (chown) and drop the others' write bit, or use a sticky mode (1777) for a shared directory", u.command, u.mode)
	}
}
