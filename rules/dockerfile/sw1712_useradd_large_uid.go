package dockerfile

import (
	"strconv"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/shell"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW1712 catches useradd with a large UID and without -l: useradd then
// writes the user's record at offset UID in /var/log/lastlog and faillog,
// sparse files that image layers store at full size.
var SW1712 = &rules.Rule{
	ID:       "SW1712",
	Name:     "useradd-large-uid",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "useradd with a large UID and without -l bloats the image",
	Doc: hygMD(`´useradd´ records each new user in ´/var/log/lastlog´ and ´/var/log/faillog´ at an
offset proportional to the UID. On disk these are sparse files, but image layers store them in
full: a UID of 100000 adds about 30 MB, a UID of 1000000 about 300 MB, all zeros. ´-l´
(´--no-log-init´) skips those records:

´´´dockerfile
RUN useradd -l -u 100000 app
´´´

The fix adds ´-l´. Reported: ´useradd´ with a literal ´-u´/´--uid´ above 65535 and no ´-l´.
Not reported: smaller UIDs, UIDs given by variables, and ´adduser´.`),
	Tags:        []string{"best-practice"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3046"}},
	Fixable:     true,
	Run:         runUseraddLargeUID,
}

func runUseraddLargeUID(p *rules.Pass) {
	runCalls(p, func(_ *df.Instruction, _ *shell.Script, c *shell.Call) {
		if !c.Is("useradd") || c.HasFlag("l", "no-log-init") {
			return
		}
		v, ok := c.FlagValue("u", "uid")
		if !ok || v == nil || !v.Literal {
			return
		}
		uid, err := strconv.ParseUint(v.Value, 10, 64)
		if err != nil || uid <= 65535 {
			return
		}
		msg := "useradd -u %s without -l writes lastlog and faillog records at offset %s, which the layer stores in full; add -l (--no-log-init)"
		flag, _ := c.FlagWord("u", "uid")
		if flag.Span.End-flag.Span.Start != len(flag.Value) {
			p.Reportf(v.Span, msg, v.Value, v.Value) // written with escapes: no safe edit
			return
		}
		fix := &rules.Fix{Description: "add -l (--no-log-init)", Edits: []rules.Edit{
			rules.NewEdit(p.Source, hygAt(flag.Span.Start), "-l "),
		}}
		p.ReportFix(v.Span, fix, msg, v.Value, v.Value)
	})
}
