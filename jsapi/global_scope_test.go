package jsapi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The timers cases and the globals cases this realm answers on its own
// (conformance/src/cases/web/timers.js and globals.js; the rest need
// streams, HTMLRewriter, URLPattern or the runtime's env and ctx), with
// workerd's answers.
func TestTimersAndGlobalsWebCases(t *testing.T) {
	runWebCases(t, timerCases)
	runWebCases(t, withPrelude(globalCasesPrelude, globalCases))
}

// The corpus's globals-eval-disallowed case, in a realm that refuses code
// generation as the runtime's isolates do, with workerd's answer.
func TestCodeGenerationRefused(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(tr.realm.RefuseCodeGeneration)
	got, err := tr.eval(`const out = [];
try { out.push(eval("1 + 1")); } catch (e) { out.push([e.name, e.message]); }
try { out.push(new Function("return 2")()); } catch (e) { out.push([e.name, e.message]); }
try { out.push(Object.getPrototypeOf(async () => {}).constructor("return 3")); } catch (e) { out.push(e.name); }
out.push((() => {}) instanceof Function, typeof Function.prototype.call);
return out;`)
	require.NoError(t, err)
	msg := "Code generation from strings disallowed for this context"
	require.Equal(t, []any{[]any{"EvalError", msg}, []any{"EvalError", msg}, "EvalError", true, "function"}, got)
}

// Behaviour of the global scope, scheduler, caches and MessagePort the
// corpus does not pin down.
func TestGlobalScope(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "bare addEventListener and dispatchEvent", js: `
let got = 0;
const f = (function () { "use strict"; return () => { addEventListener("ping", () => got++); return dispatchEvent(new Event("ping")); }; })();
return [f(), got, globalThis instanceof EventTarget];`, want: []any{true, int64(1), true}},
		{name: "reportError dispatches an error event", js: `
let seen;
addEventListener("error", (e) => { seen = e.error.message; e.preventDefault(); }, { once: true });
reportError(new Error("reported"));
return seen;`, want: "reported"},
		{name: "GoError is not a global", js: `return typeof GoError`, want: "undefined"},
		{name: "scheduler.wait with a signal", js: `
const c = new AbortController();
const p = scheduler.wait(1000, { signal: c.signal });
c.abort(new Error("stop"));
const early = await scheduler.wait(10, { signal: AbortSignal.abort() }).catch((e) => e.name);
return [await p.catch((e) => e.message), early, await scheduler.wait(1)];`, want: []any{"stop", "AbortError", nil}},
		{name: "a cache that keeps nothing", js: `
const res = new Response("x");
await caches.default.put("https://example.com/a", res);
const other = await caches.open("named");
return [await caches.default.match("https://example.com/a"), await other.delete("https://example.com/a"), res.bodyUsed,
  await caches.default.put(new Request("https://example.com/", { method: "POST", body: "b" }), new Response("x")).catch((e) => e.message),
  other instanceof Cache];`, want: []any{nil, false, true, "Cannot cache response to non-GET request.", true}},
		{name: "MessageChannel queues until started and clones", js: `
const { port1, port2 } = new MessageChannel();
const obj = { n: 1 };
port1.postMessage(obj);
obj.n = 2;
const got = [];
await new Promise((r) => setTimeout(r, 5));
port2.addEventListener("message", (e) => { got.push(e.data.n); });
port2.start();
await new Promise((r) => setTimeout(r, 5));
port1.close();
port1.postMessage({ n: 3 });
await new Promise((r) => setTimeout(r, 5));
return got;`, want: []any{int64(1)}},
	})
}

const timerCasesPrelude = `// Timers, microtasks and Promise ordering, scheduler.wait, performance.now.`

var timerCases = []webCase{
	{
		name: "timers-micro-vs-macro-order",
		body: `const f = async () => {
    const log = [];
    setTimeout(() => log.push("timeout0"), 0);
    queueMicrotask(() => log.push("microtask1"));
    Promise.resolve().then(() => log.push("promise1")).then(() => log.push("promise2"));
    queueMicrotask(() => log.push("microtask2"));
    log.push("sync");
    await tick(5);
    return log;
  };
return await f();`,
		want: `{"ok":["sync","microtask1","promise1","microtask2","promise2","timeout0"]}`,
	},
	{
		name: "timers-timeout-ordering",
		body: `const f = async () => {
    const log = [];
    setTimeout(() => log.push("t20"), 20);
    setTimeout(() => log.push("t5"), 5);
    setTimeout(() => log.push("t0-a"), 0);
    setTimeout(() => log.push("t0-b"));
    await tick(40);
    return log;
  };
return await f();`,
		want: `{"ok":["t0-a","t0-b","t5","t20"]}`,
	},
	{
		name: "timers-clear-timeout",
		body: `const f = async () => {
    const log = [];
    const id = setTimeout(() => log.push("cleared"), 1);
    clearTimeout(id);
    clearTimeout(99999);
    clearTimeout(undefined);
    setTimeout(() => log.push("kept"), 2);
    await tick(10);
    return log;
  };
return await f();`,
		want: `{"ok":["kept"]}`,
	},
	{
		name: "timers-interval",
		body: `const f = async () => {
    let n = 0;
    await new Promise((resolve) => {
      const id = setInterval(() => { n++; if (n === 3) { clearInterval(id); resolve(); } }, 1);
    });
    await tick(10);
    return n;
  };
return await f();`,
		want: `{"ok":3}`,
	},
	{
		name: "timers-args-and-ids",
		body: `const f = async () => {
    const got = await new Promise((r) => setTimeout((a, b) => r([a, b]), 0, "x", 2));
    const id = setTimeout(() => {}, 1000);
    clearTimeout(id);
    return [got, typeof id, typeof id === "number" ? id > 0 : Object.prototype.toString.call(id)];
  };
return await f();`,
		want: `{"ok":[["x",2],"number",true]}`,
	},
	{
		name: "timers-this-and-errors",
		body: `const f = async () => [attempt(() => typeof setTimeout("code string", 0)),
    attempt(() => typeof setTimeout(undefined, 0))];
return await f();`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Failed to execute 'setTimeout' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to execute 'setTimeout' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.","name":"TypeError"}}]}`,
	},
	{
		name: "timers-queuemicrotask-errors",
		body: `const f = async () => [attempt(() => queueMicrotask()), attempt(() => queueMicrotask("str"))];
return await f();`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.","name":"TypeError"}}]}`,
	},
	{
		name: "timers-promise-job-order",
		body: `const f = async () => {
    const log = [];
    const p = Promise.resolve();
    p.then(() => log.push("a1")).then(() => log.push("a2")).then(() => log.push("a3"));
    p.then(() => log.push("b1")).then(() => log.push("b2"));
    (async () => { log.push("async-sync"); await null; log.push("async-after-await"); })();
    new Promise((r) => r(Promise.resolve())).then(() => log.push("resolved-with-promise"));
    await tick(1);
    return log;
  };
return await f();`,
		want: `{"ok":["async-sync","a1","b1","async-after-await","a2","b2","a3","resolved-with-promise"]}`,
	},
	{
		name: "timers-scheduler-wait",
		body: `const f = async () => {
    if (typeof scheduler === "undefined" || typeof scheduler.wait !== "function") return "absent";
    const log = [];
    setTimeout(() => log.push("timeout10"), 10);
    const r = await scheduler.wait(1);
    log.push("waited");
    await tick(20);
    return [r, log];
  };
return await f();`,
		want: `{"ok":[{"$undefined":true},["waited","timeout10"]]}`,
	},
	{
		name: "timers-performance-now",
		body: `const f = async () => {
    const a = performance.now();
    await tick(2);
    const b = performance.now();
    return [typeof a, b >= a, typeof performance.timeOrigin, Number.isFinite(a)];
  };
return await f();`,
		want: `{"ok":["number",true,"number",true]}`,
	},
	{
		name: "timers-date-now-type",
		body: `const f = async () => [typeof Date.now(), Number.isInteger(Date.now()), new Date(0).toISOString()];
return await f();`,
		want: `{"ok":["number",true,"1970-01-01T00:00:00.000Z"]}`,
	},
	{
		name: "timers-unhandled-rejection-does-not-throw",
		body: `const f = async () => {
    Promise.reject(new Error("ignored")).catch(() => {});
    await tick(1);
    return "ok";
  };
return await f();`,
		want: `{"ok":"ok"}`,
	},
}

const globalCasesPrelude = `// Globals a Worker can rely on: presence and types, navigator, and a few well-known values.

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

var globalCases = []webCase{
	{
		name: "globals-navigator",
		body: `const f = async () => ({
    userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, language: navigator.language,
    languages: navigator.languages, tag: Object.prototype.toString.call(navigator),
    sendBeacon: typeof navigator.sendBeacon, gpu: typeof navigator.gpu,
  });
return await f();`,
		want: `{"ok":{"gpu":"undefined","hardwareConcurrency":1,"language":"en","languages":["en"],"sendBeacon":"function","tag":"[object Navigator]","userAgent":"Cloudflare-Workers"}}`,
	},
	{
		name: "globals-self-identity",
		body: `const f = async () => [self === globalThis, Object.prototype.toString.call(globalThis), typeof globalThis.constructor,
    globalThis.constructor?.name];
return await f();`,
		want: `{"ok":[true,"[object ServiceWorkerGlobalScope]","function","ServiceWorkerGlobalScope"]}`,
	},
	{
		name: "globals-caches-default",
		body: `const f = async () => [typeof caches.default, typeof caches.open, Object.prototype.toString.call(caches),
    Object.prototype.toString.call(caches.default)];
return await f();`,
		want: `{"ok":["object","function","[object CacheStorage]","[object Cache]"]}`,
	},
	{
		name: "globals-message-channel",
		body: `const f = async () => {
    if (typeof MessageChannel !== "function") return "absent";
    const { port1, port2 } = new MessageChannel();
    const got = new Promise((r) => { port2.onmessage = (e) => r(e.data); });
    port1.postMessage({ hello: "port" });
    return await got;
  };
return await f();`,
		want: `{"ok":{"hello":"port"}}`,
	},
	{
		name: "globals-console-methods",
		body: `const f = async () => ["log", "info", "warn", "error", "debug", "trace", "table", "time", "timeEnd", "count", "group",
    "groupEnd", "assert", "dir"].map((m) => [m, typeof console[m]]);
return await f();`,
		want: `{"ok":[["log","function"],["info","function"],["warn","function"],["error","function"],["debug","function"],["trace","function"],["table","function"],["time","function"],["timeEnd","function"],["count","function"],["group","function"],["groupEnd","function"],["assert","function"],["dir","function"]]}`,
	},
	{
		name: "globals-dom-exception",
		body: `const f = async () => {
    const e = new DOMException("msg", "NotFoundError");
    const d = new DOMException();
    return [e.name, e.message, e.code, e instanceof Error, d.name, d.message, d.code, DOMException.ABORT_ERR,
      DOMException.DATA_CLONE_ERR, Object.prototype.toString.call(e)];
  };
return await f();`,
		want: `{"ok":["NotFoundError","msg",8,true,"Error","",0,20,25,"[object DOMException]"]}`,
	},
}
