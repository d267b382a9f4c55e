package formatter

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
)

// Tool identity shared by the machine formats.
const (
	toolName       = "seaworthy"
	informationURI = "https://github.com/seaworthy-dev/seaworthy"
)

// slashPath is p with forward slashes, cleaned ("./api//Dockerfile" →
// "api/Dockerfile"): the repository-relative form CI systems (GitHub, GitLab,
// SARIF) match against their checkout, where "./api/Dockerfile" and
// "api/Dockerfile" must agree. An empty path stays empty.
func slashPath(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean(filepath.ToSlash(p))
}

// climbsOut reports whether a cleaned relative slash path leaves the folder
// it is relative to ("../x").
func climbsOut(p string) bool {
	return p == ".." || strings.HasPrefix(p, "../")
}

// repoPath is the path GitHub reads: relative paths are taken as relative to
// the repository root, so a path that climbs out of the current folder
// ("../api/Dockerfile", as given when seaworthy runs in a subfolder) is made
// absolute instead of being misread as a path in the repository; the runner
// (workflow commands) and upload-sarif (file:// URIs) turn absolute paths
// under the workspace back into repository-relative ones. Other paths are
// slashPath.
func repoPath(p string) string {
	s := slashPath(p)
	if climbsOut(s) {
		if abs, err := filepath.Abs(p); err == nil {
			return filepath.ToSlash(abs)
		}
	}
	return s
}

// isAbsPath reports whether p is absolute on this system or in Unix form,
// so a report made on one OS reads the same on another.
func isAbsPath(p string) bool {
	return filepath.IsAbs(p) || strings.HasPrefix(filepath.ToSlash(p), "/")
}

// FileURI turns a path as the user named it into a URI reference for SARIF:
// relative paths become percent-encoded relative references ("my dir/x" →
// "my%20dir/x"), and absolute ones, or relative ones that climb out of the
// current folder ("../x", see repoPath), become file:// URIs. relative tells
// whether the result is relative, i.e. whether it may take a %SRCROOT% base id.
func FileURI(p string) (uri string, relative bool) {
	p = repoPath(p)
	if isAbsPath(p) {
		abs := filepath.ToSlash(p)
		if !strings.HasPrefix(abs, "/") {
			abs = "/" + abs // Windows drive: file:///C:/repo/Dockerfile
		}
		return (&url.URL{Scheme: "file", Path: abs}).String(), false
	}
	// url.URL escapes spaces, '%', '?', '#' and non-ASCII, and prefixes "./"
	// when the first segment holds a ':' so it is not read as a scheme.
	return (&url.URL{Path: p}).String(), true
}

// ruleLabel is "ID name", the way every human-facing format names a rule.
func ruleLabel(r *rules.Rule) string {
	return strings.TrimSpace(r.ID + " " + r.Name)
}

// findingMessage is the finding's message, or the rule's summary when the
// message is empty: CI systems reject or hide annotations without text.
func findingMessage(f *rules.Finding) string {
	if strings.TrimSpace(f.Message) == "" {
		return ruleSummary(f.Rule)
	}
	return f.Message
}

// fileErrorMessage is the reason a file was not linted, never empty.
func fileErrorMessage(e FileError) string {
	if strings.TrimSpace(e.Message) == "" {
		return "could not be linted"
	}
	return e.Message
}
