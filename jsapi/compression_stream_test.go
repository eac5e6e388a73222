package jsapi

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"testing"
)

func TestCompressionStreams(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, _ = w.Write([]byte("made by Go's compress/gzip"))
	_ = w.Close()
	gzipHex := hex.EncodeToString(gz.Bytes())

	runSnippets(t, withSnippetHelpers(streamCaseHelpers+"const fromHex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));\n"+
		"const GO_GZIP = \""+gzipHex+"\";\n", []snippet{
		{name: "every format round-trips a body of many chunks", js: `
const text = Array.from({ length: 5000 }, (_, i) => "line " + i + "\n").join("");
const input = new TextEncoder().encode(text);
const out = {};
for (const fmt of ["gzip", "deflate", "deflate-raw"]) {
  const chunks = [];
  for (let i = 0; i < input.length; i += 1000) chunks.push(input.slice(i, i + 1000));
  const z = concat(await readAll(streamOf(...chunks).pipeThrough(new CompressionStream(fmt))));
  const back = concat(await readAll(streamOf(z).pipeThrough(new DecompressionStream(fmt))));
  out[fmt] = [z.length < input.length / 4, new TextDecoder().decode(back) === text];
}
return out;`, want: map[string]any{"gzip": []any{true, true}, "deflate": []any{true, true}, "deflate-raw": []any{true, true}}},
		{name: "decompresses what Go compressed", js: `
return new TextDecoder().decode(concat(await readAll(streamOf(fromHex(GO_GZIP)).pipeThrough(new DecompressionStream("gzip")))));`,
			want: "made by Go's compress/gzip"},
		{name: "a truncated stream fails", js: `
const z = fromHex(GZIP);
return readAll(streamOf(z.slice(0, z.length - 6)).pipeThrough(new DecompressionStream("gzip"))).catch((e) => e.message);`,
			want: "Called close() on a decompression stream with incomplete data"},
		{name: "bytes after the end fail", js: `
const z = fromHex(DEFLATE_RAW);
return readAll(streamOf(z, new Uint8Array([1, 2, 3])).pipeThrough(new DecompressionStream("deflate-raw"))).catch((e) => e.message);`,
			want: "Trailing bytes after end of compressed data"},
		{name: "the format is required", js: `new CompressionStream();`,
			wantErr: "TypeError: The compression format must be either 'deflate', 'deflate-raw' or 'gzip'."},
		{name: "they are TransformStreams", js: `
const c = new CompressionStream("gzip");
return [c instanceof TransformStream, c.readable instanceof ReadableStream, Object.prototype.toString.call(c)];`,
			want: []any{true, true, "[object CompressionStream]"}},
		{name: "the readable side takes a BYOB reader", js: `
const c = new CompressionStream("gzip");
const w = c.writable.getWriter();
w.write(new Uint8Array([1, 2, 3]));
w.close();
const { value } = await c.readable.getReader({ mode: "byob" }).read(new Uint8Array(2));
return [...value];`, want: []any{int64(0x1f), int64(0x8b)}},
	}))
}
