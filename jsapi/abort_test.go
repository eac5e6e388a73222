package jsapi

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// The abort cases of the conformance corpus, with workerd's answers; those
// that need fetch or streams are left out.
var abortWebCases = []webCase{
	{
		name: "abort-controller-basic",
		body: `
const c = new AbortController();
const log = [];
c.signal.addEventListener("abort", (e) => log.push(["listener", e.type, e.isTrusted, e.target === c.signal]));
c.signal.onabort = (e) => log.push(["onabort", e.type]);
const before = [c.signal.aborted, c.signal.reason];
c.abort();
c.abort("second call ignored");
return [before, c.signal.aborted, err(c.signal.reason), log];`,
		want: `{"ok":[[false,{"$undefined":true}],true,{"code":20,"ctor":"DOMException","message":"The operation was aborted","name":"AbortError"},[["onabort","abort"],["listener","abort",true,true]]]}`,
	},
	{
		name: "abort-custom-reason",
		body: `
const out = [];
for (const reason of ["str", 0, null, { k: 1 }, new RangeError("r")]) {
  const c = new AbortController();
  c.abort(reason);
  out.push(reason instanceof Error ? err(c.signal.reason) : c.signal.reason);
}
return out;`,
		want: `{"ok":["str",0,null,{"k":1},{"ctor":"RangeError","message":"r","name":"RangeError"}]}`,
	},
	{
		name: "abort-throwifaborted",
		body: `
const c = new AbortController();
const before = attempt(() => c.signal.throwIfAborted());
c.abort(new TypeError("custom"));
const c2 = new AbortController();
c2.abort();
const c3 = new AbortController();
c3.abort("plain");
return [before, attempt(() => c.signal.throwIfAborted()), attempt(() => c2.signal.throwIfAborted()),
  attempt(() => c3.signal.throwIfAborted())];`,
		want: `{"ok":[{"ok":{"$undefined":true}},{"err":{"ctor":"TypeError","message":"custom","name":"TypeError"}},{"err":{"code":20,"ctor":"DOMException","message":"The operation was aborted","name":"AbortError"}},{"err":{"thrownValue":"plain"}}]}`,
	},
	{
		name: "abort-signal-abort-static",
		body: `
const s = AbortSignal.abort();
const s2 = AbortSignal.abort("why");
return [s.aborted, err(s.reason), s2.reason, Object.prototype.toString.call(s)];`,
		want: `{"ok":[true,{"code":20,"ctor":"DOMException","message":"The operation was aborted","name":"AbortError"},"why","[object AbortSignal]"]}`,
	},
	{
		name: "abort-signal-timeout",
		body: `
const s = AbortSignal.timeout(5);
const before = s.aborted;
const ev = await new Promise((r) => s.addEventListener("abort", () => r("fired")));
return [before, ev, s.aborted, err(s.reason)];`,
		want: `{"ok":[false,"fired",true,{"code":23,"ctor":"DOMException","message":"The operation was aborted due to timeout","name":"TimeoutError"}]}`,
	},
	{
		name: "abort-signal-any",
		body: `
if (typeof AbortSignal.any !== "function") return "absent";
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
const log = [];
any.addEventListener("abort", () => log.push("any-abort"));
b.abort("from-b");
a.abort("from-a");
const pre = AbortSignal.any([AbortSignal.abort("already"), new AbortController().signal]);
return [any.aborted, any.reason, log, pre.aborted, pre.reason, AbortSignal.any([]).aborted];`,
		want: `{"ok":[true,"from-b",["any-abort"],true,"already",false]}`,
	},
	{
		name: "abort-signal-not-constructible",
		body: `
return ([attempt(() => new AbortSignal()), typeof AbortSignal.abort, typeof AbortSignal.timeout]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Illegal constructor","name":"TypeError"}},"function","function"]}`,
	},
	{
		name: "abort-event-order",
		body: `
const log = [];
const c = new AbortController();
c.signal.addEventListener("abort", () => log.push("first"));
c.signal.onabort = () => log.push("onabort");
c.signal.addEventListener("abort", () => log.push("third"), { once: true });
c.signal.addEventListener("abort", () => log.push("never"), { signal: AbortSignal.abort() });
c.abort();
log.push("after-abort-sync");
return log;`,
		want: `{"ok":["onabort","first","third","after-abort-sync"]}`,
	},
	{
		name: "abort-surface",
		body: `
return (({
controller: Object.getOwnPropertyNames(AbortController.prototype).sort(),
signal: Object.getOwnPropertyNames(AbortSignal.prototype).sort(),
statics: Object.getOwnPropertyNames(AbortSignal).filter((k) => typeof AbortSignal[k] === "function").sort(),
  }));`,
		want: `{"ok":{"controller":["abort","constructor","signal"],"signal":["aborted","constructor","onabort","reason","throwIfAborted"],"statics":["abort","any","timeout"]}}`,
	},
}

func TestAbortConformance(t *testing.T) { runWebCases(t, abortWebCases) }

func TestAbort(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "abort(undefined) gives the default reason", js: `
const c = new AbortController();
c.abort(undefined);
return [c.signal.reason.name, c.signal.reason.message];`, want: []any{"AbortError", "The operation was aborted"}},
		{name: "listeners are dropped after abort", js: `
const c = new AbortController();
let n = 0;
c.signal.addEventListener("custom", () => n++);
c.abort();
c.signal.dispatchEvent(new Event("custom"));
return n;`, want: int64(0)},
		{name: "onabort keeps functions and objects only", js: `
const s = new AbortController().signal;
const f = () => {};
s.onabort = f;
const a = s.onabort === f;
s.onabort = 5;
const b = s.onabort;
const o = {};
s.onabort = o;
return [a, b, s.onabort === o];`, want: []any{true, nil, true}},
		{name: "a listener's exception propagates out of abort()", js: `
const c = new AbortController();
c.signal.addEventListener("abort", () => { throw new Error("from listener"); });
try { c.abort(); } catch (e) { return [e.message, c.signal.aborted]; }`, want: []any{"from listener", true}},
		{name: "any follows its sources in listener order", js: `
const a = new AbortController();
const log = [];
a.signal.addEventListener("abort", () => log.push("first"));
const any = AbortSignal.any([a.signal]);
any.addEventListener("abort", () => log.push("any:" + any.reason));
a.signal.addEventListener("abort", () => log.push("last"));
a.abort("why");
return log;`, want: []any{"first", "any:why", "last"}},
		{name: "any refuses what is not a signal", js: `AbortSignal.any([{}]);`,
			wantErr: "TypeError: Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'AbortSignal'."},
		{name: "any refuses a non-iterable", js: `AbortSignal.any(5);`,
			wantErr: "TypeError: Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'Array'."},
		{name: "signal option on an aborted signal adds nothing", js: `
const t = new EventTarget();
let n = 0;
t.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
t.dispatchEvent(new Event("x"));
return n;`, want: int64(0)},
		{name: "controller methods are brand-checked", js: `AbortController.prototype.abort.call({});`,
			wantErr: "TypeError: Illegal invocation"},
	})
}

// Go code observes a signal with onAbort, before its abort event, and can
// stop observing; newAbortSignal gives a fresh one.
func TestAbortGoHelpers(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		signal := r.newAbortSignal()
		var log []string
		require.NoError(t, signal.Set("onabort", r.function("", 0, func(goja.FunctionCall) goja.Value {
			log = append(log, "event")
			return goja.Undefined()
		})))
		r.onAbort(signal, func(reason goja.Value) { log = append(log, "go:"+reason.String()) })
		cancel := r.onAbort(signal, func(goja.Value) { log = append(log, "cancelled") })
		cancel()
		r.abortSignal(signal, r.rt.ToValue("stop"))
		r.abortSignal(signal, r.rt.ToValue("again"))
		require.Equal(t, []string{"go:stop", "event"}, log)

		// On a signal that has aborted already, the observer runs at once.
		var reason goja.Value
		r.onAbort(signal, func(v goja.Value) { reason = v })
		require.Equal(t, "stop", reason.String())

		// A nil reason is the default AbortError.
		other := r.newAbortSignal()
		r.abortSignal(other, nil)
		s, ok := toAbortSignal(other)
		require.True(t, ok)
		require.Equal(t, "AbortError", s.reason.(*goja.Object).Get("name").String())
	})
}

// The timer of AbortSignal.timeout runs outside any JS call: an exception
// from an abort listener is reported as uncaught.
func TestAbortTimeoutListenerError(t *testing.T) {
	tr := newTestRealm(t)
	v := tr.run(`
const s = AbortSignal.timeout(1);
s.addEventListener("abort", () => { throw new Error("late"); });
await new Promise((r) => setTimeout(r, 20));
return s.aborted;`)
	require.Equal(t, true, v)
	require.Contains(t, tr.host.output(), "error: Uncaught Error: late")
}
