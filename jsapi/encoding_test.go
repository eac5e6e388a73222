package jsapi

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

// The encoding cases of the conformance corpus, with workerd's answers; the
// TextEncoderStream/TextDecoderStream ones wait for streams.
var encodingWebCases = []webCase{
	{
		name: "textencoder-basic",
		body: `
return ([...new TextEncoder().encode("hé")]);`,
		want: `{"ok":[104,195,169]}`,
	},
	{
		name: "textencoder-props",
		body: `
const e = new TextEncoder();
return [e.encoding, Object.prototype.toString.call(e), typeof e.encodeInto];`,
		want: `{"ok":["utf-8","[object TextEncoder]","function"]}`,
	},
	{
		name: "textencoder-encode-variants",
		body: `
const e = new TextEncoder();
return [e.encode(), e.encode(""), e.encode("€😀"), e.encode("\uD800x"), e.encode("a\uDC00"), e.encode(123), e.encode(null)];`,
		want: `{"ok":[{"$view":"Uint8Array","bytes":[]},{"$view":"Uint8Array","bytes":[]},{"$view":"Uint8Array","bytes":[226,130,172,240,159,152,128]},{"$view":"Uint8Array","bytes":[239,191,189,120]},{"$view":"Uint8Array","bytes":[97,239,191,189]},{"$view":"Uint8Array","bytes":[49,50,51]},{"$view":"Uint8Array","bytes":[110,117,108,108]}]}`,
	},
	{
		name: "textencoder-encodeinto",
		body: `
const e = new TextEncoder();
const out = [];
for (const [s, n] of [["abc", 8], ["héllo", 3], ["😀x", 3], ["😀x", 4], ["", 2], ["€", 2]]) {
  const buf = new Uint8Array(n);
  const r = e.encodeInto(s, buf);
  out.push([s, r.read, r.written, [...buf]]);
}
return out;`,
		want: `{"ok":[["abc",3,3,[97,98,99,0,0,0,0,0]],["héllo",2,3,[104,195,169]],["😀x",0,0,[0,0,0]],["😀x",2,4,[240,159,152,128]],["",0,0,[0,0]],["€",0,0,[0,0]]]}`,
	},
	{
		name: "textencoder-encodeinto-errors",
		body: `
return ([
attempt(() => new TextEncoder().encodeInto("x", new ArrayBuffer(4))),
attempt(() => new TextEncoder().encodeInto("x", new Uint16Array(4))),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'JsUint8Array'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'JsUint8Array'.","name":"TypeError"}}]}`,
	},
	{
		name: "textdecoder-defaults",
		body: `
const d = new TextDecoder();
return [d.encoding, d.fatal, d.ignoreBOM, d.decode(), d.decode(bytes(0x68, 0xc3, 0xa9))];`,
		want: `{"ok":["utf-8",false,false,"","hé"]}`,
	},
	{
		name: "textdecoder-input-types",
		body: `
const d = new TextDecoder();
const buf = new TextEncoder().encode("xyz").buffer;
return [d.decode(buf), d.decode(new DataView(buf, 1)), d.decode(new Uint16Array(buf.slice(0, 2))),
  attempt(() => d.decode("str")), attempt(() => d.decode(null))];`,
		want: `{"ok":["xyz","yz","xy",{"err":{"ctor":"TypeError","message":"Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'Array'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'Array'.","name":"TypeError"}}]}`,
	},
	{
		name: "textdecoder-replacement",
		body: `
const d = new TextDecoder();
return [bytes(0xff), bytes(0xc3), bytes(0xe2, 0x82), bytes(0xed, 0xa0, 0x80), bytes(0xf0, 0x9f, 0x98), bytes(0xc0, 0xaf),
  bytes(0x61, 0x80, 0x62)].map((b) => [...d.decode(b)].map((c) => c.codePointAt(0)));`,
		want: `{"ok":[[65533],[65533],[65533],[65533,65533,65533],[65533],[65533,65533],[97,65533,98]]}`,
	},
	{
		name: "textdecoder-fatal",
		body: `
const d = new TextDecoder("utf-8", { fatal: true });
return [d.fatal, attempt(() => d.decode(bytes(0xff))), attempt(() => d.decode(bytes(0x61, 0x62)))];`,
		want: `{"ok":[true,{"err":{"ctor":"TypeError","message":"Failed to decode input.","name":"TypeError"}},{"ok":"ab"}]}`,
	},
	{
		name: "textdecoder-bom",
		body: `
const withBom = bytes(0xef, 0xbb, 0xbf, 0x61);
return [new TextDecoder().decode(withBom).length, new TextDecoder("utf-8", { ignoreBOM: true }).decode(withBom).length,
  new TextDecoder("utf-16le").decode(bytes(0xff, 0xfe, 0x61, 0x00)),
  new TextDecoder("utf-16le", { ignoreBOM: true }).decode(bytes(0xff, 0xfe, 0x61, 0x00)).length];`,
		want: `{"ok":[1,2,"a",2]}`,
	},
	{
		name: "textdecoder-stream-option",
		body: `
const d = new TextDecoder();
const euro = new TextEncoder().encode("€😀");
const parts = [d.decode(euro.slice(0, 1), { stream: true }), d.decode(euro.slice(1, 4), { stream: true }),
  d.decode(euro.slice(4, 6), { stream: true }), d.decode(euro.slice(6))];
const d2 = new TextDecoder();
const tail = [d2.decode(euro.slice(0, 2), { stream: true }), d2.decode()];
return [parts, tail.map((s) => [...s].map((c) => c.codePointAt(0)))];`,
		want: `{"ok":[["","€","","😀"],[[],[65533]]]}`,
	},
	{
		name: "textdecoder-labels",
		body: `
return (["utf-8", "UTF8", " unicode-1-1-utf-8 ", "utf-16le", "utf-16", "latin1", "iso-8859-1",
"ascii", "windows-1252", "us-ascii", "utf-16be", "iso-8859-2", "windows-1251", "shift_jis", "gbk", "euc-kr", "big5",
"x-user-defined", "replacement", "bogus"].map((l) => attempt(() => new TextDecoder(l).encoding)));`,
		want: `{"ok":[{"ok":"utf-8"},{"ok":"utf-8"},{"ok":"utf-8"},{"ok":"utf-16le"},{"ok":"utf-16le"},{"ok":"windows-1252"},{"ok":"windows-1252"},{"ok":"windows-1252"},{"ok":"windows-1252"},{"ok":"windows-1252"},{"ok":"utf-16be"},{"ok":"iso-8859-2"},{"ok":"windows-1251"},{"ok":"shift_jis"},{"ok":"gbk"},{"ok":"euc-kr"},{"ok":"big5"},{"ok":"x-user-defined"},{"err":{"ctor":"RangeError","message":"\"replacement\" is not a valid encoding.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"\"bogus\" is not a valid encoding.","name":"RangeError"}}]}`,
	},
	{
		name: "textdecoder-windows-1252",
		body: `
const d = new TextDecoder("latin1");
return [...d.decode(bytes(0x41, 0x80, 0x99, 0x9f, 0xa0, 0xe9, 0xff))].map((c) => c.codePointAt(0));`,
		want: `{"ok":[65,8364,8482,376,160,233,255]}`,
	},
	{
		name: "textdecoder-utf16le",
		body: `
const d = new TextDecoder("utf-16le");
return [d.decode(bytes(0x68, 0x00, 0x3d, 0xd8, 0x00, 0xde)), [...d.decode(bytes(0x61, 0x00, 0x62))].map((c) => c.codePointAt(0)),
  [...d.decode(bytes(0x00, 0xd8, 0x61, 0x00))].map((c) => c.codePointAt(0))];`,
		want: `{"ok":["h😀",[97,65533],[55296,97]]}`,
	},
	{
		name: "textdecoder-invalid-label-error",
		body: `
return ([attempt(() => new TextDecoder("nope")), attempt(() => new TextDecoder("utf-7"))]);`,
		want: `{"ok":[{"err":{"ctor":"RangeError","message":"\"nope\" is not a valid encoding.","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"\"utf-7\" is not a valid encoding.","name":"RangeError"}}]}`,
	},
}

func TestEncodingConformance(t *testing.T) { runWebCases(t, encodingWebCases) }

func TestEncoding(t *testing.T) {
	cases := []snippet{
		{name: "label with surrounding whitespace keeps its text in the error", js: `new TextDecoder(" nope ");`,
			wantErr: `RangeError: " nope " is not a valid encoding.`},
		{name: "null label", js: `new TextDecoder(null);`, wantErr: `RangeError: "null" is not a valid encoding.`},
		{name: "legacy labels", js: `
return ["utf8", "l1", "cp1252", "koi8-r", "iso-8859-8-i", "x-mac-ukrainian", "csshiftjis", "unicodefffe", "ucs-2"]
  .map((l) => new TextDecoder(l).encoding);`,
			want: []any{"utf-8", "windows-1252", "windows-1252", "koi8-r", "iso-8859-8-i", "x-mac-cyrillic", "shift_jis", "utf-16be", "utf-16le"}},
		{name: "legacy decoders", js: `
return [
  new TextDecoder("shift_jis").decode(bytes(0x82, 0xa0)),
  new TextDecoder("iso-8859-2").decode(bytes(0xa1)),
  new TextDecoder("gbk").decode(bytes(0xc4, 0xe3)),
  new TextDecoder("euc-kr").decode(bytes(0xb0, 0xa1)),
  new TextDecoder("windows-1251").decode(bytes(0xc0)),
  new TextDecoder("x-user-defined").decode(bytes(0x41, 0x80)).codePointAt(1),
];`, want: []any{"あ", "Ą", "你", "가", "А", int64(0xF780)}},
		{name: "legacy decoder streams a split sequence", js: `
const d = new TextDecoder("shift_jis");
return [d.decode(bytes(0x82), { stream: true }), d.decode(bytes(0xa0))];`, want: []any{"", "あ"}},
		{name: "utf-16be", js: `
return new TextDecoder("utf-16be").decode(bytes(0xfe, 0xff, 0x00, 0x68, 0xd8, 0x3d, 0xde, 0x00));`, want: "h😀"},
		{name: "utf-16le pair split across chunks", js: `
const d = new TextDecoder("utf-16le");
const a = d.decode(bytes(0x68, 0x00, 0x3d), { stream: true });
const b = d.decode(bytes(0xd8, 0x00, 0xde), { stream: true });
const c = d.decode();
return [a, b, c];`, want: []any{"h", "😀", ""}},
		{name: "utf-16le fatal on an odd byte", js: `new TextDecoder("utf-16le", { fatal: true }).decode(bytes(0x61, 0x00, 0x62));`,
			wantErr: "TypeError: Failed to decode input."},
		{name: "BOM only at the start of a stream", js: `
const d = new TextDecoder();
const bom = bytes(0xef, 0xbb, 0xbf);
return [d.decode(bom, { stream: true }).length, d.decode(bytes(0xef, 0xbb, 0xbf, 0x61), { stream: true }).length, d.decode().length,
  new TextDecoder().decode(bytes(0xef, 0xbb)).length];`, want: []any{int64(0), int64(2), int64(0), int64(1)}},
		{name: "fatal decoder recovers after an error", js: `
const d = new TextDecoder("utf-8", { fatal: true });
try { d.decode(bytes(0xe2, 0x82), { stream: true }); d.decode(bytes(0x41)); } catch (e) {}
return d.decode(bytes(0x42));`, want: "B"},
		{name: "decode options must be an object", js: `new TextDecoder().decode(undefined, 5);`,
			wantErr: "TypeError: Failed to execute 'decode' on 'TextDecoder': parameter 2 is not of type 'TextDecodeOptions'."},
		{name: "encodeInto a subarray", js: `
const buf = new Uint8Array(6);
const r = new TextEncoder().encodeInto("héllo", buf.subarray(2));
return [r.read, r.written, [...buf]];`, want: []any{int64(3), int64(4), []any{int64(0), int64(0), int64(104), int64(195), int64(169), int64(108)}}},
		{name: "encodeInto refuses Uint8ClampedArray", js: `new TextEncoder().encodeInto("x", new Uint8ClampedArray(2));`,
			wantErr: "TypeError: Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'JsUint8Array'."},
		{name: "encode coerces with String", js: `return [...new TextEncoder().encode({ toString() { return "ok"; } })];`, want: []any{int64(111), int64(107)}},
		{name: "brand checks", js: `TextDecoder.prototype.decode.call({});`, wantErr: "TypeError: Illegal invocation"},
	}
	for i := range cases {
		cases[i].js = "const bytes = (...b) => new Uint8Array(b);\n" + cases[i].js
	}
	runSnippets(t, cases)
}

// The streaming UTF-8 decoder agrees with decodeUTF8 (the one-shot decoder
// Body uses) on random input, whatever the chunking.
func TestUTF8DecoderMatchesDecodeUTF8(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := [][]byte{
		{0xef, 0xbb, 0xbf}, {0xe2, 0x82, 0xac}, {0xf0, 0x9f, 0x98, 0x80}, {0xc3, 0xa9}, {'a'},
		{0xff}, {0x80}, {0xc0, 0xaf}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80}, {0xe0, 0x80}, {0xf0, 0x9f},
	}
	for i := 0; i < 2000; i++ {
		var input []byte
		for n := rng.Intn(8); n >= 0; n-- {
			input = append(input, pieces[rng.Intn(len(pieces))]...)
		}
		want := decodeUTF8(input)

		d := &utf8Decoder{}
		var got strings.Builder
		for rest := input; ; {
			n := rng.Intn(len(rest) + 1)
			out, ok := d.decode(rest[:n], false)
			require.True(t, ok)
			got.WriteString(out.s)
			rest = rest[n:]
			if len(rest) == 0 {
				break
			}
		}
		out, _ := d.decode(nil, true)
		got.WriteString(out.s)
		require.Equal(t, want, got.String(), "input % x", input)
	}
}

func TestUTF16DecoderChunking(t *testing.T) {
	text := "a😀é\U0001F600z"
	units := utf16.Encode([]rune(text))
	var le []byte
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
	}
	for split := 0; split <= len(le); split++ {
		d := &utf16Decoder{}
		a, ok := d.decode(le[:split], false)
		require.True(t, ok)
		b, ok := d.decode(le[split:], true)
		require.True(t, ok)
		require.Equal(t, text, string(utf16.Decode(append(a.units, b.units...))), "split at %d", split)
	}
}

func TestEncodingForLabel(t *testing.T) {
	for label, want := range map[string]string{
		"UTF-8": "utf-8", "\tlatin1\n": "windows-1252", "ascii": "windows-1252", "utf-16": "utf-16le",
		"replacement": "", "iso-2022-kr": "", "utf-7": "", "\u00a0utf-8": "", "": "",
	} {
		require.Equal(t, want, encodingForLabel(label), "label %q", label)
	}
}
