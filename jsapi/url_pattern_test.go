package jsapi

import "testing"

// The corpus's URLPattern case, with workerd's answer, and the API's
// shape around it.
func TestURLPattern(t *testing.T) {
	runWebCases(t, withPrelude(urlPatternCasesPrelude, urlPatternCases))
	runSnippets(t, []snippet{
		{name: "exec result", js: `
const p = new URLPattern("/books/:id(\\d+)", "https://example.com");
const m = p.exec("https://example.com/books/12?x#y");
return [Object.keys(m).sort().join(), m.inputs, m.pathname, m.search, p.hasRegExpGroups, p.search, p.protocol];`,
			want: []any{"hash,hostname,inputs,password,pathname,port,protocol,search,username", []any{"https://example.com/books/12?x#y"},
				map[string]any{"input": "/books/12", "groups": map[string]any{"id": "12"}}, map[string]any{"input": "x", "groups": map[string]any{"0": "x"}},
				true, "*", "https"}},
		{name: "init input and ignoreCase", js: `
const p = new URLPattern({ pathname: "/API/:v" }, { ignoreCase: true });
return [p.test({ pathname: "/api/1" }), p.test("https://h/api/2"), p.exec({ pathname: "/nope" }), p.test("not a url")];`,
			want: []any{true, true, nil, false}},
		{name: "malformed pattern", js: `new URLPattern({ pathname: "/:a/:a" })`, wantErr: "TypeError: Invalid pattern: duplicate name 'a'"},
		{name: "relative string without base", js: `new URLPattern("/x")`, wantErr: "TypeError"},
	})
}

const urlPatternCasesPrelude = `// Globals a Worker can rely on: presence and types, navigator, and a few well-known values.

const NAMES = ["fetch", "caches", "crypto", "scheduler", "navigator", "performance", "WebSocket", "WebSocketPair", "HTMLRewriter",
  "EventSource", "Request", "Response", "Headers", "URL", "URLSearchParams", "URLPattern", "TextEncoder", "TextDecoder",
  "TextEncoderStream", "TextDecoderStream", "ReadableStream", "WritableStream", "TransformStream", "ReadableStreamDefaultReader",
  "ReadableStreamBYOBReader", "WritableStreamDefaultWriter", "ReadableByteStreamController", "CompressionStream",
  "DecompressionStream", "IdentityTransformStream", "FixedLengthStream", "Blob", "File", "FormData", "AbortController",
  "AbortSignal", "Event", "EventTarget", "CustomEvent", "DOMException", "structuredClone", "atob", "btoa", "setTimeout",
  "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "setImmediate", "crypto", "CryptoKey", "SubtleCrypto",
  "Crypto", "CountQueuingStrategy", "ByteLengthQueuingStrategy", "MessageChannel", "MessagePort", "BroadcastChannel",
  "Cache", "CacheStorage", "Navigator", "Performance", "process", "Buffer", "require", "global", "self", "window", "document",
  "XMLHttpRequest", "localStorage", "importScripts", "addEventListener", "removeEventListener", "dispatchEvent", "reportError",
  "WebAssembly", "Intl", "gc", "console", "ErrorEvent", "Worker", "PerformanceMark", "DigestStream"];`

var urlPatternCases = []webCase{
	{
		name: "globals-urlpattern",
		body: `const f = async () => {
    if (typeof URLPattern !== "function") return "absent";
    const p = new URLPattern({ pathname: "/users/:id/:rest*" });
    const m = p.exec("https://example.com/users/42/a/b");
    return [p.test("https://example.com/users/7"), m?.pathname.groups, p.pathname, new URLPattern("https://*.example.com/*").test("https://a.example.com/x")];
  };
return await f();`,
		want: `{"ok":[true,{"id":"42","rest":"a/b"},"/users/:id/:rest*",true]}`,
	},
}
