package jsapi

import "testing"

func TestIdentityAndFixedLengthStreams(t *testing.T) {
	runSnippets(t, withSnippetHelpers(streamCaseHelpers, []snippet{
		{name: "a write settles once a read has taken its bytes", js: `
const t = new IdentityTransformStream();
const w = t.writable.getWriter();
let written = false;
w.write(new Uint8Array([1, 2])).then(() => { written = true; });
await new Promise((r) => setTimeout(r, 10));
const before = written;
const { value } = await t.readable.getReader().read();
await new Promise((r) => setTimeout(r, 10));
return [before, [...value], written];`, want: []any{false, []any{int64(1), int64(2)}, true}},
		{name: "an object chunk", js: `
const w = new IdentityTransformStream().writable.getWriter();
return w.write({}).catch((e) => e.message);`,
			want: "This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side."},
		{name: "canceling the readable side fails writes", js: `
const t = new IdentityTransformStream();
await t.readable.cancel(new RangeError("no more"));
return t.writable.getWriter().write(new Uint8Array([1])).catch((e) => [e.name, e.message]);`,
			want: []any{"RangeError", "no more"}},
		{name: "aborting the writable side fails the readable side", js: `
const t = new IdentityTransformStream();
const read = t.readable.getReader().read().catch((e) => e.message);
await t.writable.abort(new Error("stopped"));
return read;`, want: "stopped"},
		{name: "a FixedLengthStream takes a bigint", js: `
const f = new FixedLengthStream(2n);
const w = f.writable.getWriter();
w.write(new Uint8Array([1, 2]));
w.close();
return concat(await readAll(f.readable)).length;`, want: int64(2)},
		{name: "a FixedLengthStream length too large", js: `new FixedLengthStream(2 ** 53);`,
			wantErr: "TypeError: FixedLengthStream requires an integer expected length less than 2^53."},
		{name: "FixedLengthStream is an IdentityTransformStream", js: `
return new FixedLengthStream(1) instanceof IdentityTransformStream;`, want: true},
	}))
}

func TestTextStreams(t *testing.T) {
	runSnippets(t, withSnippetHelpers(streamCaseHelpers, []snippet{
		{name: "a lone lead surrogate at the end", js: `
const out = await readAll(streamOf("a\uD83D").pipeThrough(new TextEncoderStream()));
return out.map((c) => [...c]);`, want: []any{[]any{int64(97)}, []any{int64(0xef), int64(0xbf), int64(0xbd)}}},
		{name: "decoder streams are fatal unless told otherwise", js: `
const d = new TextDecoderStream();
const fails = await readAll(streamOf(new Uint8Array([0xff])).pipeThrough(d)).catch((e) => e.message);
const lax = await readAll(streamOf(new Uint8Array([0xff])).pipeThrough(new TextDecoderStream("utf-8", { fatal: false })));
return [d.fatal, fails, lax];`, want: []any{true, "Failed to decode input.", []any{"\uFFFD"}}},
		{name: "a decoder stream refuses strings", js: `
return readAll(streamOf("text").pipeThrough(new TextDecoderStream())).catch((e) => e.message);`,
			want: "This TransformStream is being used as a byte stream, but received a value that is not a BufferSource."},
		{name: "an unknown label", js: `new TextDecoderStream("nope");`, wantErr: `RangeError: "nope" is not a valid encoding.`},
	}))
}
