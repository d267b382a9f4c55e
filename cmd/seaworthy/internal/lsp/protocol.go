package lsp

import "encoding/json"

// The LSP 3.17 messages the server reads and writes, as the specification
// names them (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/).
// Only the fields seaworthy uses are declared: decoding ignores the others.

// Error codes of the base protocol and of LSP.
const (
	codeInvalidParams        = -32602
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
)

// Position is a zero-based line and a character offset counted in UTF-16
// code units, the encoding LSP uses unless another is negotiated.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is a half-open range of positions.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// TextDocumentIdentifier names a document by URI.
type TextDocumentIdentifier struct {
	URI string `json:"uri"`
}

// VersionedTextDocumentIdentifier adds the version the client numbers its edits with.
type VersionedTextDocumentIdentifier struct {
	URI     string `json:"uri"`
	Version int    `json:"version"`
}

// TextDocumentItem is an opened document.
type TextDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int    `json:"version"`
	Text       string `json:"text"`
}

// InitializeParams are the parts of the client's initialize request the server reads.
type InitializeParams struct {
	ProcessID    *int               `json:"processId"`
	RootURI      string             `json:"rootUri"`
	Capabilities ClientCapabilities `json:"capabilities"`
	// InitializationOptions may set "debounce" (milliseconds).
	InitializationOptions json.RawMessage `json:"initializationOptions"`
}

// ClientCapabilities are the client features the server adapts to.
type ClientCapabilities struct {
	Workspace struct {
		WorkspaceEdit struct {
			DocumentChanges bool `json:"documentChanges"`
		} `json:"workspaceEdit"`
		DidChangeWatchedFiles struct {
			DynamicRegistration bool `json:"dynamicRegistration"`
		} `json:"didChangeWatchedFiles"`
	} `json:"workspace"`
	TextDocument struct {
		Hover struct {
			ContentFormat []string `json:"contentFormat"`
		} `json:"hover"`
	} `json:"textDocument"`
}

// InitializeResult announces what the server does.
type InitializeResult struct {
	Capabilities ServerCapabilities `json:"capabilities"`
	ServerInfo   ServerInfo         `json:"serverInfo"`
}

// ServerInfo names the server.
type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ServerCapabilities is the subset of capabilities seaworthy has.
type ServerCapabilities struct {
	PositionEncoding   string            `json:"positionEncoding"`
	TextDocumentSync   TextDocumentSync  `json:"textDocumentSync"`
	CodeActionProvider CodeActionOptions `json:"codeActionProvider"`
	HoverProvider      bool              `json:"hoverProvider"`
}

// TextDocumentSync says how documents are kept in step: open and close
// notifications, and the whole text on every change (kind 1, Full).
type TextDocumentSync struct {
	OpenClose bool `json:"openClose"`
	Change    int  `json:"change"`
	Save      bool `json:"save"`
}

// syncFull is TextDocumentSyncKind.Full.
const syncFull = 1

// CodeActionOptions lists the kinds of code action the server returns.
type CodeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds"`
}

// DidOpenTextDocumentParams is textDocument/didOpen.
type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// TextDocumentContentChangeEvent is one change; with full sync only Text is
// set. A client that sends a Range anyway gets it applied.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	Text  string `json:"text"`
}

// DidChangeTextDocumentParams is textDocument/didChange.
type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

// DidCloseTextDocumentParams is textDocument/didClose.
type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// FileEvent is one watched file that changed.
type FileEvent struct {
	URI  string `json:"uri"`
	Type int    `json:"type"`
}

// DidChangeWatchedFilesParams is workspace/didChangeWatchedFiles.
type DidChangeWatchedFilesParams struct {
	Changes []FileEvent `json:"changes"`
}

// Registration asks the client to turn on a capability dynamically.
type Registration struct {
	ID              string `json:"id"`
	Method          string `json:"method"`
	RegisterOptions any    `json:"registerOptions,omitempty"`
}

// RegistrationParams is client/registerCapability.
type RegistrationParams struct {
	Registrations []Registration `json:"registrations"`
}

// FileSystemWatcher is one glob the client watches.
type FileSystemWatcher struct {
	GlobPattern string `json:"globPattern"`
}

// DidChangeWatchedFilesRegistrationOptions lists the globs to watch.
type DidChangeWatchedFilesRegistrationOptions struct {
	Watchers []FileSystemWatcher `json:"watchers"`
}

// Diagnostic is one finding as the editor shows it.
type Diagnostic struct {
	Range           Range            `json:"range"`
	Severity        int              `json:"severity"`
	Code            string           `json:"code,omitempty"`
	CodeDescription *CodeDescription `json:"codeDescription,omitempty"`
	Source          string           `json:"source"`
	Message         string           `json:"message"`
	Tags            []int            `json:"tags,omitempty"`
	Data            *DiagnosticData  `json:"data,omitempty"`
}

// DiagnosticData is what seaworthy keeps in Diagnostic.data: the rule's
// name, and its fix as LSP text edits, for clients and tools that apply it
// without asking for code actions.
type DiagnosticData struct {
	Rule string   `json:"rule"`
	Name string   `json:"name"`
	Fix  *FixData `json:"fix,omitempty"`
}

// FixData is a rule's safe edit.
type FixData struct {
	Description string     `json:"description"`
	Edits       []TextEdit `json:"edits"`
}

// Diagnostic severities.
const (
	severityError       = 1
	severityWarning     = 2
	severityInformation = 3
	severityHint        = 4
)

// tagUnnecessary marks a diagnostic on code that can go (an unused suppression).
const tagUnnecessary = 1

// CodeDescription links to the rule's documentation page.
type CodeDescription struct {
	Href string `json:"href"`
}

// PublishDiagnosticsParams is textDocument/publishDiagnostics.
type PublishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// CodeActionParams is textDocument/codeAction.
type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// CodeActionContext says which kinds the client wants.
type CodeActionContext struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	Only        []string     `json:"only,omitempty"`
}

// Code action kinds.
const (
	kindQuickFix       = "quickfix"
	kindSourceFixAll   = "source.fixAll"
	kindFixAllSeaworth = "source.fixAll.seaworthy"
)

// CodeAction is one fix or suppression, carrying its edit.
type CodeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

// TextEdit replaces a range with new text.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// WorkspaceEdit is either a map of edits by URI or, when the client
// supports it, edits to a given version of each document.
type WorkspaceEdit struct {
	Changes         map[string][]TextEdit `json:"changes,omitempty"`
	DocumentChanges []TextDocumentEdit    `json:"documentChanges,omitempty"`
}

// TextDocumentEdit is edits to one version of a document.
type TextDocumentEdit struct {
	TextDocument VersionedTextDocumentIdentifier `json:"textDocument"`
	Edits        []TextEdit                      `json:"edits"`
}

// HoverParams is textDocument/hover.
type HoverParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

// Hover is the text shown on hover.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// MarkupContent is text in markdown or plaintext.
type MarkupContent struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// CancelParams is $/cancelRequest.
type CancelParams struct {
	ID json.RawMessage `json:"id"`
}

// LogMessageParams is window/logMessage.
type LogMessageParams struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}
