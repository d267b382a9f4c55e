package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// threeLatest has three identical lines with the same finding.
const threeLatest = "FROM alpine:latest\nRUN true\nFROM alpine:latest\nRUN true\nFROM alpine:latest\nUSER 10001\n"

// only keeps the findings of rule in a findings() list, so that rules
// added later do not change these tests.
func only(rule, list string) string {
	var out []string
	for _, f := range strings.Fields(list) {
		if strings.HasPrefix(f, rule+"@") {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}

func TestBaselineMatchesAcrossLineShifts(t *testing.T) {
	dir := gitRepo(t)
	df := writeFile(t, dir, "api/Dockerfile", latest)
	base := filepath.Join(dir, "seaworthy-baseline.json")

	out, errOut, code := seaworthy(t, "", "-f", "json", "--write-baseline", base, dir)
	if code != 0 || !strings.Contains(errOut, "recorded 1 findings in baseline") {
		t.Fatalf("write: exit %d %q", code, errOut)
	}
	if len(decode(t, out).Findings) != 1 {
		t.Errorf("--write-baseline still reports what it records: %s", out)
	}
	var b baselineFile
	data, _ := os.ReadFile(base)
	if err := json.Unmarshal(data, &b); err != nil || b.Version != 1 || len(b.Entries) != 1 {
		t.Fatalf("baseline file: %v\n%s", err, data)
	}
	if e := b.Entries[0]; e.Rule != "SW1102" || e.File != "api/Dockerfile" || e.Count != 1 || len(e.LineHash) != 16 || strings.Contains(string(data), "alpine") {
		t.Errorf("entry %+v\n%s", e, data)
	}

	// Same findings: nothing new.
	if out, _, code := seaworthy(t, "", "-f", "json", "--baseline", base, dir); code != 0 || len(decode(t, out).Findings) != 0 {
		t.Errorf("unchanged: exit %d %s", code, out)
	}
	// Lines added above and the line re-indented: still recorded.
	writeFile(t, dir, "api/Dockerfile", "# syntax=docker/dockerfile:1\n\n# the API\n   FROM  alpine:latest\nUSER 10001\n")
	if out, _, code := seaworthy(t, "", "-f", "json", "--baseline", base, dir); code != 0 || len(decode(t, out).Findings) != 0 {
		t.Errorf("after a line shift: exit %d %s", code, out)
	}
	// The line itself changes: a new finding.
	writeFile(t, dir, "api/Dockerfile", "FROM node:latest\nUSER 10001\n")
	out, _, code = seaworthy(t, "", "-f", "json", "--baseline", base, dir)
	if code != 1 || only("SW1102", findings(t, dir, out)) != "SW1102@api/Dockerfile" {
		t.Errorf("changed line: exit %d %s", code, out)
	}
	// The same text in another file is new too.
	writeFile(t, dir, "api/Dockerfile", latest)
	writeFile(t, dir, "web/Dockerfile", latest)
	out, _, _ = seaworthy(t, "", "-f", "json", "--baseline", base, dir)
	if got := only("SW1102", findings(t, dir, out)); got != "SW1102@web/Dockerfile" {
		t.Errorf("other file: %s", got)
	}
	// Paths are relative to the baseline file, so another working folder
	// or spelling of the path matches the same entries.
	if out, _, code := seaworthy(t, "", "-f", "json", "--baseline", base, df); code != 0 || len(decode(t, out).Findings) != 0 {
		t.Errorf("file named directly: exit %d %s", code, out)
	}
}

func TestBaselineCountsIdenticalLines(t *testing.T) {
	dir := gitRepo(t)
	writeFile(t, dir, "Dockerfile", threeLatest)
	base := filepath.Join(dir, "b.json")
	if _, errOut, code := seaworthy(t, "", "--write-baseline", base, dir); code != 0 {
		t.Fatalf("write: %d %q", code, errOut)
	}
	data, _ := os.ReadFile(base)
	if !strings.Contains(string(data), `"count": 3`) {
		t.Fatalf("identical lines are not counted:\n%s", data)
	}
	// A fourth identical line is one new finding.
	writeFile(t, dir, "Dockerfile", "FROM alpine:latest\nRUN true\n"+threeLatest)
	out, _, code := seaworthy(t, "", "-f", "json", "--baseline", base, dir)
	if code != 1 || only("SW1102", findings(t, dir, out)) != "SW1102@Dockerfile" {
		t.Errorf("fourth occurrence: exit %d %s", code, out)
	}
	// One removed: nothing new, and no complaint about the stale entry.
	writeFile(t, dir, "Dockerfile", "FROM alpine:latest\nRUN true\nFROM alpine:latest\nUSER 10001\n")
	if out, _, code := seaworthy(t, "", "-f", "json", "--baseline", base, dir); code != 0 || len(decode(t, out).Findings) != 0 {
		t.Errorf("fewer occurrences: exit %d %s", code, out)
	}
}

func TestBaselineErrors(t *testing.T) {
	dir := gitRepo(t)
	p := writeFile(t, dir, "Dockerfile", latest)
	cases := []struct{ text, want string }{
		{"", "baseline file not found"},
		{"{", "invalid baseline"},
		{`{"version": 2, "entries": []}`, "unsupported baseline version 2"},
		{`{"version": 1, "entries": [], "extra": 1}`, "invalid baseline"},
		{`{"version": 1, "entries": [{"rule": "SW1102", "file": "Dockerfile", "line_hash": "x", "count": 0}]}`, "entry 1 needs"},
	}
	for i, c := range cases {
		base := filepath.Join(dir, "b.json")
		os.Remove(base)
		if i > 0 {
			writeFile(t, dir, "b.json", c.text)
		}
		_, errOut, code := seaworthy(t, "", "--baseline", base, p)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d %q", c.text, code, errOut)
		}
		oneErrorLine(t, errOut)
	}
}
