package compose

import (
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// services lists the project's services; none when the pass has no project.
func services(p *rules.Pass) []*compose.Service {
	if p.Compose == nil {
		return nil
	}
	return p.Compose.Services()
}

// reportPair reports over `key: value` (or where the value entered the
// service), in the file where it was written.
func reportPair(p *rules.Pass, n *compose.Node, format string, args ...any) {
	p.ReportIn(n.File(), n.PairSpan(), nil, format, args...)
}

// reportValue reports over the value alone (a list item, a scalar).
func reportValue(p *rules.Pass, n *compose.Node, format string, args ...any) {
	p.ReportIn(n.File(), n.Span(), nil, format, args...)
}

// reportService reports something missing from a service, at its name.
func reportService(p *rules.Pass, s *compose.Service, format string, args ...any) {
	p.ReportIn(s.Key.File(), s.Key.KeySpan(), nil, format, args...)
}

// isHost reports whether a namespace setting shares the host's.
func isHost(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "host") }

// written is a value's text as written in the file, for messages: never the
// interpolated value.
func written(n *compose.Node) string { return n.Text() }

// markSecret marks the value of an environment-style entry as a secret
// (rules.Pass.Secret): the value alone, so that a message quoting it is
// masked and every finding on its line loses its snippet.
func markSecret(p *rules.Pass, e compose.Entry) {
	span := e.Node.Span()
	if e.Key == nil {
		// `- KEY=value`: the value starts after the first "="
		if i := strings.IndexByte(e.Node.Source(), '='); i >= 0 {
			span.Start += i + 1
		}
	}
	p.Secret(e.Node.File(), span)
}
