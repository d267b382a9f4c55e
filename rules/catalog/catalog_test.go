package catalog

import (
	"testing"
)

// TestSecuritySeverity checks that every rule tagged security has its own
// score for GitHub code scanning, inside GitHub's range and off the 9.0
// boundary GitHub's documentation leaves unassigned, and that no other rule
// has one (a score makes GitHub treat alerts as security alerts).
func TestSecuritySeverity(t *testing.T) {
	for _, r := range All() {
		s := r.SecuritySeverity
		if !r.HasTag("security") {
			if s != 0 {
				t.Errorf("%s %s: security-severity %.1f on a rule not tagged security", r.ID, r.Name, s)
			}
			continue
		}
		if s <= 0 || s > 10 || s == 9.0 {
			t.Errorf("%s %s: security-severity %.1f, want a score in (0, 10] other than 9.0", r.ID, r.Name, s)
		}
	}
}
