package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// A baseline records the findings a project accepts today, so that only new
// ones are reported (--write-baseline FILE, then --baseline FILE). The file
// is JSON (docs/configuration.md, "Baseline"):
//
//	{"version": 1, "entries": [
//	  {"rule": "SW1102", "file": "api/Dockerfile", "line_hash": "3f2a…", "count": 1}]}
//
// A finding matches an entry by rule ID, file (relative to the baseline's
// folder, slash-separated) and a hash of the text of its first line, trimmed
// and with runs of blanks made one space. Line numbers are not recorded, so
// edits elsewhere in the file do not revive recorded findings; count says
// how many findings share that key (identical lines), and only that many
// are silenced. The line is stored as a hash, never as text, because the
// line may hold a secret.
const baselineVersion = 1

type baselineFile struct {
	Version int             `json:"version"`
	Entries []baselineEntry `json:"entries"`
}

type baselineEntry struct {
	Rule     string `json:"rule"`
	File     string `json:"file"`
	LineHash string `json:"line_hash"`
	Count    int    `json:"count"`
}

type baselineKey struct{ rule, file, hash string }

// baselineKeyOf is the key a finding is matched by; base is the absolute
// folder of the baseline file.
func baselineKeyOf(f *rules.Finding, base string) baselineKey {
	file := f.File
	if abs, err := filepath.Abs(file); err == nil {
		if rel, err := filepath.Rel(base, abs); err == nil {
			file = rel
		}
	}
	text := ""
	switch {
	case f.Sensitive:
		// The line holds a secret: a hash of it could be reversed by
		// guessing a short password, so the (masked) message stands in.
		text = "message: " + f.Message
	case f.Source != nil && f.Start.Line >= 1 && f.Start.Line <= f.Source.LineCount():
		text = strings.Join(strings.Fields(f.Source.Line(f.Start.Line)), " ")
	}
	sum := sha256.Sum256([]byte(text))
	return baselineKey{rule: f.Rule.ID, file: filepath.ToSlash(file), hash: hex.EncodeToString(sum[:8])}
}

func baselineDir(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.Dir(abs), nil
}

// writeBaseline records findings in path.
func writeBaseline(path string, findings []rules.Finding) error {
	base, err := baselineDir(path)
	if err != nil {
		return err
	}
	counts := map[baselineKey]int{}
	for i := range findings {
		counts[baselineKeyOf(&findings[i], base)]++
	}
	out := baselineFile{Version: baselineVersion, Entries: []baselineEntry{}}
	for k, n := range counts {
		out.Entries = append(out.Entries, baselineEntry{Rule: k.rule, File: k.file, LineHash: k.hash, Count: n})
	}
	sort.Slice(out.Entries, func(i, j int) bool {
		a, b := out.Entries[i], out.Entries[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.LineHash < b.LineHash
	})
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing baseline %s: %w", path, err)
	}
	return nil
}

// maxBaseline bounds what is read of a baseline file: tens of thousands of
// entries fit in a few MiB.
const maxBaseline = 64 << 20

// loadBaseline reads a baseline file strictly: unknown fields, another
// version or a bad entry are errors.
func loadBaseline(path string) (map[baselineKey]int, error) {
	data, err := source.ReadRegular(path, maxBaseline) // named by the user: bounded, no tree check
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: baseline file not found (create it with --write-baseline)", path)
		}
		return nil, fmt.Errorf("%s: cannot read baseline: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b baselineFile
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: invalid baseline: %v", path, err) //nolint:errorlint // one line for the user
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("%s: unsupported baseline version %d (want %d)", path, b.Version, baselineVersion)
	}
	counts := map[baselineKey]int{}
	for i, e := range b.Entries {
		if e.Rule == "" || e.File == "" || e.LineHash == "" || e.Count < 1 {
			return nil, fmt.Errorf("%s: invalid baseline: entry %d needs rule, file, line_hash and a count of at least 1", path, i+1)
		}
		counts[baselineKey{rule: e.Rule, file: e.File, hash: e.LineHash}] += e.Count
	}
	return counts, nil
}

// applyBaseline drops the findings the baseline records, at most count per
// key, in report order; the others are new.
func applyBaseline(path string, counts map[baselineKey]int, findings []rules.Finding) []rules.Finding {
	base, err := baselineDir(path)
	if err != nil {
		return findings
	}
	out := findings[:0]
	for i := range findings {
		k := baselineKeyOf(&findings[i], base)
		if counts[k] > 0 {
			counts[k]--
			continue
		}
		out = append(out, findings[i])
	}
	return out
}
