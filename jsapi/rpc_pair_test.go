package jsapi

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// rpcCallee is the object the RPC tests call: a Durable Object class, in a
// realm of its own on its own loop, as an object in another isolate.
const rpcCallee = `
const { DurableObject, RpcTarget } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
globalThis.disposed = [];
class Counter extends RpcTarget {
  #n;
  constructor(n) { super(); this.#n = n; this.hidden = "instance property"; }
  inc(by = 1) { return (this.#n += by); }
  get value() { return this.#n; }
  child() { return new Counter(this.#n * 10); }
  [Symbol.dispose]() { disposed.push(this.#n); }
}
class ValidationError extends Error {
  constructor(m) { super(m); this.name = "ValidationError"; this.code = 422; }
}
class Target extends DurableObject {
  field = "class field";
  constructor(ctx, env) { super(ctx, env); this.assigned = "in constructor"; }
  echo(...args) { return args.length === 1 ? args[0] : args; }
  count(...args) { return args.length; }
  throwIt(kind) {
    switch (kind) {
      case "custom": throw new ValidationError("bad input");
      case "props": { const e = new RangeError("with props"); e.code = "E"; throw e; }
      case "renamed": { const e = new TypeError("renamed"); e.name = "Fancy"; throw e; }
      case "string": throw "just a string";
      case "object": throw { plain: true };
      case "dom": throw new DOMException("gone", "AbortError");
      default: throw new globalThis[kind](kind + " thrown");
    }
  }
  async rejectLater(kind) { await null; return this.throwIt(kind); }
  makeCounter(n) { return new Counter(n); }
  nested() { return { a: { b: { c: "deep" } }, list: [10, 20], greet: (who) => "hi " + who, counter: new Counter(7), n: 5 }; }
  async callBack(fn, ...args) { return { result: await fn(...args), type: typeof fn }; }
  keep(fn) { this.kept = fn; this.keptDup = fn.dup(); return "kept"; }
  async callKept(which, x) { return await this[which](x); }
  returnFn(prefix) { return (s) => prefix + s; }
  get answer() { return 42; }
  get later() { return Promise.resolve("later"); }
  disposedCounters() { return disposed; }
  classInstance() { return new (class Point { x = 1; })(); }
  nullProto() { const o = Object.create(null); o.x = 1; return o; }
  async request(req) { return { method: req.method, url: req.url, body: await req.text(), h: req.headers.get("x-h") }; }
  response(s) { return new Response(s, { status: 201, headers: { "x-r": "yes" } }); }
  headers() { return new Headers({ a: "1", b: "2" }); }
}
globalThis.target = new Target({}, {});
`

// rpcPair is a caller realm whose global OBJ is a Durable Object namespace
// whose every object is the callee realm's Target.
type rpcPair struct {
	caller, callee *testRealm
}

type testObjectID string

func (id testObjectID) String() string       { return strings.Repeat("0", 64) }
func (id testObjectID) Name() (string, bool) { return string(id), true }

// loopbackNamespace delivers events to the callee's Target on its loop.
type loopbackNamespace struct{ callee *testRealm }

func (n loopbackNamespace) IDFromName(name string) ObjectID { return testObjectID(name) }

func (n loopbackNamespace) NewUniqueID(string) (ObjectID, error) {
	return nil, errors.New("no unique ids in this test")
}

func (n loopbackNamespace) IDFromString(string) (ObjectID, error) {
	return nil, errors.New("no ids from strings in this test")
}

func (n loopbackNamespace) target() *goja.Object {
	return n.callee.realm.rt.Get("target").(*goja.Object)
}

func (n loopbackNamespace) Fetch(id ObjectID, req *HTTPRequest, done func(*HTTPResponse, error)) {
	n.callee.loop.Post(func() { n.callee.realm.InvokeFetch(n.target(), req, nil, done) })
}

func (n loopbackNamespace) Call(id ObjectID, path []string, args *RPCValue, done func(*RPCValue, error)) {
	n.callee.loop.Post(func() { n.callee.realm.InvokeMethod(n.target(), path, args, done) })
}

func newRPCPair(t *testing.T) *rpcPair {
	p := &rpcPair{caller: newTestRealm(t), callee: newTestRealm(t)}
	p.callee.do(func() {
		_, err := p.callee.realm.rt.RunString(rpcCallee)
		require.NoError(t, err)
	})
	p.caller.do(func() {
		require.NoError(t, p.caller.realm.rt.Set("OBJ", p.caller.realm.NewNamespace(loopbackNamespace{p.callee})))
	})
	return p
}

// run evaluates body in the caller as the corpus's cases run, with `stub`
// bound to an object of OBJ, and returns its canonical JSON answer.
func (p *rpcPair) run(t *testing.T, body string) string {
	p.caller.t = t
	js := webCaseHelpers + `
const stub = OBJ.getByName("t");
const remoteErr = (e) => ({ ...err(e), remote: e?.remote ?? null, keys: Object.keys(e) });
const rejects = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: remoteErr(e) }; } };
const run = async () => {` + body + `};
try { return JSON.stringify({ ok: canonical(await run()) }); }
catch (e) { return JSON.stringify({ threw: canonical(e instanceof Error ? e : { value: e }) }); }`
	v, err := p.caller.eval(js)
	require.NoError(t, err)
	return v.(string)
}

type rpcCase struct {
	name, body, want string
}

func runRPCCases(t *testing.T, cases []rpcCase) {
	t.Helper()
	p := newRPCPair(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got, want any
			require.NoError(t, json.Unmarshal([]byte(p.run(t, c.body)), &got))
			require.NoError(t, json.Unmarshal([]byte(c.want), &want), "want is not JSON")
			require.Equal(t, want, got)
		})
	}
}

// Every structured-clonable type goes to the object and comes back equal,
// as a new value of the same class.
func TestRPCValuesRoundTrip(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"primitives", `
			const out = {};
			for (const [k, v] of Object.entries({ int: 1, float: 1.5, neg0: -0, nan: NaN, inf: -Infinity, str: "hé😀", t: true, f: false, nul: null, undef: undefined, big: -(2n ** 70n) }))
				out[k] = await stub.echo(v);
			return out;`,
			`{"ok":{"int":1,"float":1.5,"neg0":{"$number":"-0"},"nan":{"$number":"NaN"},"inf":{"$number":"-Infinity"},"str":"hé😀","t":true,"f":false,"nul":null,"undef":{"$undefined":true},"big":{"$bigint":"-1180591620717411303424"}}}`},
		{"dates and regexps", `
			const [d, bad, re] = await stub.echo(new Date(1234567890123), new Date(NaN), /a.c/gimsuy);
			return [d, bad, re, d instanceof Date, re.flags];`,
			`{"ok":[{"$date":"2009-02-13T23:31:30.123Z"},{"$date":"Invalid Date"},{"$regexp":"/a.c/gimsuy"},true,"gimsuy"]}`},
		{"maps and sets", `
			const key = { k: 1 };
			const m = await stub.echo(new Map([[key, "object key"], ["s", new Set([1, "two"])]]));
			return [m, m instanceof Map, [...m.keys()][0] !== key];`,
			`{"ok":[{"$map":[[{"k":1},"object key"],["s",{"$set":[1,"two"]}]]},true,true]}`},
		{"binary", `
			const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
			const views = [new Int8Array([-1]), new Uint8Array([255]), new Uint8ClampedArray([300]), new Int16Array([-2]), new Uint16Array([2]),
				new Int32Array([-3]), new Uint32Array([3]), new Float32Array([0.5]), new Float64Array([0.25]), new BigInt64Array([-4n]),
				new BigUint64Array([4n]), new DataView(buf, 2, 3), new Uint8Array(buf, 4, 2)];
			const back = await stub.echo([buf, ...views]);
			return back.map((v) => [v.constructor.name, v.byteLength]).concat([canonical(back[0]), canonical(back[13]), back[13].buffer === back[0], back[12].buffer === back[0]]);`,
			`{"ok":[["ArrayBuffer",8],["Int8Array",1],["Uint8Array",1],["Uint8ClampedArray",1],["Int16Array",2],["Uint16Array",2],["Int32Array",4],["Uint32Array",4],["Float32Array",4],["Float64Array",8],["BigInt64Array",8],["BigUint64Array",8],["DataView",3],["Uint8Array",2],{"$arrayBuffer":[1,2,3,4,5,6,7,8]},{"$view":"Uint8Array","bytes":[5,6]},true,true]}`},
		{"boxed primitives", `
			const r = await stub.echo([Object(5), Object("s"), Object(true), Object(5n)]);
			return r.map((v) => [typeof v, v.constructor.name, String(v)]);`,
			`{"ok":[["object","Number","5"],["object","String","s"],["object","Boolean","true"],["object","BigInt","5"]]}`},
		{"nested, cyclic and shared", `
			const shared = { s: 1 };
			const o = { a: shared, b: shared, deep: { list: [1, { x: [2, [3]] }] } };
			o.self = o;
			const r = await stub.echo(o);
			return { self: r.self === r, shared: r.a === r.b, deep: r.deep, copy: r !== o };`,
			`{"ok":{"self":true,"shared":true,"deep":{"list":[1,{"x":[2,[3]]}]},"copy":true}}`},
		{"sparse arrays and undefined properties", `
			const r = await stub.echo({ u: undefined, arr: [1, , 3] });
			return { keys: Object.keys(r), hasU: "u" in r, len: r.arr.length, hole: 1 in r.arr };`,
			`{"ok":{"keys":["u","arr"],"hasU":true,"len":3,"hole":false}}`},
		{"errors as values keep their class and lose other properties", `
			const e = new RangeError("as value");
			e.extra = 1;
			const r = await stub.echo([e, new TypeError("t"), new Error("plain")]);
			return r.map((x) => [x.constructor.name, x.message, x.extra ?? null, x.remote ?? null]);`,
			`{"ok":[["RangeError","as value",null,null],["TypeError","t",null,null],["Error","plain",null,null]]}`},
		{"arguments arrive as they were sent", `
			return [await stub.count(), await stub.count(undefined), await stub.count(1, 2, 3), await stub.echo()];`,
			`{"ok":[0,1,3,[]]}`},
		{"a large argument", `return (await stub.echo("x".repeat(1 << 20))).length;`, `{"ok":1048576}`},
		{"request, response and headers", `
			const req = await stub.request(new Request("http://e/x?y=1", { method: "POST", body: "hi", headers: { "x-h": "v" } }));
			const res = await stub.response("made");
			const h = await stub.headers();
			return [req, res instanceof Response, res.status, res.headers.get("x-r"), await res.text(), h instanceof Headers, [...h]];`,
			`{"ok":[{"method":"POST","url":"http://e/x?y=1","body":"hi","h":"v"},true,201,"yes","made",true,[["a","1"],["b","2"]]]}`},
	})
}

// What structured clone cannot copy is refused in the caller, with
// workerd's DataCloneError texts, and nothing is sent.
func TestRPCRefusesWhatCannotBeCloned(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"symbol", `return rejects(() => stub.echo(Symbol("x")));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Symbol(x) could not be cloned.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"weak map", `return rejects(() => stub.echo(new WeakMap()));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"#<WeakMap> could not be cloned.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"class instance", `class Pt { x = 1; } return rejects(() => stub.echo(new Pt()));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"Pt\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"null-prototype object", `return rejects(() => stub.echo(Object.create(null)));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"Object\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"Durable Object stub", `return rejects(() => stub.echo(OBJ.getByName("other")));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"DurableObject\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"a pending call", `return rejects(() => stub.echo(stub.echo(1)));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"RpcPromise\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"a promise", `return rejects(() => stub.echo(Promise.resolve(1)));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"#<Promise> could not be cloned.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"a stub passed as an argument is transferred", `
			const c = await stub.makeCounter(1);
			const r = await stub.callBack((x) => x.inc(), c);
			return [r.result, (await rejects(() => c.inc())).err.message];`,
			`{"ok":[2,"RPC stub used after being disposed."]}`},
		{"RPC property", `return rejects(() => stub.echo(stub.someMethod));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"RpcProperty\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"proxy of a Map", `return rejects(() => stub.echo(new Proxy(new Map(), {})));`,
			`{"ok":{"err":{"name":"DataCloneError","message":"Proxy could not be serialized because it is not a valid RPC receiver type. The Proxy must emulate either a plain object or an RpcTarget, as indicated by the Proxy's prototype chain.","ctor":"DOMException","code":25,"remote":null,"keys":["code","name","message","stack"]}}}`},
		{"results the object cannot send", `return [await rejects(() => stub.classInstance()), await rejects(() => stub.nullProto())];`,
			`{"ok":[{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"Point\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":true,"keys":["code","name","message","stack","remote"]}},{"err":{"name":"DataCloneError","message":"Could not serialize object of type \"Object\". This type does not support serialization.","ctor":"DOMException","code":25,"remote":true,"keys":["code","name","message","stack","remote"]}}]}`},
	})
}

// A thrown value reaches the caller as workerd tunnels it: the nearest
// standard class, name and message, remote: true, nothing else.
func TestRPCErrors(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"standard classes", `
			const out = {};
			for (const k of ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]) out[k] = await rejects(() => stub.throwIt(k));
			return out;`,
			`{"ok":{"Error":{"err":{"name":"Error","message":"Error thrown","ctor":"Error","remote":true,"keys":["remote"]}},
			"TypeError":{"err":{"name":"TypeError","message":"TypeError thrown","ctor":"TypeError","remote":true,"keys":["remote"]}},
			"RangeError":{"err":{"name":"RangeError","message":"RangeError thrown","ctor":"RangeError","remote":true,"keys":["remote"]}},
			"SyntaxError":{"err":{"name":"SyntaxError","message":"SyntaxError thrown","ctor":"SyntaxError","remote":true,"keys":["remote"]}},
			"ReferenceError":{"err":{"name":"ReferenceError","message":"ReferenceError thrown","ctor":"ReferenceError","remote":true,"keys":["remote"]}},
			"EvalError":{"err":{"name":"EvalError","message":"EvalError thrown","ctor":"EvalError","remote":true,"keys":["remote"]}},
			"URIError":{"err":{"name":"URIError","message":"URIError thrown","ctor":"URIError","remote":true,"keys":["remote"]}}}}`},
		{"subclasses become their nearest standard class, properties are dropped", `
			return [await rejects(() => stub.throwIt("custom")), await rejects(() => stub.throwIt("props")), await rejects(() => stub.throwIt("renamed")), await rejects(() => stub.rejectLater("custom"))];`,
			`{"ok":[{"err":{"name":"Error","message":"ValidationError: bad input","ctor":"Error","remote":true,"keys":["remote"]}},
			{"err":{"name":"RangeError","message":"with props","ctor":"RangeError","remote":true,"keys":["remote"]}},
			{"err":{"name":"Error","message":"Fancy: renamed","ctor":"Error","remote":true,"keys":["remote"]}},
			{"err":{"name":"Error","message":"ValidationError: bad input","ctor":"Error","remote":true,"keys":["remote"]}}]}`},
		{"values that are not errors", `return [await rejects(() => stub.throwIt("string")), await rejects(() => stub.throwIt("object"))];`,
			`{"ok":[{"err":{"name":"Error","message":"just a string","ctor":"Error","remote":true,"keys":["remote"]}},{"err":{"name":"Error","message":"#<Object>","ctor":"Error","remote":true,"keys":["remote"]}}]}`},
		{"DOMException keeps its name", `const r = await rejects(() => stub.throwIt("dom")); return [r.err.name, r.err.message, r.err.ctor, r.err.remote];`,
			`{"ok":["AbortError","gone","DOMException",true]}`},
		{"the stub works after an error", `await rejects(() => stub.throwIt("TypeError")); return stub.echo("still works");`, `{"ok":"still works"}`},
	})
}

// Which names a call reaches: class methods and getters, not instance
// properties, Object.prototype or the reserved handler names.
func TestRPCLookup(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"getters", `return [await stub.answer, await stub.later];`, `{"ok":[42,"later"]}`},
		{"unknown method", `return [await rejects(() => stub.noSuchMethod(1)), typeof stub.noSuchMethod];`,
			`{"ok":[{"err":{"name":"TypeError","message":"The RPC receiver does not implement the method \"noSuchMethod\".","ctor":"TypeError","remote":true,"keys":["remote"]}},"function"]}`},
		{"instance properties are hidden", `
			const m = async (f) => (await rejects(f)).err.message;
			return [await m(async () => await stub.field), await m(async () => await stub.assigned), await m(async () => await stub.ctx), await m(() => stub.env.x())];`,
			`{"ok":["The RPC receiver does not implement the method \"field\".","The RPC receiver does not implement the method \"assigned\".","The RPC receiver does not implement the method \"ctx\".","The RPC receiver does not implement the method \"env\"."]}`},
		{"what Object.prototype has is the stub's own", `return [stub.hasOwnProperty("x"), typeof stub.valueOf, stub.constructor.name];`, `{"ok":[false,"function","DurableObject"]}`},
		{"a getter is not a function", `return (await rejects(() => stub.answer())).err.message;`, `{"ok":"\"answer\" is not a function."}`},
		{"reserved names", `return [(await rejects(() => stub.alarm())).err.message, (await rejects(() => stub.webSocketClose())).err.message, typeof stub.dup];`,
			`{"ok":["'alarm' is a reserved method and cannot be called over RPC.","'webSocketClose' is a reserved method and cannot be called over RPC.","function"]}`},
		{"stubs are not thenable and have no indexed properties", `return [stub.then, stub[0], await Promise.resolve(stub) === stub];`, `{"ok":[{"$undefined":true},{"$undefined":true},true]}`},
		{"the stub class answers first", `return [typeof stub.fetch, stub.name, String(stub), typeof stub.toString];`, `{"ok":["function","t","[object DurableObject]","function"]}`},
	})
}

// Calls on the result of a call before awaiting it, and the rules of the
// path on the result.
func TestRPCPipelining(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"fields", `return [await stub.nested().a.b.c, await stub.nested().n, await stub.nested().list[1]];`, `{"ok":["deep",5,{"$undefined":true}]}`},
		{"a function in the result", `return stub.nested().greet("bob");`, `{"ok":"hi bob"}`},
		{"an RpcTarget in the result", `return [await stub.makeCounter(3).inc(4), await stub.makeCounter(2).child().inc(), await stub.nested().counter.value];`, `{"ok":[7,21,7]}`},
		{"a missing name", `return (await rejects(async () => await stub.nested().a.zz.yy)).err.message;`, `{"ok":"The RPC receiver does not implement the method \"zz\"."}`},
		{"a primitive result has no properties", `return (await rejects(async () => await stub.echo(5).x)).err;`,
			`{"ok":{"name":"TypeError","message":"The RPC receiver does not implement the method \"x\".","ctor":"TypeError","remote":true,"keys":["remote"]}}`},
		{"calling what is not a function", `return (await rejects(() => stub.nested().n())).err.message;`, `{"ok":"\"n\" is not a function."}`},
		{"then, catch and finally on a property", `
			const a = await stub.answer.then((v) => v + 1);
			const b = await stub.nothing.catch((e) => e.message);
			let f = false; await stub.answer.finally(() => { f = true; });
			return [a, b, f];`,
			`{"ok":[43,"The RPC receiver does not implement the method \"nothing\".",true]}`},
		{"the promise is a promise", `const p = stub.echo(1); return [p instanceof Promise, Object.prototype.toString.call(p), await p];`, `{"ok":[true,"[object JsRpcPromise]",1]}`},
		{"a failed call fails what is pipelined on it", `return (await rejects(() => stub.throwIt("TypeError").x.y())).err.message;`, `{"ok":"TypeError thrown"}`},
	})
}

// RpcTarget instances are passed by reference: their methods run where
// they live.
func TestRPCTargets(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"methods, getters and private state", `
			const c = await stub.makeCounter(5);
			return [typeof c, await c.inc(), await c.inc(10), await c.value, await (await c.child()).value];`,
			`{"ok":["function",6,16,16,160]}`},
		{"instance properties stay hidden", `const c = await stub.makeCounter(1); return (await rejects(async () => await c.hidden)).err.message;`,
			`{"ok":"The RPC receiver does not implement the method \"hidden\"."}`},
		{"disposing the last stub disposes the target", `
			const c = await stub.makeCounter(99);
			const d = c.dup();
			c[Symbol.dispose]();
			const alive = await d.value;
			d[Symbol.dispose]();
			const after = await rejects(() => d.inc());
			await stub.echo(0); // the disposal reaches the object before this call does
			return [alive, after.err.message, after.err.remote, (await stub.disposedCounters()).includes(99)];`,
			`{"ok":[99,"RPC stub used after being disposed.",null,true]}`},
		{"a disposed stub refuses calls", `
			const c = await stub.makeCounter(1);
			c[Symbol.dispose]();
			return (await rejects(() => c.inc())).err.message;`,
			`{"ok":"RPC stub used after being disposed."}`},
		{"disposing a result disposes the stubs in it", `
			const r = await stub.nested();
			const c = r.counter;
			r[Symbol.dispose]();
			return (await rejects(() => c.inc())).err.message;`,
			`{"ok":"RPC stub used after being disposed."}`},
		{"a local object wrapped in RpcStub", `
			const { RpcStub } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
			const s = new RpcStub({ add: (a, b) => a + b, n: 3 });
			return [typeof s, await s.add(1, 2), await s.n, s instanceof RpcStub, (await rejects(() => new RpcStub(5))).err.message];`,
			`{"ok":["function",3,3,true,"RpcStubs can only wrap plain objects, functions, and RpcTarget derivatives."]}`},
	})
}

// Functions are passed by reference: the callee calls back into the
// caller.
func TestRPCFunctions(t *testing.T) {
	runRPCCases(t, []rpcCase{
		{"callbacks", `
			const calls = [];
			return [
				await stub.callBack((x) => { calls.push(x); return x * 2; }, 21),
				await stub.callBack(async (x) => "async:" + x, "a"),
				await rejects(() => stub.callBack(() => { throw new RangeError("cb failed"); })),
				calls];`,
			`{"ok":[{"result":42,"type":"function"},{"result":"async:a","type":"function"},{"err":{"name":"RangeError","message":"cb failed","ctor":"RangeError","remote":true,"keys":["remote"]}},[21]]}`},
		{"a returned function", `const f = await stub.returnFn("pre:"); return [typeof f, await f("x")];`, `{"ok":["function","pre:x"]}`},
		{"a function sent back to its owner", `const r = await stub.echo({ n: 1, f: (x) => x + 1 }); return [typeof r.f, await r.f(1)];`, `{"ok":["function",2]}`},
		{"parameters are disposed when the call returns, dup() keeps one", `
			await stub.keep((x) => x + 100);
			return [(await rejects(() => stub.callKept("kept", 1))).err.message, await stub.callKept("keptDup", 1)];`,
			`{"ok":["RPC stub used after being disposed.",101]}`},
	})
}

// The callee logs an exception its call ends with, once; the caller only
// gets it.
func TestRPCCalleeLogsTheErrorOnce(t *testing.T) {
	p := newRPCPair(t)
	got := p.run(t, `return (await rejects(() => stub.throwIt("TypeError"))).err.message;`)
	require.JSONEq(t, `{"ok":"TypeError thrown"}`, got)
	got = p.run(t, `return (await rejects(() => stub.noSuchMethod())).err.name;`)
	require.JSONEq(t, `{"ok":"TypeError"}`, got)
	require.Equal(t, 1, strings.Count(p.callee.host.output(), "Uncaught"), p.callee.host.output())
	require.Contains(t, p.callee.host.output(), "error: Uncaught TypeError: TypeError thrown\n    at throwIt (")
	require.Empty(t, p.caller.host.output())
}

// A stub nobody disposed releases its object when it is garbage-collected,
// so that the object's Symbol.dispose still runs and its isolate can drop
// it.
func TestRPCStubReleasedByGarbageCollection(t *testing.T) {
	p := newRPCPair(t)
	require.JSONEq(t, `{"ok":55}`, p.run(t, `const c = await stub.makeCounter(55); return await c.value;`))
	require.Eventually(t, func() bool {
		runtime.GC()
		var disposed bool
		p.callee.do(func() {
			v, err := p.callee.realm.rt.RunString(`disposed.includes(55)`)
			require.NoError(t, err)
			disposed = v.ToBoolean()
		})
		return disposed
	}, 5*time.Second, 20*time.Millisecond)
}

// From 2026-01-20 (rpc_params_dup_stubs) the caller keeps the stubs it
// passes; before, and with rpc_params_transfer_stubs, they are transferred.
func TestRPCStubArgumentOwnershipFollowsCompatibility(t *testing.T) {
	body := `
		const c = await stub.makeCounter(1);
		await stub.callBack((x) => x.inc(), c);
		return (await rejects(() => c.inc())).ok ?? "disposed";`
	for _, c := range []struct {
		date  string
		flags []string
		want  string
	}{
		{"2025-09-01", nil, `{"ok":"disposed"}`},
		{"2026-01-20", nil, `{"ok":3}`},
		{"2025-09-01", []string{"rpc_params_dup_stubs"}, `{"ok":3}`},
		{"2026-02-01", []string{"rpc_params_transfer_stubs"}, `{"ok":"disposed"}`},
	} {
		p := newRPCPair(t)
		p.caller.do(func() { p.caller.realm.SetCompatibility(c.date, c.flags) })
		require.JSONEq(t, c.want, p.run(t, body), "%s %v", c.date, c.flags)
	}
}
