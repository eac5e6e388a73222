package server

// Tests of the dev server on a real listener on 127.0.0.1, driven by a
// real HTTP client. The Worker is either a real isolate running a small
// script (to see the request as JS sees it) or a Fetcher written in the
// test (to control exactly what comes back and when).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/isolate"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fetcherFunc adapts a function to Fetcher.
type fetcherFunc func(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error))

func (f fetcherFunc) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	f(req, done)
}

// testServer is a Server listening on 127.0.0.1 with its logs recorded.
type testServer struct {
	base string
	mu   sync.Mutex
	logs []string // uncaught errors, "level: message"
	reqs []string // request log lines
}

func (ts *testServer) errors() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.logs...)
}

func (ts *testServer) requestLines() []string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]string(nil), ts.reqs...)
}

func serve(t *testing.T, f Fetcher) *testServer {
	t.Helper()
	ts := &testServer{}
	s := New(f, func(level jsapi.LogLevel, msg string) {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		ts.logs = append(ts.logs, string(level)+": "+msg)
	}, func(line string) {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		ts.reqs = append(ts.reqs, line)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, s.Shutdown(ctx))
		require.NoError(t, <-served)
	})
	ts.base = "http://" + l.Addr().String()
	return ts
}

// workerIsolate runs a hand-written module script as the Worker.
func workerIsolate(t *testing.T, module string) *isolate.Isolate {
	t.Helper()
	prg := goja.MustCompile("worker.js", "(function (module, exports) {\n"+module+"\n})", true)
	iso, err := isolate.New(isolate.Options{Program: prg, Log: func(jsapi.LogLevel, string) {}})
	require.NoError(t, err)
	t.Cleanup(iso.Close)
	return iso
}

// client is a client whose connections end with the test, so that goleak
// finds no idle keep-alive goroutine.
func client(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(body)
}

// What the Worker sees, as JS reads it: the absolute URL, Host, the client
// address in cf-connecting-ip, workerd's accept-encoding whatever the
// client sent, the client's own headers, and the fallback cf object
// (wrangler dev 4.86 without the cf fetch).
func TestWorkerSeesRequest(t *testing.T) {
	iso := workerIsolate(t, `exports.default = { async fetch(request) {
  return Response.json({
    url: request.url, method: request.method,
    headers: Object.fromEntries(request.headers),
    cf: request.cf,
    body: await request.text(),
  });
} };`)
	ts := serve(t, iso)
	req, err := http.NewRequest("POST", ts.base+"/request?q=1", strings.NewReader("a=1"))
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("X-Custom", "yes")
	req.Header.Set("User-Agent", "kindling-test")
	res, body := do(t, client(t), req)
	require.Equal(t, 200, res.StatusCode, body)

	var got struct {
		URL, Method, Body string
		Headers           map[string]string
		CF                json.RawMessage
	}
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	host := strings.TrimPrefix(ts.base, "http://")
	require.Equal(t, ts.base+"/request?q=1", got.URL)
	require.Equal(t, "POST", got.Method)
	require.Equal(t, "a=1", got.Body)
	require.Equal(t, map[string]string{
		"accept-encoding":  "br, gzip",
		"cf-connecting-ip": "127.0.0.1",
		"content-length":   "3",
		"host":             host,
		"user-agent":       "kindling-test",
		"x-custom":         "yes",
	}, got.Headers)
	require.JSONEq(t, string(fallbackCF), string(got.CF))
}

// The body reaches the Worker as it arrives: the Fetcher reads the first
// chunk while the client is still holding back the rest.
func TestRequestBodyIsStreamed(t *testing.T) {
	firstSeen := make(chan struct{})
	ts := serve(t, fetcherFunc(func(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
		go func() {
			buf := make([]byte, len("first;"))
			if _, err := io.ReadFull(req.Body, buf); err != nil {
				done(nil, err)
				return
			}
			close(firstSeen)
			rest, err := io.ReadAll(req.Body)
			if err != nil {
				done(nil, err)
				return
			}
			done(&jsapi.HTTPResponse{Status: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(string(buf) + string(rest)))}, nil)
		}()
	}))
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("first;"))
		select {
		case <-firstSeen:
			pw.Write([]byte("second"))
			pw.Close()
		case <-time.After(5 * time.Second):
			pw.CloseWithError(errors.New("the server did not pass on the first chunk"))
		}
	}()
	req, err := http.NewRequest("PUT", ts.base+"/upload", pr)
	require.NoError(t, err)
	res, body := do(t, client(t), req)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "first;second", body)
}

func TestRequestWithoutBody(t *testing.T) {
	var sawBody bool
	ts := serve(t, fetcherFunc(func(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
		sawBody = req.Body != nil
		done(&jsapi.HTTPResponse{Status: 204, Header: http.Header{}}, nil)
	}))
	req, err := http.NewRequest("GET", ts.base+"/", nil)
	require.NoError(t, err)
	res, _ := do(t, client(t), req)
	require.Equal(t, 204, res.StatusCode)
	require.False(t, sawBody, "a GET without a body reaches the Worker with a null body")
}

// The response headers workerd sends: no Date, a Content-Length for a body
// known up front, every value of a repeated header.
func TestResponseHeaders(t *testing.T) {
	iso := workerIsolate(t, `exports.default = { fetch(request) {
  switch (new URL(request.url).pathname) {
    case "/text": return new Response("probe ok\n");
    case "/empty": return new Response(null, { status: 200 });
    case "/no-content": return new Response(null, { status: 204 });
    case "/cookies": {
      const h = new Headers({ "x-one": "1" });
      h.append("set-cookie", "a=1");
      h.append("set-cookie", "b=2");
      return new Response("c", { status: 201, headers: h });
    }
  }
  return new Response("missing", { status: 404, statusText: "Nope" });
} };`)
	ts := serve(t, iso)
	c := client(t)
	check := func(path string, status int, contentLength string, body string) *http.Response {
		t.Helper()
		req, err := http.NewRequest("GET", ts.base+path, nil)
		require.NoError(t, err)
		res, got := do(t, c, req)
		require.Equal(t, status, res.StatusCode)
		require.Equal(t, body, got)
		require.Empty(t, res.Header.Values("Date"), "workerd sends no Date on a Worker's response")
		require.Equal(t, contentLength, res.Header.Get("Content-Length"))
		require.Empty(t, res.TransferEncoding)
		return res
	}
	res := check("/text", 200, "9", "probe ok\n")
	require.Equal(t, "text/plain;charset=UTF-8", res.Header.Get("Content-Type"))
	check("/empty", 200, "0", "")
	check("/no-content", 204, "", "")
	res = check("/cookies", 201, "1", "c")
	require.Equal(t, []string{"a=1", "b=2"}, res.Header.Values("Set-Cookie"))
	require.Equal(t, "1", res.Header.Get("X-One"))
	check("/other", 404, "7", "missing")
}

// An uncaught exception answers 500 with the exception and its stack as
// plain text, is logged, and the server keeps serving (wrangler-behaviour.md,
// GET /throw-worker).
func TestErrorAnswer(t *testing.T) {
	fail := true
	ts := serve(t, fetcherFunc(func(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
		if fail {
			fail = false
			done(nil, &jsapi.ScriptError{Text: "Error: boom from Worker\n    at Object.fetch (file:///p/src/index.js:3:11)"})
			return
		}
		done(&jsapi.HTTPResponse{Status: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader([]byte("fine")))}, nil)
	}))
	c := client(t)
	req, err := http.NewRequest("GET", ts.base+"/throw", nil)
	require.NoError(t, err)
	res, body := do(t, c, req)
	require.Equal(t, 500, res.StatusCode)
	require.Equal(t, "text/plain;charset=UTF-8", res.Header.Get("Content-Type"))
	require.NotEmpty(t, res.Header.Get("Date"), "wrangler's error answer has a Date, unlike a Worker's response")
	require.Equal(t, "Error: boom from Worker\n    at Object.fetch (file:///p/src/index.js:3:11)", body)
	require.Equal(t, []string{"error: Uncaught Error: boom from Worker\n    at Object.fetch (file:///p/src/index.js:3:11)"}, ts.errors())

	req, err = http.NewRequest("GET", ts.base+"/after", nil)
	require.NoError(t, err)
	res, body = do(t, c, req)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "fine", body)
}

// One line per request, as wrangler logs it: "GET /path 200 OK (3ms)",
// with the query and the status text.
func TestRequestLogLine(t *testing.T) {
	iso := workerIsolate(t, `exports.default = { fetch(request) {
  const url = new URL(request.url);
  if (url.pathname === "/throw") throw new Error("boom");
  return new Response(null, { status: Number(url.searchParams.get("status") ?? 200) });
} };`)
	ts := serve(t, iso)
	c := client(t)
	for _, r := range []struct{ method, path string }{
		{"GET", "/path?q=1"}, {"POST", "/missing?status=404"}, {"GET", "/throw"}, {"DELETE", "/x?status=201"},
	} {
		req, err := http.NewRequest(r.method, ts.base+r.path, nil)
		require.NoError(t, err)
		do(t, c, req)
	}
	lines := ts.requestLines()
	require.Len(t, lines, 4)
	for i, want := range []string{
		`GET /path?q=1 200 OK`,
		`POST /missing?status=404 404 Not Found`,
		`GET /throw 500 Internal Server Error`,
		`DELETE /x?status=201 201 Created`,
	} {
		require.Regexp(t, "^"+regexp.QuoteMeta(want)+` \(\d+ms\)$`, lines[i])
	}
}

// A streamed body goes out as it comes: chunked, each piece flushed (the
// client reads the first before the Worker writes the second); a stream of
// known length (a FixedLengthStream) gets its Content-Length; a body the
// Worker gave no Content-Type gets none (net/http would sniff one).
func TestStreamedResponses(t *testing.T) {
	iso := workerIsolate(t, `let release;
exports.default = { fetch(request) {
  switch (new URL(request.url).pathname) {
    case "/pieces": {
      const enc = new TextEncoder();
      return new Response(new ReadableStream({
        start(c) { c.enqueue(enc.encode("first")); },
        pull(c) { return new Promise((r) => { release = () => { c.enqueue(enc.encode("second")); c.close(); r(); }; }); },
      }, { highWaterMark: 0 }));
    }
    case "/second": release(); return new Response(null, { status: 204 });
    case "/fixed": {
      const f = new FixedLengthStream(3);
      const w = f.writable.getWriter();
      w.write(new Uint8Array([1, 2, 3]));
      w.close();
      return new Response(f.readable);
    }
  }
} };`)
	ts := serve(t, iso)
	c := client(t)

	res, err := c.Get(ts.base + "/pieces")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, []string{"chunked"}, res.TransferEncoding)
	require.Nil(t, res.Header["Content-Type"])
	first := make([]byte, 5)
	_, err = io.ReadFull(res.Body, first)
	require.NoError(t, err)
	require.Equal(t, "first", string(first))
	req, err := http.NewRequest("GET", ts.base+"/second", nil)
	require.NoError(t, err)
	second, _ := do(t, c, req)
	require.Equal(t, 204, second.StatusCode)
	rest, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, "second", string(rest))

	req, err = http.NewRequest("GET", ts.base+"/fixed", nil)
	require.NoError(t, err)
	fixed, body := do(t, c, req)
	require.Equal(t, int64(3), fixed.ContentLength)
	require.Empty(t, fixed.TransferEncoding)
	require.Equal(t, "\x01\x02\x03", body)
}
