package jsapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// webCaseHelpers are the helpers of the conformance corpus's web cases
// (conformance/src/cases/web/util.js) and its canonical JSON form
// (conformance/src/index.js), so a case's body can be pasted as is and its
// answer compared with what workerd recorded.
const webCaseHelpers = `
const err = (e) => {
  if (e === null || typeof e !== "object" || !("message" in e)) return { thrownValue: e };
  const out = { name: e.name, message: e.message, ctor: e.constructor?.name };
  if (typeof DOMException === "function" && e instanceof DOMException) out.code = e.code;
  return out;
};
const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { err: err(e) }; } };
const attemptAsync = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: err(e) }; } };
const utf8 = (s) => new TextEncoder().encode(s);
const bytes = (...b) => new Uint8Array(b); // encoding.js's own helper
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const fromHex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const hex = (b) => [...(b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))]
  .map((x) => x.toString(16).padStart(2, "0")).join("");
function canonical(v, seen = new Set()) {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { $number: "NaN" };
    if (!Number.isFinite(v)) return { $number: v > 0 ? "Infinity" : "-Infinity" };
    if (Object.is(v, -0)) return { $number: "-0" };
    return v;
  }
  if (typeof v === "bigint") return { $bigint: v.toString() };
  if (typeof v === "symbol") return { $symbol: String(v) };
  if (typeof v === "function") return { $function: typeof v };
  if (seen.has(v)) return { $cycle: true };
  seen.add(v);
  try {
    if (v instanceof Error) return { $error: { name: v.name, message: v.message, constructor: v.constructor?.name } };
    if (v instanceof ArrayBuffer) return { $arrayBuffer: [...new Uint8Array(v)] };
    if (ArrayBuffer.isView(v)) {
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { $view: v.constructor.name, bytes: [...bytes] };
    }
    if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [canonical(k, seen), canonical(x, seen)]) };
    if (v instanceof Set) return { $set: [...v].map((x) => canonical(x, seen)) };
    if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString() };
    if (v instanceof RegExp) return { $regexp: String(v) };
    if (Array.isArray(v)) return v.map((x) => canonical(x, seen));
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = canonical(v[k], seen);
    return out;
  } finally {
    seen.delete(v);
  }
}
`

// webCase is one case of the conformance corpus: body is the case's
// function body, want the JSON workerd answered
// (conformance/expected/web/<name>.json).
type webCase struct {
	name string
	body string
	want string
}

// runWebCases runs each case the way the corpus's harness does and
// compares its canonical answer with workerd's.
func runWebCases(t *testing.T, cases []webCase) {
	t.Helper()
	tr := newTestRealm(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr.t = t
			// The cases live in an ES module: strict code, where a
			// top-level arrow's this is undefined.
			js := webCaseHelpers + `
const run = (function () { "use strict"; return async () => {` + c.body + `}; }).call(undefined);
try { return JSON.stringify({ ok: canonical(await run()) }); }
catch (e) { return JSON.stringify({ threw: canonical(e instanceof Error ? e : { value: e }) }); }`
			v, err := tr.eval(js)
			require.NoError(t, err)
			var got, want any
			require.NoError(t, json.Unmarshal([]byte(v.(string)), &got))
			require.NoError(t, json.Unmarshal([]byte(c.want), &want), "want is not JSON")
			require.Equal(t, want, got)
		})
	}
}

// The part of the corpus's globals-typeof case that the APIs of events.go,
// abort.go, encoding.go, base64.go, crypto.go, performance.go,
// structured_clone.go and console.go answer, with workerd's types.
func TestGlobalsTypeof(t *testing.T) {
	want := map[string]any{
		"AbortController": "function", "AbortSignal": "function", "Crypto": "function", "CustomEvent": "function",
		"DigestStream": "undefined", "ErrorEvent": "function", "Event": "function", "EventTarget": "function",
		"Navigator": "function", "Performance": "undefined", "PerformanceMark": "undefined", "SubtleCrypto": "function",
		"TextDecoder": "function", "TextEncoder": "function", "atob": "function", "btoa": "function",
		"console": "object", "crypto": "object", "navigator": "object", "performance": "object",
		"structuredClone": "function", "MessageEvent": "function", "CloseEvent": "function",
		"PromiseRejectionEvent": "function", "ExtendableEvent": "function", "FetchEvent": "function", "ScheduledEvent": "function",
	}
	names := make([]any, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	tr := newTestRealm(t)
	var got map[string]any
	tr.do(func() {
		require.NoError(t, tr.realm.rt.Set("names", names))
		v, err := tr.realm.rt.RunString(`Object.fromEntries(names.map((n) => [n, typeof globalThis[n]]))`)
		require.NoError(t, err)
		got = v.Export().(map[string]any)
	})
	require.Equal(t, want, got)
}
