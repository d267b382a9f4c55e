package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dockerfile200 is a 200-line multi-stage Dockerfile of the usual
// instructions, with findings (unpinned packages, a latest tag, curl|sh).
func dockerfile200() string {
	var b strings.Builder
	b.WriteString("# syntax=docker/dockerfile:1\nARG BASE=debian:12\n")
	for stage := 0; strings.Count(b.String(), "\n") < 196; stage++ {
		fmt.Fprintf(&b, "FROM ${BASE} AS build%d\n", stage)
		b.WriteString("ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8\n")
		b.WriteString("WORKDIR /src\n")
		b.WriteString("RUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl ca-certificates git && \\\n    rm -rf /var/lib/apt/lists/*\n")
		b.WriteString("COPY package.json package-lock.json ./\n")
		b.WriteString("RUN npm install\n")
		b.WriteString("COPY . .\n")
		b.WriteString("RUN curl -fsSL https://example.com/install.sh | sh\n")
		b.WriteString("RUN set -eux; \\\n    make build; \\\n    make test\n")
		b.WriteString("EXPOSE 8080\n")
		b.WriteString("LABEL org.opencontainers.image.source=\"https://example.com/repo\"\n")
		b.WriteString("USER 1000\n")
		b.WriteString("HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\n")
		b.WriteString("CMD [\"node\", \"server.js\"]\n\n")
	}
	b.WriteString("FROM node:latest\nCOPY --from=build0 /src /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n")
	return trimLines(b.String(), 200)
}

// compose200 is a 200-line compose.yaml of twenty services.
func compose200() string {
	var b strings.Builder
	b.WriteString("name: bench\nservices:\n")
	for i := 0; i < 19; i++ {
		fmt.Fprintf(&b, "  svc%d:\n", i)
		fmt.Fprintf(&b, "    image: registry.example.com/team/svc%d:1.%d\n", i, i)
		b.WriteString("    restart: unless-stopped\n")
		fmt.Fprintf(&b, "    ports:\n      - \"%d:80\"\n", 8000+i)
		b.WriteString("    environment:\n      LOG_LEVEL: info\n      DB_URL: ${DB_URL:-postgres://db/app}\n")
		b.WriteString("    volumes:\n      - ./data:/data\n")
	}
	b.WriteString("networks:\n  default:\n    name: bench-net\n    driver: bridge\n")
	b.WriteString("volumes:\n  data:\n    driver: local\n    name: bench-data\n")
	return b.String()
}

func trimLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// BenchmarkChange measures one edit to new diagnostics, through the whole
// server: didChange over a pipe, the server's decode, the lint, and the
// publishDiagnostics notification written back, read whole by the client,
// which decodes its envelope (method, uri, version) to know it is the
// answer. Decoding the diagnostics into objects is the editor's own JSON
// library's work (BenchmarkDecodeDiagnostics measures Go's). Rules, schema
// and data are built by the first lint, before the timer starts; no
// debounce. Compose200/value edits a value compose-go never parses (its
// verdict is reused, compose.Verdicts), Compose200/structure a port
// (compose-go loads a reduced file of that service), Compose200/override
// the same port with a compose.override.yaml on disk (both files reduced),
// Compose200/network the top-level network's driver (no service kept).
func BenchmarkChange(b *testing.B) {
	override := "services:\n  svc0:\n    environment:\n      EXTRA: \"1\"\n  svc9:\n    ports:\n      - \"9009:90\"\n"
	for _, c := range []struct{ name, file, lang, text, old, new, override string }{
		{"Dockerfile200", "Dockerfile", "dockerfile", dockerfile200(), "WORKDIR /src", "WORKDIR /srv", ""},
		{"Compose200/value", "compose.yaml", "yaml", compose200(), "restart: unless-stopped", "restart: always", ""},
		{"Compose200/structure", "compose.yaml", "yaml", compose200(), `"8000:80"`, `"8000:81"`, ""},
		{"Compose200/override", "compose.yaml", "yaml", compose200(), `"8000:80"`, `"8000:81"`, override},
		{"Compose200/network", "compose.yaml", "yaml", compose200(), "driver: bridge", "driver: overlay", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			if n := strings.Count(c.text, "\n"); n != 200 {
				b.Fatalf("%d lines", n)
			}
			edited := strings.Replace(c.text, c.old, c.new, 1)
			if edited == c.text {
				b.Fatalf("%q not in the text", c.old)
			}
			dir := project(b)
			if c.override != "" {
				if err := os.WriteFile(filepath.Join(dir, "compose.override.yaml"), []byte(c.override), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			uri := fileURI(filepath.Join(dir, c.file))
			cl := startRaw(b)
			cl.send(b, 1, "initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"debounce": 0}})
			cl.await(b, func(e envelope) bool { return e.ID != nil && *e.ID == 1 })
			cl.send(b, 0, "initialized", struct{}{})
			cl.send(b, 0, "textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: c.lang, Version: 1, Text: c.text}})
			body := cl.published(b, uri, 1)
			var first PublishDiagnosticsParams
			if err := json.Unmarshal(body, &struct {
				Params *PublishDiagnosticsParams `json:"params"`
			}{&first}); err != nil || len(first.Diagnostics) == 0 {
				b.Fatalf("no findings (%v)", err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				text := c.text
				if i%2 == 0 {
					text = edited
				}
				v := i + 2
				cl.send(b, 0, "textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: v},
					ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
				cl.published(b, uri, v)
			}
			b.StopTimer()
			cl.close()
		})
	}
}

// BenchmarkDecodeDiagnostics is what a client written in Go with
// encoding/json pays to decode the publishDiagnostics of the 200-line
// compose.yaml into objects, apart from the server's work.
func BenchmarkDecodeDiagnostics(b *testing.B) {
	dir := project(b)
	uri := fileURI(filepath.Join(dir, "compose.yaml"))
	cl := startRaw(b)
	cl.send(b, 1, "initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"debounce": 0}})
	cl.await(b, func(e envelope) bool { return e.ID != nil && *e.ID == 1 })
	cl.send(b, 0, "initialized", struct{}{})
	cl.send(b, 0, "textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "yaml", Version: 1, Text: compose200()}})
	body := cl.published(b, uri, 1)
	cl.close()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m struct {
			Params PublishDiagnosticsParams `json:"params"`
		}
		if err := json.Unmarshal(body, &m); err != nil || len(m.Params.Diagnostics) == 0 {
			b.Fatal(err)
		}
	}
}

// rawClient speaks the protocol's framing itself, so that a benchmark
// times the server and not a client library.
type rawClient struct {
	w    io.WriteCloser
	r    *bufio.Reader
	done chan int
}

// envelope is the part of a message a client reads to route it.
type envelope struct {
	ID     *int   `json:"id"`
	Method string `json:"method"`
	Params struct {
		URI     string `json:"uri"`
		Version *int   `json:"version"`
	} `json:"params"`
}

func startRaw(b *testing.B) *rawClient {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	c := &rawClient{w: cw, r: bufio.NewReaderSize(cr, 1<<16), done: make(chan int, 1)}
	go func() { c.done <- Serve(context.Background(), sr, sw, testOptions()) }()
	return c
}

func (c *rawClient) send(b *testing.B, id int, method string, params any) {
	msg := map[string]any{"jsonrpc": "2.0", "method": method, "params": params}
	if id != 0 {
		msg["id"] = id
	}
	data, err := json.Marshal(msg)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(data), data); err != nil {
		b.Fatal(err)
	}
}

// next reads one message whole.
func (c *rawClient) next(b *testing.B) []byte {
	n := -1
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if n, err = strconv.Atoi(v); err != nil {
				b.Fatal(err)
			}
		}
	}
	if n < 0 {
		b.Fatal("no Content-Length")
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		b.Fatal(err)
	}
	return body
}

// await reads messages until one matches, and returns it.
func (c *rawClient) await(b *testing.B, match func(envelope) bool) []byte {
	for {
		body := c.next(b)
		var e envelope
		if err := json.Unmarshal(body, &e); err != nil {
			b.Fatal(err)
		}
		if e.ID != nil && e.Method != "" { // a request from the server: answer it
			c.reply(b, *e.ID)
			continue
		}
		if match(e) {
			return body
		}
	}
}

func (c *rawClient) reply(b *testing.B, id int) {
	data := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"result":null}`, id)
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(data), data); err != nil {
		b.Fatal(err)
	}
}

// published waits for the diagnostics of version v of uri.
func (c *rawClient) published(b *testing.B, uri string, v int) []byte {
	return c.await(b, func(e envelope) bool {
		return e.Method == "textDocument/publishDiagnostics" && e.Params.URI == uri && e.Params.Version != nil && *e.Params.Version == v
	})
}

func (c *rawClient) close() { _ = c.w.Close() }

// BenchmarkLint is the lint alone, without the protocol, for the split.
func BenchmarkLint(b *testing.B) {
	for _, c := range []struct {
		name, file string
		kind       string
		text       string
	}{
		{"Dockerfile200", "Dockerfile", "dockerfile", dockerfile200()},
		{"Compose200", "compose.yaml", "compose", compose200()},
	} {
		b.Run(c.name, func(b *testing.B) {
			dir := project(b)
			s := newServer(testOptions())
			s.loadConfigs()
			path := filepath.Join(dir, c.file)
			snap := snapshot{uri: fileURI(path), path: path, kind: kindOf(path, ""), version: 1, text: c.text,
				overlay: map[string][]byte{path: []byte(c.text)}, configs: s.configs}
			s.lintNow(context.Background(), snap)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.lint(context.Background(), snap)
			}
		})
	}
}
