package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
)

// stream is the server's end of the connection: the base protocol's
// framing (a Content-Length header, then the JSON body) over stdio, read
// by jsonrpc2's own codec. It writes jsonrpc2's messages as the library's
// buffered stream does, and also messages the server encoded itself
// (writeRaw): publishDiagnostics is most of what the server writes, and
// jsonrpc2 encodes a notification's params, then copies and validates the
// result twice more (its Request and its envelope are json.Marshalers),
// a millisecond of each edit of a 200-line file (BenchmarkChange).
type stream struct {
	rwc io.ReadWriteCloser
	r   *bufio.Reader
	mu  sync.Mutex // one message at a time, whoever writes it
	w   *bufio.Writer
}

func newStream(rwc io.ReadWriteCloser) *stream {
	return &stream{rwc: rwc, r: bufio.NewReader(rwc), w: bufio.NewWriter(rwc)}
}

// WriteObject implements jsonrpc2.ObjectStream.
func (s *stream) WriteObject(obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return s.writeRaw(data)
}

// writeRaw sends one message already encoded as JSON.
func (s *stream) writeRaw(data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.w, "Content-Length: %d\r\n\r\n", len(data)); err != nil {
		return err
	}
	if _, err := s.w.Write(data); err != nil {
		return err
	}
	return s.w.Flush()
}

// ReadObject implements jsonrpc2.ObjectStream.
func (s *stream) ReadObject(v any) error {
	return jsonrpc2.VSCodeObjectCodec{}.ReadObject(s.r, v)
}

// Close implements jsonrpc2.ObjectStream.
func (s *stream) Close() error { return s.rwc.Close() }

// notify sends a notification whose params are encoded once, by
// encoding/json, and written as they are.
func (s *stream) notify(method string, params any) error {
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	m, err := json.Marshal(method)
	if err != nil {
		return err
	}
	msg := make([]byte, 0, len(p)+len(m)+40)
	msg = append(msg, `{"jsonrpc":"2.0","method":`...)
	msg = append(msg, m...)
	msg = append(msg, `,"params":`...)
	msg = append(msg, p...)
	msg = append(msg, '}')
	return s.writeRaw(msg)
}
