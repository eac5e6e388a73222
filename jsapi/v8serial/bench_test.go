package v8serial

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The three shapes storage and RPC move most: a small record, a list, a binary blob.
var benchValues = []struct{ name, expr string }{
	{"small-object", `{ id: 42, name: "counter", tags: ["a", "b"], active: true, score: 1.5 }`},
	{"array-1000", `Array.from({ length: 1000 }, (_, i) => i % 2 ? i : "item " + i)`},
	{"arraybuffer-64KiB", `new Uint8Array(65536).fill(7).buffer`},
}

func BenchmarkSerialize(b *testing.B) {
	for _, bv := range benchValues {
		b.Run(bv.name, func(b *testing.B) {
			rt := newRuntime(b)
			v := eval(b, rt, bv.expr)
			data, err := Serialize(rt, v, nil)
			require.NoError(b, err)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Serialize(rt, v, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDeserialize(b *testing.B) {
	for _, bv := range benchValues {
		b.Run(bv.name, func(b *testing.B) {
			rt := newRuntime(b)
			data, err := Serialize(rt, eval(b, rt, bv.expr), nil)
			require.NoError(b, err)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Deserialize(rt, data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
