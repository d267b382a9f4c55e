package dockerfile

import (
	"sort"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1402 catches credentials written into the Dockerfile itself: they are
// in the repository's history and, for RUN, ENV and ADD, in the image.
var SW1402 = &rules.Rule{
	ID:               "SW1402",
	Name:             "hardcoded-credential",
	Kind:             rules.Dockerfile,
	Severity:         rules.Error,
	SecuritySeverity: 9.5,
	Summary:          "A credential is written in the Dockerfile",
	Doc: `A token, key or password written in a Dockerfile is in the repository for everyone who can read
it, forever (Git history keeps it after it is removed), and usually in the image as well: ` + "`RUN`" + `
command lines are recorded in the image history, ` + "`ENV`" + ` values in its configuration.

Revoke the credential, then pass it at build time with a secret mount, which never reaches a
layer or the history:

` + "```dockerfile" + `
RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \
    git clone "https://x-access-token:${GITHUB_TOKEN}@github.com/org/private.git"
` + "```" + `

Reported: credentials with a recognisable format anywhere in the file, comments included
(GitHub ` + "`ghp_`" + `/` + "`github_pat_`" + `, GitLab ` + "`glpat-`" + `, Slack ` + "`xox…-`" + `, Stripe ` + "`sk_live_`" + `, Google
` + "`AIza…`" + `, npm ` + "`npm_`" + `, PyPI ` + "`pypi-`" + `, PEM private-key headers, an AWS access key id with a secret
key beside it); and written passwords in ` + "`scheme://user:password@host`" + ` URLs and tokens in
` + "`https://<token>@host`" + ` URLs (in ` + "`RUN`" + `, ` + "`ENV`" + `, ` + "`ARG`" + `, ` + "`ADD`" + ` and ` + "`LABEL`" + `),
` + "`curl -u user:password`" + `, ` + "`wget --password=…`" + `, ` + "`docker login -p …`" + `, ` + "`sshpass -p …`" + ` and
` + "`htpasswd -b`" + `.

Not reported: values from variables (` + "`${TOKEN}`" + `, ` + "`$PASS`" + `), placeholders (` + "`<token>`" + `,
` + "`changeme`" + `, ` + "`password`" + `, ` + "`xxxx`" + `, AWS's documented example keys), and user names alone
(` + "`https://git@host`" + `). Messages name the kind of credential and where it is, never its value.`,
	Tags:        []string{"security", "secrets"},
	CIS:         []string{"4.10"},
	Equivalents: map[string][]string{rules.KICS: {"a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"}},
	Run:         runHardcodedCredential,
}

func runHardcodedCredential(p *rules.Pass) {
	h := &credHunt{p: p}
	h.formats()
	h.urls()
	runCalls(p, func(ins *df.Instruction, _ *shell.Script, c *shell.Call) { h.call(ins, c) })
}

type credHunt struct {
	p    *rules.Pass
	done map[int][]source.Span // reported spans by line
}

// report reports a credential once per place, naming its kind and where.
func (h *credHunt) report(span source.Span, kind string) {
	if h.done == nil {
		h.done = map[int][]source.Span{}
	}
	line := h.p.Source.Position(span.Start).Line
	for _, d := range h.done[line] {
		if span.Start < d.End && d.Start < span.End {
			return
		}
	}
	h.done[line] = append(h.done[line], span)
	h.p.Secret(h.p.Source, span)
	h.p.Reportf(span, "%s is written in %s; revoke it and pass it with a build secret (RUN --mount=type=secret) or at run time", kind, h.where(span.Start))
}

// where names the instruction holding offset off, or a comment.
func (h *credHunt) where(off int) string {
	all := h.p.Dockerfile.Instructions
	// Instructions are in file order: the candidate is the last one
	// starting at or before off.
	i := sort.Search(len(all), func(i int) bool { return all[i].Span.Start > off }) - 1
	if i >= 0 {
		ins := all[i]
		if off >= ins.Span.Start && off < ins.Span.End {
			if ins.OnBuild != nil {
				return "an ONBUILD " + ins.OnBuild.Keyword + " instruction"
			}
			if ins.Keyword != "" && strings.ContainsAny(ins.Keyword[:1], "AEIO") {
				return "an " + ins.Keyword + " instruction"
			}
			return "a " + ins.Keyword + " instruction"
		}
	}
	if line := strings.TrimSpace(h.p.Source.Line(h.p.Source.Position(off).Line)); strings.HasPrefix(line, "#") {
		return "a comment"
	}
	return "the Dockerfile"
}

// formats scans the whole file for credentials with a known format.
func (h *credHunt) formats() {
	text := h.p.Source.String()
	for _, f := range credentialFormats {
		if !f.mayMatch(text) {
			continue
		}
		for _, m := range f.re().FindAllStringSubmatchIndex(text, -1) {
			if f.body > 0 && placeholder(text[m[2*f.body]:m[2*f.body+1]]) {
				continue
			}
			h.report(source.Span{Start: m[0], End: m[1]}, f.kind)
		}
	}
	if !strings.Contains(text, "AKIA") && !strings.Contains(text, "ASIA") {
		return
	}
	for _, m := range awsKeyID().FindAllStringIndex(text, -1) {
		id := text[m[0]:m[1]]
		if placeholder(id[4:]) || !awsSecretNear(text, m[0]) {
			continue
		}
		h.report(source.Span{Start: m[0], End: m[1]}, "an AWS access key")
	}
}

// awsSecretNear looks for a random-looking 40-character secret key within
// three lines of offset off.
func awsSecretNear(text string, off int) bool {
	start, end := off, off
	for n := 0; n < 4 && start > 0; n++ {
		if i := strings.LastIndexByte(text[:start-1], '\n'); i >= 0 {
			start = i + 1
		} else {
			start = 0
		}
	}
	for n := 0; n < 4 && end < len(text); n++ {
		if i := strings.IndexByte(text[end+1:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(text)
		}
	}
	for _, m := range awsSecret().FindAllStringSubmatch(text[start:end], -1) {
		s := m[1]
		if !placeholder(s) && strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return true
		}
	}
	return false
}

// urls checks the words of ENV, ARG, ADD and LABEL, and every word of
// RUN, for URLs that carry a password or token.
func (h *credHunt) urls() {
	for _, ins := range h.p.Dockerfile.Instructions {
		target := ins.Effective()
		switch target.Keyword {
		case "ENV", "ARG", "ADD", "LABEL":
			for _, a := range target.Args {
				h.urlIn(a.Raw, func(x, y int) source.Span { return target.SubSpan(a, x, y) })
			}
		case "RUN":
			if target.Shell == nil {
				continue
			}
			for _, c := range target.Shell.Calls {
				for _, w := range append([]*shell.Word{c.NameWord}, c.Args...) {
					raw := h.p.Source.Text(w.Span)
					h.urlIn(raw, func(x, y int) source.Span {
						if w.Span.End-w.Span.Start != len(raw) || y > len(raw) {
							return w.Span
						}
						return source.Span{Start: w.Span.Start + x, End: w.Span.Start + y}
					})
				}
			}
		}
	}
}

func (h *credHunt) urlIn(raw string, span func(a, b int) source.Span) {
	for _, c := range credentialsInURLs(raw) {
		kind := "a password in a URL"
		if c[2] == 1 {
			kind = "an access token in a URL"
		}
		h.report(span(c[0], c[1]), kind)
	}
}

// valueSpan narrows a flag word (--password=x, -px) to the value's text.
func (h *credHunt) valueSpan(w *shell.Word, value string) source.Span {
	raw := h.p.Source.Text(w.Span)
	if i := strings.LastIndex(raw, value); i >= 0 && len(raw) == w.Span.End-w.Span.Start {
		return source.Span{Start: w.Span.Start + i, End: w.Span.Start + i + len(value)}
	}
	return w.Span
}

// call checks the flags and arguments of commands that take a password.
func (h *credHunt) call(_ *df.Instruction, c *shell.Call) {
	switch {
	case c.Is("curl"):
		if w, ok := c.FlagValue("u", "user", "proxy-user"); ok && w != nil && w.Literal {
			if _, pw, found := strings.Cut(w.Value, ":"); found && literalPassword(pw) {
				h.report(h.valueSpan(w, w.Value), "a password (curl -u user:password)")
			}
		}
	case c.Is("wget"):
		if w, ok := c.FlagValue("password", "http-password", "ftp-password", "proxy-password"); ok && w != nil && w.Literal && literalPassword(w.Value) {
			h.report(h.valueSpan(w, w.Value), "a password (wget --password)")
		}
	case c.Is("docker", "podman", "buildah", "skopeo", "helm", "oras", "crane"):
		login := c.Subcommand() == "login" || c.Is("helm") && c.Subcommand() == "registry"
		if !login {
			return
		}
		if w, ok := c.FlagValue("p", "password"); ok && w != nil && w.Literal && literalPassword(w.Value) {
			h.report(h.valueSpan(w, w.Value), "a registry password ("+c.Name+" login -p)")
		}
	case c.Is("sshpass"):
		if w, ok := c.FlagValue("p"); ok && w != nil && w.Literal && literalPassword(w.Value) {
			h.report(h.valueSpan(w, w.Value), "a password (sshpass -p)")
		}
	case c.Is("htpasswd"):
		if !c.HasFlag("b") {
			return
		}
		ps, need := c.Positionals(), 3 // file, user, password
		if c.HasFlag("n") {
			need = 2 // user, password: the result goes to standard output
		}
		if len(ps) >= need {
			w := ps[len(ps)-1]
			if w.Literal && literalPassword(w.Value) {
				h.report(w.Span, "a password (htpasswd -b)")
			}
		}
	}
}
