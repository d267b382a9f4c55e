package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// neovim finds nvim, installing Debian's package in CI (as root) when it is
// missing. It skips the test, saying why, when Neovim cannot be had.
func neovim(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nvim"); err == nil {
		return p
	}
	if os.Getenv("CI") != "true" || os.Geteuid() != 0 {
		t.Skip("nvim is not installed (in CI, as root, the test installs Debian's neovim package; here: apt-get install neovim)")
	}
	for _, args := range [][]string{{"-o", "DPkg::Lock::Timeout=300", "update", "-qq"}, {"-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", "neovim"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("nvim is not installed and apt-get %s failed: %v\n%s", args[2], err, out)
		}
	}
	p, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is still not on PATH after apt-get install neovim")
	}
	return p
}

// TestNeovim runs Neovim's built-in LSP client headless against the real
// `seaworthy lsp` binary: the diagnostics it shows (converted by Neovim from
// UTF-16 to byte columns), the quick fixes it is offered, and that
// source.fixAll.seaworthy fixes the file on disk.
func TestNeovim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds seaworthy and starts Neovim")
	}
	nvim := neovim(t)
	dir := project(t)
	bin := filepath.Join(t.TempDir(), "seaworthy")
	build := exec.Command("go", "build", "-o", bin, "github.com/seaworthy-dev/seaworthy/cmd/seaworthy")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(file, []byte(dockerfileText), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "nvim_e2e.lua"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SW_BIN="+bin, "SW_FILE="+file, "SW_OUT="+out, "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	output, runErr := cmd.CombinedOutput()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result (%v): %v\n%s", runErr, err, output)
	}
	var res struct {
		Error       string
		Diagnostics []struct {
			Code     string
			Lnum     int
			Col      int
			EndLnum  int `json:"end_lnum"`
			EndCol   int `json:"end_col"`
			Severity int
			Source   string
		}
		Actions []string
		After   int
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	if res.Error != "" {
		t.Fatalf("in nvim: %s\n%s", res.Error, output)
	}
	// Neovim counts columns in bytes: "\tENV GREETING café ☕ 𝄞" ends at byte
	// 28 (é is 2 bytes, ☕ 3, 𝄞 4), which the server sent as UTF-16 character 23.
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, strings.Join([]string{d.Code, strconv.Itoa(d.Lnum), strconv.Itoa(d.Col), strconv.Itoa(d.EndLnum), strconv.Itoa(d.EndCol), strconv.Itoa(d.Severity), d.Source}, " "))
	}
	want := []string{
		"SW1802 0 17 0 19 4 seaworthy",
		"SW1813 1 5 1 28 2 seaworthy",
		"SW1512 2 23 2 26 4 seaworthy", // byte 23 ("☕" is 3 bytes, "𝄞" 4), sent as UTF-16 character 19
		"SW1808 6 0 6 10 4 seaworthy",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics in nvim:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantActions := "Use apt-get (SW1512)|Suppress apt-instead-of-apt-get (SW1512) on this line|Suppress apt-instead-of-apt-get (SW1512) in this file"
	if strings.Join(res.Actions, "|") != wantActions {
		t.Errorf("quick fixes in nvim: %q", res.Actions)
	}
	fixed, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	wantFile := "FROM alpine:3.22 AS build\n" +
		"\tENV GREETING=\"café ☕ 𝄞\"\n" +
		"RUN echo \"☕ 𝄞\" && apt-get install -y\n" +
		"FROM scratch\n" +
		"COPY --from=build /x /x\n" +
		"USER 1000\n" +
		"LABEL org.opencontainers.image.authors=\"me\"\n"
	if string(fixed) != wantFile {
		t.Errorf("the file after fixAll in nvim:\n%s\nwant:\n%s", fixed, wantFile)
	}
}
