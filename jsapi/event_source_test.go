package jsapi

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The EventSource cases: each is a function of the probe Worker that ran
// under wrangler 4.86 against a small event-stream server, with the answer
// workerd gave (origins rewritten to this test's hosts). eventSourceServer
// answers the same paths the same way.

type eventSourceCase struct{ name, fn, want string }

// eventSourceProbeHelpers are the probe Worker's helpers.
const eventSourceProbeHelpers = `const S = "http://sse.test";
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
function collect(es, stop, ms = 3000) {
  return new Promise((resolve) => {
    const log = [];
    const done = () => { es.close(); resolve({ log, state: es.readyState }); };
    const rec = (e) => {
      const x = { type: e.type, state: es.readyState, ctor: e.constructor.name };
      if ("data" in e) Object.assign(x, { data: e.data, id: e.lastEventId, origin: e.origin });
      if (e.type === "error") Object.assign(x, { err: e.error && [e.error.name, e.error.message, e.error.constructor.name], msg: e.message });
      log.push(x);
      if (stop(log)) done();
    };
    for (const t of ["open", "message", "error", "custom", ""]) es.addEventListener(t, rec);
    setTimeout(done, ms);
  });
}
const fromChunks = (chunks) => new ReadableStream({ async pull(c) { await scheduler.wait(1); c.enqueue(new TextEncoder().encode(chunks.shift())); if (chunks.length === 0) c.close(); } });
`

var eventSourceCases = []eventSourceCase{
	{"shape", `() => [typeof EventSource, EventSource.length, EventSource.CONNECTING, EventSource.OPEN, EventSource.CLOSED, EventSource.prototype.OPEN,
    Object.getOwnPropertyNames(EventSource.prototype).sort(), Object.getOwnPropertyNames(EventSource).sort(), typeof EventSource.from,
    Object.getPrototypeOf(EventSource.prototype) === EventTarget.prototype, String(EventSource.prototype[Symbol.toStringTag]), typeof EventSource.prototype[Symbol.dispose]]`,
		`{"ok":["function",0,0,1,2,1,["CLOSED","CONNECTING","OPEN","close","constructor","onerror","onmessage","onopen","readyState","url","withCredentials"],["CLOSED","CONNECTING","OPEN","from","length","name","prototype"],"function",true,"EventSource","function"]}`},
	{"ctor_errors", `() => [
    a(() => new EventSource("not a url")),
    a(() => new EventSource(123)),
    a(() => new EventSource()),
    a(() => new EventSource(S + "/headers", { withCredentials: true })),
    a(() => new EventSource("not a url", { withCredentials: true })),
    a(() => new EventSource(S + "/headers", { fetcher: {} })),
    a(() => new EventSource(S + "/headers", 5)),
    a(() => { const es = new EventSource("ftp://x/", { withCredentials: false }); const r = [es.url, es.readyState, es.withCredentials, es.onopen, es.onmessage, es.onerror]; es.close(); return r; }),
  ]`,
		`{"ok":[{"err":["SyntaxError","Cannot open an EventSource to 'not a url'. The URL is invalid.","DOMException"]},{"err":["SyntaxError","Cannot open an EventSource to '123'. The URL is invalid.","DOMException"]},{"err":["TypeError","Failed to construct 'EventSource': constructor parameter 1 is not of type 'string'.","TypeError"]},{"err":["NotSupportedError","The init.withCredentials option is not supported. It must be false or undefined.","DOMException"]},{"err":["NotSupportedError","The init.withCredentials option is not supported. It must be false or undefined.","DOMException"]},{"err":["TypeError","Incorrect type for the 'fetcher' field on 'EventSourceInit': the provided value is not of type 'Fetcher'.","TypeError"]},{"err":["TypeError","Failed to construct 'EventSource': constructor parameter 2 is not of type 'EventSourceInit'.","TypeError"]},{"ok":["ftp://x/",0,false,null,null,null]}]}`},
	{"ftp", `async () => collect(new EventSource("ftp://example.com/x"), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["TypeError","Fetch API cannot load: ftp://example.com/x","TypeError"],"msg":""}],"state":2}}`},
	{"headers", `async () => { const es = new EventSource(S + "/headers"); const r0 = [es.url, es.readyState]; return [r0, await collect(es, (l) => l.some((e) => e.type === "message"))]; }`,
		`{"ok":[["http://sse.test/headers",0],{"log":[{"type":"open","state":1,"ctor":"OpenEvent"},{"type":"message","state":1,"ctor":"MessageEvent","data":"text/event-stream|no-cache|None","id":"","origin":"http://sse.test"}],"state":2}]}`},
	{"messages", `async () => collect(new EventSource(S + "/messages-whole?q=1#frag"), (l) => l.some((e) => e.data === "end"))`,
		`{"ok":{"log":[{"type":"open","state":1,"ctor":"OpenEvent"},{"type":"message","state":1,"ctor":"MessageEvent","data":"one\ntwo","id":"","origin":"http://sse.test"},{"type":"custom","state":1,"ctor":"MessageEvent","data":"c","id":"","origin":"http://sse.test"},{"type":"message","state":1,"ctor":"MessageEvent","data":"x","id":"7","origin":"http://sse.test"},{"type":"","state":1,"ctor":"MessageEvent","data":"empty-type","id":"7","origin":"http://sse.test"},{"type":"message","state":1,"ctor":"MessageEvent","data":" two-spaces","id":"7","origin":"http://sse.test"},{"type":"message","state":1,"ctor":"MessageEvent","data":"a\nb","id":"7","origin":"http://sse.test"},{"type":"message","state":1,"ctor":"MessageEvent","data":"reset","id":"","origin":"http://sse.test"},{"type":"message","state":1,"ctor":"MessageEvent","data":"end","id":"","origin":"http://sse.test"}],"state":2}}`},
	{"messages_from", `async () => collect(EventSource.from(fromChunks(["\ufeffdata: one\n", "data: two\n\n", ": comment\n", "event: custom\ndata: c\n\n", "id: 7\ndata: x\r\n\r\n", "event:\ndata: empty-type\n\n", "data\n\n", "Data: no\n\n", "data:  two-spaces\n\n", "data: a\r", "\ndata: b\n\n", "id\ndata: reset\n\n", "retry: 1000\ndata:end\n\n"])), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"message","state":1,"ctor":"MessageEvent","data":"one\ntwo","id":"","origin":null},{"type":"custom","state":1,"ctor":"MessageEvent","data":"c","id":"","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":"x","id":"7","origin":null},{"type":"","state":1,"ctor":"MessageEvent","data":"empty-type","id":"7","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":" two-spaces","id":"7","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":"a","id":"7","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":"b","id":"7","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":"reset","id":"","origin":null},{"type":"message","state":1,"ctor":"MessageEvent","data":"end","id":"","origin":null},{"type":"error","state":2,"ctor":"ErrorEvent","err":["Error","The server disconnected.","Error"],"msg":""}],"state":2}}`},
	{"reconnect", `async () => collect(new EventSource(S + "/reconnect"), (l) => l.some((e) => e.data && e.data.startsWith("again")), 5000)`,
		`{"ok":{"log":[{"type":"open","state":1,"ctor":"OpenEvent"},{"type":"message","state":1,"ctor":"MessageEvent","data":"first","id":"5","origin":"http://sse.test"},{"type":"error","state":0,"ctor":"ErrorEvent","err":["Error","The server disconnected.","Error"],"msg":""},{"type":"open","state":1,"ctor":"OpenEvent"},{"type":"message","state":1,"ctor":"MessageEvent","data":"again 5","id":"5","origin":"http://sse.test"}],"state":2}}`},
	{"badtype", `async () => collect(new EventSource(S + "/badtype"), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["AbortError","The content type 'text/plain' is invalid.","DOMException"],"msg":""}],"state":2}}`},
	{"notype", `async () => collect(new EventSource(S + "/notype"), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["AbortError","No content type header was present in the response.","DOMException"],"msg":""}],"state":2}}`},
	{"status", `async () => collect(new EventSource(S + "/status"), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["AbortError","The response status code was 500.","DOMException"],"msg":""}],"state":2}}`},
	{"nobody", `async () => collect(new EventSource(S + "/nobody"), (l) => l.filter((e) => e.type === "error").length >= 2, 8000)`,
		`{"ok":{"log":[{"type":"error","state":0,"ctor":"ErrorEvent","err":["Error","The server provided no content. Will try reconnecting.","Error"],"msg":""},{"type":"error","state":2,"ctor":"ErrorEvent","err":["Error","The server provided no content.","Error"],"msg":""}],"state":2}}`},
	{"redirect", `async () => { const es = new EventSource(S + "/redirect"); const r = await collect(es, (l) => l.some((e) => e.type === "message")); return [es.url, r]; }`,
		`{"ok":["http://other.test/headers",{"log":[{"type":"open","state":1,"ctor":"OpenEvent"},{"type":"message","state":1,"ctor":"MessageEvent","data":"text/event-stream|no-cache|None","id":"","origin":"http://other.test"}],"state":2}]}`},
	{"close_sync", `async () => { const es = new EventSource(S + "/headers"); const log = []; es.onopen = () => log.push("open"); es.onmessage = (e) => log.push(e.data); es.onerror = (e) => log.push("error"); es.close(); const s = es.readyState; es.close(); await new Promise((r) => setTimeout(r, 200)); return [log, s]; }`,
		`{"ok":[[],2]}`},
	{"handlers", `() => { const es = new EventSource("ftp://x/"); const f = () => 1; es.onopen = f; es.onmessage = 5; es.onerror = {}; const r = [es.onopen === f, es.onmessage, typeof es.onerror]; es.close(); return r; }`,
		`{"ok":[true,null,"object"]}`},
	{"listener_throws", `async () => { const es = new EventSource(S + "/messages-whole"); const log = []; const { promise, resolve } = Promise.withResolvers(); es.onmessage = (e) => { log.push(e.data); throw new Error("boom"); }; es.onerror = (e) => { log.push(["error", e.error?.message, es.readyState]); resolve(); }; await promise; es.close(); return log; }`,
		`{"ok":["one\ntwo",["error","boom",2]]}`},
	{"from_errors", `() => [
    a(() => { const rs = new ReadableStream(); rs.getReader(); return EventSource.from(rs); }),
    a(() => EventSource.from("x")),
    a(() => EventSource.from()),
  ]`,
		`{"ok":[{"err":["TypeError","This ReadableStream is locked.","TypeError"]},{"err":["TypeError","Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'ReadableStream'.","TypeError"]},{"err":["TypeError","Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'ReadableStream'.","TypeError"]}]}`},
	{"from_dispose", `() => { const es = EventSource.from(new ReadableStream()); const r = [es.url, es.readyState]; es[Symbol.dispose](); r.push(es.readyState); return r; }`,
		`{"ok":["",1,2]}`},
	{"from_strings", `async () => collect(EventSource.from(new ReadableStream({ start(c) { c.enqueue("data: s\n\n"); c.close(); } })), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["TypeError","This ReadableStream did not return bytes.","TypeError"],"msg":""}],"state":2}}`},
	{"from_error", `async () => collect(EventSource.from(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("data: a\n\n")); c.error(new RangeError("bad")); } })), (l) => l.some((e) => e.type === "error"))`,
		`{"ok":{"log":[{"type":"error","state":2,"ctor":"ErrorEvent","err":["RangeError","bad","RangeError"],"msg":""}],"state":2}}`},
	{"from_cancel", `async () => { let cancelled = "no"; const rs = new ReadableStream({ pull(c) { return new Promise(() => {}); }, cancel(r) { cancelled = String(r); } }); const es = EventSource.from(rs); es.close(); await new Promise((r) => setTimeout(r, 50)); return [cancelled, rs.locked, es.readyState]; }`,
		`{"ok":["no",true,2]}`},
}

// eventSourceServer serves the probe's paths: every fetch of the realm
// reaches it, whatever the host.
func eventSourceServer(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	counts := map[string]int{}
	stream := func(w http.ResponseWriter, status int, contentType string, chunks ...string) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(status)
		for _, c := range chunks {
			io.WriteString(w, c)
			w.(http.Flusher).Flush()
		}
	}
	orNone := func(s string) string {
		if s == "" {
			return "None"
		}
		return s
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := counts[r.URL.Path]
		counts[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/headers":
			stream(w, 200, "text/event-stream", fmt.Sprintf("data: %s|%s|%s\n\n",
				orNone(r.Header.Get("Accept")), orNone(r.Header.Get("Cache-Control")), orNone(r.Header.Get("Last-Event-Id"))))
		case "/messages-whole":
			stream(w, 200, "text/event-stream; charset=utf-8", "\ufeffdata: one\ndata: two\n\n: comment\nevent: custom\ndata: c\n\n"+
				"id: 7\ndata: x\r\n\r\nevent:\ndata: empty-type\n\ndata\n\nData: no\n\ndata:  two-spaces\n\ndata: a\r\ndata: b\n\n"+
				"id\ndata: reset\n\nretry: 1000\ndata:end\n\n")
		case "/reconnect":
			if n == 0 {
				stream(w, 200, "text/event-stream", "id: 5\ndata: first\n\n", "retry: 500\n\n")
			} else {
				stream(w, 200, "text/event-stream", "data: again "+orNone(r.Header.Get("Last-Event-Id"))+"\n\n")
			}
		case "/badtype":
			stream(w, 200, "text/plain", "data: x\n\n")
		case "/notype":
			w.Header()["Content-Type"] = nil // no sniffing
			stream(w, 200, "", "data: x\n\n")
		case "/status":
			stream(w, 500, "text/event-stream")
		case "/nobody":
			stream(w, 204, "text/event-stream")
		case "/redirect":
			http.Redirect(w, r, "http://other.test/headers", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(server.Close)
	return server
}

func TestEventSourceMatchesWorkerd(t *testing.T) {
	for _, c := range eventSourceCases {
		t.Run(c.name, func(t *testing.T) {
			// Each case has its own server and realm: the reconnection
			// cases wait the reconnection time, so they run side by side.
			t.Parallel()
			tr := newFetchRealm(t, eventSourceServer(t))
			v, err := tr.eval(eventSourceProbeHelpers + "return JSON.stringify({ ok: await (" + c.fn + ")() });")
			require.NoError(t, err)
			require.JSONEq(t, c.want, v.(string))
		})
	}
}

// workerd reopens an EventSource closed while its response streams (the
// end of the aborted stream schedules a reconnection, see
// event_source.go); here it stays closed and the server sees one request.
func TestEventSourceClosedMidStreamStaysClosed(t *testing.T) {
	var mu sync.Mutex
	requests := 0
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "retry: 1000\n\n")
		for i := 0; i < 50; i++ {
			if _, err := fmt.Fprintf(w, "data: tick %d\n\n", i); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	t.Cleanup(server.Close)
	tr := newFetchRealm(t, server)
	got := tr.run(`const es = new EventSource("http://sse.test/forever");
const log = [];
es.onmessage = (e) => { log.push(e.data); if (log.length === 2) es.close(); };
es.onerror = (e) => log.push("error");
await new Promise((r) => setTimeout(r, 1500));
return [log, es.readyState];`)
	require.Equal(t, []any{[]any{"tick 0", "tick 1"}, int64(2)}, got)
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, 1, requests)
}

// Each error event's error is also logged as uncaught, as workerd logs it.
func TestEventSourceLogsErrors(t *testing.T) {
	tr := newTestRealm(t)
	tr.run(`const es = EventSource.from(new ReadableStream({ start(c) { c.close(); } }));
await new Promise((resolve) => { es.onerror = resolve; });`)
	require.Contains(t, tr.host.output(), "error: Uncaught Error: The server disconnected.")
}
