package compose

import (
	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// SW2404 catches services the kernel's OOM killer may not stop.
var SW2404 = &rules.Rule{
	ID:       "SW2404",
	Name:     "compose-oom-kill-disabled",
	Kind:     rules.Compose,
	Severity: rules.Warning,
	Summary:  "Service disables the OOM killer",
	Doc: "`oom_kill_disable: true` stops the kernel from killing the container's processes when it\n" +
		"runs out of memory. With a memory limit, the processes then hang until memory is freed;\n" +
		"without one, the kernel kills other processes on the host instead, including the Docker\n" +
		"daemon and sshd (reported as an error).\n\n" +
		"Remove `oom_kill_disable`, set a memory limit (`deploy.resources.limits.memory` or\n" +
		"`mem_limit`), and let the restart policy bring the service back.",
	Tags:      []string{"reliability"},
	Fixable:   true,
	UnsafeFix: true,
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			n := s.Get("oom_kill_disable")
			if v, ok := n.Bool(); !ok || !v {
				continue
			}
			if limit(s, []string{"mem_limit"}, deployLimit("memory")) == nil {
				reportSeverityPair(p, rules.Error, n, "service %q sets %s without a memory limit: when it runs out of memory the kernel kills other processes on the host instead", s.Name, "oom_kill_disable: "+written(n))
				continue
			}
			reportPairRemovable(p, n, "Remove oom_kill_disable", "service %q sets %s: when it reaches its memory limit its processes hang instead of being restarted", s.Name, "oom_kill_disable: "+written(n))
		}
	},
}

// reportSeverityPair reports over `key: value`, in whichever file of the
// project it is written, at another severity than the rule's.
func reportSeverityPair(p *rules.Pass, sev rules.Severity, n *compose.Node, format string, args ...any) {
	p.ReportSeverityIn(n.File(), sev, n.PairSpan(), format, args...)
}
