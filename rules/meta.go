package rules

// ParseError is reported by the engine for a file that does not parse: a
// Dockerfile BuildKit rejects, YAML that does not parse, or invalid Compose.
// The other files are still linted.
var ParseError = &Rule{
	ID:       "SW0001",
	Name:     "parse-error",
	Kind:     Meta,
	Severity: Error,
	Summary:  "The file cannot be parsed",
	Doc: `The file is not a valid Dockerfile or Compose file: ` + "`docker build`" + ` or
` + "`docker compose`" + ` would reject it too. The message gives the parser's reason and the
line where it stopped. No other rule runs on a file that does not parse.`,
	Tags: []string{"correctness"},
}

// UnusedSuppression is reported for an inline suppression that silenced
// nothing, so stale ones get cleaned up.
var UnusedSuppression = &Rule{
	ID:       "SW0002",
	Name:     "unused-suppression",
	Kind:     Meta,
	Severity: Info,
	Summary:  "An inline suppression silences nothing",
	Doc: `A ` + "`# seaworthy ignore=`" + ` (or ` + "`# hadolint ignore=`" + `) comment names a rule that
reports nothing where the comment applies. Remove the rule from the comment, or the whole
comment, so that suppressions stay meaningful.`,
	Tags: []string{"best-practice"},
}

// InlineSuppression reports every inline suppression comment, for teams
// that keep all suppressions in configuration, where they are reviewed in
// one place (hadolint's DL1001).
var InlineSuppression = &Rule{
	ID:       "SW0003",
	Name:     "inline-suppression",
	Kind:     Meta,
	Severity: Warning,
	Summary:  "An inline suppression comment is used",
	Doc: `Reports each ` + "`# seaworthy ignore=...`" + `, ` + "`# seaworthy global ignore=...`" + ` and
` + "`# hadolint ignore=...`" + ` comment, in Dockerfiles and Compose files. Off by default: turn it on
where every exception must be written in ` + "`.seaworthy.yaml`" + ` (` + "`ignore`" + `, ` + "`exclude`" + `,
severity overrides), so that it is reviewed with the configuration instead of being scattered
through the files. The suppressions still apply; this rule only reports them, and an inline
comment cannot silence it. BuildKit's ` + "`# check=skip=`" + ` directive is not reported: it
configures ` + "`docker build --check`" + ` itself.`,
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{Hadolint: {"DL1001"}},
	Off:         true,
}

// Metas are the rules the engine reports itself.
var Metas = []*Rule{ParseError, UnusedSuppression, InlineSuppression}
