package jsapi

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// The events cases of the conformance corpus, with workerd's answers.
var eventsWebCases = []webCase{
	{
		name: "events-event-defaults",
		body: `
const e = new Event("custom");
return { type: e.type, bubbles: e.bubbles, cancelable: e.cancelable, composed: e.composed, defaultPrevented: e.defaultPrevented,
  isTrusted: e.isTrusted, eventPhase: e.eventPhase, target: e.target, currentTarget: e.currentTarget,
  timeStampType: typeof e.timeStamp, returnValue: e.returnValue, cancelBubble: e.cancelBubble,
  constants: [Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE] };`,
		want: `{"ok":{"bubbles":false,"cancelBubble":false,"cancelable":false,"composed":false,"constants":[0,1,2,3],"currentTarget":{"$undefined":true},"defaultPrevented":false,"eventPhase":0,"isTrusted":false,"returnValue":true,"target":{"$undefined":true},"timeStampType":"number","type":"custom"}}`,
	},
	{
		name: "events-event-init",
		body: `
const e = new Event("x", { bubbles: true, cancelable: true, composed: true });
return [e.bubbles, e.cancelable, e.composed, attempt(() => new Event()), new Event(undefined).type, new Event(null).type];`,
		want: `{"ok":[true,true,true,{"err":{"ctor":"TypeError","message":"Failed to construct 'Event': constructor parameter 1 is not of type 'string'.","name":"TypeError"}},"undefined","null"]}`,
	},
	{
		name: "events-dispatch-basic",
		body: `
const t = new EventTarget();
const log = [];
const h = (e) => log.push([e.type, e.eventPhase, e.target === t, e.currentTarget === t, this === undefined]);
t.addEventListener("ping", h);
t.addEventListener("ping", h);
const r = t.dispatchEvent(new Event("ping"));
return [log, r];`,
		want: `{"ok":[[["ping",2,true,true,true]],true]}`,
	},
	{
		name: "events-listener-this-and-object",
		body: `
const t = new EventTarget();
const log = [];
t.addEventListener("a", function (e) { log.push(["fn", this === t]); });
const obj = { handleEvent(e) { log.push(["handleEvent", this === obj, e.type]); } };
t.addEventListener("a", obj);
t.dispatchEvent(new Event("a"));
return log;`,
		want: `{"ok":[["fn",true],["handleEvent",true,"a"]]}`,
	},
	{
		name: "events-once-and-remove",
		body: `
const t = new EventTarget();
const log = [];
const f = () => log.push("f");
const g = () => log.push("g");
t.addEventListener("x", f, { once: true });
t.addEventListener("x", g);
t.dispatchEvent(new Event("x"));
t.removeEventListener("x", g);
t.dispatchEvent(new Event("x"));
return log;`,
		want: `{"ok":["f","g"]}`,
	},
	{
		name: "events-capture-option",
		body: `
const t = new EventTarget();
const log = [];
const f = () => log.push("f");
t.addEventListener("x", f);
const capture = attempt(() => t.addEventListener("x", f, { capture: true }));
const captureBool = attempt(() => t.addEventListener("x", f, true));
const captureFalse = attempt(() => t.addEventListener("x", f, { capture: false }));
t.dispatchEvent(new Event("x"));
t.removeEventListener("x", f);
t.dispatchEvent(new Event("x"));
return [capture, captureBool, captureFalse, log];`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"addEventListener(): options.capture must be false.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"addEventListener(): useCapture must be false.","name":"TypeError"}},{"ok":{"$undefined":true}},["f"]]}`,
	},
	{
		name: "events-prevent-default-passive",
		body: `
const t = new EventTarget();
t.addEventListener("c", (e) => e.preventDefault());
const cancelable = new Event("c", { cancelable: true });
const notCancelable = new Event("c");
const r1 = t.dispatchEvent(cancelable);
const r2 = t.dispatchEvent(notCancelable);
const t2 = new EventTarget();
const passive = attempt(() => t2.addEventListener("c", (e) => e.preventDefault(), { passive: true }));
const ev = new Event("c", { cancelable: true });
let assign = "assigned";
try { ev.returnValue = false; } catch (e) { assign = e.name; } // read-only in workerd (a TypeError in strict code)
return [r1, cancelable.defaultPrevented, r2, notCancelable.defaultPrevented, passive, assign, ev.defaultPrevented];`,
		want: `{"ok":[false,true,false,false,{"err":{"ctor":"TypeError","message":"addEventListener(): options.passive must be false.","name":"TypeError"}},"TypeError",false]}`,
	},
	{
		name: "events-stop-immediate-propagation",
		body: `
const t = new EventTarget();
const log = [];
t.addEventListener("s", (e) => { log.push(1); e.stopImmediatePropagation(); });
t.addEventListener("s", () => log.push(2));
t.dispatchEvent(new Event("s"));
return log;`,
		want: `{"ok":[1]}`,
	},
	{
		name: "events-listener-added-during-dispatch",
		body: `
const t = new EventTarget();
const log = [];
t.addEventListener("d", () => { log.push("first"); t.addEventListener("d", () => log.push("late")); });
t.dispatchEvent(new Event("d"));
log.push("--");
t.dispatchEvent(new Event("d"));
return log;`,
		want: `{"ok":["first","--","first","late"]}`,
	},
	{
		name: "events-listener-throws",
		body: `
const t = new EventTarget();
const log = [];
t.addEventListener("e", () => { throw new Error("listener error"); });
t.addEventListener("e", () => log.push("second still runs"));
let r;
try { r = ["returned", t.dispatchEvent(new Event("e"))]; } catch (e) { r = ["threw", e.message]; }
return [r, log];`,
		want: `{"ok":[["threw","listener error"],[]]}`,
	},
	{
		name: "events-redispatch-error",
		body: `
const t = new EventTarget();
const e = new Event("r");
let inner;
t.addEventListener("r", () => { inner = attempt(() => t.dispatchEvent(e)); });
t.dispatchEvent(e);
return [inner, e.eventPhase, e.target === t, attempt(() => t.dispatchEvent(e))];`,
		want: `{"ok":[{"err":{"code":11,"ctor":"DOMException","message":"The event is already being dispatched.","name":"InvalidStateError"}},0,true,{"ok":true}]}`,
	},
	{
		name: "events-custom-event",
		body: `
const t = new EventTarget();
let got;
t.addEventListener("cust", (e) => { got = [e.detail, e instanceof Event, e.constructor.name]; });
t.dispatchEvent(new CustomEvent("cust", { detail: { n: 1 } }));
return [got, new CustomEvent("x").detail];`,
		want: `{"ok":[[{"n":1},true,"CustomEvent"],{"$undefined":true}]}`,
	},
	{
		name: "events-subclass",
		body: `
class Counter extends EventTarget {
  constructor() { super(); this.n = 0; }
  inc() { this.n++; this.dispatchEvent(new CustomEvent("change", { detail: this.n })); }
}
class MyEvent extends Event { constructor() { super("mine"); this.extra = "x"; } }
const c = new Counter();
const log = [];
c.addEventListener("change", (e) => log.push(e.detail));
c.addEventListener("mine", (e) => log.push([e.extra, e instanceof MyEvent]));
c.inc(); c.inc();
c.dispatchEvent(new MyEvent());
return log;`,
		want: `{"ok":[1,2,["x",true]]}`,
	},
	{
		name: "events-signal-option-removes",
		body: `
const t = new EventTarget();
const ctl = new AbortController();
const log = [];
t.addEventListener("x", () => log.push("x"), { signal: ctl.signal });
t.dispatchEvent(new Event("x"));
ctl.abort();
t.dispatchEvent(new Event("x"));
return log;`,
		want: `{"ok":["x"]}`,
	},
	{
		name: "events-invalid-args",
		body: `
const t = new EventTarget();
return [attempt(() => t.dispatchEvent({ type: "fake" })), attempt(() => t.addEventListener("x", null)),
  attempt(() => t.addEventListener("x", "not callable")), attempt(() => t.removeEventListener("x", () => {}))];`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.","name":"TypeError"}},{"ok":{"$undefined":true}},{"err":{"ctor":"TypeError","message":"Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'.","name":"TypeError"}},{"ok":{"$undefined":true}}]}`,
	},
	{
		name: "events-composed-path",
		body: `
const t = new EventTarget();
let during;
t.addEventListener("p", (e) => { during = e.composedPath().length; });
const e = new Event("p");
const before = e.composedPath().length;
t.dispatchEvent(e);
return [before, during, e.composedPath().length];`,
		want: `{"ok":[0,1,0]}`,
	},
	{
		name: "events-global-event-classes",
		body: `
return (["Event", "EventTarget", "CustomEvent", "ErrorEvent", "MessageEvent", "CloseEvent",
"PromiseRejectionEvent", "ExtendableEvent", "FetchEvent", "ScheduledEvent"].map((n) => [n, typeof globalThis[n]]));`,
		want: `{"ok":[["Event","function"],["EventTarget","function"],["CustomEvent","function"],["ErrorEvent","function"],["MessageEvent","function"],["CloseEvent","function"],["PromiseRejectionEvent","function"],["ExtendableEvent","function"],["FetchEvent","function"],["ScheduledEvent","function"]]}`,
	},
	{
		name: "events-message-close-event",
		body: `
const m = new MessageEvent("message", { data: { a: 1 } });
const c = new CloseEvent("close", { code: 1000, reason: "bye", wasClean: true });
return [m.type, m.data, c.code, c.reason, c.wasClean, new CloseEvent("close").code];`,
		want: `{"ok":["message",{"a":1},1000,"bye",true,0]}`,
	},
}

func TestEventsConformance(t *testing.T) { runWebCases(t, eventsWebCases) }

func TestEvents(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "on-property runs first for any target", js: `
const t = new EventTarget();
const log = [];
t.addEventListener("ping", () => { log.push("listener"); });
t.onping = function (e) { log.push(["onping", this === t, e.type]); };
t.onpong = "not a function";
t.dispatchEvent(new Event("ping"));
t.dispatchEvent(new Event("pong"));
return JSON.stringify(log);`, want: `[["onping",true,"ping"],"listener"]`},
		{name: "listener returning true cancels", js: `
const t = new EventTarget();
t.addEventListener("c", () => true);
const e = new Event("c", { cancelable: true });
return [t.dispatchEvent(e), e.defaultPrevented];`, want: []any{false, true}},
		{name: "preventDefault on a non-cancelable event", js: `
const e = new Event("x");
e.preventDefault();
return [e.defaultPrevented, e.returnValue];`, want: []any{false, true}},
		{name: "redispatch clears preventDefault", js: `
const t = new EventTarget();
let first = true;
t.addEventListener("c", (e) => { if (first) { first = false; e.preventDefault(); } });
const e = new Event("c", { cancelable: true });
return [t.dispatchEvent(e), t.dispatchEvent(e), e.defaultPrevented];`, want: []any{false, true, false}},
		{name: "stopImmediatePropagation sticks to the event", js: `
const t = new EventTarget();
let n = 0;
t.addEventListener("s", (e) => { n++; e.stopImmediatePropagation(); });
const e = new Event("s");
t.dispatchEvent(e);
t.dispatchEvent(e);
return n;`, want: int64(1)},
		{name: "cancelBubble and stopPropagation", js: `
const e = new Event("x");
const before = e.cancelBubble;
e.stopPropagation();
const after = e.cancelBubble;
e.cancelBubble = false;
return [before, after, e.cancelBubble];`, want: []any{false, true, false}},
		{name: "handleEvent is read when the listener is added", js: `
const t = new EventTarget();
const log = [];
const obj = { handleEvent() { log.push("original"); } };
t.addEventListener("a", obj);
obj.handleEvent = () => log.push("replaced");
t.dispatchEvent(new Event("a"));
t.removeEventListener("a", obj);
t.dispatchEvent(new Event("a"));
return log;`, want: []any{"original"}},
		{name: "object without handleEvent", js: `new EventTarget().addEventListener("x", {});`,
			wantErr: "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'."},
		{name: "listener removed during dispatch is skipped", js: `
const t = new EventTarget();
const log = [];
const second = () => log.push("second");
t.addEventListener("x", () => { log.push("first"); t.removeEventListener("x", second); });
t.addEventListener("x", second);
t.dispatchEvent(new Event("x"));
return log;`, want: []any{"first"}},
		{name: "removeEventListener refuses capture", js: `new EventTarget().removeEventListener("x", () => {}, true);`,
			wantErr: "TypeError: removeEventListener(): useCapture must be false."},
		{name: "signal must be an AbortSignal", js: `new EventTarget().addEventListener("x", () => {}, { signal: {} });`,
			wantErr: "TypeError: Incorrect type for the 'signal' field on 'AddEventListenerOptions': the provided value is not of type 'AbortSignal'."},
		{name: "addEventListener needs a type", js: `new EventTarget().addEventListener();`,
			wantErr: "TypeError: Failed to execute 'addEventListener' on 'EventTarget': parameter 1 is not of type 'string'."},
		{name: "event init must be an object", js: `new Event("x", 5);`,
			wantErr: "TypeError: Failed to construct 'Event': constructor parameter 2 is not of type 'EventInit'."},
		{name: "getters are on the prototype and brand-checked", js: `
const own = Object.getOwnPropertyNames(new Event("x"));
let msg;
try { Event.prototype.type; } catch (e) { msg = e.message; }
return [own.length, msg, Object.prototype.toString.call(new Event("x"))];`, want: []any{int64(0), "Illegal invocation", "[object Event]"}},
		{name: "timeStamp is 0", js: `return new Event("x").timeStamp;`, want: int64(0)},
		{name: "ErrorEvent", js: `
const err = new Error("e");
const ev = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: err });
const empty = new ErrorEvent("error");
return [ev.message, ev.filename, ev.lineno, ev.colno, ev.error === err, empty.message, empty.lineno, empty.error, ev instanceof Event];`,
			want: []any{"m", "f.js", int64(3), int64(4), true, "", int64(0), nil, true}},
		{name: "MessageEvent defaults", js: `
const m = new MessageEvent("message");
return [m.data, m.origin, m.lastEventId, m.source, m.ports.length];`, want: []any{nil, nil, "", nil, int64(0)}},
		{name: "CloseEvent defaults", js: `
const c = new CloseEvent("close");
return [c.code, c.reason, c.wasClean, c.type];`, want: []any{int64(0), "", false, "close"}},
		{name: "runtime-only event classes", js: `
const out = [];
for (const C of [PromiseRejectionEvent, ExtendableEvent, FetchEvent, ScheduledEvent]) {
  try { new C("x"); out.push("constructed"); } catch (e) { out.push(e.message); }
}
return [...out, Object.getPrototypeOf(FetchEvent.prototype) === ExtendableEvent.prototype];`,
			want: []any{"Illegal constructor", "Illegal constructor", "Illegal constructor", "Illegal constructor", true}},
		{name: "subclass of EventTarget keeps its own fields", js: `
class Emitter extends EventTarget { constructor() { super(); this.count = 0; } }
const e = new Emitter();
e.addEventListener("tick", () => { e.count++; });
e.dispatchEvent(new Event("tick"));
return [e.count, e instanceof EventTarget, Object.keys(e)];`, want: []any{int64(1), true, []any{"count"}}},
	})
}

func TestEventListenerReturnWarning(t *testing.T) {
	tr := newTestRealm(t)
	tr.run(`
const t = new EventTarget();
t.addEventListener("x", () => 1);
t.addEventListener("x", async () => {});
t.dispatchEvent(new Event("x"));
const u = new EventTarget();
u.addEventListener("x", async () => {});
u.dispatchEvent(new Event("x"));
`)
	require.Equal(t, `warn: An event handler returned a value of type "number" that will be ignored. Event handlers should not have a return value.
warn: An event handler returned a promise that will be ignored. Event handlers should not have a return value and should not be async functions.`, tr.host.output())
}

// Go listeners run in registration order with the JS ones and see the
// event object; dispatch from Go reports what dispatchEvent returns.
func TestEventGoHelpers(t *testing.T) {
	tr := newTestRealm(t)
	var log []string
	var target *goja.Object
	var remove func()
	tr.do(func() {
		r := tr.realm
		v, err := r.rt.RunString(`
globalThis.goLog = [];
const t = new EventTarget();
t.addEventListener("m", (e) => { goLog.push("js:" + e.data); });
t;`)
		require.NoError(t, err)
		target = v.(*goja.Object)
		remove = r.addListener(target, "m", false, func(ev *goja.Object) {
			log = append(log, "go:"+ev.Get("data").String()+":"+ev.Get("isTrusted").String())
		})
		require.True(t, r.dispatch(target, r.newMessageEvent("m", r.rt.ToValue("hello"))))
		remove()
		require.True(t, r.dispatch(target, r.newMessageEvent("m", r.rt.ToValue("again"))))
		js, err := r.rt.RunString(`goLog.join(",")`)
		require.NoError(t, err)
		require.Equal(t, "js:hello,js:again", js.String())
	})
	require.Equal(t, []string{"go:hello:true"}, log)

	// An exception from a listener panics out of dispatch, where Go code
	// outside a JS call catches it with Try.
	tr.do(func() {
		r := tr.realm
		v, err := r.rt.RunString(`const u = new EventTarget(); u.addEventListener("boom", () => { throw new Error("listener failed"); }); u`)
		require.NoError(t, err)
		ex := r.rt.Try(func() { r.dispatch(v.(*goja.Object), r.newEvent("boom")) })
		require.NotNil(t, ex)
		require.Contains(t, ex.Error(), "listener failed")
	})
}

// A Go-backed subclass of EventTarget, as WebSocket will be.
func TestEventTargetSubclassFromGo(t *testing.T) {
	type widget struct {
		eventTarget
		name string
	}
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		c := r.newEventTargetClass("Widget", 0, func(call goja.ConstructorCall) any { return &widget{name: "w"} })
		c.getter("name", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*widget](r, this).name) })
		c.global()
	})
	v := tr.run(`
const w = new Widget();
let got;
w.addEventListener("open", (e) => { got = [e.type, e.target === w]; });
w.dispatchEvent(new Event("open"));
return [w.name, w instanceof EventTarget, got, Object.prototype.toString.call(w)];`)
	require.Equal(t, []any{"w", true, []any{"open", true}, "[object Widget]"}, v)
}
