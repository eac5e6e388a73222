package jsapi

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// The getRandomValues and randomUUID cases of the conformance corpus, with
// workerd's answers.
var cryptoWebCases = []webCase{
	{
		name: "crypto-getrandomvalues-types",
		body: `
const types = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array,
  BigUint64Array, Float32Array, Float64Array, DataView];
return types.map((T) => [T.name, attempt(() => { const a = new T(new ArrayBuffer(8)); return crypto.getRandomValues(a) === a; })]);`,
		want: `{"ok":[["Int8Array",{"ok":true}],["Uint8Array",{"ok":true}],["Uint8ClampedArray",{"ok":true}],["Int16Array",{"ok":true}],["Uint16Array",{"ok":true}],["Int32Array",{"ok":true}],["Uint32Array",{"ok":true}],["BigInt64Array",{"ok":true}],["BigUint64Array",{"ok":true}],["Float32Array",{"err":{"code":17,"ctor":"DOMException","message":"ArrayBufferView argument to getRandomValues() must be an integer-typed view.","name":"TypeMismatchError"}}],["Float64Array",{"err":{"code":17,"ctor":"DOMException","message":"ArrayBufferView argument to getRandomValues() must be an integer-typed view.","name":"TypeMismatchError"}}],["DataView",{"err":{"code":17,"ctor":"DOMException","message":"ArrayBufferView argument to getRandomValues() must be an integer-typed view.","name":"TypeMismatchError"}}]]}`,
	},
	{
		name: "crypto-getrandomvalues-quota",
		body: `
return ([
attempt(() => crypto.getRandomValues(new Uint8Array(65536)).length),
attempt(() => crypto.getRandomValues(new Uint8Array(65537)).length),
attempt(() => crypto.getRandomValues(new Uint32Array(16385)).length),
attempt(() => crypto.getRandomValues(new Uint8Array(0)).length),
attempt(() => crypto.getRandomValues([1, 2])),
  ]);`,
		want: `{"ok":[{"ok":65536},{"err":{"code":22,"ctor":"DOMException","message":"getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes.","name":"QuotaExceededError"}},{"err":{"code":22,"ctor":"DOMException","message":"getRandomValues() only accepts buffers of size <= 64K but provided 65540 bytes.","name":"QuotaExceededError"}},{"ok":0},{"err":{"ctor":"TypeError","message":"Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'JsArrayBufferView'.","name":"TypeError"}}]}`,
	},
	{
		name: "crypto-randomuuid-shape",
		body: `
const ids = Array.from({ length: 20 }, () => crypto.randomUUID());
return [ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)), new Set(ids).size, typeof ids[0]];`,
		want: `{"ok":[true,20,"string"]}`,
	},
}

func TestCryptoConformance(t *testing.T) { runWebCases(t, cryptoWebCases) }

func TestCrypto(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "fills the view's bytes only", js: `
const buf = new Uint8Array(64);
crypto.getRandomValues(new Uint8Array(buf.buffer, 8, 16));
return [buf.slice(0, 8).every((b) => b === 0), buf.slice(24).every((b) => b === 0), buf.slice(8, 24).some((b) => b !== 0)];`,
			want: []any{true, true, true}},
		{name: "an ArrayBuffer is not a view", js: `crypto.getRandomValues(new ArrayBuffer(4));`,
			wantErr: "TypeError: Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'JsArrayBufferView'."},
		// DigestStream is on the prototype once the realm has a
		// WritableStream to subclass (digest_stream_test.go checks it).
		{name: "surface", js: `
return [Object.getOwnPropertyNames(Crypto.prototype).filter((n) => n !== "DigestStream").sort(), Object.prototype.toString.call(crypto),
  Object.prototype.toString.call(crypto.subtle), crypto.subtle === crypto.subtle, typeof SubtleCrypto,
  Object.getOwnPropertyDescriptor(globalThis, "crypto").enumerable];`,
			want: []any{[]any{"constructor", "getRandomValues", "randomUUID", "subtle"}, "[object Crypto]", "[object SubtleCrypto]", true, "function", true}},
		{name: "not constructible", js: `new Crypto();`, wantErr: "TypeError: Illegal constructor"},
		{name: "brand check", js: `crypto.randomUUID.call({});`, wantErr: "TypeError: Illegal invocation"},
	})
}

func TestNewUUID(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id := newUUID()
		require.Regexp(t, v4, id)
		require.False(t, seen[id])
		seen[id] = true
	}
}
