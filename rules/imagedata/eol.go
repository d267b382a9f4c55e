package imagedata

import (
	"encoding/json"
	"fmt"
	"github.com/seaworthy-dev/seaworthy/rules"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The end-of-life data comes from data/eol.json (a copy of
// shared/data/eol.json: end-of-life cycles from endoflife.date, the Docker
// image names of each product and codename tables), compiled into
// image_eol_table.go by TestEOLTable, which fails when the table is stale.

type eolCycle struct {
	Cycle    string          `json:"cycle"`
	EOL      json.RawMessage `json:"eol"`
	Extended json.RawMessage `json:"extended_support_until"`
}

type eolProduct struct {
	Title  string     `json:"title"`
	Cycles []eolCycle `json:"cycles"`
}

// eolDB is eol.json decoded, with the snapshot date and codename tables.
type eolDB struct {
	products map[string]eolProduct
	images   map[string][]string
	asOf     time.Time         // the data snapshot: the default as-of date
	debian   map[string]string // codename -> cycle
	ubuntu   map[string]string
	node     map[string]string
}

// eol is built on first use: a run that checks no base image never pays
// for it.
var eol = sync.OnceValue(eolTable)

// EOLFinding is one end-of-life verdict about a base image.
type EOLFinding struct {
	Label    string // "Node.js 14", "Debian 10 (buster)"
	Date     string // the eol date, "" when only known to be over
	Ended    bool   // past end of life at the as-of date
	Days     int    // days left when not ended
	Extended string // extended (LTS, paid) support end, when after the as-of date
	// Regular is Debian's end of regular security support when the
	// verdict is about Debian LTS: InLTS while LTS still runs (Date is
	// then LTS's end), else Ended at LTS's end.
	Regular string
	InLTS   bool
	// Start and End locate the text in the tag that names the cycle
	// (-1 when it comes from the repository name).
	Start, End int
}

// Describe words the verdict about subject ("base image \"node:14\"")
// for a finding. info is true when the release line is still supported,
// only not for long (within 90 days, or Debian LTS only): a finding at
// info, not at the rule's severity.
func (v EOLFinding) Describe(subject string) (msg string, info bool) {
	if v.InLTS {
		return fmt.Sprintf("%s (%s) is past its regular security support, which ended on %s; only Debian LTS updates continue, until %s; plan the move to a supported release", v.Label, subject, v.Regular, v.Date), true
	}
	if !v.Ended {
		return fmt.Sprintf("%s (%s) reaches end of life on %s, in %d days; plan the move to a supported release", v.Label, subject, v.Date, v.Days), true
	}
	when := "is past its end of life"
	if v.Date != "" {
		when = "reached end of life on " + v.Date
	}
	extra := ""
	if v.Regular != "" {
		extra = fmt.Sprintf(" (the end of Debian LTS; regular security support ended on %s)", v.Regular)
	}
	if v.Extended != "" {
		extra = fmt.Sprintf(" (only extended support continues, until %s)", v.Extended)
	}
	return fmt.Sprintf("%s (%s) %s%s; move to a supported release", v.Label, subject, when, extra), false
}

// distroTables are the distribution names a tag suffix can carry.
var (
	alpineSuffix = regexp.MustCompile(`^alpine(\d+\.\d+)$`)
	phpSuffix    = regexp.MustCompile(`^php(\d+\.\d+)$`)
	leadVersion  = regexp.MustCompile(`^\d+(\.\d+)*`)
	ubiRepo      = regexp.MustCompile(`(?:^|/)(?:ubi|rhel)(\d+)(?:[-/]|$)`)
	javaRepo     = regexp.MustCompile(`/openjdk-(\d+)$`)
)

// oldCodenames are Debian and Ubuntu codenames too old to have Docker images
// or too likely to be an ordinary word in a tag; they are only read as the
// distribution's own tag (debian:potato), never as a suffix of another image.
var oldCodenames = map[string]bool{
	"buzz": true, "rex": true, "bo": true, "hamm": true, "slink": true, "potato": true, "woody": true, "sarge": true, "etch": true, "lenny": true,
	"warty": true, "hoary": true, "breezy": true, "dapper": true, "edgy": true, "feisty": true, "gutsy": true, "hardy": true, "intrepid": true,
	"jaunty": true, "karmic": true, "groovy": true,
}

// skipProductVerdict lists products whose image tags do not say what the
// cycle dates are about: the openjdk image's GA tags were built from several
// upstreams (base-image-deprecated reports the image instead).
var skipProductVerdict = map[string]bool{"openjdk-builds-from-oracle": true}

// Product names what an image ships, from the end-of-life index: its
// product key ("postgresql") and title ("PostgreSQL").
type Product struct{ Key, Title string }

// Products returns what the image repository of ref ships, as the
// end-of-life index knows it (a base distribution is a product too), in
// the index's order; nil for an image it does not know.
func Products(ref Ref) []Product {
	var out []Product
	for _, k := range eolProducts(ref) {
		out = append(out, Product{Key: k, Title: eol().products[k].Title})
	}
	return out
}

// eolProducts returns the product keys of an image repository.
func eolProducts(ref Ref) []string {
	repo := strings.ToLower(ref.Repo)
	if ps, ok := eol().images[repo]; ok {
		return ps
	}
	// Red Hat's registries name the RHEL major in the repository (ubi7,
	// ubi9-minimal, rhel8/...), also for releases the index does not list.
	if (ref.Domain == "registry.access.redhat.com" || ref.Domain == "registry.redhat.io" || strings.HasPrefix(repo, "redhat/")) &&
		ubiRepo.MatchString(repo) && !javaRepo.MatchString(repo) {
		return []string{"rhel"}
	}
	return nil
}

// EOLVerdicts maps an image reference to the cycles its tag names (the
// product, and a distribution in the tag's suffix) and returns those past
// or near their end of life at asOf. Unknown images, moving tags and tags
// that do not map to a listed cycle give nothing.
func EOLVerdicts(ref Ref, asOf time.Time) []EOLFinding {
	products := eolProducts(ref)
	if len(products) == 0 || ref.Tag == "" {
		return nil
	}
	type hit struct {
		product, cycle, label string
		start, end            int
	}
	var hits []hit
	seen := map[string]bool{}
	add := func(product, cycle, label string, start, end int) {
		if seen[product+" "+cycle] {
			return
		}
		seen[product+" "+cycle] = true
		hits = append(hits, hit{product, cycle, label, start, end})
	}
	toks := tagTokens(ref.Tag)
	// The product's own cycle: from the repository name (UBI, Red Hat
	// OpenJDK) or from the tag's first word.
	for _, prod := range products {
		if skipProductVerdict[prod] {
			continue
		}
		if cycle, ok := repoCycle(prod, ref.Repo); ok {
			add(prod, cycle, "", -1, -1)
			continue
		}
		if cycle, a, b, ok := tagCycle(prod, toks[0]); ok {
			add(prod, cycle, codenameLabel(prod, cycle, ref.Tag[a:b]), a, b)
		}
	}
	// Distributions named anywhere in the tag.
	for i, t := range toks {
		first := i == 0
		switch {
		case alpineSuffix.MatchString(t.text):
			v := alpineSuffix.FindStringSubmatch(t.text)[1]
			if hasCycle("alpine", v) {
				add("alpine", v, "", t.start+len("alpine"), t.end)
			}
		case eol().debian[t.text] != "" && (first || !oldCodenames[t.text]):
			add("debian", eol().debian[t.text], fmt.Sprintf("Debian %s (%s)", eol().debian[t.text], t.text), t.start, t.end)
		case eol().ubuntu[t.text] != "" && (first || !oldCodenames[t.text]):
			add("ubuntu", eol().ubuntu[t.text], fmt.Sprintf("Ubuntu %s (%s)", eol().ubuntu[t.text], t.text), t.start, t.end)
		case (t.text == "debian" || t.text == "ubuntu") && i+1 < len(toks):
			next := toks[i+1]
			if v := leadVersion.FindString(next.text); v == next.text {
				if c, ok := longestCycle(t.text, v); ok {
					add(t.text, c, "", next.start, next.end)
				}
			}
		case phpSuffix.MatchString(t.text) && !eolHas(products, "php"):
			v := phpSuffix.FindStringSubmatch(t.text)[1]
			if hasCycle("php", v) {
				add("php", v, "", t.start+len("php"), t.end)
			}
		}
	}
	var out []EOLFinding
	for _, h := range hits {
		f, ok := eolStatus(h.product, h.cycle, asOf)
		if !ok {
			continue
		}
		if h.label != "" {
			f.Label = h.label
		}
		f.Start, f.End = h.start, h.end
		out = append(out, f)
	}
	return out
}

type tagToken struct {
	text       string
	start, end int
}

// tagTokens splits a tag on '-' keeping offsets: "3.11-slim-buster".
func tagTokens(tag string) []tagToken {
	var out []tagToken
	start := 0
	for i := 0; i <= len(tag); i++ {
		if i == len(tag) || tag[i] == '-' {
			out = append(out, tagToken{strings.ToLower(tag[start:i]), start, i})
			start = i + 1
		}
	}
	return out
}

// repoCycle reads the cycle from the repository name for images that
// carry it there (registry.access.redhat.com/ubi8/ubi-minimal, ubi9/openjdk-17).
func repoCycle(product, repo string) (string, bool) {
	var m []string
	switch product {
	case "rhel":
		m = ubiRepo.FindStringSubmatch(repo)
	case "red-hat-build-of-openjdk":
		m = javaRepo.FindStringSubmatch(repo)
	default:
		return "", false
	}
	if m == nil || !hasCycle(product, m[1]) {
		return "", false
	}
	return m[1], true
}

// tagCycle maps the first word of a tag to a cycle of product: a version
// (its longest prefix that is a listed cycle) or a codename.
func tagCycle(product string, t tagToken) (cycle string, start, end int, ok bool) {
	text, start := t.text, t.start
	for _, prefix := range []string{"centos", "stream"} {
		if (product == "centos" && prefix == "centos" || product == "centos-stream" && prefix == "stream") && strings.HasPrefix(text, prefix) {
			text, start = text[len(prefix):], start+len(prefix)
		}
	}
	if len(text) > 1 && text[0] == 'v' && text[1] >= '0' && text[1] <= '9' {
		text, start = text[1:], start+1
	}
	if v := leadVersion.FindString(text); v != "" {
		if c, ok := longestCycle(product, v); ok {
			return c, start, start + len(v), true
		}
		return "", 0, 0, false
	}
	var table map[string]string
	switch product {
	case "nodejs":
		table = eol().node
	case "debian":
		table = eol().debian
	case "ubuntu":
		table = eol().ubuntu
	}
	if c, found := table[text]; found && hasCycle(product, c) {
		return c, start, start + len(text), true
	}
	return "", 0, 0, false
}

// codenameLabel names a cycle reached through a codename tag: "Ubuntu
// 18.04 (bionic)", "Node.js 16 (gallium)".
func codenameLabel(product, cycle, tag string) string {
	for _, t := range []map[string]string{eol().node, eol().debian, eol().ubuntu} {
		if t[tag] == cycle {
			return fmt.Sprintf("%s %s (%s)", eol().products[product].Title, cycle, tag)
		}
	}
	return ""
}

// longestCycle finds the longest dotted prefix of version v that is a
// cycle of product: 14.21.3 -> 14 for Node.js, 3.11.4 -> 3.11 for Python.
func longestCycle(product, v string) (string, bool) {
	parts := strings.Split(v, ".")
	for n := len(parts); n > 0; n-- {
		c := strings.Join(parts[:n], ".")
		if hasCycle(product, c) {
			return c, true
		}
	}
	return "", false
}

func hasCycle(product, cycle string) bool {
	_, ok := findCycle(product, cycle)
	return ok
}

func findCycle(product, cycle string) (eolCycle, bool) {
	for _, c := range eol().products[product].Cycles {
		if c.Cycle == cycle {
			return c, true
		}
	}
	return eolCycle{}, false
}

// eolWarnDays is how close to its end of life a cycle gets an info finding.
const eolWarnDays = 90

// eolStatus reports a cycle that ended before asOf, or ends within
// eolWarnDays of it; ok is false for supported cycles and unknown dates.
func eolStatus(product, cycle string, asOf time.Time) (EOLFinding, bool) {
	c, ok := findCycle(product, cycle)
	if !ok {
		return EOLFinding{}, false
	}
	f := EOLFinding{Label: eol().products[product].Title + " " + cycle}
	var b bool
	var s string
	switch {
	case json.Unmarshal(c.EOL, &b) == nil:
		if !b {
			return EOLFinding{}, false
		}
		f.Ended = true
	case json.Unmarshal(c.EOL, &s) == nil:
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return EOLFinding{}, false
		}
		f.Date = s
		if d.Before(asOf) {
			f.Ended = true
		} else {
			f.Days = int(d.Sub(asOf).Hours() / 24)
			if f.Days > eolWarnDays {
				return EOLFinding{}, false
			}
		}
	default:
		return EOLFinding{}, false
	}
	var ext string
	if json.Unmarshal(c.Extended, &ext) != nil {
		return f, true
	}
	extDate, err := time.Parse(time.DateOnly, ext)
	if err != nil {
		return f, true
	}
	// Debian LTS is free and the Docker Official Images keep rebuilding a
	// release while it lasts, so LTS's end is the end of life that matters;
	// the end of regular support only earns an info finding.
	if product == "debian" && f.Ended && f.Date != "" {
		f.Regular, f.Date = f.Date, ext
		if extDate.After(asOf) {
			f.Ended, f.InLTS = false, true
			f.Days = int(extDate.Sub(asOf).Hours() / 24)
		}
		return f, true
	}
	if extDate.After(asOf) {
		f.Extended = ext
	}
	return f, true
}

// AsOfOption is the "as-of" option of the end-of-life rules (both kinds).
var AsOfOption = rules.Option{
	Name:    "as-of",
	Doc:     "the date (YYYY-MM-DD) end of life is judged at; default: the data's snapshot date, so output never depends on the clock",
	Example: `"2026-12-31"`,
	Check:   CheckDate,
}

// CheckDate accepts a YYYY-MM-DD date, quoted or not in YAML: the check of
// the rules' "as-of" option.
func CheckDate(v any) error {
	switch d := v.(type) {
	case time.Time:
		return nil
	case string:
		if _, err := time.Parse(time.DateOnly, d); err == nil {
			return nil
		}
	}
	return fmt.Errorf("want a date as YYYY-MM-DD, got %v", v)
}

// EOLAsOf is the date findings are judged at: the rule option "as-of"
// (YYYY-MM-DD) when set, else the data snapshot date, never the clock, so
// the same input always gives the same output.
func EOLAsOf(options map[string]any) time.Time {
	for _, key := range []string{"as-of", "as_of"} {
		switch v := options[key].(type) {
		case string:
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				return d
			}
		case time.Time:
			return v
		}
	}
	return eol().asOf
}

func eolHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
