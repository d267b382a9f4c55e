package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/seaworthy-dev/seaworthy/parser/compose"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// client is an LSP client in the test process, talking to a server over pipes.
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	exit chan int

	mu         sync.Mutex
	published  map[string][]PublishDiagnosticsParams
	notify     chan struct{}
	registered []RegistrationParams
}

var loadCompose = engine.IncrementalCompose()

func testOptions() Options {
	return Options{Version: "test", LoadCompose: loadCompose, Env: map[string]string{}, Debounce: time.Millisecond,
		Explain: func(r *rules.Rule) string { return "EXPLAIN " + r.ID + "\n\n" + r.Summary }}
}

func startServer(t testing.TB, opts Options) *client {
	t.Helper()
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	c := &client{t: t, exit: make(chan int, 1), published: map[string][]PublishDiagnosticsParams{}, notify: make(chan struct{}, 1)}
	go func() { c.exit <- Serve(context.Background(), sr, sw, opts) }()
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(stdio{cr, cw}, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() { _ = c.conn.Close() })
	return c
}

func (c *client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Error(err)
		}
		c.mu.Lock()
		c.published[p.URI] = append(c.published[p.URI], p)
		c.mu.Unlock()
		select { // one pending wake-up is enough: waiters look at everything published
		case c.notify <- struct{}{}:
		default:
		}
	case "client/registerCapability":
		var p RegistrationParams
		_ = json.Unmarshal(*req.Params, &p)
		c.mu.Lock()
		c.registered = append(c.registered, p)
		c.mu.Unlock()
	}
	return nil, nil
}

// registrations waits up to 30 seconds for n client/registerCapability
// requests and returns those received.
func (c *client) registrations(n int) []RegistrationParams {
	deadline := time.Now().Add(30 * time.Second)
	for {
		c.mu.Lock()
		got := append([]RegistrationParams(nil), c.registered...)
		c.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (c *client) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

func (c *client) notif(method string, params any) {
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) initialize(caps string) {
	c.t.Helper()
	var res InitializeResult
	params := json.RawMessage(`{"processId":null,"rootUri":null,"capabilities":` + caps + `,"initializationOptions":{"debounce":1}}`)
	if err := c.call("initialize", params, &res); err != nil {
		c.t.Fatal(err)
	}
	if res.Capabilities.PositionEncoding != "utf-16" || res.Capabilities.TextDocumentSync.Change != syncFull || !res.Capabilities.HoverProvider {
		c.t.Fatalf("capabilities: %+v", res.Capabilities)
	}
	c.notif("initialized", struct{}{})
}

// diagnostics waits for diagnostics of version v of uri.
func (c *client) diagnostics(uri string, v int) []Diagnostic {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		c.mu.Lock()
		ps := c.published[uri]
		c.mu.Unlock()
		for i := len(ps) - 1; i >= 0; i-- {
			if ps[i].Version != nil && *ps[i].Version == v {
				return ps[i].Diagnostics
			}
		}
		select {
		case <-c.notify:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d (got %+v)", uri, v, ps)
		}
	}
}

func (c *client) shutdown() {
	c.t.Helper()
	if err := c.call("shutdown", nil, nil); err != nil {
		c.t.Fatal(err)
	}
	c.notif("exit", nil)
	select {
	case code := <-c.exit:
		if code != 0 {
			c.t.Errorf("exit code %d after shutdown, want 0", code)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("server did not exit")
	}
}

// project makes a folder that is a repository root, so that no
// .seaworthy.yaml above it applies.
func project(t testing.TB) string {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// apply applies LSP edits to text, as a client does: from the last to the first.
func apply(t *testing.T, text string, edits []TextEdit) string {
	t.Helper()
	ls := newLines(text)
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{ls.offset(e.Range.Start), ls.offset(e.Range.End), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

// editsFor takes the edits of one document from a workspace edit.
func editsFor(t *testing.T, e *WorkspaceEdit, uri string, version int) []TextEdit {
	t.Helper()
	if e == nil {
		t.Fatal("code action without an edit")
	}
	if len(e.DocumentChanges) > 0 {
		dc := e.DocumentChanges[0]
		if dc.TextDocument.URI != uri || dc.TextDocument.Version != version {
			t.Fatalf("edit for %s version %d, want %s version %d", dc.TextDocument.URI, dc.TextDocument.Version, uri, version)
		}
		return dc.Edits
	}
	return e.Changes[uri]
}

type want struct {
	code                 string
	line, start, endLine int
	end                  int
	severity             int
	fixable              bool
}

func checkDiagnostics(t *testing.T, got []Diagnostic, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d diagnostics, want %d: %+v", len(got), len(wants), got)
	}
	for i, w := range wants {
		d := got[i]
		r := Range{Start: Position{w.line, w.start}, End: Position{w.endLine, w.end}}
		if d.Code != w.code || d.Range != r || d.Severity != w.severity || d.Source != "seaworthy" {
			t.Errorf("diagnostic %d: %s %+v severity %d, want %s %+v severity %d", i, d.Code, d.Range, d.Severity, w.code, r, w.severity)
		}
		if d.CodeDescription == nil || d.CodeDescription.Href != rules.DocsBaseURI+w.code+".md" {
			t.Errorf("diagnostic %d: codeDescription %+v", i, d.CodeDescription)
		}
		if d.Data == nil || d.Data.Rule != w.code || (d.Data.Fix != nil) != w.fixable {
			t.Errorf("diagnostic %d: data %+v, want a fix: %v", i, d.Data, w.fixable)
		}
	}
}

// The Dockerfile exists only in the editor: it is linted from the text the
// client sent. Line 2 has a tab, accented letters, a character of the
// Basic Multilingual Plane and one outside it (two UTF-16 units).
const dockerfileText = "FROM alpine:3.22 as build\n" +
	"\tENV GREETING café ☕ 𝄞\n" +
	"RUN echo \"☕ 𝄞\" && apt install -y\n" +
	"FROM scratch\n" +
	"COPY --from=build /x /x\n" +
	"USER 1000\n" +
	"MAINTAINER me\n"

func TestDockerfileFixAll(t *testing.T) {
	dir := project(t)
	uri := fileURI(filepath.Join(dir, "Dockerfile"))
	c := startServer(t, testOptions())
	c.initialize(`{"workspace":{"workspaceEdit":{"documentChanges":true},"didChangeWatchedFiles":{"dynamicRegistration":true}},"textDocument":{"hover":{"contentFormat":["markdown","plaintext"]}}}`)
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "dockerfile", Version: 1, Text: dockerfileText}})

	got := c.diagnostics(uri, 1)
	checkDiagnostics(t, got, []want{
		{"SW1802", 0, 17, 0, 19, severityHint, true},
		// "\tENV GREETING café ☕ 𝄞": the tab is one character, 𝄞 two.
		{"SW1813", 1, 5, 1, 23, severityWarning, true},
		{"SW1512", 2, 19, 2, 22, severityHint, true},
		{"SW1808", 6, 0, 6, 10, severityHint, true},
	})
	if e := got[1].Data.Fix.Edits; len(e) != 1 || e[0].Range != (Range{Position{1, 13}, Position{1, 23}}) || e[0].NewText != `="café ☕ 𝄞"` {
		t.Errorf("SW1813 fix in data: %+v", e)
	}

	// Hover over the legacy ENV shows its explanation.
	var h Hover
	if err := c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: Position{1, 20}}, &h); err != nil {
		t.Fatal(err)
	}
	if h.Contents.Kind != "markdown" || !strings.HasPrefix(h.Contents.Value, "EXPLAIN SW1813") || h.Range == nil || *h.Range != got[1].Range {
		t.Errorf("hover: %+v", h)
	}

	// The quick fixes on line 3: apt-get, and the two suppressions.
	var actions []CodeAction
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri},
		Range: Range{Position{2, 20}, Position{2, 20}}}, &actions); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Kind+": "+a.Title)
	}
	wantTitles := []string{
		"quickfix: Use apt-get (SW1512)",
		"quickfix: Suppress apt-instead-of-apt-get (SW1512) on this line",
		"quickfix: Suppress apt-instead-of-apt-get (SW1512) in this file",
		"source.fixAll.seaworthy: Apply every safe seaworthy fix",
	}
	if strings.Join(titles, "\n") != strings.Join(wantTitles, "\n") {
		t.Fatalf("code actions:\n%s\nwant:\n%s", strings.Join(titles, "\n"), strings.Join(wantTitles, "\n"))
	}
	if got := apply(t, dockerfileText, editsFor(t, actions[1].Edit, uri, 1)); !strings.Contains(got, "\n# seaworthy ignore=SW1512\nRUN echo") {
		t.Errorf("line suppression gives:\n%s", got)
	}
	if got := apply(t, dockerfileText, editsFor(t, actions[2].Edit, uri, 1)); !strings.HasPrefix(got, "# seaworthy global ignore=SW1512\nFROM") {
		t.Errorf("file suppression gives:\n%s", got)
	}

	// source.fixAll.seaworthy, applied as the client applies edits, leaves nothing.
	actions = nil
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri},
		Context: CodeActionContext{Only: []string{"source.fixAll"}}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 || actions[0].Kind != kindFixAllSeaworth {
		t.Fatalf("fixAll: %+v", actions)
	}
	fixed := apply(t, dockerfileText, editsFor(t, actions[0].Edit, uri, 1))
	c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: fixed}}})
	if got := c.diagnostics(uri, 2); len(got) != 0 {
		t.Errorf("after fixAll:\n%s\ndiagnostics: %+v", fixed, got)
	}
	// The server registers its watchers from its own goroutine after
	// initialized, so the request may still be on its way.
	if reg := c.registrations(1); len(reg) != 1 || reg[0].Registrations[0].Method != "workspace/didChangeWatchedFiles" {
		t.Errorf("registrations: %+v", reg)
	}
	c.shutdown()
}

const composeText = `services:
  web:
    image: nginx:latest   # the web front
    user: "1000"
    read_only: true
    security_opt: [no-new-privileges:true]
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 128M, pids: 100}
`

func TestComposeSuppress(t *testing.T) {
	dir := project(t)
	uri := fileURI(filepath.Join(dir, "compose.yaml"))
	c := startServer(t, testOptions())
	c.initialize(`{}`)
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "yaml", Version: 1, Text: composeText}})
	got := c.diagnostics(uri, 1)
	checkDiagnostics(t, got, []want{{"SW2501", 2, 11, 2, 23, severityWarning, false}})

	var actions []CodeAction
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri},
		Range: got[0].Range, Context: CodeActionContext{Diagnostics: got}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) != 2 || actions[0].Title != "Suppress compose-image-unpinned (SW2501) on this line" {
		t.Fatalf("code actions: %+v", actions)
	}
	// The line ends in a comment, so the suppression goes on the line above.
	fixed := apply(t, composeText, editsFor(t, actions[0].Edit, uri, 1))
	if !strings.Contains(fixed, "  web:\n    # seaworthy ignore=SW2501\n    image: nginx:latest") {
		t.Errorf("suppression gives:\n%s", fixed)
	}
	c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: fixed}}})
	if got := c.diagnostics(uri, 2); len(got) != 0 {
		t.Errorf("after the suppression: %+v", got)
	}

	// Hover falls back to plain text for a client that does not say it
	// reads markdown; closing a document clears its diagnostics.
	c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: composeText}}})
	var h Hover
	if err := c.call("textDocument/hover", HoverParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: Position{2, 14}}, &h); err != nil {
		t.Fatal(err)
	}
	if h.Contents.Kind != "plaintext" || !strings.HasPrefix(h.Contents.Value, "EXPLAIN SW2501") {
		t.Errorf("hover: %+v", h)
	}
	c.diagnostics(uri, 3)
	c.notif("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	waitFor(t, c, uri, func(ds []Diagnostic) bool { return len(ds) == 0 })
	c.shutdown()
}

// An override file beside compose.yaml is merged from disk; a change to
// .seaworthy.yaml is read again when the client says it changed.
func TestComposeOverrideAndConfig(t *testing.T) {
	dir := project(t)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("compose.override.yaml", "services:\n  web:\n    privileged: true\n")
	uri := fileURI(filepath.Join(dir, "compose.yaml"))
	c := startServer(t, testOptions())
	c.initialize(`{}`)
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "yaml", Version: 1, Text: composeText}})
	// The override file makes the service privileged: the finding is in the
	// override file, so compose.yaml shows only its own.
	checkDiagnostics(t, c.diagnostics(uri, 1), []want{{"SW2501", 2, 11, 2, 23, severityWarning, false}})

	ouri := fileURI(filepath.Join(dir, "compose.override.yaml"))
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: ouri, LanguageID: "yaml", Version: 1, Text: "services:\n  web:\n    privileged: true\n"}})
	checkDiagnostics(t, c.diagnostics(ouri, 1), []want{{"SW2101", 2, 4, 2, 20, severityError, true}}) // an unsafe fix: a quick fix, not in fixAll
	// The override's unsaved text is what is merged, not the file on disk.
	c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: ouri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: "services:\n  web:\n    privileged: false\n"}}})
	checkDiagnostics(t, c.diagnostics(ouri, 2), nil)

	write(".seaworthy.yaml", "ignore: [compose-image-unpinned]\n")
	c.notif("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: fileURI(filepath.Join(dir, ".seaworthy.yaml")), Type: 1}}})
	waitFor(t, c, uri, func(ds []Diagnostic) bool { return len(ds) == 0 })

	// A file the configuration excludes gets no diagnostics; the others still do.
	write(".seaworthy.yaml", "exclude: [compose.override.yaml]\n")
	c.notif("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: fileURI(filepath.Join(dir, ".seaworthy.yaml")), Type: 2}}})
	waitFor(t, c, ouri, func(ds []Diagnostic) bool { return len(ds) == 0 })
	waitFor(t, c, uri, func(ds []Diagnostic) bool { return len(ds) == 1 && ds[0].Code == "SW2501" })

	// A client that watches no files still saves them: didSave reads the configuration again.
	write(".seaworthy.yaml", "ignore: [no-such-rule]\n")
	c.notif("textDocument/didSave", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: fileURI(filepath.Join(dir, ".seaworthy.yaml"))}})
	waitFor(t, c, uri, func(ds []Diagnostic) bool {
		return len(ds) == 1 && strings.Contains(ds[0].Message, "no-such-rule") && ds[0].Severity == severityError
	})
	c.shutdown()
}

// waitFor waits until the latest diagnostics of uri satisfy ok.
func waitFor(t *testing.T, c *client, uri string, ok func([]Diagnostic) bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		c.mu.Lock()
		ps := c.published[uri]
		c.mu.Unlock()
		if len(ps) > 0 && ok(ps[len(ps)-1].Diagnostics) {
			return
		}
		select {
		case <-c.notify:
		case <-deadline:
			t.Fatalf("diagnostics of %s never became what was expected; last: %+v", uri, ps[len(ps)-1])
		}
	}
}

// A loader that crashes gives a diagnostic, and one that never returns is
// abandoned; a request waiting on it can be cancelled. The server lives on.
func TestRobust(t *testing.T) {
	dir := project(t)
	release := make(chan struct{})
	opts := testOptions()
	opts.LintTimeout = time.Second
	opts.LoadCompose = func(files []*source.File, reader *source.Reader, env map[string]string) (*compose.Project, []*source.Error, error) {
		switch {
		case strings.Contains(string(files[0].Data), "crash"):
			panic("boom")
		case strings.Contains(string(files[0].Data), "hang"):
			<-release
		}
		return loadCompose(files, reader, env)
	}
	defer close(release)
	c := startServer(t, opts)

	// Before initialize, requests are refused.
	var jerr *jsonrpc2.Error
	if err := c.call("textDocument/hover", HoverParams{}, nil); !errors.As(err, &jerr) || jerr.Code != codeServerNotInitialized {
		t.Errorf("hover before initialize: %v", err)
	}
	c.initialize(`{}`)

	crash := fileURI(filepath.Join(dir, "compose.yaml"))
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: crash, LanguageID: "yaml", Version: 1, Text: "# crash\nservices: {}\n"}})
	if got := c.diagnostics(crash, 1); len(got) != 1 || got[0].Code != "SW0001" || !strings.Contains(got[0].Message, "internal error") {
		t.Errorf("crash: %+v", got)
	}

	hang := fileURI(filepath.Join(dir, "sub", "compose.yaml"))
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: hang, LanguageID: "yaml", Version: 1, Text: "# hang\nservices: {}\n"}})
	if got := c.diagnostics(hang, 1); len(got) != 1 || !strings.Contains(got[0].Message, "longer than 1s") {
		t.Errorf("hang: %+v", got)
	}

	// A code action on the hanging file lints it again; cancel it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: hang, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: "# hang again\nservices: {}\n"}}})
	w, err := c.conn.DispatchCall(ctx, "textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: hang}},
		jsonrpc2.PickID(jsonrpc2.ID{Num: 1000}))
	if err != nil {
		t.Fatal(err)
	}
	c.notif("$/cancelRequest", map[string]any{"id": 1000})
	err = w.Wait(ctx, nil)
	if !errors.As(err, &jerr) || jerr.Code != codeRequestCancelled {
		t.Errorf("cancelled code action: %v", err)
	}

	// The server still answers, and a large document is a diagnostic.
	big := fileURI(filepath.Join(dir, "Dockerfile"))
	c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: big, LanguageID: "dockerfile", Version: 1,
		Text: "FROM scratch\n" + strings.Repeat("# padding\n", 2<<20)}})
	if got := c.diagnostics(big, 1); len(got) != 1 || !strings.Contains(got[0].Message, "larger than") {
		t.Errorf("large file: %+v", got)
	}
	c.shutdown()
}

// exit without shutdown ends the server with code 1, as the protocol says;
// requests after shutdown are refused.
func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, testOptions())
	c.initialize(`{}`)
	c.notif("exit", nil)
	select {
	case code := <-c.exit:
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit")
	}

	c = startServer(t, testOptions())
	c.initialize(`{}`)
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	var jerr *jsonrpc2.Error
	if err := c.call("textDocument/hover", HoverParams{}, nil); !errors.As(err, &jerr) || jerr.Code != codeInvalidRequest {
		t.Errorf("hover after shutdown: %v", err)
	}
	c.notif("exit", nil)
	if code := <-c.exit; code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
}

// A value edit keeps compose-go's verdict (compose.Verdicts), and an edit
// that breaks the file is still reported: the verdict is reused only for
// strings compose-go never parses.
func TestComposeVerdictReuse(t *testing.T) {
	dir := project(t)
	uri := fileURI(filepath.Join(dir, "compose.yaml"))
	c := startServer(t, testOptions())
	c.initialize(`{}`)
	text := "services:\n  web:\n    image: nginx:1.27\n    environment:\n      LOG: info\n  db:\n    image: postgres:17\n  cache:\n    image: redis:7\n"
	port := func(p string) string {
		return strings.Replace(text, "image: redis:7\n", "image: redis:7\n    ports: [\""+p+"\"]\n", 1)
	}
	invalid := func(ds []Diagnostic) bool {
		for _, d := range ds {
			if d.Code == "SW0001" {
				return true
			}
		}
		return false
	}
	for v, step := range []struct {
		text    string
		invalid bool
	}{
		{text, false},
		{strings.Replace(text, "LOG: info", "LOG: debug", 1), false},
		{strings.Replace(text, "environment:", "environmen:", 1), true},
		{strings.Replace(text, "LOG: info", "LOG: trace", 1), false},
		{port("6379:6379"), false}, // judged on a reduced file: cache alone
		{port("6379:sixty"), true}, // refused there, so loaded whole
		{port("6380:6379"), false}, // not reduced: the last version was refused
		{port("6381:6379"), false}, // reduced again
		{strings.Replace(port("6381:6379"), "image: redis:7", "image: redis:7\n    depends_on: [dbx]", 1), false}, // a consistency error is not SW0001
	} {
		version := v + 1
		if version == 1 {
			c.notif("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "yaml", Version: 1, Text: step.text}})
		} else {
			c.notif("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: version},
				ContentChanges: []TextDocumentContentChangeEvent{{Text: step.text}}})
		}
		if got := invalid(c.diagnostics(uri, version)); got != step.invalid {
			t.Errorf("version %d: SW0001 %v, want %v", version, got, step.invalid)
		}
	}
}
