package bundler

import (
	"errors"
	"path/filepath"
	"sort"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// symbolsJS defines the well-known symbols goja lacks the way the host must
// (see the package documentation), matching esbuild's helpers' fallback.
const symbolsJS = `for (const name of ["asyncIterator", "dispose", "asyncDispose"]) {
  Object.defineProperty(Symbol, name, {value: Symbol.for("Symbol." + name)});
}`

// TestSupportedLowered proves every entry of gojaUnsupported: goja rejects
// the raw syntax, and the bundled program parses and behaves.
func TestSupportedLowered(t *testing.T) {
	tests := []struct {
		keys []string
		raw  string // a script goja cannot compile
		src  string // src/index.js
		run  string // evaluated after loading; "" just loads
		want any
	}{
		{
			keys: []string{"async-generator", "for-await"},
			raw:  `async function* gen() {} async function f() { for await (const x of []) {} }`,
			src: `async function* gen() { yield 1; await null; yield 2; }
export default async () => { const out = []; for await (const x of gen()) out.push(x); return out.join(); };`,
			run: `mod.default()`, want: "1,2",
		},
		{
			keys: []string{"decorators"},
			raw:  `@dec class A {}`,
			src: `const twice = (fn) => function (...args) { return 2 * fn.apply(this, args); };
class A { @twice m(x) { return x + 1; } }
export default new A().m(1);`,
			run: `mod.default`, want: int64(4),
		},
		{
			keys: []string{"using"},
			raw:  `{ using x = null }`,
			src: `export default (() => {
  const log = [];
  { using r = { [Symbol.dispose]() { log.push("disposed"); } }; log.push("body"); }
  return log.join();
})();`,
			run: `mod.default`, want: "body,disposed",
		},
		{
			keys: []string{"regexp-match-indices", "regexp-set-notation"},
			raw:  `var r = /a/d; var s = /[a--b]/v`,
			src: `export const d = () => /a/d;
export const v = () => /[\p{L}--[a-z]]/v;
export default "parsed";`,
			run: `[mod.default, (() => { try { mod.d(); } catch (e) { return e.name; } })()].join()`, want: "parsed,SyntaxError",
		},
		{
			keys: []string{"dynamic-import"},
			raw:  `var f = (name) => import(name)`,
			src:  `export default (name) => import(name);`,
			run:  `mod.default("x").then(() => "resolved", () => "rejected")`, want: "rejected",
		},
	}
	// Features goja compiles silently wrong are proven by their own tests.
	covered := []string{"regexp-unicode-property-escapes"}
	for _, tc := range tests {
		t.Run(tc.keys[0], func(t *testing.T) {
			for _, k := range tc.keys {
				require.Contains(t, gojaUnsupported, k)
			}
			_, err := goja.Compile("raw.js", tc.raw, false)
			var syntaxErr *goja.CompilerSyntaxError
			require.True(t, errors.As(err, &syntaxErr), "goja now compiles %q (%v); is %v still needed?", tc.raw, err, tc.keys)

			dir := writeProject(t, map[string]string{"src/index.js": tc.src})
			b := build(t, dir, Options{Entry: filepath.Join(dir, "src/index.js")})
			h := newHost(t, "")
			_, err = h.vm.RunString(symbolsJS)
			require.NoError(t, err)
			h.load(b)
			require.Equal(t, tc.want, h.eval(tc.run))
		})
		covered = append(covered, tc.keys...)
	}
	var keys []string
	for k := range gojaUnsupported {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sort.Strings(covered)
	require.Equal(t, keys, covered, "every lowered feature needs a test")
}

// TestUnicodePropertyEscapesLowered: a literal with \p{…} reaches goja as
// a RegExp constructor call with the escape intact, so the host can
// rewrite it (goja alone would compile the literal to match "p{L}").
func TestUnicodePropertyEscapesLowered(t *testing.T) {
	dir := writeProject(t, map[string]string{"src/index.js": `export const letters = () => /^\p{L}+$/u;
export const plain = () => /^\d+$/;
export default "parsed";`})
	b := build(t, dir, Options{Entry: filepath.Join(dir, "src/index.js")})
	require.Contains(t, b.Script, `new RegExp("^\\p{L}+$", "u")`)
	require.Contains(t, b.Script, `/^\d+$/`, "patterns without property escapes stay literals")
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, `^\p{L}+$`, h.eval(`mod.letters().source`))
}

// TestSupportedNative checks that syntax goja handles is left alone by the
// build (no needless lowering, which would cost speed) and runs.
func TestSupportedNative(t *testing.T) {
	src := `class Box {
  #value = 1;
  static #count = 0;
  static { Box.created = true; }
  static has(o) { return #value in o; }
  #bump() { return ++Box.#count; }
  get value() { return this.#value; }
  bump() { return this.#bump(); }
}
const o = { a: { b: null } };
let n = null;
n ??= 1_000;
n ||= 2;
n &&= n ** 2;
const { a, ...rest } = { a: 1, b: 2, c: 3 };
function* gen() { yield* [1, 2]; }
function F() { this.ok = new.target === F; }
async function af() { try { await Promise.reject(1); } catch { return "caught"; } }
const m = /(?<year>\d{4})-(?<=\d{4}-)(?<month>\d\d)/su.exec("2024-05");
export default async () => [
  new Box().value, Box.has(new Box()), new Box().bump(), Box.created,
  o.a?.b?.c ?? "nullish", n, a, Object.keys(rest).join(""), [...gen()].join(""),
  new F().ok, await af(), m.groups.year + m.groups.month, 10n ** 3n, "\u{1F600}".length,
].join("|");
`
	dir := writeProject(t, map[string]string{"src/index.js": src})
	b := build(t, dir, Options{Entry: filepath.Join(dir, "src/index.js")})
	for _, native := range []string{"#value = 1", "static #count", "static {", "#value in o", "??=", "||=", "&&=", "**",
		"o.a?.b?.c", "...rest", "function* gen", "new.target", "catch {", "async function af", "(?<=", "/su", "10n"} {
		require.Contains(t, b.Script, native)
	}
	h := newHost(t, "")
	h.load(b)
	require.Equal(t, "1|true|1|true|nullish|1000000|1|bc|12|true|caught|202405|1000|2", h.eval(`mod.default()`))
}
