package jsapi

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/runtime/eventloop"
)

// fetchHost routes every fetch() to one local server, whatever host the
// URL names, as a runtime could route a service binding.
type fetchHost struct {
	testHost
	server *httptest.Server
}

func (h *fetchHost) Outbound() Outbound {
	target, _ := url.Parse(h.server.URL)
	return Outbound{WorkerName: "probe", Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		req.URL.Host = target.Host
		return defaultTransport.RoundTrip(req)
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newFetchRealm is a realm on a running loop whose fetch() reaches server.
func newFetchRealm(t *testing.T, server *httptest.Server) *testRealm {
	loop := eventloop.New()
	done := make(chan struct{})
	go func() { loop.Run(); close(done) }()
	t.Cleanup(func() { loop.Stop(); <-done })
	host := &fetchHost{server: server}
	tr := &testRealm{t: t, loop: loop, host: &host.testHost}
	tr.do(func() { tr.realm = NewRealm(goja.New(), loop, host) })
	return tr
}

// fetchTestServer answers the paths the tests fetch. release gates the
// handlers that stall, so a test decides when they finish.
func fetchTestServer(t *testing.T, release chan struct{}) *httptest.Server {
	mux := http.NewServeMux()
	echo := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "path": r.URL.RequestURI(), "body": string(body),
			"headers": r.Header, "length": r.ContentLength})
	}
	mux.HandleFunc("/echo", echo)
	mux.HandleFunc("/final", echo)
	mux.HandleFunc("/redirect/{status}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/final?from="+r.PathValue("status"))
		w.WriteHeader(map[string]int{"301": 301, "302": 302, "303": 303, "307": 307, "308": 308}[r.PathValue("status")])
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/other-origin", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.test/echo", http.StatusFound)
	})
	mux.HandleFunc("/stall-headers", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "first,")
		w.(http.Flusher).Flush()
		select {
		case <-release:
			io.WriteString(w, "second")
		case <-r.Context().Done():
		}
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFetchAgainstALocalServer(t *testing.T) {
	release := make(chan struct{})
	server := fetchTestServer(t, release)
	tr := newFetchRealm(t, server)
	run := func(js string) any {
		t.Helper()
		v, err := tr.eval(js)
		require.NoError(t, err, js)
		return v
	}

	t.Run("request and response", func(t *testing.T) {
		got := run(`const r = await fetch("http://api.test/echo?q=1", { headers: { "x-a": "1" }, cf: { cacheTtl: 5 } });
const j = await r.json();
return [r.status, r.statusText, r.ok, r.url, r.redirected, r.headers.get("content-type"), j.method, j.path,
  j.headers["X-A"], j.headers["Cf-Worker"], "User-Agent" in j.headers, "Accept-Encoding" in j.headers];`)
		require.Equal(t, []any{int64(200), "OK", true, "http://api.test/echo?q=1", false, "application/json", "GET", "/echo?q=1",
			[]any{"1"}, []any{"probe.example.com"}, false, false}, got)
	})
	t.Run("request body", func(t *testing.T) {
		got := run(`const j = await (await fetch(new Request("http://api.test/echo", { method: "POST", body: "hello" }))).json();
return [j.method, j.body, j.length, j.headers["Content-Type"]];`)
		require.Equal(t, []any{"POST", "hello", int64(5), []any{"text/plain;charset=UTF-8"}}, got)
	})
	t.Run("streamed request body and body reader", func(t *testing.T) {
		got := run(`const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("chunk1,")); c.enqueue(new TextEncoder().encode("chunk2")); c.close(); } });
const r = await fetch("http://api.test/echo", { method: "POST", body, duplex: "half" });
const reader = r.body.getReader();
let text = "";
for (;;) { const { done, value } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
const j = JSON.parse(text);
const redirected = await fetch("http://api.test/redirect/307", { method: "POST", body: new ReadableStream({ start(c) { c.close(); } }), duplex: "half" })
  .catch((e) => e.message.slice(0, 40));
return [j.body, j.length, redirected];`)
		require.Equal(t, []any{"chunk1,chunk2", int64(-1), "A request with a one-time-use body (it w"}, got)
	})
	t.Run("redirects", func(t *testing.T) {
		got := run(`const out = [];
for (const s of ["301", "302", "303", "307", "308"]) {
  const r = await fetch("http://api.test/redirect/" + s, { method: "POST", body: "b" });
  const j = await r.json();
  out.push([r.redirected, r.url, j.method, j.body]);
}
const m = await fetch("http://api.test/redirect/302", { redirect: "manual" });
out.push([m.status, m.redirected, m.headers.get("location"), m.url]);
out.push(await fetch("http://api.test/loop").catch((e) => e.name + ": " + e.message));
const cross = await (await fetch("http://api.test/other-origin", { headers: { authorization: "secret" } })).json();
out.push("Authorization" in cross.headers);
return out;`)
		require.Equal(t, []any{
			[]any{true, "http://api.test/final?from=301", "GET", ""},
			[]any{true, "http://api.test/final?from=302", "GET", ""},
			[]any{true, "http://api.test/final?from=303", "GET", ""},
			[]any{true, "http://api.test/final?from=307", "POST", "b"},
			[]any{true, "http://api.test/final?from=308", "POST", "b"},
			[]any{int64(302), false, "/final?from=302", "http://api.test/redirect/302"},
			"TypeError: Too many redirects.",
			false,
		}, got)
	})
	t.Run("local failures", func(t *testing.T) {
		got := run(`const e = (p) => p.then(() => "ok", (e) => e.constructor.name + ": " + e.message);
return [await e(fetch("ftp://example.com/file")), await e(fetch("/relative")),
  await e(fetch("http://api.test/", { redirect: "error" })).then((m) => m.slice(0, 40)),
  await e(fetch("http://api.test/echo", { signal: AbortSignal.abort(new Error("mine")) }))];`)
		require.Equal(t, []any{"TypeError: Fetch API cannot load: ftp://example.com/file", "TypeError: Invalid URL: /relative",
			`TypeError: Invalid redirect value, must `, "Error: mine"}, got)
	})
	t.Run("abort while waiting for headers", func(t *testing.T) {
		got := run(`const c = new AbortController();
const p = fetch("http://api.test/stall-headers", { signal: c.signal });
setTimeout(() => c.abort(), 20);
return await p.then(() => "resolved", (e) => e.name + ": " + e.message);`)
		require.Equal(t, "AbortError: The operation was aborted", got)
	})
	t.Run("body streams and abort while reading it", func(t *testing.T) {
		// The promise settles with the first bytes sent; the rest waits
		// for release, so the body cannot have been read whole.
		got := run(`const c = new AbortController();
const r = await fetch("http://api.test/stream", { signal: c.signal });
setTimeout(() => c.abort(), 20);
return [r.status, await r.text().then(() => "read", (e) => e.name)];`)
		require.Equal(t, []any{int64(200), "TypeError"}, got)

		go func() { time.Sleep(50 * time.Millisecond); release <- struct{}{} }()
		got = run(`const r = await fetch("http://api.test/stream"); return await r.text();`)
		require.Equal(t, "first,second", got)
	})
}

func TestFetchNetworkFailure(t *testing.T) {
	// A port nothing listens on: take one, then close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	tr := newTestRealm(t)
	got, err := tr.eval(`return await fetch("http://` + addr + `/").then(() => "ok", (e) => [e.constructor.name, e.message]);`)
	require.NoError(t, err)
	require.Equal(t, []any{"Error", "Network connection lost."}, got)
	require.False(t, strings.Contains(tr.host.output(), "warn"), "a refused connection is not logged")
}

// A response with a null body status has a null body, as in workerd
// (wrangler 4.86 answers [204, true, ""] for a 204).
func TestFetchNullBodyStatuses(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := map[string]int{"/204": 204, "/205": 205, "/304": 304, "/200": 200}[r.URL.Path]
		w.WriteHeader(status)
	}))
	t.Cleanup(server.Close)
	tr := newFetchRealm(t, server)
	got := tr.run(`const out = [];
for (const s of ["204", "205", "304", "200"]) { const r = await fetch("http://api.test/" + s); out.push([r.status, r.body === null, await r.text()]); }
return out;`)
	require.Equal(t, []any{
		[]any{int64(204), true, ""}, []any{int64(205), true, ""}, []any{int64(304), true, ""}, []any{int64(200), false, ""},
	}, got)
}
