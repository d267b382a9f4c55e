package lsp

import (
	"context"
	"fmt"
	"path/filepath"
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
// server: didChange over the JSON-RPC pipe, the lint, and the
// publishDiagnostics notification back, with no debounce. Rules, schema
// and data are built by the first lint, before the timer starts.
func BenchmarkChange(b *testing.B) {
	for _, c := range []struct{ name, file, lang, text string }{
		{"Dockerfile200", "Dockerfile", "dockerfile", dockerfile200()},
		{"Compose200", "compose.yaml", "yaml", compose200()},
	} {
		b.Run(c.name, func(b *testing.B) {
			if n := strings.Count(c.text, "\n"); n != 200 {
				b.Fatalf("%d lines", n)
			}
			dir := project(b)
			uri := fileURI(filepath.Join(dir, c.file))
			cl := startServer(b, testOptions())
			var res InitializeResult
			if err := cl.call("initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"debounce": 0}}, &res); err != nil {
				b.Fatal(err)
			}
			cl.notif("initialized", struct{}{})
			cl.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: c.lang, Version: 1, Text: c.text}})
			if len(cl.diagnostics(uri, 1)) == 0 {
				b.Fatal("no findings")
			}
			// Each edit changes one line, alternately, as typing does.
			edited := strings.Replace(c.text, "restart: unless-stopped", "restart: always", 1)
			edited = strings.Replace(edited, "WORKDIR /src", "WORKDIR /srv", 1)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				text := c.text
				if i%2 == 0 {
					text = edited
				}
				v := i + 2
				cl.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: v},
					ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
				cl.diagnostics(uri, v)
			}
			b.StopTimer()
			cl.shutdown()
		})
	}
}

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
