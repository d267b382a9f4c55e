package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretValue is an AWS secret access key as written in a Dockerfile; no
// output format may carry it (docs/security.md, "Never prints a secret").
const secretValue = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

// TestNoSecretInAnyFormat: the secret's line is never a snippet, by any
// rule (SW1813's legacy-ENV finding sits on it too, with a fix that would
// copy the value: the fix is dropped), and a link to a file outside the
// tree reads nothing of it, in every format.
func TestNoSecretInAnyFormat(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, outside, "credentials", "token="+marker+"\n")
	dir := t.TempDir()
	writeFile(t, dir, "Dockerfile", "FROM alpine:3.19\nENV AWS_SECRET_ACCESS_KEY "+secretValue+"\nUSER app\n")
	if err := os.Symlink(filepath.Join(outside, "credentials"), filepath.Join(dir, "Dockerfile.creds")); err != nil {
		t.Skip("symbolic links:", err)
	}
	for _, format := range []string{"text", "json", "sarif", "checkstyle", "gitlab", "github"} {
		out, errs, code := seaworthy(t, "", "-f", format, "--no-color", dir)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", format, code, errs)
		}
		for _, leak := range []string{secretValue, "K7MDENG", marker, "token="} {
			if strings.Contains(out, leak) || strings.Contains(errs, leak) {
				t.Errorf("%s: the output carries %q:\n%s%s", format, leak, out, errs)
			}
		}
		if !strings.Contains(out, "symlink leaves the project") {
			t.Errorf("%s: the link is not reported:\n%s", format, out)
		}
	}
	out, _, _ := seaworthy(t, "", "-f", "text", "--no-color", filepath.Join(dir, "Dockerfile"))
	if !strings.Contains(out, "SW1813") || strings.Contains(out, "| ENV") {
		t.Errorf("the legacy-ENV finding must be reported without its line:\n%s", out)
	}
}

const marker = "ghp_0utside0f0the0tree0000000000000000"

// TestExitCodeIncomplete: a file seaworthy could not lint fully (a limit,
// an internal error) exits 3, with one stderr line naming the file, even
// when other files have findings; a usage error still exits 2.
func TestExitCodeIncomplete(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("FROM alpine:3.19\nENV V0=aaaaaaaaaaaaaaaa\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "ENV V%d=${V%d}${V%d}\n", i, i-1, i-1)
	}
	bomb := writeFile(t, dir, "bomb/Dockerfile", b.String())
	other := writeFile(t, dir, "other/Dockerfile", "FROM alpine:latest\n")
	_, errs, code := seaworthy(t, "", "-f", "json", bomb, other)
	if code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "seaworthy: "+bomb+": not fully linted: ENV V12 would expand to more than 64 KiB") {
		t.Errorf("stderr %q", errs)
	}
	if _, _, code := seaworthy(t, "", "--format", "nope", other); code != 2 {
		t.Errorf("usage error: exit %d, want 2", code)
	}
}

// TestNestedConfigFromPullRequest: a .seaworthy.yaml added in a sub-folder
// turns rules off there. The report says which configuration applied to
// each file and notes the nested one; --no-nested-config ignores it.
func TestNestedConfigFromPullRequest(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, dir, ".git/HEAD", "ref: refs/heads/main\n")
	writeFile(t, dir, "sub/Dockerfile", "FROM alpine:latest\n")
	writeFile(t, dir, "sub/.seaworthy.yaml", "ignore: [SW1102, SW1201]\nfailure-threshold: none\n")

	out, errs, code := seaworthy(t, "", "--no-color", ".")
	if code != 0 {
		t.Errorf("with the nested config: exit %d, want 0 (it raises the threshold)\n%s", code, errs)
	}
	if !strings.Contains(out, "note: "+filepath.Join("sub", ".seaworthy.yaml")+" turns off SW1102, SW1201 and raises the failure threshold to none for the files below sub") {
		t.Errorf("no note about the nested configuration:\n%s", out)
	}
	out, _, _ = seaworthy(t, "", "-f", "json", ".")
	var r struct {
		Configs map[string]string `json:"configs"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Configs[filepath.Join("sub", "Dockerfile")] != filepath.Join("sub", ".seaworthy.yaml") {
		t.Errorf("configs %v", r.Configs)
	}
	out, _, code = seaworthy(t, "", "--no-color", "--no-nested-config", ".")
	if code != 1 || !strings.Contains(out, "SW1201") || strings.Contains(out, "note:") {
		t.Errorf("--no-nested-config: exit %d\n%s", code, out)
	}
}

// TestNoNetwork: nothing a file names is fetched: remote Compose includes
// (Git, HTTP, OCI), remote build contexts and ADD URLs. Every proxy variable
// points at a listener that fails the test on any connection, which would
// catch an HTTP or Git fetch even where DNS is unavailable.
func TestNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback listener:", err)
	}
	defer ln.Close()
	dialed := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
			dialed <- struct{}{}
		}
	}()
	proxy := "http://" + ln.Addr().String()
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"} {
		t.Setenv(k, proxy)
	}
	t.Setenv("NO_PROXY", "")
	dir := t.TempDir()
	writeFile(t, dir, "compose.yaml", "include:\n  - https://example.com/compose.yaml\n  - oci://example.com/app:1\n  - git@github.com:example/app.git\nservices:\n  app:\n    build: https://github.com/example/app.git#main\n")
	writeFile(t, dir, "Dockerfile", "FROM alpine:3.19\nADD https://example.com/app.tar.gz /app/\nUSER app\n")
	seaworthy(t, "", "-f", "json", dir)
	select {
	case <-dialed:
		t.Error("seaworthy opened a network connection while linting")
	case <-time.After(100 * time.Millisecond):
	}
}
