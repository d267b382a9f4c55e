package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// SW2206 catches bind mounts whose mount events reach back to the host.
var SW2206 = &rules.Rule{
	ID:               "SW2206",
	Name:             "compose-mount-propagation-shared",
	Kind:             rules.Compose,
	Severity:         rules.Warning,
	SecuritySeverity: 6.0,
	Summary:          "Bind mount uses shared propagation",
	Doc: "With `shared` or `rshared` propagation, mounts the container makes below the bind\n" +
		"mount appear on the host too, and in every other container sharing it.\n\n" +
		"Use the default `rprivate`; storage plugins that need `rshared` should be the only ones.",
	Tags:        []string{"security"},
	CIS:         []string{"5.20"},
	Equivalents: map[string][]string{rules.KICS: {"baa452f0-1f21-4a25-ace5-844e7a5f410d"}},
	Run: func(p *rules.Pass) {
		for _, s := range services(p) {
			for _, v := range s.Volumes() {
				if v.Propagation == "shared" || v.Propagation == "rshared" {
					at := v.Node
					if v.PropagationNode != nil {
						at = v.PropagationNode
					}
					reportValue(p, at, "service %q mounts %q with %s propagation, so its mounts reach the host; use the default rprivate", s.Name, v.SourceText, v.Propagation)
				}
			}
		}
	},
}
