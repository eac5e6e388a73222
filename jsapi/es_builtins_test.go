package jsapi

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// The ECMAScript built-ins goja lacks, as user code meets them.
func TestESBuiltins(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "Array.fromAsync", js: `
const it = { [Symbol.asyncIterator]() { let i = 0; return { next: async () => ({ done: i >= 3, value: i++ }) }; } };
return [typeof Symbol.asyncIterator, await Array.fromAsync(it, async (x) => x * 10),
  await Array.fromAsync([Promise.resolve(1), 2]), await Array.fromAsync({ length: 2, 0: "a", 1: Promise.resolve("b") }),
  await Array.fromAsync(new Set([1, 2]), (x) => x + 1), Array.fromAsync.length,
  await Array.fromAsync([1], 5).catch((e) => e.name)];`,
			want: []any{"symbol", []any{int64(0), int64(10), int64(20)}, []any{int64(1), int64(2)}, []any{"a", "b"},
				[]any{int64(2), int64(3)}, int64(1), "TypeError"}},
		{name: "Promise.withResolvers", js: `
const { promise, resolve } = Promise.withResolvers();
setTimeout(() => resolve("later"), 1);
return [await promise, Object.keys(Promise.withResolvers()).join()];`, want: []any{"later", "promise,resolve,reject"}},
		{name: "Object.groupBy and Map.groupBy", js: `
const g = Object.groupBy([1, 2, 3, 4], (x) => (x % 2 ? "odd" : "even"));
const m = Map.groupBy([-0, 0, 1], (x) => x);
return [Object.getPrototypeOf(g), JSON.stringify(g), [...m.keys()].map((k) => Object.is(k, -0)), m.get(0).length];`,
			want: []any{nil, `{"odd":[1,3],"even":[2,4]}`, []any{false, false}, int64(2)}},
		{name: "ArrayBuffer transfer and detached", js: `
const a = new Uint8Array([1, 2, 3]).buffer;
const b = a.transfer(5);
const c = b.transferToFixedLength(2);
return [a.detached, a.byteLength, b.detached, [...new Uint8Array(c)], new ArrayBuffer(1).detached, new ArrayBuffer(2).resizable,
  (() => { try { a.transfer(); } catch (e) { return e.name; } })()];`,
			want: []any{true, int64(0), true, []any{int64(1), int64(2)}, false, false, "TypeError"}},
		{name: "WeakRef keeps a live target", js: `
const target = { x: 1 };
const ref = new WeakRef(target);
return [ref.deref() === target, Object.prototype.toString.call(ref), (() => { try { new WeakRef(1); } catch (e) { return e.name; } })()];`,
			want: []any{true, "[object WeakRef]", "TypeError"}},
		{name: "FinalizationRegistry unregister", js: `
const reg = new FinalizationRegistry(() => {});
const token = {};
reg.register({}, "x", token);
return [reg.unregister(token), reg.unregister(token)];`, want: []any{true, false}},
		{name: "Error.captureStackTrace", js: `
class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; Error.captureStackTrace(this, MyError); } }
function thrower() { return new MyError("boom"); }
const e = thrower();
const plain = {};
Error.captureStackTrace(plain);
return [e.stack.split("\n")[0], /at thrower/.test(e.stack), /MyError \(/.test(e.stack.split("\n")[1]), plain.stack.startsWith("Error")];`,
			want: []any{"MyError: boom", true, false, true}},
		// Literals reach goja as constructor calls once bundled
		// (bundler TestUnicodePropertyEscapesLowered); snippets are not.
		{name: "unicode property escapes match", js: `
const re = (p, f = "u") => new RegExp(p, f);
return [re("^\\p{Lu}\\p{Ll}+$").test("Élan"), re("^[\\p{Emoji_Presentation}]+$").test("😀🎉"), re("\\P{L}").test("abc"),
  "a1b2".replace(re("\\p{Nd}", "gu"), "#"), re("^\\p{Script=Greek}+$").test("αβγ"), RegExp("^\\p{gc=Cased_Letter}$", "u").test("ǅ"),
  re("^(\\p{Extended_Pictographic}|\\p{Emoji_Component})+$").test("👍🏽"), re("\\p{L}").source.length > 100,
  (() => { try { re("\\p{Klingon}"); } catch (e) { return e.name; } })(), /x/ instanceof RegExp, /x/.constructor === RegExp];`,
			want: []any{true, true, false, "a#b#", true, true, true, true, "SyntaxError", true, true}},
	})
}

// A target nothing refers to any more is collected: its WeakRef empties
// and the registry's callback runs, in a later task.
func TestWeakReferencesFollowTheCollector(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() { must(tr.realm.rt.Set("collectGarbage", func() { runtime.GC() })) })
	got, err := tr.eval(`
const seen = [];
const reg = new FinalizationRegistry((held) => seen.push(held));
const ref = (() => { const o = { payload: new Array(100).fill(1) }; reg.register(o, "collected"); return new WeakRef(o); })();
for (let i = 0; i < 200 && (seen.length === 0 || ref.deref() !== undefined); i++) {
  await new Promise((r) => setTimeout(r, 5));
  collectGarbage();
}
return [seen, ref.deref() === undefined];`)
	require.NoError(t, err)
	require.Equal(t, []any{[]any{"collected"}, true}, got)
}
