package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2503 catches secrets written into the Compose file's environment.
var SW2503 = &rules.Rule{
	ID:               "SW2503",
	Name:             "compose-secret-in-environment",
	Kind:             rules.Compose,
	Severity:         rules.Error,
	SecuritySeverity: 8.5,
	Summary:          "Secret is written in the Compose file",
	Doc: "A password, token or key written as a literal in `environment:`, or as the default of an\n" +
		"interpolation (`${DB_PASSWORD:-changeme}`), is committed with the file: everyone with\n" +
		"the repository has it, it stays in the history, and it is the same in every deployment.\n" +
		"Environment variables are also shown by `docker inspect` and inherited by child\n" +
		"processes.\n\n" +
		"Take the value from the environment or an untracked `.env` file (`DB_PASSWORD:\n" +
		"${DB_PASSWORD}`, or `${DB_PASSWORD:?set DB_PASSWORD}` to fail when it is missing), or\n" +
		"better, use Compose `secrets:` and the `*_FILE` variables most official images read\n" +
		"(`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`). Names are matched by their parts\n" +
		"(`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, ...) and the usual abbreviations (`*_PASS`,\n" +
		"`*_PASSWD`, `*_PSW`, `*_PSWD`); `*_FILE`, `*_URL`, `*_USER` and similar names, booleans\n" +
		"and empty values are not reported, nor `*_ACCESS_KEY_ID`, which in Compose files is most\n" +
		"often the user name of a local MinIO. The value is never printed.",
	Tags: []string{"security", "secrets"},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, e := range s.Entries("environment") {
				text, ok := e.Text()
				if !ok || !isSecretName(e.Name) {
					continue
				}
				if how := literalSecret(text); how != "" {
					markSecret(p, e)
					reportPair(p, e.Node, "service %q sets %s to %s in the Compose file; take it from the environment (${%s}) or use secrets:", s.Name, e.Name, how, e.Name)
				}
			}
		}
	},
}
