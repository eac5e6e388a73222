package v8serial

import (
	"errors"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// withClone installs clone(v): Serialize then Deserialize in the same runtime, the way structuredClone
// works, throwing {name: "DataCloneError", message} for a DataCloneError.
func withClone(t *testing.T) *goja.Runtime {
	t.Helper()
	rt := newRuntime(t)
	require.NoError(t, rt.Set("clone", func(call goja.FunctionCall) goja.Value {
		data, err := Serialize(rt, call.Argument(0), nil)
		var dce *DataCloneError
		if errors.As(err, &dce) {
			panic(rt.ToValue(map[string]any{"name": "DataCloneError", "message": dce.Message}))
		}
		if err != nil {
			panic(rt.NewGoError(err))
		}
		v, err := Deserialize(rt, data, nil)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return v
	}))
	_, err := rt.RunString(`
		function assert(cond, what) { if (!cond) throw new Error("assertion failed: " + what); }
		function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
	`)
	require.NoError(t, err)
	return rt
}

// The cases mirror what workerd's structuredClone and storage return (the conformance corpus,
// web/structured-clone.js and do/kv.js).
func TestCloneSemantics(t *testing.T) {
	tests := []struct{ name, js string }{
		{"primitives", `
			const vals = [undefined, null, true, 0, -0, NaN, Infinity, 1.5, "s", 12n];
			const c = vals.map(clone);
			for (let i = 0; i < vals.length; i++) assert(Object.is(c[i], vals[i]), i);`},
		{"wrappers", `
			for (const v of [new Number(3), new String("str"), new Boolean(false), Object(5n)]) {
				const c = clone(v);
				assert(typeof c === "object" && c !== v, "object");
				assert(Object.prototype.toString.call(c) === Object.prototype.toString.call(v), "tag");
				assert(c.valueOf() === v.valueOf(), "value");
			}`},
		{"containers", `
			const src = { a: [1, { b: 2 }], m: new Map([[1, "x"], ["k", { deep: true }]]), s: new Set([1, "two"]),
				d: new Date(Date.UTC(2020, 1, 2, 3, 4, 5, 6)), r: /ab+c/gi, sparse: [1, , 3] };
			const c = clone(src);
			assert(!(1 in c.sparse) && c.sparse.length === 3, "sparse");
			assert(c.r.lastIndex === 0 && c.r.flags === "gi" && c.r.source === "ab+c", "regexp");
			assert(c.m.get("k") !== src.m.get("k") && c.m.get("k").deep === true, "map");
			assert(c.d.toISOString() === "2020-02-02T03:04:05.006Z", "date");
			assert(c.s.has("two") && c.s.size === 2, "set");`},
		{"binary", `
			const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
			const views = [new Uint8Array(buf, 2, 3), new Int16Array(buf, 2, 2), new Float64Array(buf), new DataView(buf, 1, 2),
				new BigUint64Array(buf), new Uint8ClampedArray(buf, 4)];
			const got = views.map((v) => { const c = clone(v); return [c.constructor.name, c.byteOffset, c.byteLength,
				c.buffer.byteLength, c.buffer !== buf]; });
			assert(same(got, [["Uint8Array", 2, 3, 8, true], ["Int16Array", 2, 4, 8, true], ["Float64Array", 0, 8, 8, true],
				["DataView", 1, 2, 8, true], ["BigUint64Array", 0, 8, 8, true], ["Uint8ClampedArray", 4, 4, 8, true]]), JSON.stringify(got));
			assert(same([...new Uint8Array(clone(buf))], [1, 2, 3, 4, 5, 6, 7, 8]), "buffer bytes");`},
		{"shared buffer identity", `
			const buf = new ArrayBuffer(4);
			const c = clone({ x: new Uint8Array(buf), y: new Uint16Array(buf), b: buf });
			c.x[0] = 7;
			assert(c.x.buffer === c.y.buffer && c.b === c.x.buffer, "one buffer");
			assert(new Uint8Array(c.b)[0] === 7 && new Uint8Array(buf)[0] === 0, "copied");`},
		{"cycles and shared references", `
			const o = { name: "root" };
			o.self = o;
			const shared = { v: 1 };
			o.list = [shared, shared];
			const m = new Map();
			m.set("me", m);
			const c = clone(o), cm = clone(m);
			assert(c.self === c && c !== o, "self");
			assert(c.list[0] === c.list[1] && c.list[0] !== shared, "shared");
			assert(cm.get("me") === cm, "map cycle");`},
		{"errors", `
			const round = (v) => { const c = clone(v); return [Object.prototype.toString.call(c), c.name, c.message,
				c.constructor.name, Object.keys(c), "stack" in c]; };
			const e = new RangeError("bad range");
			e.extra = 1;
			const custom = new Error("m");
			custom.name = "CustomName";
			const got = [round(e), round(new TypeError("t")), round(new Error("plain")), round(custom), round(new SyntaxError()),
				round(new EvalError("e")), round(new URIError("u")), round(new ReferenceError("r"))];
			assert(same(got, [["[object Error]", "RangeError", "bad range", "RangeError", [], true],
				["[object Error]", "TypeError", "t", "TypeError", [], true], ["[object Error]", "Error", "plain", "Error", [], true],
				["[object Error]", "Error", "m", "Error", [], true], ["[object Error]", "SyntaxError", "", "SyntaxError", [], true],
				["[object Error]", "EvalError", "e", "EvalError", [], true], ["[object Error]", "URIError", "u", "URIError", [], true],
				["[object Error]", "ReferenceError", "r", "ReferenceError", [], true]]), JSON.stringify(got));
			const c = clone(e);
			assert(c instanceof RangeError && c.extra === undefined && c.stack === e.stack, "instance, extra dropped, stack kept");`},
		{"error cause", `
			const e = new Error("outer", { cause: new TypeError("inner") });
			const c = clone(e);
			assert(c.cause instanceof TypeError && c.cause.message === "inner", "cause");
			assert(!Object.getOwnPropertyDescriptor(c, "cause").enumerable, "cause hidden");
			const self = new Error("self");
			self.cause = self;
			const cs = clone(self);
			assert(cs.cause === cs, "self cause");`},
		{"drops prototype and accessors", `
			class Point { constructor() { this.x = 1; } get y() { return 2; } }
			const c = clone(new Point());
			assert(same(c, { x: 1 }) && Object.getPrototypeOf(c) === Object.prototype, "point");
			assert(same(clone({ get g() { return "got"; } }), { g: "got" }), "getter invoked");
			assert(same(clone({ [Symbol("s")]: 1, n: 2 }), { n: 2 }), "symbols dropped");
			const nonEnum = Object.defineProperty({ a: 1 }, "hidden", { value: 2, enumerable: false });
			assert(same(Object.getOwnPropertyNames(clone(nonEnum)), ["a"]), "non-enumerable dropped");
			assert(Object.getPrototypeOf(clone(Object.create(null))) === Object.prototype, "null prototype");`},
		{"storage value shapes", `
			const a = [1, , 3];
			a.extra = "prop";
			const v = clone(a);
			assert(v.length === 3 && !(1 in v) && v.extra === "prop", "sparse with property");
			const u = clone({ a: undefined, b: 1, arr: [undefined, 2] });
			assert(same(Object.keys(u), ["a", "b", "arr"]) && "a" in u && 0 in u.arr, "undefined kept");
			const p = clone(JSON.parse('{"__proto__": {"polluted": true}}'));
			assert(Object.getPrototypeOf(p) === Object.prototype && p.__proto__.polluted === true && ({}).polluted === undefined,
				"__proto__ stays an own property");`},
		{"getter order and deletion", `
			const log = [];
			const o = { get a() { log.push("a"); delete this.b; return 1; }, b: 2, get c() { log.push("c"); return 3; } };
			const c = clone(o);
			assert(same(log, ["a", "c"]) && same(c, { a: 1, c: 3 }), JSON.stringify(c));`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := withClone(t)
			_, err := rt.RunString(tt.js)
			require.NoError(t, err)
		})
	}
}

// Uncloneable values fail with workerd's DataCloneError text (the expected files of the conformance
// corpus: web/structuredclone-uncloneable-and-host, do/kv-put-*).
func TestDataCloneErrors(t *testing.T) {
	tests := []struct{ expr, message string }{
		{`() => 1`, "() => 1 could not be cloned."},
		{`Symbol("x")`, "Symbol(x) could not be cloned."},
		{`Symbol()`, "Symbol() could not be cloned."},
		{`{ nested: [new WeakSet()] }`, "#<WeakSet> could not be cloned."},
		{`new WeakMap()`, "#<WeakMap> could not be cloned."},
		{`Promise.resolve()`, "#<Promise> could not be cloned."},
		{"{ ok: 1, f() {\n  } }", "f() {\n  } could not be cloned."},
		{`function foo() {}`, "function foo() {} could not be cloned."},
		{`class A {}`, "class A {} could not be cloned."},
		{`async () => 1`, "async () => 1 could not be cloned."},
		{`Math.max`, "function max() { [native code] } could not be cloned."},
		{`new Proxy({}, {})`, "#<Object> could not be cloned."},
		{`new Proxy([], {})`, "[object Array] could not be cloned."},
		{`Object(Symbol("q"))`, "[object Symbol] could not be cloned."},
		{`(function () { return arguments; })(1)`, "#<Object> could not be cloned."},
		{`[1, 2].values()`, "#<Object> could not be cloned."},
		{`(function* () {})()`, "[object Generator] could not be cloned."},
		{`new (class Foo extends WeakMap {})()`, "#<Foo> could not be cloned."},
		{`new (class extends WeakMap {})()`, "[object WeakMap] could not be cloned."},
		{`new Map([[Symbol("k"), 1]])`, "Symbol(k) could not be cloned."},
		{`globalThis`, "#<Object> could not be cloned."},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			rt := newRuntime(t)
			_, err := Serialize(rt, eval(t, rt, tt.expr), nil)
			var dce *DataCloneError
			require.ErrorAs(t, err, &dce)
			require.Equal(t, tt.message, dce.Message)
			require.Equal(t, "DataCloneError: "+tt.message, err.Error())
		})
	}
}

func TestDetachedArrayBuffer(t *testing.T) {
	rt := newRuntime(t)
	view := eval(t, rt, `new Uint8Array([1, 2])`).(*goja.Object)
	buf := view.Get("buffer")
	require.True(t, buf.Export().(goja.ArrayBuffer).Detach())
	for _, v := range []goja.Value{buf, view} {
		_, err := Serialize(rt, v, nil)
		var dce *DataCloneError
		require.ErrorAs(t, err, &dce)
		require.Equal(t, "An ArrayBuffer is detached and could not be cloned.", dce.Message)
	}
}

// An exception thrown by a getter is returned as it is, for the caller to rethrow.
func TestGetterExceptionPropagates(t *testing.T) {
	rt := newRuntime(t)
	_, err := Serialize(rt, eval(t, rt, `{ get boom() { throw new RangeError("from getter"); } }`), nil)
	var ex *goja.Exception
	require.ErrorAs(t, err, &ex)
	require.Contains(t, ex.Value().String(), "RangeError: from getter")
}

func TestNestingLimit(t *testing.T) {
	rt := newRuntime(t)
	deep := eval(t, rt, `(() => { let o = {}; for (let i = 0; i < 20000; i++) o = { n: o }; return o; })()`)
	_, err := Serialize(rt, deep, nil)
	require.ErrorIs(t, err, errTooDeep)

	ok := eval(t, rt, `(() => { let o = {}; for (let i = 0; i < 4000; i++) o = [o]; return o; })()`)
	data, err := Serialize(rt, ok, nil)
	require.NoError(t, err)
	_, err = Deserialize(rt, data, nil)
	require.NoError(t, err)

	// 20,000 nested dense arrays of length 1, closed by 20,000 end tags: bytes V8 itself would refuse.
	var b []byte
	b = append(b, 0xFF, 0x0F)
	for range 20000 {
		b = append(b, tagBeginDenseJSArray, 1)
	}
	b = append(b, tagUndefined)
	for range 20000 {
		b = append(b, tagEndDenseJSArray, 0, 1)
	}
	_, err = Deserialize(rt, b, nil)
	require.ErrorIs(t, err, ErrInvalid)
}

// cloneDiff, the test oracle, must itself notice what a bad copy gets wrong.
func TestCloneDiffDetectsDifferences(t *testing.T) {
	rt := newRuntime(t)
	for _, pair := range [][2]string{
		{`{ a: 1 }`, `{ a: 2 }`},
		{`(() => { const o = {}; return [o, o]; })()`, `[{}, {}]`},
		{`[1, , 3]`, `[1, undefined, 3]`},
		{`new Uint8Array([1])`, `new Int8Array([1])`},
		{`-0`, `0`},
		{`new Error("m")`, `new TypeError("m")`},
		{`{ b: 1, a: 2 }`, `{ a: 2, b: 1 }`},
	} {
		diff, _ := goja.AssertFunction(rt.Get("cloneDiff"))
		d, err := diff(goja.Undefined(), eval(t, rt, pair[0]), eval(t, rt, pair[1]))
		require.NoError(t, err)
		require.NotEmpty(t, d.String(), "%s vs %s", pair[0], pair[1])
	}
}

// The codec finds Map, Set and the constructors it needs on the global object; without them it fails
// cleanly instead of building something else.
func TestMissingGlobals(t *testing.T) {
	rt := newRuntime(t)
	m := eval(t, rt, `(() => { const m = new Map([[1, 2]]); delete globalThis.Map; return m; })()`)
	_, err := Serialize(rt, m, nil)
	var dce *DataCloneError
	require.ErrorAs(t, err, &dce)

	_, err = Deserialize(rt, mustHex(t, "ff0f 3b 4902 4904 3a02"), nil)
	require.ErrorIs(t, err, ErrInvalid)

	_, err = rt.RunString(`Set.prototype.add = 1`)
	require.NoError(t, err)
	_, err = Deserialize(rt, mustHex(t, "ff0f 27 4902 2c01"), nil)
	require.ErrorIs(t, err, ErrInvalid)
}
