// Package server is the dev HTTP server of `kindling dev`: it turns each
// incoming request into what a Worker sees in workerd behind wrangler dev
// (full URL, cf-connecting-ip, a request.cf object), sends it to the
// runtime and writes the response back, logging one line per request.
// A 101 response's WebSocket is coupled to the client's connection
// (websocket.go).
package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/kindling-dev/kindling/jsapi"
)

// Fetcher is what serves the requests: the runtime's first Worker.
type Fetcher interface {
	Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error))
}

// Server serves one listener.
type Server struct {
	http       *http.Server
	fetcher    Fetcher
	log        func(level jsapi.LogLevel, message string)
	requestLog func(line string)
	// TestScheduled serves /__scheduled (wrangler dev --test-scheduled).
	TestScheduled bool

	wsMu    sync.Mutex
	wsConns map[*wsConn]struct{}
	// writeJobs hands connections with messages to send to the writer
	// goroutines (websocket.go) until stopWriters is closed.
	writeJobs   chan *wsConn
	stopWriters chan struct{}
	stopOnce    sync.Once
}

// New returns a server for fetcher; log receives uncaught errors and
// requestLog one line per request ("GET /inc 200 OK (3ms)").
func New(fetcher Fetcher, log func(jsapi.LogLevel, string), requestLog func(string)) *Server {
	s := &Server{
		fetcher: fetcher, log: log, requestLog: requestLog,
		wsConns:     make(map[*wsConn]struct{}),
		writeJobs:   make(chan *wsConn),
		stopWriters: make(chan struct{}),
	}
	s.startWriters()
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 30 * time.Second,
		// Request lines and errors go through log; net/http's own messages
		// (a client hanging up mid-response) are noise for a dev server.
		ErrorLog: nil,
	}
	return s
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	err := s.http.Serve(l)
	if err == http.ErrServerClosed {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, closes the WebSockets and waits
// for in-flight requests.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	s.closeWebSockets()
	return err
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if status := s.serveScheduled(w, r); status != 0 {
		s.requestLog(fmt.Sprintf("%s %s %d %s (%dms)", r.Method, r.URL.RequestURI(), status, http.StatusText(status), time.Since(start).Milliseconds()))
		return
	}
	req := toWorkerRequest(r)
	type result struct {
		res *jsapi.HTTPResponse
		err error
	}
	// A Worker may stream the request body into its response (echo,
	// transform): the body must stay readable while the response is
	// written, which HTTP/1.x servers do not allow by default.
	_ = http.NewResponseController(w).EnableFullDuplex()
	ch := make(chan result, 1)
	s.fetcher.Fetch(req, func(res *jsapi.HTTPResponse, err error) { ch <- result{res, err} })
	out := <-ch

	status := 500
	if out.err != nil {
		s.log(jsapi.LevelError, "Uncaught "+out.err.Error())
		writeError(w, out.err)
	} else if out.res.WebSocket != nil {
		status = s.upgrade(w, r, out.res)
	} else {
		status = out.res.Status
		writeResponse(w, out.res)
	}
	s.requestLog(fmt.Sprintf("%s %s %d %s (%dms)", r.Method, r.URL.RequestURI(), status, http.StatusText(status), time.Since(start).Milliseconds()))
}

// toWorkerRequest builds what the Worker sees: the absolute URL, the
// headers including Host, and the headers and cf object workerd adds.
func toWorkerRequest(r *http.Request) *jsapi.HTTPRequest {
	h := r.Header.Clone()
	h.Set("Host", r.Host)
	h.Set("Cf-Connecting-Ip", clientIP(r))
	// Whatever the client sent, workerd shows the encodings it handles
	// itself (recorded from wrangler dev 4.86).
	h.Set("Accept-Encoding", "br, gzip")
	req := &jsapi.HTTPRequest{
		Method: r.Method,
		URL:    "http://" + r.Host + r.URL.RequestURI(),
		Header: h,
		CF:     fallbackCF,
	}
	if r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		req.Body = r.Body
	}
	return req
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func writeResponse(w http.ResponseWriter, res *jsapi.HTTPResponse) {
	h := w.Header()
	for k, vs := range res.Header {
		h[k] = vs
	}
	// workerd sends no Date header on a Worker's response, and no
	// Content-Type the Worker did not set (net/http would sniff one).
	h["Date"] = nil
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil
	}
	if inMemory, ok := res.Body.(interface{ Bytes() []byte }); ok && h.Get("Content-Length") == "" {
		h.Set("Content-Length", fmt.Sprint(len(inMemory.Bytes())))
	} else if sized, ok := res.Body.(interface{ Size() int64 }); ok && h.Get("Content-Length") == "" {
		// A stream of known length (a FixedLengthStream).
		h.Set("Content-Length", fmt.Sprint(sized.Size()))
	} else if res.Body == nil && h.Get("Content-Length") == "" && !bodylessStatus(res.Status) {
		h.Set("Content-Length", "0")
	}
	w.WriteHeader(res.Status)
	if res.Body == nil {
		return
	}
	if _, inMemory := res.Body.(interface{ Bytes() []byte }); inMemory {
		_, _ = io.Copy(w, res.Body)
	} else {
		// A stream: each piece goes out as it comes (server-sent events,
		// progress), chunked unless its length is known, as workerd sends
		// it.
		_, _ = io.Copy(flushWriter{w, http.NewResponseController(w)}, res.Body)
	}
	res.Body.Close()
}

// flushWriter sends what is written at once.
type flushWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		err = f.rc.Flush()
	}
	return n, err
}

func bodylessStatus(s int) bool { return s == 101 || s == 204 || s == 205 || s == 304 || s < 200 }

// writeError answers an uncaught exception as workerd does: status 500, the
// exception and its stack as plain text.
func writeError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = io.WriteString(w, err.Error())
}
