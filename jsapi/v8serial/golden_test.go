package v8serial

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The golden data is V8's own output for each expression (testdata/gen.js, run with Node). Writing the
// same bytes is what lets wrangler dev and kindling share a `.wrangler/state` folder.
func TestSerializeMatchesV8(t *testing.T) {
	for _, c := range goldenCases(t) {
		if !strings.HasPrefix(c.Name, "write/") {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			rt := newRuntime(t)
			got, err := Serialize(rt, eval(t, rt, c.Expr), nil)
			require.NoError(t, err)
			require.Equal(t, hex.EncodeToString(c.bytes), hex.EncodeToString(got), c.Expr)
		})
	}
}

// Every golden byte string, including the ones only V8 produces (holey arrays, Node's host objects for
// typed arrays, Node 20's error layout), reads back as a clone of the expression it came from.
func TestDeserializeV8Bytes(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			rt := newRuntime(t)
			got, err := Deserialize(rt, c.bytes, nil)
			require.NoError(t, err)
			want := c.Expr
			if c.Want != "" {
				want = c.Want
			}
			requireClone(t, rt, eval(t, rt, want), got)
		})
	}
}

// Serializing in one runtime and deserializing in another (the path of RPC arguments) gives a clone.
func TestRoundTripBetweenRuntimes(t *testing.T) {
	exprs := []string{
		`(() => { const e = new RangeError("both", { cause: [1] }); e.stack = "RangeError: both\n    at f"; return e; })()`,
		`(() => { const e = new Error("outer"); e.cause = { inner: e }; return e; })()`,
		`new Error("with goja's own stack")`,
		`"\ud800 lone surrogates \udfff survive"`,
		`new String("\ud83d\ude00")`,
		`{ "\u00e9t\u00e9": "caf\u00e9", "\u4e2d": "\u6587" }`,
		`Array.from({ length: 1000 }, (_, i) => i % 3 === 0 ? i : { i })`,
		`(() => { const a = []; a[100000] = "far"; a.named = true; return a; })()`,
		`new Map([[NaN, -0], [-0, NaN], [1n, [2n]]])`,
		`(() => { const buf = new ArrayBuffer(16); return { f: new Float32Array(buf, 4, 2), d: new DataView(buf, 8), raw: buf }; })()`,
		`(() => { const shared = { s: 1 }; const m = new Map([[shared, shared]]); return [m, new Set([shared]), shared]; })()`,
		`(() => { const a = [1]; const o = { a }; a.push(o, a); return o; })()`,
		`new Date(8.64e15)`,
		`[new Boolean(false), new Number(-0), new String(""), Object(0n)]`,
	}
	for _, c := range goldenCases(t) {
		if strings.HasPrefix(c.Name, "write/") {
			exprs = append(exprs, c.Expr)
		}
	}
	for _, expr := range exprs {
		t.Run(expr, func(t *testing.T) {
			rt, got := roundTrip(t, expr)
			requireClone(t, rt, eval(t, rt, expr), got)
		})
	}
}

// Truncating any golden byte string yields an error; the only prefix that is a value on its own is
// a buffer whose view record was cut off.
func TestDeserializeTruncated(t *testing.T) {
	rt := newRuntime(t)
	for _, c := range goldenCases(t) {
		for n := 0; n < len(c.bytes); n++ {
			v, err := Deserialize(rt, c.bytes[:n], nil)
			if err == nil {
				require.Equal(t, typeArrayBuffer, v.ExportType(), "%s cut at %d", c.Name, n)
				continue
			}
			require.ErrorIs(t, err, ErrInvalid, "%s cut at %d", c.Name, n)
		}
	}
}
