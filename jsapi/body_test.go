package jsapi

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// The request and response cases of the conformance corpus (request.js,
// response.js; fetch() is left to fetch's tests), with workerd's answers.
var requestWebCases = []webCase{
	{
		name: "request-defaults",
		body: `
const r = new Request("https://example.com/a?b#c");
return {
  url: r.url, method: r.method, headers: [...r.headers], body: r.body, bodyUsed: r.bodyUsed,
  redirect: r.redirect, signalAborted: r.signal.aborted, signalType: Object.prototype.toString.call(r.signal),
  integrity: r.integrity, keepalive: r.keepalive, cf: r.cf, fetcher: r.fetcher,
};`,
		want: `{"ok":{"body":null,"bodyUsed":false,"cf":{"$undefined":true},"fetcher":null,"headers":[],"integrity":"","keepalive":false,"method":"GET","redirect":"follow","signalAborted":false,"signalType":"[object AbortSignal]","url":"https://example.com/a?b#c"}}`,
	},
	{
		name: "request-property-presence",
		body: `
const r = new Request("https://example.com/");
const props = ["cache", "credentials", "destination", "mode", "referrer", "referrerPolicy", "duplex",
  "integrity", "keepalive", "isHistoryNavigation", "cf", "fetcher", "signal", "redirect", "clone", "bytes"];
return Object.fromEntries(props.map((p) => [p, p in r ? typeof r[p] : "absent"]));`,
		want: `{"ok":{"bytes":"function","cache":"undefined","cf":"undefined","clone":"function","credentials":"absent","destination":"absent","duplex":"absent","fetcher":"object","integrity":"string","isHistoryNavigation":"absent","keepalive":"boolean","mode":"absent","redirect":"string","referrer":"absent","referrerPolicy":"absent","signal":"object"}}`,
	},
	{
		name: "request-method-normalisation",
		body: `
const ms = ["get", "post", "put", "delete", "head", "options", "patch", "Patch", "custom", "PROPFIND"];
return ms.map((m) => attempt(() => new Request("https://example.com/", { method: m }).method));`,
		want: `{"ok":[{"ok":"GET"},{"ok":"POST"},{"ok":"PUT"},{"ok":"DELETE"},{"ok":"HEAD"},{"ok":"OPTIONS"},{"ok":"PATCH"},{"ok":"PATCH"},{"err":{"ctor":"TypeError","message":"Invalid HTTP method string: custom","name":"TypeError"}},{"ok":"PROPFIND"}]}`,
	},
	{
		name: "request-invalid-methods",
		body: `
return ([
    attempt(() => new Request("https://example.com/", { method: "CONNECT" }).method),
    attempt(() => new Request("https://example.com/", { method: "TRACE" }).method),
    attempt(() => new Request("https://example.com/", { method: "bad method" }).method),
    attempt(() => new Request("https://example.com/", { method: "" }).method),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid HTTP method string: CONNECT","name":"TypeError"}},{"ok":"TRACE"},{"err":{"ctor":"TypeError","message":"Invalid HTTP method string: bad method","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid HTTP method string: ","name":"TypeError"}}]}`,
	},
	{
		name: "request-relative-url-throws",
		body: `
return ([
    attempt(() => new Request("/relative").url),
    attempt(() => new Request("not a url").url),
    attempt(() => new Request("http://user:pass@example.com/").url),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid URL: /relative","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid URL: not a url","name":"TypeError"}},{"ok":"http://user:pass@example.com/"}]}`,
	},
	{
		name: "request-url-normalised",
		body: `
return ([
    new Request("HTTPS://EXAMPLE.com:443/a/../b/./c?x=1 2#frag").url,
    new Request(new URL("http://example.com")).url,
  ]);`,
		want: `{"ok":["https://example.com/b/c?x=1%202#frag","http://example.com/"]}`,
	},
	{
		name: "request-get-with-body-throws",
		body: `
return ([
    attempt(() => new Request("https://example.com/", { body: "x" })),
    attempt(() => new Request("https://example.com/", { method: "HEAD", body: "x" })),
    attempt(() => new Request("https://example.com/", { method: "GET", body: null }).method),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Request with a GET or HEAD method cannot have a body.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Request with a GET or HEAD method cannot have a body.","name":"TypeError"}},{"ok":"GET"}]}`,
	},
	{
		name: "request-body-text",
		body: `
const r = new Request("https://example.com/", { method: "POST", body: "hello" });
return [r.headers.get("content-type"), r.bodyUsed, await r.text(), r.bodyUsed];`,
		want: `{"ok":["text/plain;charset=UTF-8",false,"hello",true]}`,
	},
	{
		name: "request-body-json",
		body: `
const r = new Request("https://example.com/", { method: "POST", body: JSON.stringify({ a: [1, 2] }) });
return r.json();`,
		want: `{"ok":{"a":[1,2]}}`,
	},
	{
		name: "request-body-used-error",
		body: `
const r = new Request("https://example.com/", { method: "POST", body: "x" });
await r.text();
return [await attemptAsync(() => r.text()), await attemptAsync(() => r.arrayBuffer()), attempt(() => r.clone())];`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Body has already been used. It can only be used once. Use tee() first if you need to read it twice.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Body has already been used. It can only be used once. Use tee() first if you need to read it twice.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"This ReadableStream is currently locked to a reader,","name":"TypeError"}}]}`,
	},
	{
		name: "request-from-request",
		body: `
const a = new Request("https://example.com/a", { method: "PUT", headers: { x: "1" }, body: "data" });
const b = new Request(a, { headers: { y: "2" } });
return [b.url, b.method, [...b.headers], a.bodyUsed, await b.text()];`,
		want: `{"ok":["https://example.com/a","PUT",[["y","2"]],true,"data"]}`,
	},
	{
		name: "request-from-request-override-url-method",
		body: `
const a = new Request("https://example.com/a", { method: "POST", body: "data" });
const b = new Request(a, { method: "PUT" });
return [b.method, b.url, await b.text()];`,
		want: `{"ok":["PUT","https://example.com/a","data"]}`,
	},
	{
		name: "request-clone",
		body: `
const a = new Request("https://example.com/", { method: "POST", body: "twice", headers: { k: "v" } });
const b = a.clone();
b.headers.set("k", "changed");
return [await a.text(), await b.text(), a.headers.get("k"), b.headers.get("k")];`,
		want: `{"ok":["twice","twice","v","changed"]}`,
	},
	{
		name: "request-redirect-option",
		body: `
return ([
    new Request("https://example.com/", { redirect: "manual" }).redirect,
    attempt(() => new Request("https://example.com/", { redirect: "error" }).redirect),
    attempt(() => new Request("https://example.com/", { redirect: "bogus" }).redirect),
  ]);`,
		want: `{"ok":["manual",{"err":{"ctor":"TypeError","message":"Invalid redirect value, must be one of \"follow\" or \"manual\" (\"error\" won't be implemented since it does not make sense at the edge; use \"manual\" and check the response status code).","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid redirect value, must be one of \"follow\" or \"manual\" (\"error\" won't be implemented since it does not make sense at the edge; use \"manual\" and check the response status code).","name":"TypeError"}}]}`,
	},
	{
		name: "request-cf-option",
		body: `
const r = new Request("https://example.com/", { cf: { cacheTtl: 5, nested: { a: 1 } } });
return r.cf;`,
		want: `{"ok":{"cacheTtl":5,"nested":{"a":1}}}`,
	},
	{
		name: "request-signal-option",
		body: `
const c = new AbortController();
const r = new Request("https://example.com/", { signal: c.signal });
const before = r.signal.aborted;
c.abort();
return [before, r.signal.aborted, r.signal === c.signal];`,
		want: `{"ok":[false,true,true]}`,
	},
	{
		name: "request-stream-body",
		body: `
const body = new ReadableStream({
  start(c) { c.enqueue(new TextEncoder().encode("ab")); c.enqueue(new TextEncoder().encode("cd")); c.close(); },
});
const r = new Request("https://example.com/", { method: "POST", body });
return [r.headers.get("content-type"), r.body instanceof ReadableStream, await r.text()];`,
		want: `{"ok":[null,true,"abcd"]}`,
	},
	{
		name: "request-unsupported-options",
		body: `
return ([
    attempt(() => new Request("https://example.com/", { mode: "no-cors" }).mode),
    attempt(() => new Request("https://example.com/", { credentials: "include" }).credentials),
    attempt(() => new Request("https://example.com/", { cache: "no-store" }).cache),
    attempt(() => new Request("https://example.com/", { cache: "default" }).cache),
  ]);`,
		want: `{"ok":[{"ok":{"$undefined":true}},{"ok":{"$undefined":true}},{"ok":"no-store"},{"err":{"ctor":"TypeError","message":"Unsupported cache mode: default","name":"TypeError"}}]}`,
	},
	{
		name: "request-headers-init-types",
		body: `
const r = new Request("https://example.com/", { headers: [["B", "2"], ["a", "1"]] });
return [...r.headers];`,
		want: `{"ok":[["a","1"],["b","2"]]}`,
	},
}

// responseCaseHelpers are response.js's own helpers.
const responseCaseHelpers = `
const describe = (r) => ({ status: r.status, statusText: r.statusText, ok: r.ok, type: r.type, url: r.url,
  redirected: r.redirected, headers: [...r.headers], bodyIsNull: r.body === null, bodyUsed: r.bodyUsed });
`

var responseWebCases = []webCase{
	{
		name: "response-defaults",
		body: `
return (describe(new Response()));`,
		want: `{"ok":{"bodyIsNull":true,"bodyUsed":false,"headers":[],"ok":true,"redirected":false,"status":200,"statusText":"OK","type":"default","url":""}}`,
	},
	{
		name: "response-init",
		body: `
return (describe(new Response("x", { status: 201, statusText: "Made", headers: { "X-A": "1" } })));`,
		want: `{"ok":{"bodyIsNull":false,"bodyUsed":false,"headers":[["content-type","text/plain;charset=UTF-8"],["x-a","1"]],"ok":true,"redirected":false,"status":201,"statusText":"Made","type":"default","url":""}}`,
	},
	{
		name: "response-status-range",
		body: `
return ([100, 101, 199, 200, 299, 300, 399, 400, 599, 600, 0, 999, 200.5].map((s) =>
    attempt(() => { const r = new Response(null, { status: s }); return [r.status, r.ok]; })));`,
		want: `{"ok":[{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"ok":[200,true]},{"ok":[299,true]},{"ok":[300,false]},{"ok":[399,false]},{"ok":[400,false]},{"ok":[599,false]},{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}},{"ok":[200,true]}]}`,
	},
	{
		name: "response-null-body-status-with-body",
		body: `
return ([
    attempt(() => new Response("x", { status: 204 }).status),
    attempt(() => new Response("x", { status: 304 }).status),
    attempt(() => new Response("", { status: 204 }).status),
    attempt(() => new Response(null, { status: 204 }).status),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Response with null body status (101, 204, 205, or 304) cannot have a body.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Response with null body status (101, 204, 205, or 304) cannot have a body.","name":"TypeError"}},{"ok":204},{"ok":204}]}`,
	},
	{
		name: "response-invalid-status-text",
		body: `
return ([
    attempt(() => new Response(null, { statusText: "bad\ntext" }).statusText),
    attempt(() => new Response(null, { statusText: "é" }).statusText),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid statusText","name":"TypeError"}},{"ok":"é"}]}`,
	},
	{
		name: "response-content-type-defaults",
		body: `
const bodies = {
  string: "s",
  searchParams: new URLSearchParams("a=1&b=2"),
  blobTyped: new Blob(["x"], { type: "Text/Custom" }),
  blobUntyped: new Blob(["x"]),
  arrayBuffer: new ArrayBuffer(2),
  uint8: new Uint8Array(2),
  dataView: new DataView(new ArrayBuffer(2)),
  stream: new ReadableStream(),
  nullBody: null,
};
const out = {};
for (const [k, b] of Object.entries(bodies)) out[k] = new Response(b).headers.get("content-type");
const fd = new FormData();
fd.append("a", "1");
out.formData = /^multipart\/form-data; boundary=.+$/.test(new Response(fd).headers.get("content-type"));
return out;`,
		want: `{"ok":{"arrayBuffer":null,"blobTyped":"text/custom","blobUntyped":null,"dataView":null,"formData":true,"nullBody":null,"searchParams":"application/x-www-form-urlencoded;charset=UTF-8","stream":null,"string":"text/plain;charset=UTF-8","uint8":null}}`,
	},
	{
		name: "response-explicit-content-type-wins",
		body: `
return (new Response("s", { headers: { "content-type": "application/x-custom" } }).headers.get("content-type"));`,
		want: `{"ok":"application/x-custom"}`,
	},
	{
		name: "response-json-static",
		body: `
const r = Response.json({ a: 1, b: [true, null] }, { status: 202, headers: { "x-y": "z" } });
return [describe(r), await r.text()];`,
		want: `{"ok":[{"bodyIsNull":false,"bodyUsed":false,"headers":[["content-type","application/json"],["x-y","z"]],"ok":true,"redirected":false,"status":202,"statusText":"Accepted","type":"default","url":""},"{\"a\":1,\"b\":[true,null]}"]}`,
	},
	{
		name: "response-json-static-errors",
		body: `
const res = async (f) => { try { const r = f(); return { text: await r.text(), type: r.headers.get("content-type") }; } catch (e) { return { err: e.name }; } };
const o = {};
o.self = o;
return [await res(() => Response.json(undefined)), await res(() => Response.json(10n)),
  await res(() => Response.json(o)), await res(() => Response.json(Symbol("x"))), await res(() => Response.json("s"))];`,
		want: `{"ok":[{"text":"undefined","type":"application/json"},{"err":"TypeError"},{"err":"TypeError"},{"text":"undefined","type":"application/json"},{"text":"\"s\"","type":"application/json"}]}`,
	},
	{
		name: "response-json-content-type-override",
		body: `
return (Response.json(1, { headers: { "content-type": "text/plain" } }).headers.get("content-type"));`,
		want: `{"ok":"text/plain"}`,
	},
	{
		name: "response-redirect",
		body: `
return ([301, 302, 303, 307, 308].map((s) => {
    const r = Response.redirect("https://example.com/x?y", s);
    return [r.status, r.headers.get("location"), [...r.headers].length];
  }));`,
		want: `{"ok":[[301,"https://example.com/x?y",1],[302,"https://example.com/x?y",1],[303,"https://example.com/x?y",1],[307,"https://example.com/x?y",1],[308,"https://example.com/x?y",1]]}`,
	},
	{
		name: "response-redirect-default-and-errors",
		body: `
return ([
    Response.redirect("https://example.com/").status,
    attempt(() => Response.redirect("https://example.com/", 200)),
    attempt(() => Response.redirect("/relative", 302)),
  ]);`,
		want: `{"ok":[302,{"err":{"ctor":"RangeError","message":"200 is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.","name":"RangeError"}},{"err":{"ctor":"TypeError","message":"Unable to parse URL: /relative","name":"TypeError"}}]}`,
	},
	{
		name: "response-error",
		body: `
return (describe(Response.error()));`,
		want: `{"ok":{"bodyIsNull":true,"bodyUsed":false,"headers":[],"ok":false,"redirected":false,"status":0,"statusText":"","type":"error","url":""}}`,
	},
	{
		name: "response-body-methods",
		body: `
const mk = () => new Response("héllo");
return {
  text: await mk().text(),
  arrayBuffer: await mk().arrayBuffer(),
  bytes: typeof mk().bytes === "function" ? await mk().bytes() : "absent",
  blob: await mk().blob().then(async (b) => [b.size, b.type, await b.text()]),
  json: await mk().json().catch((e) => e.name),
};`,
		want: `{"ok":{"arrayBuffer":{"$arrayBuffer":[104,195,169,108,108,111]},"blob":[6,"text/plain;charset=UTF-8","héllo"],"bytes":{"$view":"Uint8Array","bytes":[104,195,169,108,108,111]},"json":"SyntaxError","text":"héllo"}}`,
	},
	{
		name: "response-json-parse-error",
		body: `
return (new Response("{bad").json().catch((e) => [e.name, e instanceof SyntaxError]));`,
		want: `{"ok":["SyntaxError",true]}`,
	},
	{
		name: "response-body-used",
		body: `
const r = new Response("x");
const a = await r.text();
return [a, r.bodyUsed, await attemptAsync(() => r.text()), attempt(() => r.clone()), attempt(() => new Response(r.body).status)];`,
		want: `{"ok":["x",true,{"err":{"ctor":"TypeError","message":"Body has already been used. It can only be used once. Use tee() first if you need to read it twice.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"This ReadableStream is currently locked to a reader,","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"This ReadableStream is disturbed (has already been read from), and cannot be used as a body.","name":"TypeError"}}]}`,
	},
	{
		name: "response-body-locked-by-reader",
		body: `
const r = new Response("x");
r.body.getReader();
return [r.bodyUsed, await attemptAsync(() => r.text())];`,
		want: `{"ok":[false,{"err":{"ctor":"TypeError","message":"This ReadableStream is currently locked to a reader.","name":"TypeError"}}]}`,
	},
	{
		name: "response-clone-both-readable",
		body: `
const r = new Response("cloned", { status: 203, headers: { a: "b" } });
const c = r.clone();
return [await r.text(), await c.text(), c.status, [...c.headers]];`,
		want: `{"ok":["cloned","cloned",203,[["a","b"],["content-type","text/plain;charset=UTF-8"]]]}`,
	},
	{
		name: "response-stream-body",
		body: `
const enc = new TextEncoder();
const body = new ReadableStream({
  start(c) { c.enqueue(enc.encode("part1,")); c.enqueue(enc.encode("part2")); c.close(); },
});
return new Response(body).text();`,
		want: `{"ok":"part1,part2"}`,
	},
	{
		name: "response-stream-non-bytes-errors",
		body: `
const body = new ReadableStream({ start(c) { c.enqueue("a string"); c.close(); } });
return attemptAsync(() => new Response(body).text());`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"This ReadableStream did not return bytes.","name":"TypeError"}}}`,
	},
	{
		name: "response-body-empty-string",
		body: `
const r = new Response("");
return [r.body === null, await r.text()];`,
		want: `{"ok":[false,""]}`,
	},
	{
		name: "response-formdata-urlencoded",
		body: `
const fd = await new Response(new URLSearchParams("a=1&b=x+y&a=2")).formData();
return [...fd];`,
		want: `{"ok":[["a","1"],["b","x y"],["a","2"]]}`,
	},
	{
		name: "response-formdata-wrong-type",
		body: `
return (attemptAsync(() => new Response("a=1", { headers: { "content-type": "text/plain" } }).formData()));`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"Unrecognized Content-Type header value. FormData can only parse the following MIME types: multipart/form-data, application/x-www-form-urlencoded","name":"TypeError"}}}`,
	},
	{
		name: "response-webSocket-and-cf",
		body: `
const r = new Response("x");
return { webSocket: r.webSocket, cf: r.cf, hasEncodeBody: "encodeBody" in r };`,
		want: `{"ok":{"cf":{"$undefined":true},"hasEncodeBody":false,"webSocket":null}}`,
	},
	{
		name: "response-encodebody-option",
		body: `
const r = new Response("x", { encodeBody: "manual" });
return [r.status, await r.text()];`,
		want: `{"ok":[200,"x"]}`,
	},
	{
		name: "response-headers-not-shared",
		body: `
const h = new Headers({ a: "1" });
const r = new Response(null, { headers: h });
h.set("a", "2");
return r.headers.get("a");`,
		want: `{"ok":"1"}`,
	},
	{
		name: "response-status-101",
		body: `
return (attempt(() => new Response(null, { status: 101 }).status));`,
		want: `{"ok":{"err":{"ctor":"RangeError","message":"Responses may only be constructed with status codes in the range 200 to 599, inclusive.","name":"RangeError"}}}`,
	},
}

func TestBodyConformance(t *testing.T) {
	runWebCases(t, requestWebCases)
	runWebCases(t, withHelpers(responseCaseHelpers, responseWebCases))
}

// slowReader gives its bytes a few at a time, as a network body does.
type slowReader struct {
	data   []byte
	step   int
	closed bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), s.step)], s.data)
	s.data = s.data[n:]
	return n, nil
}

func (s *slowReader) Close() error { s.closed = true; return nil }

// evalWith runs js (an async function body) with the given globals set.
func (tr *testRealm) evalWith(globals map[string]any, js string) (any, error) {
	tr.do(func() {
		for k, v := range globals {
			require.NoError(tr.t, tr.realm.rt.Set(k, v))
		}
	})
	return tr.eval(js)
}

func TestBodyFromGo(t *testing.T) {
	tr := newTestRealm(t)
	newRequest := func(body io.ReadCloser) *goja.Object {
		var req *goja.Object
		tr.do(func() {
			req = tr.realm.NewRequest(&HTTPRequest{Method: "POST", URL: "http://x/", Header: http.Header{}, Body: body})
		})
		return req
	}

	t.Run("request.body is a byte stream of the Go reader", func(t *testing.T) {
		tr.t = t
		req := newRequest(&slowReader{data: []byte("hello world"), step: 3})
		v, err := tr.evalWith(map[string]any{"req": req}, `
const body = req.body;
const r = body.getReader({ mode: "byob" });
let text = "";
for (;;) {
  const { value, done } = await r.read(new Uint8Array(4));
  if (done) break;
  text += new TextDecoder().decode(value);
}
return [body instanceof ReadableStream, body === req.body, text, req.bodyUsed];`)
		require.NoError(t, err)
		require.Equal(t, []any{true, true, "hello world", true}, v)
	})

	t.Run("text() of a Go body", func(t *testing.T) {
		tr.t = t
		src := &slowReader{data: []byte("héllo"), step: 1}
		v, err := tr.evalWith(map[string]any{"req": newRequest(src)}, `return [await req.text(), req.bodyUsed];`)
		require.NoError(t, err)
		require.Equal(t, []any{"héllo", true}, v)
		require.True(t, src.closed)
	})

	t.Run("an unread Go body passes to Go as the same reader", func(t *testing.T) {
		tr.t = t
		src := &slowReader{data: []byte("through"), step: 2}
		req := newRequest(src)
		var out *HTTPResponse
		tr.do(func() {
			require.NoError(t, tr.realm.rt.Set("req", req))
			v, err := tr.realm.rt.RunString(`const b = req.body; new Response(b)`)
			require.NoError(t, err)
			out = tr.realm.ToHTTPResponse(v)
		})
		require.Same(t, src, out.Body)
	})

	t.Run("clone of a Go body", func(t *testing.T) {
		tr.t = t
		req := newRequest(&slowReader{data: []byte("twice"), step: 2})
		v, err := tr.evalWith(map[string]any{"req": req}, `
const c = req.clone();
return [await req.text(), await c.text()];`)
		require.NoError(t, err)
		require.Equal(t, []any{"twice", "twice"}, v)
	})
}

func TestBodyToGo(t *testing.T) {
	tr := newTestRealm(t)
	response := func(js string) *HTTPResponse {
		var out *HTTPResponse
		tr.do(func() {
			v, err := tr.realm.rt.RunString(js)
			require.NoError(t, err)
			out = tr.realm.ToHTTPResponse(v)
		})
		return out
	}

	t.Run("a JS stream is pumped to Go", func(t *testing.T) {
		res := response(`new Response(new ReadableStream({ start(c) {
  c.enqueue(new TextEncoder().encode("a"));
  c.enqueue(new Uint16Array([0x6362]).buffer);
  c.enqueue(new DataView(new TextEncoder().encode("d").buffer));
  c.close();
} }))`)
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, "abcd", string(data))
	})

	t.Run("a chunk that is not bytes fails the Go reader", func(t *testing.T) {
		res := response(`new Response(new ReadableStream({ start(c) { c.enqueue("text"); c.close(); } }))`)
		_, err := io.ReadAll(res.Body)
		require.ErrorContains(t, err, "This ReadableStream did not return bytes.")
	})

	t.Run("a reader closing early cancels the stream", func(t *testing.T) {
		tr.do(func() { require.NoError(t, tr.realm.rt.Set("log", tr.realm.rt.NewArray())) })
		res := response(`new Response(new ReadableStream({
  pull(c) { c.enqueue(new Uint8Array(1024)); },
  cancel(reason) { log.push(reason.message); },
}))`)
		buf := make([]byte, 10)
		_, err := io.ReadFull(res.Body, buf)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		require.Eventually(t, func() bool {
			var n int64
			tr.do(func() { n = tr.realm.rt.Get("log").ToObject(tr.realm.rt).Get("length").ToInteger() })
			return n == 1
		}, 5*time.Second, 5*time.Millisecond)
		v, err := tr.eval(`return log;`)
		require.NoError(t, err)
		require.Equal(t, []any{"Network connection lost."}, v)
	})

	t.Run("the pump reads no faster than Go takes the bytes", func(t *testing.T) {
		tr.do(func() { require.NoError(t, tr.realm.rt.Set("pulls", 0)) })
		res := response(`new Response(new ReadableStream({
  pull(c) { pulls++; c.enqueue(new Uint8Array(16 << 10)); },
}, { highWaterMark: 0 }))`)
		// Nothing reads: the pump stops once the pipe holds its limit.
		time.Sleep(50 * time.Millisecond)
		v, err := tr.eval(`return pulls;`)
		require.NoError(t, err)
		require.LessOrEqual(t, v.(int64), int64(pipeLimit/(16<<10)+2))
		require.NoError(t, res.Body.Close())
	})

	t.Run("a FixedLengthStream body has its length", func(t *testing.T) {
		res := response(`const f = new FixedLengthStream(3);
const w = f.writable.getWriter();
w.write(new Uint8Array([1, 2, 3]));
w.close();
new Response(f.readable)`)
		sized, ok := res.Body.(interface{ Size() int64 })
		require.True(t, ok)
		require.Equal(t, int64(3), sized.Size())
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, []byte{1, 2, 3}, data)
	})

	t.Run("a used body cannot be sent", func(t *testing.T) {
		var thrown string
		tr.do(func() {
			v, err := tr.realm.rt.RunString(`const used = new Response(new ReadableStream()); used.body.getReader(); used`)
			require.NoError(t, err)
			if ex := tr.realm.rt.Try(func() { tr.realm.ToHTTPResponse(v) }); ex != nil {
				thrown = ex.Value().String()
			}
		})
		require.Equal(t, "TypeError: This ReadableStream is currently locked to a reader.", thrown)
	})

	t.Run("a stream request body crosses to Go", func(t *testing.T) {
		var req *HTTPRequest
		tr.do(func() {
			v, err := tr.realm.rt.RunString(`new Request("http://x/", { method: "PUT", body: new Blob(["blob body"]).stream() })`)
			require.NoError(t, err)
			req = tr.realm.ToHTTPRequest(v, goja.Undefined())
		})
		data, err := io.ReadAll(req.Body)
		require.NoError(t, err)
		require.Equal(t, "blob body", string(data))
	})
}

// Bodies used as streams and streams used as bodies, in either direction.
func TestBodyStreams(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "a bytes body piped to a WritableStream", js: `
const out = [];
await new Response("abc").body.pipeTo(new WritableStream({ write(c) { out.push(...c); } }));
return out;`, want: []any{int64(97), int64(98), int64(99)}},
		{name: "a body through an IdentityTransformStream", js: `
const t = new IdentityTransformStream();
new Response("hello").body.pipeTo(t.writable);
return new Response(t.readable).text();`, want: "hello"},
		{name: "json() of a stream body", js: `return new Response(new Blob(['{"a":1}']).stream()).json();`,
			want: map[string]any{"a": int64(1)}},
		{name: "clone of a stream request", js: `
const r = new Request("http://x/", { method: "POST", body: new Blob(["zz"]).stream() });
const c = r.clone();
return [await r.text(), await c.text()];`, want: []any{"zz", "zz"}},
		{name: "a body read through its stream is used", js: `
const r = new Response("a");
await r.body.getReader().read();
return [r.bodyUsed, await r.text().catch((e) => e.message)];`,
			want: []any{true, "Body has already been used. It can only be used once. Use tee() first if you need to read it twice."}},
		{name: "compressed and decompressed bodies", js: `
const z = new Response("hi there").body.pipeThrough(new CompressionStream("deflate"));
return new Response(z.pipeThrough(new DecompressionStream("deflate"))).text();`, want: "hi there"},
		{name: "the branches of a body's tee are bodies", js: `
const [a, b] = new Response("tee").body.tee();
return [await new Response(a).text(), await new Response(b).text()];`, want: []any{"tee", "tee"}},
		{name: "a GET request made from one with a body", js: `
const a = new Request("http://x/", { method: "POST", body: "x" });
new Request(a, { method: "GET" });`, wantErr: "Request with a GET or HEAD method cannot have a body."},
	})
}
