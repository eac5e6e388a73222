package v8serial

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"
)

// Current V8, and so workerd, writes an Error's stack before its cause, so that a reader has the Error
// before a cause that refers back to it. Node 20 writes the cause first (golden case
// read/error-cause-before-stack), reads either order, but cannot read a self-referring cause at all.
func TestErrorStackBeforeCause(t *testing.T) {
	rt := newRuntime(t)
	got, err := Serialize(rt, eval(t, rt, `(() => { const e = new TypeError("x", { cause: 1 }); e.stack = "S"; return e; })()`), nil)
	require.NoError(t, err)
	// Error, TypeError prototype, message "x", stack "S", cause 1, end.
	require.Equal(t, "ff0f"+"72"+"54"+"6d220178"+"73220153"+"634902"+"2e", hex.EncodeToString(got))
}

// Bytes Node cannot be made to write any more (older format versions) or that only other writers
// produce, read as V8 reads them.
func TestDeserializeFormatVariants(t *testing.T) {
	tests := []struct{ name, hex, want string }{
		{"version 13 views have no flags", "ff0d 4202 0102 5642 0002", `new Uint8Array([1, 2])`},
		{"version 11 RegExp source is raw UTF-8", "ff0b 52 03 612b62 01", `/a+b/g`},
		{"version 11 String object is raw UTF-8", "ff0b 73 02 c3a9", `new String("\u00e9")`},
		{"version 10 undefined in a dense array is a hole", "ff0a 4103 5f 4902 5f 240003", `[, 1, ,]`},
		{"version 11 undefined in a dense array is undefined", "ff0b 4102 5f 4902 240002", `[undefined, 1]`},
		{"UTF-8 string", "ff0f 53 04 f09f9880", `"\ud83d\ude00"`},
		{"invalid UTF-8 reads as U+FFFD", "ff0f 53 02 ff61", `"\ufffda"`},
		{"uint32", "ff0f 55 ffffffff0f", `4294967295`},
		{"object count hint", "ff0f 3f 05 4902", `1`},
		{"padding before a tag", "ff0f 0000 220161", `"a"`},
		{"resizable ArrayBuffer reads as fixed", "ff0f 7e 02 08 0102", `new Uint8Array([1, 2]).buffer`},
		{"view over a resizable buffer", "ff0f 7e 02 08 0102 5642 0002 02", `new Uint8Array([1, 2])`},
		{"uint32 and double keys", "ff0f 6f 5505 4902 4e000000000000f83f 4904 7b02", `{ 5: 1, "1.5": 2 }`},
		{"two-byte key", "ff0f 6f 00 6302 ac20 4902 7b01", `{ "\u20ac": 1 }`},
		{"trailing bytes are ignored", "ff0f 4902 ffff", `1`},
		{"reference to an array from inside it", "ff0f 4102 4902 5e00 240002", `(() => { const a = [1]; a.push(a); return a; })()`},
		{"array back-reference in a hole-y dense array", "ff0f 4103 2d 5e00 4902 240003", `(() => { const a = [, , 1]; a[1] = a; return a; })()`},
		{"error with only a prototype tag", "ff0f 72 52 2e", `(() => { const e = new RangeError(); delete e.stack; return e; })()`},
		{"bigint with unnormalized digits", "ff0f 5a 20 0500000000000000 0000000000000000", `5n`},
		{"negative zero bigint", "ff0f 5a 01", `0n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := newRuntime(t)
			got, err := Deserialize(rt, mustHex(t, tt.hex), nil)
			require.NoError(t, err)
			requireClone(t, rt, eval(t, rt, tt.want), got)
		})
	}
}

// Corrupt input of every kind is an error wrapping ErrInvalid, never a panic.
func TestDeserializeRejects(t *testing.T) {
	tests := []struct{ name, hex string }{
		{"empty", ""},
		{"no header", "220161"},
		{"version 0", "ff00 5f"},
		{"future version", "ff10 5f"},
		{"no value", "ff0f"},
		{"only padding", "ff0f 0000"},
		{"unknown tag", "ff0f 71"},
		{"transferred buffer", "ff0f 74 00"},
		{"shared array buffer", "ff0f 75 00"},
		{"varint too long", "ff0f 49 ffffffffffff01"},
		{"truncated double", "ff0f 4e 0000"},
		{"string longer than the data", "ff0f 22 05 6162"},
		{"odd two-byte length", "ff0f 63 03 616263"},
		{"bigint longer than the data", "ff0f 5a 10 01"},
		{"object count mismatch", "ff0f 6f 7b01"},
		{"object key is an object", "ff0f 6f 6f7b00 4902 7b01"},
		{"object key is undefined", "ff0f 6f 5f 4902 7b01"},
		{"unterminated object", "ff0f 6f 220161 4902"},
		{"reference to an unknown object", "ff0f 5e 00"},
		{"reference to an error being read", "ff0f 72 6d 5e00 2e"},
		{"dense array longer than the data", "ff0f 41 ffffffff0f"},
		{"dense array length mismatch", "ff0f 4101 4902 240002"},
		{"dense array property count mismatch", "ff0f 4101 4902 240101"},
		{"sparse array count mismatch", "ff0f 6102 4900 4902 400202"},
		{"sparse array defining length", "ff0f 6102 22066c656e677468 4904 400102"},
		{"map with a dangling key", "ff0f 3b 4902 4904 3a01"},
		{"set count mismatch", "ff0f 27 4902 2c02"},
		{"view past the buffer", "ff0f 4202 0102 5642 0102 00"},
		{"misaligned Int16Array", "ff0f 4204 00000000 5677 0102 00"},
		{"Float16Array", "ff0f 4202 0000 5668 0002 00"},
		{"unknown view type", "ff0f 4202 0000 5678 0002 00"},
		{"view without a buffer", "ff0f 56 42 0000 00"},
		{"resizable buffer longer than its maximum", "ff0f 7e 04 02 01020304"},
		{"unknown RegExp flag", "ff0f 52 220161 40"},
		{"invalid RegExp pattern", "ff0f 52 220128 00"},
		{"RegExp source not a string", "ff0f 52 4902 00"},
		{"unknown error sub-tag", "ff0f 72 7a"},
		{"error prototype tag twice", "ff0f 72 5254 2e"},
		{"error message after cause", "ff0f 72 634902 6d220161 2e"},
		{"unterminated error", "ff0f 72 6d220161"},
		{"unknown Node host object type", "ff0f 5c 20 00"},
		{"Node host object of odd length", "ff0f 5c 03 03 010203"},
		{"date without a value", "ff0f 44 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Deserialize(newRuntime(t), mustHex(t, tt.hex), nil)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

func TestVarints(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 300, 1<<32 - 1, 1 << 32, 1<<64 - 1} {
		b := appendVarint(nil, v)
		require.Len(t, b, varintLen(v))
		d := decoder{data: b}
		got, err := d.readVarint(64)
		require.NoError(t, err)
		require.Equal(t, v, got)
		require.Equal(t, len(b), d.pos)
	}
	for _, v := range []int32{0, -1, 1, -2, 1<<31 - 1, -1 << 31} {
		d := decoder{data: appendZigZag(nil, v)}
		got, err := d.readZigZag()
		require.NoError(t, err)
		require.Equal(t, v, got)
	}
	// V8 keeps the low 32 bits of a five-byte uint32 varint.
	d := decoder{data: []byte{0xff, 0xff, 0xff, 0xff, 0x7f}}
	got, err := d.readUint32()
	require.NoError(t, err)
	require.Equal(t, uint32(1<<32-1), got)
}
