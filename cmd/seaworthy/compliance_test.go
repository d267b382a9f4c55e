package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds Debian's Chromium, installing it when the test runs in
// CI as root (CI=true, as .ci/run sets on a fresh machine); elsewhere a
// missing browser skips the test with a message that says how to get it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "true" || os.Geteuid() != 0 {
		t.Skip("chromium is not installed (apt-get install chromium); the compliance page's browser test is skipped")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	for _, args := range [][]string{{"-o", "DPkg::Lock::Timeout=300", "update", "-qq"}, {"-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", "chromium"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("chromium could not be installed (apt-get %s: %v): %s", args[2], err, lastLines(string(out), 3))
		}
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium installed but not on PATH")
	}
	return p
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " / ")
}

// runChromium runs headless Chromium with the flags this machine needs (no
// sandbox as root, no background network: the network is closed) and a
// fresh profile.
func runChromium(t *testing.T, bin string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, lastLines(errb.String(), 10))
	}
	return out.String(), errb.String()
}

// TestComplianceHTMLInChromium renders the compliance page in a real
// browser: the screenshot is not blank, the page logs nothing to the
// console (a blocked asset or a script error would), and the counts the
// browser shows are those of the JSON report of the same run.
func TestComplianceHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", seed)
	writeFile(t, dir, "compose.yaml", "services:\n  web:\n    image: nginx:latest\n    privileged: true\n    ports: [\"80:80\"]\n  db:\n    image: postgres:16\n")
	page := filepath.Join(dir, "report.html")
	if _, errs, code := seaworthy(t, "", "-f", "compliance-html", "-o", page, dir); code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	js, _, _ := seaworthy(t, "", "-f", "compliance-json", dir)
	var c struct {
		Summary struct {
			Dockerfiles  int `json:"dockerfiles"`
			ComposeFiles int `json:"compose_files"`
			Pass         int `json:"pass"`
			Fail         int `json:"fail"`
			NotChecked   int `json:"not_checked"`
			OutOfScope   int `json:"out_of_scope"`
		} `json:"summary"`
		Controls []struct{ ID, Status string } `json:"controls"`
	}
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatal(err)
	}
	if c.Summary.Fail == 0 || c.Summary.Pass == 0 || c.Summary.Dockerfiles != 1 || c.Summary.ComposeFiles != 1 {
		t.Fatalf("the fixture should both pass and fail controls: %+v", c.Summary)
	}

	dom, logs := runChromium(t, bin, "--dump-dom", "file://"+page)
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Refused to") {
			t.Errorf("console: %s", l)
		}
	}
	for id, want := range map[string]int{"count-pass": c.Summary.Pass, "count-fail": c.Summary.Fail,
		"count-not-checked": c.Summary.NotChecked, "count-out-of-scope": c.Summary.OutOfScope,
		"dockerfiles": c.Summary.Dockerfiles, "compose-files": c.Summary.ComposeFiles} {
		m := regexp.MustCompile(`id="` + id + `">(\d+)<`).FindStringSubmatch(dom)
		if m == nil || m[1] != fmt.Sprint(want) {
			t.Errorf("%s: the page shows %v, the JSON %d", id, m, want)
		}
	}
	rows := regexp.MustCompile(`data-control="([\d.]+)" data-status="([a-z ]+)"`).FindAllStringSubmatch(dom, -1)
	if len(rows) != len(c.Controls) {
		t.Fatalf("%d rows in the page, %d controls in the JSON", len(rows), len(c.Controls))
	}
	for i, r := range rows {
		if r[1] != c.Controls[i].ID || r[2] != c.Controls[i].Status {
			t.Errorf("row %d: %s %s, JSON %s %s", i, r[1], r[2], c.Controls[i].ID, c.Controls[i].Status)
		}
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--window-size=1280,1600", "--hide-scrollbars", "--screenshot="+shot, "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colours := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[r>>12<<8|g>>12<<4|bl>>12] = true
		}
	}
	if b.Dx() != 1280 || len(colours) < 4 {
		t.Errorf("the screenshot looks blank: %v, %d colours", b, len(colours))
	}
}
