package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/urfave/cli/v2"
)

// ruleJSON is the shape `seaworthy rules --format json` prints (DESIGN.md).
type ruleJSON struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Kind        rules.Kind          `json:"kind"`
	Severity    rules.Severity      `json:"severity"`
	Summary     string              `json:"summary"`
	HelpURI     string              `json:"help_uri"`
	Tags        []string            `json:"tags"`
	CIS         []string            `json:"cis"`
	Equivalents map[string][]string `json:"equivalents"`
	Fixable     bool                `json:"fixable"`
	Fix         string              `json:"fix"` // "safe", "unsafe" or "" (none)
	Enabled     bool                `json:"enabled"`
}

func listRules(w io.Writer, format string) error {
	all := catalog.All()
	switch format {
	case "json":
		out := make([]ruleJSON, 0, len(all))
		for _, r := range all {
			eq := r.Equivalents
			if eq == nil {
				eq = map[string][]string{}
			}
			out = append(out, ruleJSON{ID: r.ID, Name: r.Name, Kind: r.Kind, Severity: r.Severity, Summary: r.Summary,
				HelpURI: r.HelpURI(), Tags: nonNil(r.Tags), CIS: nonNil(r.CIS), Equivalents: eq, Fixable: r.Fixable, Fix: r.FixKind(), Enabled: !r.Off})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text", "":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tKIND\tSEVERITY\tSUMMARY")
		for _, r := range all {
			sev := r.Severity.String()
			if r.Off {
				sev += " (off)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Kind, sev, r.Summary)
		}
		return tw.Flush()
	}
	return cli.Exit(fmt.Sprintf("seaworthy: rules: unknown format %q (want text or json)", format), 2)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// explain prints a rule's documentation. A peer's rule ID (hadolint's
// DL3007, a BuildKit check name, a Trivy, KICS or Checkov ID) shows the
// seaworthy rules that declare it among their equivalents, so a user
// switching tools finds the rule that took over.
func explain(w io.Writer, name string) error {
	if r := catalog.Lookup(name); r != nil {
		_, err := io.WriteString(w, explainText(r))
		return err
	}
	peer, id, covering := byPeerRule(name)
	if len(covering) == 0 {
		return cli.Exit(fmt.Sprintf("seaworthy: explain: unknown rule %q (see `seaworthy rules`)", name), 2)
	}
	names := make([]string, len(covering))
	for i, r := range covering {
		names[i] = r.ID + " " + r.Name
	}
	fmt.Fprintf(w, "%s %s is covered by %s.\n", peer, id, strings.Join(names, ", "))
	for _, r := range covering {
		if _, err := io.WriteString(w, "\n"+explainText(r)); err != nil {
			return err
		}
	}
	return nil
}

// byPeerRule finds the rules that list name as a peer's rule, ignoring
// case (dl3007, stagenamecasing); the peer and the ID as the rules spell it.
func byPeerRule(name string) (peer, id string, out []*rules.Rule) {
	peers := map[string]bool{}
	for _, r := range catalog.All() {
		for p := range r.Equivalents {
			peers[p] = true
		}
	}
	sorted := make([]string, 0, len(peers))
	for p := range peers {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	for _, p := range sorted {
		for _, r := range catalog.All() {
			for _, e := range r.Equivalents[p] {
				if strings.EqualFold(e, name) {
					peer, id = p, e
					out = append(out, r)
					break
				}
			}
		}
		if len(out) > 0 {
			return peer, id, out
		}
	}
	return "", "", nil
}

// explainText is a rule's documentation as `seaworthy explain` prints it;
// the language server shows the same text on hover.
func explainText(r *rules.Rule) string {
	var b strings.Builder
	w := &b
	fmt.Fprintf(w, "%s %s (%s, %s)\n\n%s.\n\n%s\n", r.ID, r.Name, r.Kind, r.Severity, r.Summary, strings.TrimSpace(r.Doc))
	if len(r.Equivalents) > 0 {
		fmt.Fprintln(w, "\nEquivalent peer rules:")
		peers := make([]string, 0, len(r.Equivalents))
		for p := range r.Equivalents {
			peers = append(peers, p)
		}
		sort.Strings(peers)
		for _, p := range peers {
			fmt.Fprintf(w, "  %s: %s\n", p, strings.Join(r.Equivalents[p], ", "))
		}
	}
	if len(r.Options) > 0 {
		fmt.Fprintln(w, "\nOptions (.seaworthy.yaml, under rules:):")
		for _, o := range r.Options {
			fmt.Fprintf(w, "  %s: %s\n", o.Name, o.Doc)
		}
	}
	if len(r.CIS) > 0 {
		fmt.Fprintf(w, "\nCIS Docker Benchmark: %s\n", strings.Join(r.CIS, ", "))
	}
	fmt.Fprintf(w, "\nMore: %s\n", r.HelpURI())
	return b.String()
}
