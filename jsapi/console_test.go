package jsapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// consoleFormats pairs console.log arguments (JS source) with what Node's
// util.format answers for them (recorded with Node 20), which is what
// workerd's port of it prints for `wrangler dev`.
var consoleFormats = []struct{ args, want string }{
	{`"hello"`, `hello`},
	{`"a", 1, "b"`, `a 1 b`},
	{`{ a: 1, b: [1, 2] }`, `{ a: 1, b: [ 1, 2 ] }`},
	{`[1, 2, 3, 4, 5, 6, 7]`, `[
  1, 2, 3, 4,
  5, 6, 7
]`},
	{`Array.from({ length: 30 }, (_, i) => i * 3)`, `[
   0,  3,  6,  9, 12, 15, 18, 21, 24,
  27, 30, 33, 36, 39, 42, 45, 48, 51,
  54, 57, 60, 63, 66, 69, 72, 75, 78,
  81, 84, 87
]`},
	{`Array.from({ length: 120 }, (_, i) => i)`, `[
   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,
  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,
  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,
  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
  96, 97, 98, 99,
  ... 20 more items
]`},
	{`["apple", "banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew"]`, `[
  'apple',
  'banana',
  'cherry',
  'date',
  'elderberry',
  'fig',
  'grape',
  'honeydew'
]`},
	{`{ a: { b: { c: { d: 1 } } } }`, `{ a: { b: { c: [Object] } } }`},
	{`{ a: { b: { c: {} } } }`, `{ a: { b: { c: {} } } }`},
	{`[[1, [2, [3, [4]]]]]`, `[ [ 1, [ 2, [Array] ] ] ]`},
	{`new Map([["a", 1], [{ k: 1 }, [1, 2]]])`, `Map(2) { 'a' => 1, { k: 1 } => [ 1, 2 ] }`},
	{`new Set([1, "two", { three: 3 }])`, `Set(3) { 1, 'two', { three: 3 } }`},
	{`new Map()`, `Map(0) {}`},
	{`new Set()`, `Set(0) {}`},
	{`[]`, `[]`},
	{`{}`, `{}`},
	{`null, undefined, true, 1.5, -0, NaN, Infinity, 12n`, `null undefined true 1.5 -0 NaN Infinity 12n`},
	{`"it's", ["it's"], ['say "hi"'], ["both ' and \""], ["a\nb\tc"], ["\u0001\u007f"]`, "it's [ \"it's\" ] [ 'say \"hi\"' ] [ `both ' and \"` ] [ 'a\\nb\\tc' ] [ '\\x01\\x7F' ]"},
	{`{ "a-b": 1, 2: "two", valid_id: 3, __proto__x: 4 }`, `{ '2': 'two', 'a-b': 1, valid_id: 3, __proto__x: 4 }`},
	{`(() => { class Foo { constructor() { this.x = 1; } } return new Foo(); })()`, `Foo { x: 1 }`},
	{`(() => { class Foo {} return new Foo(); })()`, `Foo {}`},
	{`(() => { const o = { name: "root" }; o.self = o; return o; })()`, `<ref *1> { name: 'root', self: [Circular *1] }`},
	{`(() => { const a = [1]; a.push(a); return { a }; })()`, `{ a: <ref *1> [ 1, [Circular *1] ] }`},
	{`function named() {}, () => {}, async function af() {}, function* gen() {}`, `[Function: named] [Function (anonymous)] [AsyncFunction: af] [GeneratorFunction: gen]`},
	{`(() => { class A {} class B extends A {} return [A, B]; })()`, `[ [class A], [class B extends A] ]`},
	{`(() => { const f = function f() {}; f.prop = 1; return f; })()`, `[Function: f] { prop: 1 }`},
	{`new Date(0), new Date(NaN)`, `1970-01-01T00:00:00.000Z Invalid Date`},
	{`/ab+c/gi`, `/ab+c/gi`},
	{`new Number(3), new String("ab"), new Boolean(false), Object(5n)`, `[Number: 3] [String: 'ab'] [Boolean: false] [BigInt: 5n]`},
	{`Object.create(null)`, `[Object: null prototype] {}`},
	{`(() => { const o = Object.create(null); o.a = 1; return o; })()`, `[Object: null prototype] { a: 1 }`},
	{`[1, , 3]`, `[ 1, <1 empty item>, 3 ]`},
	{`[, , 1, , ]`, `[ <2 empty items>, 1, <1 empty item> ]`},
	{`new Array(5)`, `[ <5 empty items> ]`},
	{`new Uint8Array([1, 2, 3])`, `Uint8Array(3) [ 1, 2, 3 ]`},
	{`new Float64Array(2)`, `Float64Array(2) [ 0, 0 ]`},
	{`new BigInt64Array(2)`, `BigInt64Array(2) [ 0n, 0n ]`},
	{`new ArrayBuffer(4)`, `ArrayBuffer { [Uint8Contents]: <00 00 00 00>, byteLength: 4 }`},
	{`new DataView(new ArrayBuffer(2))`, `DataView {
  byteLength: 2,
  byteOffset: 0,
  buffer: ArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }
}`},
	{`Promise.resolve(4)`, `Promise { 4 }`},
	{`new Promise(() => {})`, `Promise { <pending> }`},
	{`new WeakMap()`, `WeakMap { <items unknown> }`},
	{`new WeakSet()`, `WeakSet { <items unknown> }`},
	{`{ s: "x".repeat(100) }`, `{
  s: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
}`},
	{`{ s: "line one is here\nline two is here\nline three is really much longer than the rest of it" }`, `{
  s: 'line one is here\n' +
    'line two is here\n' +
    'line three is really much longer than the rest of it'
}`},
	{`"%s is %d years", "Bob", 42`, `Bob is 42 years`},
	{`"%s", { a: { b: 1 } }`, `{ a: [Object] }`},
	{`"%s", [1, [2]]`, `[ 1, [Array] ]`},
	{`"%s", 12n`, `12n`},
	{`"%s", -0`, `-0`},
	{`"%s", null`, `null`},
	{`"%s", { toString() { return "custom"; } }`, `custom`},
	{`"%d %i %f", "42.5", 42.9, "3.25x"`, `42.5 42 3.25`},
	{`"%d", 10n`, `10n`},
	{`"%i", {}`, `NaN`},
	{`"%j", { a: [1] }`, `{"a":[1]}`},
	{`"%o", [1]`, `[ 1, [length]: 1 ]`},
	{`"%O", { a: { b: { c: { d: 1 } } } }`, `{ a: { b: { c: [Object] } } }`},
	{`"%%s %c", "css"`, `%s `},
	{`"%x %s", "y"`, `%x y`},
	{`"100%", 5`, `100% 5`},
	{`"%s"`, `%s`},
	{`"%s %s", "only"`, `only %s`},
	{`(() => { class T { get [Symbol.toStringTag]() { return "Tag"; } } return new T(); })()`, `T [Tag] {}`},
	{`[undefined, null]`, `[ undefined, null ]`},
	{`{ u: undefined }`, `{ u: undefined }`},
	{`{ get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} }`, `{ g: [Getter], s: [Setter], gs: [Getter/Setter] }`},
	{`[{ a: 1, b: 2 }, { a: 3, b: 4 }]`, `[ { a: 1, b: 2 }, { a: 3, b: 4 } ]`},
	{`{ aaaaaaaaaa: 1, bbbbbbbbbb: 2, cccccccccc: 3, dddddddddd: 4, eeeeeeeeee: 5, ffffffffff: 6, gggg: 7 }`, `{
  aaaaaaaaaa: 1,
  bbbbbbbbbb: 2,
  cccccccccc: 3,
  dddddddddd: 4,
  eeeeeeeeee: 5,
  ffffffffff: 6,
  gggg: 7
}`},
	{`(function () { return arguments; })(1, 2)`, `[Arguments] { '0': 1, '1': 2 }`},
	{`new Map([[1, new Map([[2, new Map([[3, new Map()]])]])]])`, `Map(1) { 1 => Map(1) { 2 => Map(1) { 3 => Map(0) {} } } }`},
	{`[["a", 1], ["b", 2]]`, `[ [ 'a', 1 ], [ 'b', 2 ] ]`},
	{`Object.assign([1, 2], { extra: true })`, `[ 1, 2, extra: true ]`},
	{`{ a: [{ b: [{ c: 1 }] }] }`, `{ a: [ { b: [Array] } ] }`},
	{`(() => { const e = new TypeError("no frames"); e.stack = "TypeError: no frames"; return e; })()`, `[TypeError: no frames]`},
	{`(() => { const e = new Error("custom name"); e.name = "Custom"; e.stack = "Custom: custom name"; return e; })()`, `[Custom: custom name]`},
	{`Object.setPrototypeOf([1, 2], null)`, `[Array(2): null prototype] [ 1, 2 ]`},
	{`Object.setPrototypeOf(new Map([[1, 2]]), null)`, `[Map(1): null prototype] { 1 => 2 }`},
	{`(() => { class Foo extends Map {} return new Foo([[1, 2]]); })()`, `Foo(1) [Map] { 1 => 2 }`},
	{`(() => { class Bar extends Array {} return Bar.from([1, 2]); })()`, `Bar(2) [ 1, 2 ]`},
	{`new Map([[{ a: 1 }, { b: { c: { d: 1 } } }]])`, `Map(1) { { a: 1 } => { b: { c: [Object] } } }`},
	{`[new Map([[1, { a: { b: 1 } }]])]`, `[ Map(1) { 1 => { a: [Object] } } ]`},
	{`{ f() {}, g: function () {}, h: () => {} }`, `{ f: [Function: f], g: [Function: g], h: [Function: h] }`},
	{`Object.assign(() => {}, { a: 1 })`, `[Function (anonymous)] { a: 1 }`},
	{`[["nested", ["arrays", ["deep", ["deeper"]]]]]`, `[ [ 'nested', [ 'arrays', [Array] ] ] ]`},
	{`{ "key with space": 1, "quote'key": 2 }`, `{ 'key with space': 1, "quote'key": 2 }`},
	{`"a%", "b"`, `a% b`},
	{`"%", 1`, `% 1`},
	{`"%s:%s", "x"`, `x:%s`},
	{`Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1))`, `[
  'a',     'bb',    'ccc',   'dddd',
  'eeeee', 'f',     'gg',    'hhh',
  'iiii',  'jjjjj', 'k',     'll',
  'mmm',   'nnnn',  'ooooo', 'p',
  'qq',    'rrr',   'ssss',  'ttttt',
  'u',     'vv',    'www',   'xxxx',
  'yyyyy', 'z'
]`},
	{`Array.from({ length: 10 }, (_, i) => ({ i }))`, `[
  { i: 0 }, { i: 1 },
  { i: 2 }, { i: 3 },
  { i: 4 }, { i: 5 },
  { i: 6 }, { i: 7 },
  { i: 8 }, { i: 9 }
]`},
	{`new Array(200).fill(0)`, `[
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0,
  ... 100 more items
]`},
	{`[1.5, -0, NaN, 1e21, 2n]`, `[ 1.5, -0, NaN, 1e+21, 2n ]`},
	{`Object.setPrototypeOf(new Uint8Array([1]), null)`, `[Uint8Array(1): null prototype] [ 1 ]`},
	// workerd's port of inspect writes a symbol key without the brackets
	// Node 20 added.
	{`{ [Symbol.toStringTag]: "Custom", [Symbol("k")]: 1 }`, `{ Symbol(Symbol.toStringTag): 'Custom', Symbol(k): 1 }`},
	{`{ [Symbol("a\nb")]: 1 }`, `{ Symbol(a\nb): 1 }`},
	{`Symbol("s"), Symbol(), Symbol.iterator`, `Symbol(s) Symbol() Symbol(Symbol.iterator)`},
	{`"%s", Symbol("s")`, `Symbol(s)`},
	{`new Proxy({ a: 1 }, { get() { throw new Error("trap"); } })`, `{ a: 1 }`},
	{`{ [Symbol.for("nodejs.util.inspect.custom")](depth, options, inspect) { return "custom:" + depth + ":" + inspect({ a: [1] }); } }`, `custom:2:{ a: [ 1 ] }`},
	{`[{ [Symbol.for("nodejs.util.inspect.custom")]() { return { replaced: true }; } }]`, `[ { replaced: true } ]`},
}

// consoleLog runs console.log with each case's arguments and compares the
// message the host receives.
func TestConsoleFormat(t *testing.T) {
	tr := newTestRealm(t)
	for _, c := range consoleFormats {
		t.Run(c.args, func(t *testing.T) {
			tr.t = t
			require.Equal(t, c.want, consoleLog(tr, c.args))
		})
	}
}

func consoleLog(tr *testRealm, args string) string {
	tr.host.mu.Lock()
	tr.host.logs = nil
	tr.host.mu.Unlock()
	tr.run("console.log(" + args + ");")
	return strings.TrimPrefix(tr.host.output(), "log: ")
}

func TestConsoleFormatLongStrings(t *testing.T) {
	tr := newTestRealm(t)
	x := strings.Repeat("x", 10000)
	// Raw at the top level, cut at maxStringLength inside objects.
	require.Equal(t, strings.Repeat("x", 20000), consoleLog(tr, `"x".repeat(20000)`))
	require.Equal(t, "[\n  '"+x+"'... 10000 more characters\n]", consoleLog(tr, `["x".repeat(20000)]`))
}

func TestConsoleErrors(t *testing.T) {
	tr := newTestRealm(t)
	for _, c := range []struct{ args, want string }{
		{`new Error("boom")`, "^Error: boom\n    at <eval>:\\d+:\\d+"},
		{`(() => { class MyError extends Error {} return new MyError("m"); })()`, "^MyError: m\n    at "},
		{`(() => { const e = new RangeError("r"); e.extra = 1; return e; })()`, "^RangeError: r\n(    at .*\n)*    at .* \\{\n  extra: 1\n\\}$"},
		{`[new TypeError("nested")]`, "^\\[\n  TypeError: nested\n      at "},
		{`new Error("outer", { cause: new Error("inner") })`, "^Error: outer\n    at (.|\n)*\\{\n  \\[cause\\]: Error: inner\n      at "},
		{`{ e: (() => { const e = new Error("x"); e.stack = undefined; return e; })() }`, `^\{ e: \[Error: x\] \}$`},
	} {
		require.Regexp(t, c.want, consoleLog(tr, c.args), c.args)
	}
}

// API objects show their getters, as workerd's inspect does for its
// resource types.
func TestConsoleAPIObjects(t *testing.T) {
	tr := newTestRealm(t)
	for _, c := range []struct{ args, want string }{
		{`new Headers({ a: "1", "Content-Type": "text/plain" })`, `Headers(2) { 'a' => '1', 'content-type' => 'text/plain' }`},
		{`new Headers()`, `Headers(0) {}`},
		{`new AbortController().signal`, `AbortSignal { aborted: false, reason: undefined, onabort: null }`},
		{`new AbortController()`, `AbortController {
  signal: AbortSignal { aborted: false, reason: undefined, onabort: null }
}`},
		{`new CustomEvent("c", { detail: 1 })`, `CustomEvent {
  detail: 1,
  type: 'c',
  eventPhase: 0,
  composed: false,
  bubbles: false,
  cancelable: false,
  defaultPrevented: false,
  returnValue: true,
  currentTarget: undefined,
  target: undefined,
  srcElement: undefined,
  timeStamp: 0,
  isTrusted: false,
  cancelBubble: false,
  NONE: 0,
  CAPTURING_PHASE: 1,
  AT_TARGET: 2,
  BUBBLING_PHASE: 3
}`}, // the constants are static on Event, not on CustomEvent: workerd shows them too
		{`new TextEncoder()`, `TextEncoder { encoding: 'utf-8' }`},
		{`{ deep: { deeper: { deepest: new TextDecoder() } } }`, `{ deep: { deeper: { deepest: [TextDecoder] } } }`},
		{`(() => { class Counter extends EventTarget { constructor() { super(); this.n = 1; } } return new Counter(); })()`, `Counter { n: 1 }`},
		{`crypto`, `Crypto { subtle: SubtleCrypto {} }`},
	} {
		require.Equal(t, c.want, consoleLog(tr, c.args), c.args)
	}
}

func TestConsoleMethods(t *testing.T) {
	tr := newTestRealm(t)
	tr.run(`
console.info("info");
console.debug("debug");
console.warn("warn", 1);
console.error("error", { a: 1 });
console.group("Group", 1);
console.log("inner\nsecond line");
console.group();
console.log({ a: 1, b: "a long string value to force a line break", c: "another long string value here" });
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log("outer");
console.count();
console.count("x");
console.count();
console.countReset();
console.count();
console.countReset("nope");
console.assert(true, "not shown");
console.assert(false, "failed %s", "check");
console.assert(false, { a: 1 });
console.assert(false);
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ [Symbol.for("nodejs.util.inspect.custom")]() { return "custom"; } });
console.timeEnd("missing");
console.clear();
const { log } = console;
log("detached");
`)
	require.Equal(t, `info: info
debug: debug
warn: warn 1
error: error { a: 1 }
log: Group 1
log:   inner
  second line
log:     {
      a: 1,
      b: 'a long string value to force a line break',
      c: 'another long string value here'
    }
log: outer
info: default: 1
info: x: 1
info: default: 2
info: default: 1
warn: Count for 'nope' does not exist
warn: Assertion failed: failed check
warn: Assertion failed { a: 1 }
warn: Assertion failed
log: { a: [Object] }
log: {
  Symbol(nodejs.util.inspect.custom): [Function: [nodejs.util.inspect.custom]]
}
warn: Warning: No such label 'missing' for console.timeEnd()`+"\nlog: detached", tr.host.output())
}

func TestConsoleTime(t *testing.T) {
	tr := newTestRealm(t)
	tr.run(`
console.time();
console.time();
console.timeLog(undefined, "extra", 1);
await new Promise((r) => setTimeout(r, 5));
console.timeEnd();
console.timeEnd();`)
	require.Regexp(t, `^warn: Warning: Label 'default' already exists for console.time\(\)
info: default: [\d.]+ms extra 1
info: default: [\d.]+ms
warn: Warning: No such label 'default' for console.timeEnd\(\)$`, tr.host.output())
}

func TestConsoleTrace(t *testing.T) {
	tr := newTestRealm(t)
	tr.run(`function where() { console.trace("here %d", 1); } where(); console.trace();`)
	require.Regexp(t, "^error: Trace: here 1\n    at where \\(<eval>:\\d+:\\d+\\)\n    at <eval>:\\d+:\\d+(.|\n)*\nerror: Trace\n    at ", tr.host.output())
}

func TestConsoleFormattingThrows(t *testing.T) {
	tr := newTestRealm(t)
	require.Regexp(t, `^<Formatting threw \(Error: nope\n    at toString`, consoleLog(tr, `"%s", { toString() { throw new Error("nope"); } }`))
	require.Equal(t, `[Circular]`, consoleLog(tr, `"%j", (() => { const o = {}; o.o = o; return o; })()`))
	require.Equal(t, `{ g: [Getter] }`, consoleLog(tr, `{ get g() { throw new Error("getters are not run"); } }`))
}

// console.table, compared with Node 20's output for the same data.
func TestConsoleTable(t *testing.T) {
	tr := newTestRealm(t)
	for _, c := range []struct{ args, want string }{
		{`[{ a: 1, b: "x" }, { a: 2, c: true }]`, `┌─────────┬───┬─────┬──────┐
│ (index) │ a │ b   │ c    │
├─────────┼───┼─────┼──────┤
│ 0       │ 1 │ 'x' │      │
│ 1       │ 2 │     │ true │
└─────────┴───┴─────┴──────┘`},
		{`{ r1: { x: 1 }, r2: { y: [1, 2, 3, 4] } }`, `┌─────────┬───┬──────────────────────────────┐
│ (index) │ x │ y                            │
├─────────┼───┼──────────────────────────────┤
│ r1      │ 1 │                              │
│ r2      │   │ [ 1, 2, 3, ... 1 more item ] │
└─────────┴───┴──────────────────────────────┘`},
		{`[1, "two", { three: 3 }]`, `┌─────────┬───────┬────────┐
│ (index) │ three │ Values │
├─────────┼───────┼────────┤
│ 0       │       │ 1      │
│ 1       │       │ 'two'  │
│ 2       │ 3     │        │
└─────────┴───────┴────────┘`},
		{`new Map([["k", { v: 1 }]])`, `┌───────────────────┬─────┬──────────┐
│ (iteration index) │ Key │ Values   │
├───────────────────┼─────┼──────────┤
│ 0                 │ 'k' │ { v: 1 } │
└───────────────────┴─────┴──────────┘`},
		{`new Set(["s", 2])`, `┌───────────────────┬────────┐
│ (iteration index) │ Values │
├───────────────────┼────────┤
│ 0                 │ 's'    │
│ 1                 │ 2      │
└───────────────────┴────────┘`},
		{`[{ a: 1, b: 2 }], ["a"]`, `┌─────────┬───┐
│ (index) │ a │
├─────────┼───┤
│ 0       │ 1 │
└─────────┴───┘`},
		{`5`, `5`},
		{`[{ name: "日本", n: 1 }]`, `┌─────────┬────────┬───┐
│ (index) │ name   │ n │
├─────────┼────────┼───┤
│ 0       │ '日本' │ 1 │
└─────────┴────────┴───┘`},
	} {
		tr.host.mu.Lock()
		tr.host.logs = nil
		tr.host.mu.Unlock()
		tr.run("console.table(" + c.args + ");")
		require.Equal(t, "log: "+c.want, tr.host.output(), c.args)
	}
}

func TestConsoleSurface(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "methods", js: `
return ["log", "info", "warn", "error", "debug", "trace", "table", "time", "timeEnd", "count", "group", "groupEnd", "assert", "dir"]
  .every((m) => typeof console[m] === "function");`, want: true},
		{name: "tag", js: `return Object.prototype.toString.call(console);`, want: "[object console]"},
	})
}

func TestFormatDuration(t *testing.T) {
	// Node 20's formatTime for the same durations.
	for ms, want := range map[float64]string{
		0.5: "0.5ms", 1.23456: "1.235ms", 999.9996: "1000ms", 1500: "1.500s", 62345.6: "1:02.346 (m:ss.mmm)",
		3723456: "1:02:03.456 (h:mm:ss.mmm)", 600000: "10:00.000 (m:ss.mmm)", 59999.9999: "60.000s",
	} {
		require.Equal(t, want, formatDuration(msDuration(ms)), ms)
	}
}
