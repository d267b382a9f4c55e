package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// `seaworthy lsp` speaks LSP on standard input and output and exits 0
// after shutdown and exit; --stdio is accepted, other arguments are not.
func TestLSPCommand(t *testing.T) {
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"seaworthy", "lsp", "--stdio"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"serverInfo":{"name":"seaworthy","version":"`+version+`"}`) ||
		!strings.Contains(stdout.String(), `"id":2,"result":null`) {
		t.Errorf("stdout: %s", stdout.String())
	}

	// The client goes away without exit: exit code 1.
	stdout.Reset()
	if code := run([]string{"seaworthy", "lsp"}, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Errorf("exit %d at end of input, want 1", code)
	}
	stderr.Reset()
	if code := run([]string{"seaworthy", "lsp", "Dockerfile"}, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "lsp takes no arguments") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
