// Package lsp is `seaworthy lsp`: a language server (LSP 3.17 over standard
// input and output) that lints Dockerfiles and Compose files as they are
// typed, from the editor's text rather than from disk, and offers each
// rule's fix and seaworthy's own suppressions as code actions.
//
// The rules, the Compose schema and the image data are process-wide and
// built once, on first use; a configuration resolver is kept until a
// .seaworthy.yaml changes. Each lint runs in its own goroutine, so a file
// that crashes or hangs the linter becomes a diagnostic, not a dead server.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/catalog"
	"github.com/seaworthy-dev/seaworthy/rules/config"
	"github.com/seaworthy-dev/seaworthy/rules/engine"
)

// Options configure a server.
type Options struct {
	Version string
	// Explain is a rule's documentation as `seaworthy explain` prints it.
	Explain func(*rules.Rule) string
	// LoadCompose loads Compose projects (compose.Load in the command).
	LoadCompose engine.ComposeLoader
	// Env is the environment Compose interpolation reads.
	Env map[string]string
	// Debounce is how long after the last change a document is linted
	// (default 100 ms); the client's initializationOptions.debounce wins.
	Debounce time.Duration
	// LintTimeout bounds one lint (default engine.DefaultFileTimeout, the
	// command line's --file-timeout): past it the document gets a
	// diagnostic saying so, and the server carries on.
	LintTimeout time.Duration
	// MaxFileSize bounds a document's size (default engine.DefaultMaxFileSize).
	MaxFileSize int64
	// Log receives the protocol library's own errors (default: discarded).
	Log io.Writer
}

// DefaultDebounce is the pause after typing before a document is linted.
const DefaultDebounce = 100 * time.Millisecond

// Server states, in the order the protocol goes through them.
const (
	stateNew = iota
	stateRunning
	stateShutdown
)

// Server is one language server session.
type Server struct {
	opts Options
	conn *jsonrpc2.Conn
	// stream is conn's stream, for the messages the server encodes
	// itself (publishDiagnostics).
	stream *stream
	ready  chan struct{} // closed once conn is set

	mu       sync.Mutex
	state    int
	exited   chan struct{}
	exitCode int
	caps     ClientCapabilities
	explicit string // initializationOptions.config: one configuration file for every document
	configs  *config.Resolver
	cfgErr   error
	docs     map[string]*document // by URI
	requests map[string]context.CancelFunc

	pending map[string]bool // URIs to lint
	wake    chan struct{}
}

// document is one open file.
type document struct {
	uri     string
	path    string
	kind    rules.Kind // "" when seaworthy does not lint it
	version int
	text    string
	timer   *time.Timer
	result  *result // the last lint, maybe of an older version
}

// result is one lint of one version of a document.
type result struct {
	version  int
	text     string
	lines    *lines
	findings []rules.Finding // in this document
	diags    []Diagnostic    // findings[i] is diags[i]; extra diagnostics follow
}

// Serve runs a server over in and out until the client sends exit or
// closes its end, and returns the exit code the protocol asks for: 0 after
// shutdown, 1 otherwise.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) int {
	s := newServer(opts)
	s.stream = newStream(stdio{in, out})
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	s.conn = jsonrpc2.NewConn(ctx, s.stream, handler{s}, jsonrpc2.SetLogger(log.New(logw, "seaworthy lsp: ", 0)))
	close(s.ready)
	go s.worker(ctx)
	select {
	case <-s.conn.DisconnectNotify():
	case <-s.exited:
		_ = s.conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.exited:
		return s.exitCode
	default:
		return 1 // the client went away without exit
	}
}

func newServer(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.LintTimeout == 0 {
		opts.LintTimeout = engine.DefaultFileTimeout
	}
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = engine.DefaultMaxFileSize
	}
	if opts.Explain == nil {
		opts.Explain = func(r *rules.Rule) string { return r.ID + " " + r.Name + ": " + r.Summary }
	}
	return &Server{
		opts: opts, ready: make(chan struct{}), exited: make(chan struct{}), exitCode: 1,
		docs: map[string]*document{}, requests: map[string]context.CancelFunc{},
		pending: map[string]bool{}, wake: make(chan struct{}, 1),
	}
}

// stdio joins standard input and output into the stream the library reads.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	if c, ok := s.Reader.(io.Closer); ok {
		_ = c.Close()
	}
	if c, ok := s.Writer.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// handler holds the first message back until the server has its connection.
type handler struct{ s *Server }

func (h handler) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	<-h.s.ready
	h.s.Handle(ctx, conn, req)
}

// Handle is called by the library for every message, in the order they
// arrive. Notifications are handled here, in order, so that a request
// always sees the edits sent before it; requests run in their own
// goroutine, where $/cancelRequest can reach them.
func (s *Server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Notif {
		s.notification(ctx, req)
		return
	}
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case req.Method == "initialize":
		result, err := s.initialize(req)
		s.reply(ctx, req, result, err)
		return
	case req.Method == "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		s.reply(ctx, req, nil, nil)
		return
	case state == stateNew:
		s.reply(ctx, req, nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "the server is not initialized"})
		return
	case state == stateShutdown:
		s.reply(ctx, req, nil, &jsonrpc2.Error{Code: codeInvalidRequest, Message: "the server is shut down"})
		return
	}
	rctx, cancel := context.WithCancel(ctx)
	key := req.ID.String()
	s.mu.Lock()
	s.requests[key] = cancel
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.requests, key)
			s.mu.Unlock()
			cancel()
		}()
		result, err := s.request(rctx, req)
		if rctx.Err() != nil {
			result, err = nil, &jsonrpc2.Error{Code: codeRequestCancelled, Message: "request cancelled"}
		}
		s.reply(ctx, req, result, err)
	}()
}

// request answers one request; it recovers from a panic with an internal error.
func (s *Server) request(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, &jsonrpc2.Error{Code: codeInternalError, Message: fmt.Sprintf("internal error in %s: %v; please report it", req.Method, r)}
		}
	}()
	switch req.Method {
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.codeActions(ctx, &p), nil
	case "textDocument/hover":
		var p HoverParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.hover(ctx, &p), nil
	}
	return nil, &jsonrpc2.Error{Code: codeMethodNotFound, Message: "method not supported: " + req.Method}
}

func (s *Server) reply(ctx context.Context, req *jsonrpc2.Request, result any, err error) {
	if err == nil {
		_ = s.conn.Reply(ctx, req.ID, result)
		return
	}
	var je *jsonrpc2.Error
	if !errors.As(err, &je) {
		je = &jsonrpc2.Error{Code: codeInternalError, Message: err.Error()}
	}
	_ = s.conn.ReplyWithError(ctx, req.ID, je)
}

func decode(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: codeInvalidParams, Message: req.Method + ": no params"}
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: codeInvalidParams, Message: req.Method + ": " + err.Error()}
	}
	return nil
}

// initOptions are the settings a client may pass in initializationOptions.
type initOptions struct {
	// Debounce is the pause after the last change, in milliseconds.
	Debounce *int `json:"debounce"`
	// Config is a configuration file for every document (as --config).
	Config string `json:"config"`
}

func (s *Server) initialize(req *jsonrpc2.Request) (any, error) {
	var p InitializeParams
	if err := decode(req, &p); err != nil {
		return nil, err
	}
	var o initOptions
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		if err := json.Unmarshal(p.InitializationOptions, &o); err != nil {
			return nil, &jsonrpc2.Error{Code: codeInvalidParams, Message: "initializationOptions: " + err.Error()}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateNew {
		return nil, &jsonrpc2.Error{Code: codeInvalidRequest, Message: "initialize was already sent"}
	}
	s.caps = p.Capabilities
	if o.Debounce != nil && *o.Debounce >= 0 {
		s.opts.Debounce = time.Duration(*o.Debounce) * time.Millisecond
	}
	s.explicit = o.Config
	s.loadConfigs()
	s.state = stateRunning
	return InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: TextDocumentSync{OpenClose: true, Change: syncFull, Save: true},
			CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{
				kindQuickFix, kindSourceFixAll, kindFixAllSeaworth,
			}},
			HoverProvider: true,
		},
		ServerInfo: ServerInfo{Name: "seaworthy", Version: s.opts.Version},
	}, nil
}

// loadConfigs starts a new configuration resolver: its cache of
// .seaworthy.yaml files by folder is what the server keeps between lints.
// Called with s.mu held.
func (s *Server) loadConfigs() {
	s.configs, s.cfgErr = config.NewResolver(s.explicit, config.Overrides{})
}

func (s *Server) notification(ctx context.Context, req *jsonrpc2.Request) {
	if req.Method == "exit" {
		s.mu.Lock()
		if s.state == stateShutdown {
			s.exitCode = 0
		}
		select {
		case <-s.exited:
		default:
			close(s.exited)
		}
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	running := s.state == stateRunning
	s.mu.Unlock()
	if !running {
		return // before initialize, and after shutdown, notifications are dropped
	}
	switch req.Method {
	case "initialized":
		go s.registerWatchers(ctx)
		go s.warm()
	case "$/cancelRequest":
		var p struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if decode(req, &p) == nil {
			s.mu.Lock()
			if cancel := s.requests[p.ID.String()]; cancel != nil {
				cancel()
			}
			s.mu.Unlock()
		}
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if decode(req, &p) == nil {
			s.open(p.TextDocument)
		}
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if decode(req, &p) == nil {
			s.change(&p)
		}
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if decode(req, &p) == nil {
			s.close(p.TextDocument.URI)
		}
	case "textDocument/didSave":
		// A client that cannot watch files still saves them: a saved
		// .seaworthy.yaml, override or included file is read again.
		s.refresh()
	case "workspace/didChangeWatchedFiles":
		s.refresh()
	}
}

// watched are the files whose change can change a document's findings:
// configuration, Compose files that others include or extend, .env for
// interpolation, .dockerignore, and the Dockerfiles Compose services build.
var watched = []string{
	"**/.seaworthy.yaml", "**/.seaworthy.yml", "**/*.yaml", "**/*.yml",
	"**/.env", "**/.dockerignore", "**/Dockerfile*", "**/Containerfile*", "**/*.dockerfile", "**/*.Dockerfile",
}

// registerWatchers asks the client to report changes to the watched files,
// when it can (dynamic registration of workspace/didChangeWatchedFiles).
func (s *Server) registerWatchers(ctx context.Context) {
	s.mu.Lock()
	ok := s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if !ok {
		return
	}
	var ws []FileSystemWatcher
	for _, g := range watched {
		ws = append(ws, FileSystemWatcher{GlobPattern: g})
	}
	params := RegistrationParams{Registrations: []Registration{{
		ID: "seaworthy-watch", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: DidChangeWatchedFilesRegistrationOptions{Watchers: ws},
	}}}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_ = s.conn.Call(cctx, "client/registerCapability", params, nil)
}

// warm lints a small Dockerfile and compose.yaml held in memory, so that
// the rules' tables, the image data and compose-go's schema are built
// before the first document is opened rather than while it waits.
func (s *Server) warm() {
	defer func() { _ = recover() }() // a failure here shows again, as a diagnostic, on a real document
	dir := filepath.Join(os.TempDir(), "seaworthy-lsp-warm-up")
	df, cf := filepath.Join(dir, "Dockerfile"), filepath.Join(dir, "compose.yaml")
	l := &engine.Linter{Rules: catalog.All(), LoadCompose: s.opts.LoadCompose, Env: s.opts.Env, Overlay: map[string][]byte{
		df: []byte("FROM alpine:3.22\nRUN apk add curl\n"),
		cf: []byte("services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\"]\n"),
	}}
	l.Lint(context.Background(), engine.Target{Path: df, Kind: rules.Dockerfile})
	if s.opts.LoadCompose != nil {
		l.Lint(context.Background(), engine.Target{Path: cf, Kind: rules.Compose})
	}
}

// refresh forgets the configuration read so far and lints every open
// document again.
func (s *Server) refresh() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loadConfigs()
	for uri := range s.docs {
		s.pending[uri] = true
	}
	s.kick()
}

func (s *Server) open(item TextDocumentItem) {
	path := uriPath(item.URI)
	d := &document{uri: item.URI, path: path, version: item.Version, text: item.Text, kind: kindOfText(path, item.LanguageID, item.Text)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[item.URI]; old != nil && old.timer != nil {
		old.timer.Stop()
	}
	s.docs[item.URI] = d
	s.schedule(d, 0)
}

func (s *Server) change(p *DidChangeTextDocumentParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.text = c.Text
			continue
		}
		// Full sync was announced; a client that sends ranges anyway gets them applied.
		l := newLines(d.text)
		start, end := l.offset(c.Range.Start), l.offset(c.Range.End)
		if end < start {
			start, end = end, start
		}
		d.text = d.text[:start] + c.Text + d.text[end:]
	}
	d.version = p.TextDocument.Version
	s.schedule(d, s.opts.Debounce)
}

func (s *Server) close(uri string) {
	s.mu.Lock()
	d := s.docs[uri]
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	delete(s.docs, uri)
	delete(s.pending, uri)
	var siblings []*document
	if d != nil {
		siblings = s.project(d)
	}
	for _, o := range siblings {
		s.schedule(o, 0) // the project now reads the closed file from disk
	}
	s.mu.Unlock()
	if d != nil && d.kind != "" {
		_ = s.stream.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
	}
}

// schedule lints d after delay, and the other open Compose files of its
// project with it (an override file changes what its main file merges to).
// Called with s.mu held.
func (s *Server) schedule(d *document, delay time.Duration) {
	if d.kind == "" {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
	}
	docs := append([]*document{d}, s.project(d)...)
	fire := func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, x := range docs {
			if s.docs[x.uri] == x {
				s.pending[x.uri] = true
			}
		}
		s.kick()
	}
	if delay <= 0 {
		d.timer = nil
		for _, x := range docs {
			s.pending[x.uri] = true
		}
		s.kick()
		return
	}
	d.timer = time.AfterFunc(delay, fire)
}

// project lists the other open Compose documents in d's folder, which
// docker compose may merge with it. Called with s.mu held.
func (s *Server) project(d *document) []*document {
	if d.kind != rules.Compose {
		return nil
	}
	var out []*document
	for _, o := range s.docs {
		if o != d && o.kind == rules.Compose && filepath.Dir(o.path) == filepath.Dir(d.path) {
			out = append(out, o)
		}
	}
	return out
}

// kick wakes the worker. Called with s.mu held.
func (s *Server) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// worker lints the pending documents, one at a time (the other cores stay
// with the editor), and publishes what it finds for the version it linted.
func (s *Server) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.exited:
			return
		case <-s.conn.DisconnectNotify():
			return
		case <-s.wake:
		}
		for {
			d, snap := s.next()
			if d == nil {
				break
			}
			res := s.lint(ctx, snap)
			s.mu.Lock()
			current := s.docs[d.uri] == d && d.version == res.version && d.text == res.text
			if current {
				d.result = res
			}
			s.mu.Unlock()
			if current {
				s.publish(d.uri, res)
			}
		}
	}
}

// next takes one pending document, in URI order, with a snapshot of it.
func (s *Server) next() (*document, snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	uris := make([]string, 0, len(s.pending))
	for u := range s.pending {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	for _, u := range uris {
		delete(s.pending, u)
		if d := s.docs[u]; d != nil && d.kind != "" {
			return d, s.snapshot(d)
		}
	}
	return nil, snapshot{}
}

func (s *Server) publish(uri string, res *result) {
	v := res.version
	_ = s.stream.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: res.diags})
}

// current is the lint of the document's present text (the worker's when it
// is up to date, else a new one made now) and the snapshot it was made from.
func (s *Server) current(ctx context.Context, uri string) (*result, snapshot) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil || d.kind == "" {
		s.mu.Unlock()
		return nil, snapshot{}
	}
	snap := s.snapshot(d)
	r := d.result
	s.mu.Unlock()
	if r != nil && r.version == snap.version && r.text == snap.text {
		return r, snap
	}
	return s.lint(ctx, snap), snap
}

// snapshot is what one lint needs, copied under the lock.
type snapshot struct {
	uri, path string
	kind      rules.Kind
	version   int
	text      string
	overlay   map[string][]byte // every open document's text, by path
	configs   *config.Resolver
	cfgErr    error
}

// snapshot copies d and the open documents. Called with s.mu held.
func (s *Server) snapshot(d *document) snapshot {
	ov := make(map[string][]byte, len(s.docs))
	for _, o := range s.docs {
		if o.kind == d.kind || o.kind == rules.Compose {
			ov[o.path] = []byte(o.text)
		}
	}
	return snapshot{uri: d.uri, path: d.path, kind: d.kind, version: d.version, text: d.text, overlay: ov, configs: s.configs, cfgErr: s.cfgErr}
}

// lint lints a snapshot in its own goroutine, so that a panic the engine
// does not catch, or a lint that does not end, costs a diagnostic and not
// the server.
func (s *Server) lint(ctx context.Context, snap snapshot) *result {
	done := make(chan *result, 1)
	lctx, stop := context.WithCancel(ctx)
	defer stop() // an abandoned lint stops at its next rule
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- s.failed(snap, fmt.Sprintf("internal error while linting: %v; please report it", r))
			}
		}()
		done <- s.lintNow(lctx, snap)
	}()
	timer := time.NewTimer(s.opts.LintTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r
	case <-timer.C:
		return s.failed(snap, fmt.Sprintf("linting took longer than %s and was abandoned; please report it", s.opts.LintTimeout))
	case <-ctx.Done():
		return s.failed(snap, "cancelled")
	}
}

// failed is a result with one diagnostic on the first line.
func (s *Server) failed(snap snapshot, msg string) *result {
	return &result{version: snap.version, text: snap.text, lines: newLines(snap.text),
		diags: []Diagnostic{{Range: Range{}, Severity: severityError, Source: "seaworthy", Message: msg}}}
}

func (s *Server) lintNow(ctx context.Context, snap snapshot) *result {
	res := &result{version: snap.version, text: snap.text, lines: newLines(snap.text)}
	if snap.cfgErr != nil {
		res.diags = append(res.diags, fileDiagnostic(snap.cfgErr.Error()))
		return res
	}
	if cfg, err := snap.configs.Config(snap.path); err == nil && cfg.Excluded(snap.path) {
		return res // excluded by the configuration's exclude globs, as in a folder walk
	}
	l := &engine.Linter{
		Configs: snap.configs, LoadCompose: s.opts.LoadCompose, Env: s.opts.Env,
		Overlay: snap.overlay, MaxFileSize: s.opts.MaxFileSize,
	}
	t := target(snap)
	out := l.Lint(ctx, t)
	for i := range out.Findings {
		f := &out.Findings[i]
		switch {
		case f.File == snap.path:
			res.findings = append(res.findings, *f)
		case !inTarget(t, f.File):
			// A problem in a file this one includes or extends: shown
			// here, where it can be acted on, naming where it is.
			d := fileDiagnostic(fmt.Sprintf("%s:%d:%d: %s", rel(snap.path, f.File), f.Start.Line, f.Start.Column, f.Message))
			d.Severity = severity(f.Severity)
			d.Code = f.Rule.ID
			res.diags = append(res.diags, d)
		}
		// Findings in the other files of a Compose project are published
		// for those files when they are open.
	}
	extra := res.diags
	res.diags = make([]Diagnostic, 0, len(res.findings)+len(extra)+len(out.Errors))
	for i := range res.findings {
		res.diags = append(res.diags, diagnostic(&res.findings[i], snap.text, res.lines))
	}
	res.diags = append(res.diags, extra...)
	for _, e := range out.Errors {
		msg := e.Message
		if e.File != snap.path {
			msg = rel(snap.path, e.File) + ": " + strings.TrimPrefix(msg, e.File+": ")
		} else {
			msg = strings.TrimPrefix(msg, e.File+": ")
		}
		res.diags = append(res.diags, fileDiagnostic(msg))
	}
	return res
}

// fileDiagnostic is an error about the whole document, on its first line.
func fileDiagnostic(msg string) Diagnostic {
	return Diagnostic{Severity: severityError, Source: "seaworthy", Message: msg}
}

// target is what the engine lints for a document: a Dockerfile alone, or
// the Compose project the document belongs to, as `docker compose` would
// load it from that folder (main file first, then its override files).
func target(snap snapshot) engine.Target {
	if snap.kind != rules.Compose {
		return engine.Target{Path: snap.path, Kind: snap.kind}
	}
	exists := func(p string) bool {
		if _, ok := snap.overlay[p]; ok {
			return true
		}
		info, err := os.Stat(p)
		return err == nil && info.Mode().IsRegular()
	}
	main, override := engine.ComposeProject(filepath.Dir(snap.path), exists)
	if main == "" || (snap.path != main && snap.path != override) {
		return engine.Target{Path: snap.path, Kind: rules.Compose}
	}
	t := engine.Target{Path: main, Kind: rules.Compose}
	if override != "" {
		t.Overrides = []string{override}
	}
	return t
}

func inTarget(t engine.Target, path string) bool {
	if path == t.Path {
		return true
	}
	for _, o := range t.Overrides {
		if o == path {
			return true
		}
	}
	return false
}

// rel names path relative to the folder of the document at from.
func rel(from, path string) string {
	if r, err := filepath.Rel(filepath.Dir(from), path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// kindOf picks a document's kind: by name as the command line does, else by
// the language the editor gave it ("dockerfile"; "dockercompose" in VS
// Code, "yaml.docker-compose" in Neovim). Other documents are not linted.
// kindOfText is kindOf, then, for names that are only sometimes Compose
// (stack.yml), the text as a folder walk would judge it.
func kindOfText(path, languageID, text string) rules.Kind {
	if k := kindOf(path, languageID); k != "" {
		return k
	}
	if engine.ComposeByContent(path, []byte(text)) {
		return rules.Compose
	}
	return ""
}

func kindOf(path, languageID string) rules.Kind {
	if k, ok := engine.DetectKind(path); ok {
		return k
	}
	switch strings.ToLower(languageID) {
	case "dockerfile", "containerfile":
		return rules.Dockerfile
	case "dockercompose", "docker-compose", "yaml.docker-compose", "compose":
		return rules.Compose
	}
	return ""
}

// uriPath turns a file: URI into a path. Other schemes (an unsaved
// "untitled:" buffer) get a name in the working folder, so that the
// configuration there applies and nothing is read for them.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err == nil && u.Scheme == "file" {
		p := u.Path
		if runtime.GOOS == "windows" {
			p = strings.TrimPrefix(p, "/")
		}
		return filepath.Clean(filepath.FromSlash(p))
	}
	name := uri
	if err == nil && u.Opaque != "" {
		name = u.Opaque
	}
	wd, _ := os.Getwd()
	return filepath.Join(wd, filepath.Base(filepath.FromSlash(name)))
}

// fileURI is the file: URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
