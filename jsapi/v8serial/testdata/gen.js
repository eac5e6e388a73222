// Generates node-v8-serialize.json: the bytes V8 writes for each expression below, the golden data of
// golden_test.go. Run by hand from the repository root with Node 20 and commit the result:
//
//	node jsapi/v8serial/testdata/gen.js > jsapi/v8serial/testdata/node-v8-serialize.json
//
// Every expression must evaluate to an equal value in Node and in goja (the Go test evaluates it too),
// so errors get an explicit stack or none.
//
// "write" cases use v8.Serializer, V8's own encoding, which is what workerd writes to storage. (Node's
// v8.serialize is the DefaultSerializer subclass, which turns typed arrays into Node-specific host
// objects; it is used for the "read" cases that check we accept Node's output.) kindling must produce
// the write bytes exactly and read them back. "read" cases are bytes kindling only has to read: they
// come from V8 heap layouts goja cannot reproduce, from Node's host objects, or from Node 20's order of
// an Error's cause and stack.
"use strict";
const v8 = require("v8");

const write = {
  // Oddballs and numbers.
  "undefined": "undefined",
  "null": "null",
  "true": "true",
  "false": "false",
  "int-zero": "0",
  "int-one": "1",
  "int-negative": "-1",
  "int-max": "2147483647",
  "int-min": "-2147483648",
  "int-2-30": "2 ** 30",
  "double-2-31": "2 ** 31",
  "double-2-53": "2 ** 53",
  "double-fraction": "1.5",
  "double-tiny": "5e-324",
  "double-negative-zero": "-0",
  "double-nan": "NaN",
  "double-infinity": "Infinity",
  "double-negative-infinity": "-Infinity",
  // BigInt.
  "bigint-zero": "0n",
  "bigint-one": "1n",
  "bigint-negative": "-1n",
  "bigint-2-64": "2n ** 64n",
  "bigint-negative-2-70": "-(2n ** 70n)",
  "bigint-int64-max": "2n ** 63n - 1n",
  // Strings: one-byte when every code unit fits Latin-1, two-byte (with alignment padding) otherwise.
  "string-empty": '""',
  "string-ascii": '"abc"',
  "string-latin1": '"h\\u00e9llo \\u00ff"',
  "string-two-byte": '"\\u20ac"',
  "string-surrogate-pair": '"a\\ud83d\\ude00"',
  "string-lone-surrogate": '"\\ud800x"',
  "string-long": '"x".repeat(300)',
  "string-padded-in-array": '["a", "\\u20ac"]',
  "string-unpadded-in-array": '["ab", "\\u20ac"]',
  "string-padded-long": '["a", "\\u20ac".repeat(100)]',
  // Plain objects.
  "object-empty": "{}",
  "object-simple": '{ a: 1, b: "x", c: null }',
  "object-nested": "{ a: { b: { c: [1, { d: true }] } } }",
  "object-integer-keys": '{ b: 1, 10: 2, "1.5": 3, "-1": 4, "01": 5, 4294967294: 6, 4294967295: 7, 2147483648: 8, a: 9 }',
  "object-unicode-keys": '{ "\\u00e9": 1, "\\ud83d\\ude00": 2, "k\\u20ac": 3 }',
  "object-proto-key": 'JSON.parse(\'{"__proto__": 1, "x": 2}\')',
  "object-null-prototype": 'Object.assign(Object.create(null), { a: 1 })',
  "object-class-instance": "new (class P { constructor() { this.x = 1; } get y() { return 2; } })()",
  "object-getter": '({ get g() { return "got"; }, n: 1 })',
  "object-skips-symbols-and-hidden": 'Object.defineProperty({ a: 1, [Symbol("s")]: 2 }, "hidden", { value: 3, enumerable: false })',
  "object-undefined-values": "{ a: undefined, b: [undefined, 2] }",
  // Arrays: dense 'A' when every index is present, sparse 'a' otherwise.
  "array-empty": "[]",
  "array-ints": "[1, 2, 3]",
  "array-mixed": '[1, 1.5, "a", null, true]',
  "array-doubles": "[1.5, 2]",
  "array-int-and-large": "[1, 2 ** 31]",
  "array-int-and-nan": "[1, NaN]",
  "array-zero-and-negative-zero": "[0, -0]",
  "array-all-doubles": "[0.5, 0.25]",
  "array-nested": "[[1, 2], [[3]], []]",
  "array-with-property": "Object.assign([1, 2], { x: 1 })",
  "array-holey": "[1, , 3]",
  "array-holey-with-property": "Object.assign([1, , 3], { x: 1 })",
  "array-trailing-holes": "(() => { const a = []; a[5] = 1; return a; })()",
  "array-length-only": "(() => { const a = []; a.length = 3; return a; })()",
  "array-large-index": "(() => { const a = []; a[4294967294] = 1; return a; })()",
  // Dates and regular expressions.
  "date-epoch": "new Date(0)",
  "date": "new Date(1700000000123)",
  "date-negative": "new Date(-1234567)",
  "date-invalid": "new Date(NaN)",
  "regexp": "/ab+c/gi",
  "regexp-flags": "/a/gimsuy",
  "regexp-empty": 'new RegExp("")',
  "regexp-slash": "/\\//",
  "regexp-latin1": "/\\u00e9/",
  "regexp-two-byte": "/\\u20ac+/u",
  // Wrapper objects.
  "number-object": "new Number(1)",
  "number-object-fraction": "new Number(1.5)",
  "string-object": 'new String("\\u00e9")',
  "string-object-two-byte": 'new String("\\u20ac")',
  "boolean-object-true": "new Boolean(true)",
  "boolean-object-false": "new Boolean(false)",
  "bigint-object": "Object(-5n)",
  // Map and Set.
  "map-empty": "new Map()",
  "map": 'new Map([[1, "x"], ["k", { deep: true }], [{ o: 1 }, [2]]])',
  "set": 'new Set([1, "two", { three: 3 }])',
  "map-of-sets": 'new Map([["s", new Set([1, new Set([2])])]])',
  // ArrayBuffer and views: the buffer first, then 'V'.
  "arraybuffer-empty": "new ArrayBuffer(0)",
  "arraybuffer": "new Uint8Array([1, 2, 3, 255]).buffer",
  "int8array": "new Int8Array([-1, 2, -128])",
  "uint8array": "new Uint8Array([1, 2, 255])",
  "uint8clampedarray": "new Uint8ClampedArray([0, 128, 255])",
  "int16array": "new Int16Array([-2, 300])",
  "uint16array": "new Uint16Array([65535, 1])",
  "int32array": "new Int32Array([-1, 2147483647])",
  "uint32array": "new Uint32Array([4294967295])",
  "float32array": "new Float32Array([1.5, -0])",
  // No NaN here: the bytes are buffer contents, and goja stores Go's NaN, whose payload differs from V8's.
  "float64array": "new Float64Array([0.5, -2, Infinity])",
  "bigint64array": "new BigInt64Array([-1n, 2n])",
  "biguint64array": "new BigUint64Array([2n ** 64n - 1n])",
  "dataview": "new DataView(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer, 1, 2)",
  "typedarray-subarray": "new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).subarray(2, 5)",
  "typedarray-offset": "new Int16Array(new ArrayBuffer(8), 2, 2)",
  "views-share-buffer": "(() => { const b = new ArrayBuffer(4); return [new Uint8Array(b), new Uint16Array(b), b]; })()",
  "buffer-then-view": "(() => { const b = new ArrayBuffer(4); return { b, v: new DataView(b) }; })()",
  "view-twice": "(() => { const v = new Uint8Array(2); return [v, v]; })()",
  // Errors: prototype tag, message, stack, cause.
  "error": '(() => { const e = new Error("plain"); e.stack = "Error: plain\\n    at x"; return e; })()',
  "error-no-stack": '(() => { const e = new Error("m"); delete e.stack; return e; })()',
  "error-no-message": "(() => { const e = new Error(); delete e.stack; return e; })()",
  "error-eval": '(() => { const e = new EvalError("e"); delete e.stack; return e; })()',
  "error-range": '(() => { const e = new RangeError("r"); delete e.stack; return e; })()',
  "error-reference": '(() => { const e = new ReferenceError("r"); delete e.stack; return e; })()',
  "error-syntax": '(() => { const e = new SyntaxError("s"); delete e.stack; return e; })()',
  "error-type": '(() => { const e = new TypeError("t"); delete e.stack; return e; })()',
  "error-uri": '(() => { const e = new URIError("u"); delete e.stack; return e; })()',
  "error-renamed": '(() => { const e = new Error("m"); e.name = "RangeError"; delete e.stack; return e; })()',
  "error-custom-name": '(() => { const e = new Error("m"); e.name = "CustomName"; delete e.stack; return e; })()',
  "error-extra-property": '(() => { const e = new RangeError("bad"); e.extra = 1; delete e.stack; return e; })()',
  "error-message-number": "(() => { const e = new Error(); e.message = 5; delete e.stack; return e; })()",
  "error-stack-not-string": '(() => { const e = new Error("m"); e.stack = 5; return e; })()',
  "error-cause": '(() => { const e = new Error("m", { cause: { a: 1 } }); delete e.stack; return e; })()',
  "error-cause-self": '(() => { const e = new Error("m"); e.cause = e; delete e.stack; return e; })()',
  "error-subclass": '(() => { class MyError extends TypeError {} const e = new MyError("sub"); delete e.stack; return e; })()',
  // Identity: cycles and shared references.
  "cycle-object": '(() => { const o = { name: "root" }; o.self = o; return o; })()',
  "cycle-array": "(() => { const a = [1]; a.push(a); return a; })()",
  "cycle-map": '(() => { const m = new Map(); m.set("me", m); return m; })()',
  "cycle-set": "(() => { const s = new Set(); s.add(s); return s; })()",
  "shared-object": "(() => { const o = { v: 1 }; return [o, o, { o }]; })()",
  "shared-date": "(() => { const d = new Date(5); return { a: d, b: d }; })()",
};

const read = {
  // V8 writes an array created with a length as sparse (holey elements), even once filled.
  "array-filled-holey": { expr: "new Array(3).fill(0)" },
  // An array that once held a double keeps double elements; V8 writes 2 as 'N'.
  "array-double-elements": { expr: "(() => { const a = [1.5]; a[0] = 2; return a; })()" },
  // Node 20's V8 writes an Error's cause before its stack (current V8 writes the stack first).
  "error-cause-before-stack": { expr: '(() => { const e = new TypeError("x", { cause: 1 }); e.stack = "S"; return e; })()' },
  // Node's v8.serialize writes typed arrays as host objects: type index, byte length, bytes. A view
  // comes back over a buffer of just its bytes ("want").
  "node-uint8array": { expr: "new Uint8Array([1, 2, 3])", node: true },
  "node-subarray": { expr: "new Uint8Array([1, 2, 3, 4]).subarray(1, 3)", node: true, want: "new Uint8Array([2, 3])" },
  "node-float64array": { expr: "new Float64Array([0.5, -1])", node: true },
  "node-dataview": { expr: "new DataView(new Uint8Array([7, 8, 9]).buffer, 1)", node: true, want: "new DataView(new Uint8Array([8, 9]).buffer)" },
  "node-bigint64array": { expr: "new BigInt64Array([-3n])", node: true },
  "node-nested-views": { expr: "({ a: new Int16Array([1, -1]), b: [new Uint8ClampedArray([9])] })", node: true },
};

function valueBytes(value) {
  const s = new v8.Serializer();
  s.writeHeader();
  s.writeValue(value);
  return s.releaseBuffer();
}

const evaluate = (expr) => (0, eval)(`(${expr})`);

// One case per line, so that a regeneration diffs case by case.
const cases = [];
for (const [name, expr] of Object.entries(write)) {
  cases.push({ name: `write/${name}`, expr, hex: valueBytes(evaluate(expr)).toString("hex") });
}
for (const [name, { expr, node, want }] of Object.entries(read)) {
  const bytes = node ? v8.serialize(evaluate(expr)) : valueBytes(evaluate(expr));
  cases.push({ name: `read/${name}`, expr, hex: bytes.toString("hex"), ...(want && { want }) });
}
const about = `V8 ${process.versions.v8} (Node ${process.version}); generated by gen.js, do not edit. ` +
  "write/*: Serialize must produce exactly these bytes and Deserialize must read them back. " +
  "read/*: Deserialize must read these bytes to a clone of the expression (of want, when given).";
process.stdout.write(`{\n  "about": ${JSON.stringify(about)},\n  "cases": [\n` +
  cases.map((c) => "    " + JSON.stringify(c)).join(",\n") + "\n  ]\n}\n");
