package jsapi

import (
	"strings"
	"testing"
)

// streamCaseHelpers are the helpers of the corpus's streams.js, plus
// forAwait and asyncIterable: goja has no for await or async generators
// (bundles have them lowered to the iterator calls these make), so the
// cases that use them call these instead.
const streamCaseHelpers = `
const readAll = async (rs) => {
  const r = rs.getReader();
  const out = [];
  for (;;) { const { value, done } = await r.read(); if (done) return out; out.push(value); }
};
const concat = (chunks) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.byteLength; }
  return out;
};
const streamOf = (...chunks) => new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(x); c.close(); } });
const GZIP = "1f8b0800000000000003cb48cdc9c957c8402293f3f3d2f28b7213f39253b900900c6a2e1e000000";
const DEFLATE = "789ccb48cdc9c957c8402293f3f3d2f28b7213f39253b900b0300b32";
const DEFLATE_RAW = "cb48cdc9c957c8402293f3f3d2f28b7213f39253b900";
const forAwait = async (iterable, fn) => {
  const it = iterable[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await it.next();
    if (done) return;
    if (fn(value) === false) { await it.return(); return; }
  }
};
const asyncIterable = (values) => {
  let i = 0;
  return {
    [Symbol.asyncIterator]() { return this; },
    next: async () => (i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true }),
  };
};
`

// withHelpers prepends JS helpers to each case's body.
func withHelpers(helpers string, cases []webCase) []webCase {
	out := make([]webCase, len(cases))
	for i, c := range cases {
		c.body = helpers + strings.TrimPrefix(c.body, "\n")
		out[i] = c
	}
	return out
}

// The streams cases of the conformance corpus (streams.js), with workerd's
// answers.
var streamsWebCases = []webCase{
	{
		name: "streams-readable-basic",
		body: `
const rs = streamOf("a", 1, { o: true });
const r = rs.getReader();
return [await r.read(), await r.read(), await r.read(), await r.read(), await r.read(), rs.locked];`,
		want: `{"ok":[{"done":false,"value":"a"},{"done":false,"value":1},{"done":false,"value":{"o":true}},{"done":true},{"done":true},true]}`,
	},
	{
		name: "streams-readable-pull-order",
		body: `
const log = [];
let n = 0;
const rs = new ReadableStream({
  start() { log.push("start"); },
  pull(c) { log.push("pull" + n); c.enqueue(n++); if (n === 3) c.close(); },
}, { highWaterMark: 1 });
await null;
await null;
log.push("before-read");
const r = rs.getReader();
for (;;) { const { value, done } = await r.read(); log.push(done ? "done" : "read" + value); if (done) break; }
return log;`,
		want: `{"ok":["start","pull0","before-read","read0","pull1","pull2","read1","read2","done"]}`,
	},
	{
		name: "streams-readable-cancel",
		body: `
const log = [];
const rs = new ReadableStream({ start(c) { c.enqueue("x"); }, cancel(reason) { log.push(["cancel", reason]); } });
const r = rs.getReader();
const res = await r.cancel("why");
const after = await r.read();
await r.closed;
return [log, res, after];`,
		want: `{"ok":[[["cancel","why"]],{"$undefined":true},{"done":true}]}`,
	},
	{
		name: "streams-readable-error",
		body: `
const rs = new ReadableStream({ start(c) { c.enqueue("first"); c.error(new RangeError("boom")); } });
const r = rs.getReader();
return [await attemptAsync(() => r.read()), await attemptAsync(() => r.closed)];`,
		want: `{"ok":[{"err":{"ctor":"RangeError","message":"boom","name":"RangeError"}},{"err":{"ctor":"RangeError","message":"boom","name":"RangeError"}}]}`,
	},
	{
		name: "streams-readable-start-throws",
		body: `
const rs = new ReadableStream({ start() { throw new TypeError("in start"); } });
return attemptAsync(() => rs.getReader().read());`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"in start","name":"TypeError"}}}`,
	},
	{
		name: "streams-reader-lock-errors",
		body: `
const rs = streamOf("a");
const r = rs.getReader();
const second = attempt(() => rs.getReader());
r.releaseLock();
const afterRelease = await attemptAsync(() => r.read());
const r2 = rs.getReader();
return [second, afterRelease, await r2.read(), rs.locked, await attemptAsync(() => rs.cancel())];`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"This ReadableStream is currently locked to a reader.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"This ReadableStream reader has been released.","name":"TypeError"}},{"done":false,"value":"a"},true,{"err":{"ctor":"TypeError","message":"This ReadableStream is currently locked to a reader.","name":"TypeError"}}]}`,
	},
	{
		name: "streams-tee",
		body: `
const [a, b] = streamOf("x", "y").tee();
const [ra, rb] = await Promise.all([readAll(a), readAll(b)]);
return [ra, rb];`,
		want: `{"ok":[["x","y"],["x","y"]]}`,
	},
	{
		name: "streams-async-iteration",
		body: `
const out = [];
await forAwait(streamOf(1, 2, 3), (c) => { out.push(c); });
const log = [];
const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel(r) { log.push(["cancelled", r]); } });
await forAwait(rs, (c) => { log.push(c); return false; });
const rs2 = new ReadableStream({ start(c) { c.enqueue(1); }, cancel() { log.push("should-not-cancel"); } });
await forAwait(rs2.values({ preventCancel: true }), (c) => { log.push(["kept", c]); return false; });
return [out, log, rs.locked, rs2.locked];`,
		want: `{"ok":[[1,2,3],[1,["cancelled",{"$undefined":true}],["kept",1]],false,false]}`,
	},
	{
		name: "streams-readable-from",
		body: `
if (typeof ReadableStream.from !== "function") return "absent";
const gen = () => asyncIterable(["g1", "g2"]);
return [await readAll(ReadableStream.from(["a", "b"])), await readAll(ReadableStream.from(gen())),
  attempt(() => ReadableStream.from(5))];`,
		want: `{"ok":[["a","b"],["g1","g2"],{"err":{"ctor":"TypeError","message":"Failed to execute 'from' on 'ReadableStream': parameter 1 is not of type 'AsyncGenerator'.","name":"TypeError"}}]}`,
	},
	{
		name: "streams-writable-basic",
		body: `
const log = [];
const ws = new WritableStream({
  start() { log.push("start"); },
  write(chunk) { log.push(["write", chunk]); },
  close() { log.push("close"); },
});
const w = ws.getWriter();
await w.write("a");
await w.write("b");
await w.close();
return [log, ws.locked, await attemptAsync(() => w.write("late"))];`,
		want: `{"ok":[["start",["write","a"],["write","b"],"close"],true,{"err":{"ctor":"TypeError","message":"This WritableStream has been closed.","name":"TypeError"}}]}`,
	},
	{
		name: "streams-writable-backpressure",
		body: `
const resolvers = [];
const ws = new WritableStream({ write() { return new Promise((r) => resolvers.push(r)); } }, { highWaterMark: 2 });
const w = ws.getWriter();
const sizes = [w.desiredSize];
w.write("1"); sizes.push(w.desiredSize);
w.write("2"); sizes.push(w.desiredSize);
w.write("3"); sizes.push(w.desiredSize);
await null;
while (resolvers.length) { resolvers.shift()(); await new Promise((r) => setTimeout(r, 0)); }
sizes.push(w.desiredSize);
return sizes;`,
		want: `{"ok":[2,1,0,-1,2]}`,
	},
	{
		name: "streams-writable-abort",
		body: `
const log = [];
const ws = new WritableStream({ abort(reason) { log.push(["abort", reason]); } });
const w = ws.getWriter();
await w.abort("stop");
return [log, await attemptAsync(() => w.write("x")), await attemptAsync(() => w.closed)];`,
		want: `{"ok":[[["abort","stop"]],{"err":{"thrownValue":"stop"}},{"err":{"thrownValue":"stop"}}]}`,
	},
	{
		name: "streams-writable-sink-error",
		body: `
const ws = new WritableStream({ write() { throw new Error("sink failed"); } });
const w = ws.getWriter();
return [await attemptAsync(() => w.write("x")), await attemptAsync(() => w.write("y")), await attemptAsync(() => w.closed)];`,
		want: `{"ok":[{"err":{"ctor":"Error","message":"sink failed","name":"Error"}},{"err":{"ctor":"Error","message":"sink failed","name":"Error"}},{"err":{"ctor":"Error","message":"sink failed","name":"Error"}}]}`,
	},
	{
		name: "streams-transform-basic",
		body: `
const t = new TransformStream({
  transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); c.enqueue("|"); },
  flush(c) { c.enqueue("END"); },
});
return readAll(streamOf("ab", "cd").pipeThrough(t));`,
		want: `{"ok":["AB","|","CD","|","END"]}`,
	},
	{
		name: "streams-transform-identity-default",
		body: `
return (readAll(streamOf(1, "two", null).pipeThrough(new TransformStream())));`,
		want: `{"ok":[1,"two",null]}`,
	},
	{
		name: "streams-transform-error",
		body: `
const t = new TransformStream({ transform() { throw new SyntaxError("bad chunk"); } });
const out = streamOf("x").pipeThrough(t);
return attemptAsync(() => readAll(out));`,
		want: `{"ok":{"err":{"ctor":"SyntaxError","message":"bad chunk","name":"SyntaxError"}}}`,
	},
	{
		name: "streams-pipeto",
		body: `
const got = [];
const ws = new WritableStream({ write(c) { got.push(c); }, close() { got.push("closed"); } });
await streamOf("p", "q").pipeTo(ws);
const got2 = [];
const ws2 = new WritableStream({ write(c) { got2.push(c); }, close() { got2.push("closed"); } });
await streamOf("r").pipeTo(ws2, { preventClose: true });
return [got, got2, ws2.locked];`,
		want: `{"ok":[["p","q","closed"],["r"],false]}`,
	},
	{
		name: "streams-pipeto-abort-signal",
		body: `
const c = new AbortController();
const rs = new ReadableStream({ pull(ctrl) { ctrl.enqueue("tick"); return new Promise((r) => setTimeout(r, 5)); } });
const seen = [];
const ws = new WritableStream({ write(x) { seen.push(x); if (seen.length === 2) c.abort(new Error("enough")); } });
const res = await attemptAsync(() => rs.pipeTo(ws, { signal: c.signal }));
return [res, seen.length >= 2];`,
		want: `{"ok":[{"err":{"ctor":"Error","message":"enough","name":"Error"}},true]}`,
	},
	{
		name: "streams-pipeto-source-error",
		body: `
const rs = new ReadableStream({ start(c) { c.error(new TypeError("src bad")); } });
const log = [];
const ws = new WritableStream({ abort(r) { log.push(["abort", r.message]); } });
return [await attemptAsync(() => rs.pipeTo(ws)), log];`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"src bad","name":"TypeError"}},[["abort","src bad"]]]}`,
	},
	{
		name: "streams-byte-stream-byob",
		body: `
const rs = new ReadableStream({
  type: "bytes",
  start(c) { c.enqueue(new Uint8Array([1, 2, 3, 4, 5])); c.close(); },
});
const r = rs.getReader({ mode: "byob" });
const a = await r.read(new Uint8Array(3));
const b = await r.read(new Uint8Array(3));
const c = await r.read(new Uint8Array(3));
return [a.value, a.done, b.value, b.done, c.done, c.value?.byteLength ?? null];`,
		want: `{"ok":[{"$view":"Uint8Array","bytes":[1,2,3]},false,{"$view":"Uint8Array","bytes":[4,5]},false,true,0]}`,
	},
	{
		name: "streams-byte-stream-autoallocate",
		body: `
let pulls = 0;
const rs = new ReadableStream({
  type: "bytes",
  autoAllocateChunkSize: 4,
  pull(c) {
    pulls++;
    if (c.byobRequest) { const v = c.byobRequest.view; v[0] = 42; c.byobRequest.respond(1); }
    else c.enqueue(new Uint8Array([7]));
    if (pulls === 2) c.close();
  },
});
const r = rs.getReader();
return [await r.read(), pulls >= 1];`,
		want: `{"ok":[{"done":false,"value":{"$view":"Uint8Array","bytes":[42]}},true]}`,
	},
	{
		name: "streams-byob-on-default-stream-error",
		body: `
return (attempt(() => streamOf("x").getReader({ mode: "byob" })));`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"This ReadableStream does not support BYOB reads.","name":"TypeError"}}}`,
	},
	{
		name: "streams-queuing-strategies",
		body: `
const c = new CountQueuingStrategy({ highWaterMark: 3 });
const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
return [c.highWaterMark, c.size("anything"), b.highWaterMark, b.size(new Uint8Array(5)), attempt(() => new CountQueuingStrategy())];`,
		want: `{"ok":[3,1,16,5,{"err":{"ctor":"TypeError","message":"Failed to construct 'CountQueuingStrategy': constructor parameter 1 is not of type 'QueuingStrategyInit'.","name":"TypeError"}}]}`,
	},
	{
		name: "streams-desired-size",
		body: `
let ctrl;
const rs = new ReadableStream({ start(c) { ctrl = c; } }, { highWaterMark: 3, size: () => 1 });
const sizes = [ctrl.desiredSize];
ctrl.enqueue("a"); sizes.push(ctrl.desiredSize);
ctrl.enqueue("b"); ctrl.enqueue("c"); ctrl.enqueue("d"); sizes.push(ctrl.desiredSize);
ctrl.close();
sizes.push(ctrl.desiredSize);
await readAll(rs);
sizes.push(ctrl.desiredSize, attempt(() => ctrl.enqueue("late")));
return sizes;`,
		want: `{"ok":[3,2,-1,0,0,{"err":{"ctor":"TypeError","message":"Unable to enqueue","name":"TypeError"}}]}`,
	},
	{
		name: "streams-compression-gzip-roundtrip",
		body: `
const input = utf8("round trip ".repeat(50));
const compressed = concat(await readAll(streamOf(input).pipeThrough(new CompressionStream("gzip"))));
const back = concat(await readAll(streamOf(compressed).pipeThrough(new DecompressionStream("gzip"))));
return [[...compressed.slice(0, 3)], compressed.byteLength < input.byteLength, new TextDecoder().decode(back) === "round trip ".repeat(50)];`,
		want: `{"ok":[[31,139,8],true,true]}`,
	},
	{
		name: "streams-decompress-fixed",
		body: `
const out = {};
for (const [fmt, h] of [["gzip", GZIP], ["deflate", DEFLATE], ["deflate-raw", DEFLATE_RAW]]) {
  const chunks = await readAll(streamOf(fromHex(h)).pipeThrough(new DecompressionStream(fmt)));
  out[fmt] = new TextDecoder().decode(concat(chunks));
}
return out;`,
		want: `{"ok":{"deflate":"hello hello hello conformance\n","deflate-raw":"hello hello hello conformance\n","gzip":"hello hello hello conformance\n"}}`,
	},
	{
		name: "streams-compression-formats",
		body: `
const out = {};
for (const fmt of ["deflate", "deflate-raw", "gzip", "brotli", "zstd", "nope"]) {
  out[fmt] = await attemptAsync(async () => {
    const c = concat(await readAll(streamOf(utf8("abcabcabc")).pipeThrough(new CompressionStream(fmt))));
    const d = concat(await readAll(streamOf(c).pipeThrough(new DecompressionStream(fmt))));
    return new TextDecoder().decode(d);
  });
}
return out;`,
		want: `{"ok":{"brotli":{"err":{"ctor":"TypeError","message":"The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.","name":"TypeError"}},"deflate":{"ok":"abcabcabc"},"deflate-raw":{"ok":"abcabcabc"},"gzip":{"ok":"abcabcabc"},"nope":{"err":{"ctor":"TypeError","message":"The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.","name":"TypeError"}},"zstd":{"err":{"ctor":"TypeError","message":"The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.","name":"TypeError"}}}}`,
	},
	{
		name: "streams-decompress-invalid",
		body: `
return (attemptAsync(async () =>
    readAll(streamOf(utf8("definitely not gzip")).pipeThrough(new DecompressionStream("gzip")))));`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"Decompression failed.","name":"TypeError"}}}`,
	},
	{
		name: "streams-compression-non-bytes",
		body: `
return (attemptAsync(async () =>
    readAll(streamOf("a string").pipeThrough(new CompressionStream("gzip")))));`,
		want: `{"ok":{"err":{"ctor":"TypeError","message":"This WritableStream only supports writing byte types.","name":"TypeError"}}}`,
	},
	{
		name: "streams-identity-transform",
		body: `
if (typeof IdentityTransformStream !== "function") return "absent";
const t = new IdentityTransformStream();
const w = t.writable.getWriter();
w.write(utf8("id")); w.write(new Uint8Array([33])); w.close();
const bytes = concat(await readAll(t.readable));
const t2 = new IdentityTransformStream();
const w2 = t2.writable.getWriter();
const strWrite = await attemptAsync(() => w2.write("string chunk"));
return [new TextDecoder().decode(bytes), strWrite];`,
		want: `{"ok":["id!",{"err":{"ctor":"TypeError","message":"This TransformStream is being used as a byte stream, but received a string on its writable side. If you wish to write a string, you'll probably want to explicitly UTF-8-encode it with TextEncoder.","name":"TypeError"}}]}`,
	},
	{
		name: "streams-fixed-length",
		body: `
if (typeof FixedLengthStream !== "function") return "absent";
const ok = new FixedLengthStream(3);
const w = ok.writable.getWriter();
w.write(utf8("abc")); w.close();
const got = new TextDecoder().decode(concat(await readAll(ok.readable)));
const short = new FixedLengthStream(5);
const ws = short.writable.getWriter();
const shortRead = readAll(short.readable).then(() => "read-ok", (e) => err(e));
await ws.write(utf8("ab")).catch(() => {});
const shortClose = await attemptAsync(() => ws.close());
const long = new FixedLengthStream(1);
const wl = long.writable.getWriter();
const longRead = readAll(long.readable).then(() => "read-ok", (e) => err(e));
const longWrite = await attemptAsync(() => wl.write(utf8("toolong")));
const resp = new Response(new FixedLengthStream(10).readable);
return [got, shortClose, await shortRead, longWrite, await longRead, attempt(() => new FixedLengthStream(-1)),
  resp.headers.get("content-length")];`,
		want: `{"ok":["abc",{"ok":{"$undefined":true}},{"ctor":"TypeError","message":"FixedLengthStream did not see all expected bytes before close().","name":"TypeError"},{"ok":{"$undefined":true}},{"ctor":"TypeError","message":"Attempt to write too many bytes through a FixedLengthStream.","name":"TypeError"},{"err":{"ctor":"TypeError","message":"The value cannot be converted because it is negative and this API expects a positive bigint.","name":"TypeError"}},null]}`,
	},
	{
		name: "streams-response-body-chunks",
		body: `
const chunks = await readAll(new Response("body text").body);
return [chunks.every((c) => c instanceof Uint8Array), new TextDecoder().decode(concat(chunks))];`,
		want: `{"ok":[true,"body text"]}`,
	},
	{
		name: "streams-surface",
		body: `
return (({
    readable: Object.getOwnPropertyNames(ReadableStream.prototype).sort(),
    writable: Object.getOwnPropertyNames(WritableStream.prototype).sort(),
    transform: Object.getOwnPropertyNames(TransformStream.prototype).sort(),
    statics: Object.getOwnPropertyNames(ReadableStream).sort(),
  }));`,
		want: `{"ok":{"readable":["cancel","constructor","getReader","locked","pipeThrough","pipeTo","tee","values"],"statics":["from","length","name","prototype"],"transform":["constructor","readable","writable"],"writable":["abort","close","constructor","getWriter","locked"]}}`,
	},
}

// The stream cases of encoding.js and abort.js.
var textStreamWebCases = []webCase{
	{
		name: "textencoderstream-roundtrip",
		body: `
const chunks = [];
const rs = new ReadableStream({ start(c) { c.enqueue("h\uD83D"); c.enqueue("\uDE00é"); c.close(); } });
const reader = rs.pipeThrough(new TextEncoderStream()).getReader();
for (;;) { const { value, done } = await reader.read(); if (done) break; chunks.push([...value]); }
return chunks;`,
		want: `{"ok":[[104],[240,159,152,128,195,169]]}`,
	},
	{
		name: "textdecoderstream-split-sequences",
		body: `
const src = new TextEncoder().encode("a€b😀");
const rs = new ReadableStream({ start(c) { for (const b of src) c.enqueue(new Uint8Array([b])); c.close(); } });
const out = [];
await forAwait(rs.pipeThrough(new TextDecoderStream()), (s) => { out.push(s); });
return out.join("");`,
		want: `{"ok":"a€b😀"}`,
	},
	{
		name: "textdecoderstream-props",
		body: `
const t = new TextDecoderStream("utf-16le", { fatal: true });
return [t.encoding, t.fatal, t.ignoreBOM, t.readable instanceof ReadableStream, new TextEncoderStream().encoding];`,
		want: `{"ok":["utf-16le",true,false,true,"utf-8"]}`,
	},
}

var abortStreamWebCases = []webCase{
	{
		name: "abort-readable-stream-pipe-abort-reason",
		body: `
const c = new AbortController();
c.abort("pre-aborted");
const rs = new ReadableStream({ start(ctrl) { ctrl.enqueue("x"); } });
const res = await attemptAsync(() => rs.pipeTo(new WritableStream(), { signal: c.signal }));
await tick();
return res;`,
		want: `{"ok":{"err":{"thrownValue":"pre-aborted"}}}`,
	},
}

func TestStreamsConformance(t *testing.T) {
	runWebCases(t, withHelpers(streamCaseHelpers, streamsWebCases))
	runWebCases(t, withHelpers(streamCaseHelpers, textStreamWebCases))
	runWebCases(t, abortStreamWebCases)
}

func TestReadableStreams(t *testing.T) {
	runSnippets(t, []snippet{
		// As in workerd: no pull when a read takes a queued chunk, one when a
		// read finds the queue empty, one after an enqueue leaves room.
		{name: "a read served from the queue does not pull", js: `
const log = [];
let c;
const rs = new ReadableStream({ start(ctl) { c = ctl; ctl.enqueue("a"); }, pull() { log.push("pull"); } }, { highWaterMark: 1 });
await null; await null;
const r = rs.getReader();
log.push((await r.read()).value);
const pending = r.read();
await null;
c.enqueue("b");
log.push((await pending).value);
return log;`, want: []any{"a", "pull", "pull", "b"}},
		{name: "a pull that enqueues nothing is not repeated", js: `
let pulls = 0;
const rs = new ReadableStream({ pull() { pulls++; } });
await new Promise((r) => setTimeout(r, 5));
return pulls;`, want: int64(1)},
		{name: "size function errors the stream", js: `
const rs = new ReadableStream({ start(c) { c.enqueue("x"); } }, { size() { throw new RangeError("bad size"); } });
return rs.getReader().read().catch((e) => e.message);`, want: "bad size"},
		{name: "releaseLock rejects pending reads", js: `
const rs = new ReadableStream();
const r = rs.getReader();
const p = r.read().catch((e) => e.message);
r.releaseLock();
return [await p, rs.locked, await r.closed.catch((e) => e.message)];`,
			want: []any{"This ReadableStream reader has been released.", false, "This ReadableStream reader has been released."}},
		{name: "cancel reaches the source once, with the reason", js: `
const log = [];
const rs = new ReadableStream({ cancel(r) { log.push(r); return "ignored"; } });
return [await rs.cancel("why"), await rs.cancel("again"), log];`, want: []any{nil, nil, []any{"why"}}},
		{name: "getReader mode must be byob", js: `new ReadableStream().getReader({ mode: "other" });`,
			wantErr: "TypeError: mode must be undefined or 'byob' in call to getReader()."},
		{name: "only bytes is a stream type", js: `new ReadableStream({ type: "other" });`,
			wantErr: `TypeError: "other" is not a valid type of ReadableStream.`},
		{name: "controllers are not constructible", js: `new ReadableStreamDefaultController();`, wantErr: "TypeError: Illegal constructor"},
		{name: "methods are brand-checked", js: `ReadableStream.prototype.tee.call({});`, wantErr: "TypeError: Illegal invocation"},
		{name: "toStringTag", js: `
return [new ReadableStream(), new WritableStream(), new TransformStream(), new ReadableStream().getReader(),
  new CountQueuingStrategy({ highWaterMark: 1 })].map((o) => Object.prototype.toString.call(o));`,
			want: []any{"[object ReadableStream]", "[object WritableStream]", "[object TransformStream]",
				"[object ReadableStreamDefaultReader]", "[object CountQueuingStrategy]"}},
		{name: "tee: each branch gets every chunk, cancel needs both", js: `
const log = [];
const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel(r) { log.push(r); } });
const [a, b] = rs.tee();
const ra = a.getReader(), rb = b.getReader();
const got = [(await ra.read()).value, (await rb.read()).value, (await ra.read()).value];
const canceledA = ra.cancel("a");
log.push("after a");
await rb.cancel("b");
await canceledA;
return [got, log];`, want: []any{[]any{int64(1), int64(1), int64(2)}, []any{"after a", []any{"a", "b"}}}},
		{name: "from a sync iterable awaits its promises and return() cancels", js: `
const log = [];
const it = { i: 0, [Symbol.iterator]() { return this; },
  next() { return this.i < 3 ? { value: Promise.resolve(this.i++), done: false } : { done: true }; },
  return(v) { log.push(["return", v]); return { done: true }; } };
const r = ReadableStream.from(it).getReader();
const first = (await r.read()).value;
await r.cancel("stop");
return [first, log];`, want: []any{int64(0), []any{[]any{"return", "stop"}}}},
		{name: "async iterator next after return is done", js: `
const it = new ReadableStream({ start(c) { c.enqueue(1); } }).values();
await it.return("r");
return [await it.next()];`, want: []any{map[string]any{"value": nil, "done": true}}},
	})
}

func TestByteStreams(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "BYOB min waits for enough bytes", js: `
let c;
const rs = new ReadableStream({ type: "bytes", start(ctl) { c = ctl; } });
const r = rs.getReader({ mode: "byob" });
const p = r.read(new Uint8Array(4), { min: 3 });
c.enqueue(new Uint8Array([1]));
c.enqueue(new Uint8Array([2, 3]));
const { value } = await p;
return [...value];`, want: []any{int64(1), int64(2), int64(3)}},
		{name: "readAtLeast", js: `
const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array([3])); c.close(); } });
const { value } = await rs.getReader({ mode: "byob" }).readAtLeast(3, new Uint8Array(8));
return [...value];`, want: []any{int64(1), int64(2), int64(3)}},
		{name: "BYOB read of a zero-length view", js: `
return new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" }).read(new Uint8Array(0)).catch((e) => e.message);`,
			want: `You must call read() on a "byob" reader with a positive-sized TypedArray object.`},
		{name: "respondWithNewView", js: `
const rs = new ReadableStream({ type: "bytes", pull(c) {
  const v = c.byobRequest.view;
  const nv = new Uint8Array(v.buffer, v.byteOffset, 2);
  nv.set([9, 8]);
  c.byobRequest.respondWithNewView(nv);
} });
const { value } = await rs.getReader({ mode: "byob" }).read(new Uint8Array(5));
return [...value];`, want: []any{int64(9), int64(8)}},
		{name: "a byte stream tees into byte streams with their own copies", js: `
const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
const [a, b] = rs.tee();
const ra = a.getReader({ mode: "byob" });
const { value: va } = await ra.read(new Uint8Array(3));
const { value: vb } = await b.getReader().read();
va[0] = 7;
return [[...va], [...vb]];`, want: []any{[]any{int64(7), int64(2), int64(3)}, []any{int64(1), int64(2), int64(3)}}},
		{name: "enqueue of a zero-length chunk", js: `
const rs = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array(0)); } });
return rs.getReader().read().catch((e) => e.message);`, want: "Cannot enqueue a zero-length ArrayBuffer."},
		{name: "closing with a partial BYOB read pending", js: `
let c;
const rs = new ReadableStream({ type: "bytes", start(ctl) { c = ctl; } });
const p = rs.getReader({ mode: "byob" }).read(new Uint16Array(2)).catch((e) => e.message);
c.enqueue(new Uint8Array([1]));
try { c.close(); } catch (e) { return [e.message, await p]; }`,
			want: []any{"This ReadableStream was closed with a partial read pending.", "This ReadableStream was closed with a partial read pending."}},
	})
}

func TestWritableAndTransformStreams(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "writer.ready follows backpressure", js: `
let release;
const ws = new WritableStream({ write() { return new Promise((r) => { release = r; }); } }, { highWaterMark: 1 });
const w = ws.getWriter();
await w.ready;
w.write("a");
const log = [w.desiredSize];
let ready = false;
w.ready.then(() => { ready = true; });
await null;
log.push(ready);
release();
await new Promise((r) => setTimeout(r, 0));
log.push(ready, w.desiredSize);
return log;`, want: []any{int64(0), false, true, int64(1)}},
		{name: "close while closing", js: `
const w = new WritableStream({ close() { return new Promise(() => {}); } }).getWriter();
w.close();
return w.close().catch((e) => e.message);`, want: "Cannot close a writer that is already being closed"},
		{name: "released writer", js: `
const w = new WritableStream().getWriter();
w.releaseLock();
return [await w.write("x").catch((e) => e.message), await w.closed.catch((e) => e.message)];`,
			want: []any{"This WritableStream writer has been released.", "This WritableStream writer has been released."}},
		{name: "locked stream methods", js: `
const ws = new WritableStream();
ws.getWriter();
return [await ws.abort().catch((e) => e.message), await ws.close().catch((e) => e.message)];`,
			want: []any{"This WritableStream is currently locked to a writer.", "This WritableStream is currently locked to a writer."}},
		{name: "controller.signal aborts with the reason", js: `
let signal;
const ws = new WritableStream({ start(c) { signal = c.signal; } });
await ws.abort("why");
return [signal.aborted, signal.reason];`, want: []any{true, "why"}},
		{name: "transform terminate closes the readable and errors the writable", js: `
const t = new TransformStream({ transform(chunk, c) { c.enqueue(chunk); c.terminate(); } });
const w = t.writable.getWriter();
w.write("x");
const r = t.readable.getReader();
const got = [(await r.read()).value, (await r.read()).done];
return [got, await w.closed.catch((e) => e.message)];`, want: []any{[]any{"x", true}, "The transform stream has been terminated."}},
		{name: "transformer cancel runs when the readable is canceled", js: `
const log = [];
const t = new TransformStream({ cancel(r) { log.push(r); } });
await t.readable.cancel("gone");
return [log, await t.writable.getWriter().closed.catch((e) => e)];`, want: []any{[]any{"gone"}, "gone"}},
		{name: "pipeTo with preventAbort leaves the destination writable", js: `
const rs = new ReadableStream({ start(c) { c.error(new Error("src")); } });
const log = [];
const ws = new WritableStream({ abort() { log.push("abort"); } });
const e = await rs.pipeTo(ws, { preventAbort: true }).catch((e) => e.message);
return [e, log, ws.locked];`, want: []any{"src", []any{}, false}},
		{name: "pipeTo into a closed destination cancels the source", js: `
const ws = new WritableStream();
await ws.close();
const log = [];
const rs = new ReadableStream({ cancel(r) { log.push(r.message); } });
return [await rs.pipeTo(ws).catch((e) => e.message), log];`,
			want: []any{"This destination writable stream is closed.", []any{"This destination writable stream is closed."}}},
		{name: "pipeTo refuses a locked destination", js: `
const ws = new WritableStream();
ws.getWriter();
return new ReadableStream().pipeTo(ws).catch((e) => e.message);`, want: "This WritableStream is currently locked to a writer"},
		{name: "pipeThrough respects backpressure", js: `
let pulled = 0;
const rs = new ReadableStream({ pull(c) { pulled++; c.enqueue(pulled); } }, { highWaterMark: 0 });
const out = rs.pipeThrough(new TransformStream());
await new Promise((r) => setTimeout(r, 10));
return pulled < 5;`, want: true},
	})
}

// withSnippetHelpers prepends JS helpers to each snippet.
func withSnippetHelpers(helpers string, cases []snippet) []snippet {
	out := make([]snippet, len(cases))
	for i, c := range cases {
		c.js = helpers + c.js
		out[i] = c
	}
	return out
}
