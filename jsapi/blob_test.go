package jsapi

import "testing"

// The Blob and File cases of the conformance corpus (blob-formdata.js),
// with workerd's answers.
var blobWebCases = []webCase{
	{
		name: "blob-basic",
		body: `
const b = new Blob(["ab", utf8("cd"), new Uint8Array([101]).buffer, new Blob(["f"])], { type: "Text/Plain" });
return [b.size, b.type, await b.text(), Object.prototype.toString.call(b), new Blob().size, new Blob().type];`,
		want: `{"ok":[6,"text/plain","abcdef","[object Blob]",0,""]}`,
	},
	{
		name: "blob-type-normalisation",
		body: `
return (["TEXT/HTML", "text/html; charset=UTF-8", "bad\u00e9type", "a\u0001b", ""].map((t) => new Blob([], { type: t }).type));`,
		want: `{"ok":["text/html","text/html; charset=utf-8","","",""]}`,
	},
	{
		name: "blob-slice",
		body: `
const b = new Blob(["0123456789"], { type: "x/y" });
const s = async (...a) => { const p = b.slice(...a); return [await p.text(), p.type]; };
return [await s(2, 5), await s(-3), await s(5, 2), await s(0, 100), await s(1, 3, "New/Type"), await s()];`,
		want: `{"ok":[["234",""],["789",""],["",""],["0123456789",""],["12","new/type"],["0123456789",""]]}`,
	},
	{
		name: "blob-arraybuffer-bytes-stream",
		body: `
const b = new Blob(["héllo"]);
const chunks = [];
await forAwait(b.stream(), (c) => { chunks.push(c instanceof Uint8Array); });
return [await b.arrayBuffer(), typeof b.bytes === "function" ? await b.bytes() : "absent", chunks];`,
		want: `{"ok":[{"$arrayBuffer":[104,195,169,108,108,111]},{"$view":"Uint8Array","bytes":[104,195,169,108,108,111]},[true]]}`,
	},
	{
		name: "blob-endings-and-coercion",
		body: `
return ([await new Blob([1, null, true, { toString: () => "o" }]).text(),
    attempt(() => new Blob("not a sequence")), attempt(() => new Blob(["a\nb"], { endings: "native" }).size),
    attempt(() => new Blob(["a\nb"], { endings: "transparent" }).size)]);`,
		want: `{"ok":["1nulltrueo",{"err":{"ctor":"TypeError","message":"Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'.","name":"TypeError"}},{"err":{"ctor":"Error","message":"The 'endings' field on 'Options' is not implemented.","name":"Error"}},{"err":{"ctor":"Error","message":"The 'endings' field on 'Options' is not implemented.","name":"Error"}}]}`,
	},
	{
		name: "file-basic",
		body: `
const f = new File(["content"], "name.txt", { type: "text/plain", lastModified: 1234 });
return [f.name, f.size, f.type, f.lastModified, f instanceof Blob, Object.prototype.toString.call(f), await f.text(),
  typeof new File([], "x").lastModified, attempt(() => new File(["x"]))];`,
		want: `{"ok":["name.txt",7,"text/plain",1234,true,"[object File]","content","number",{"err":{"ctor":"TypeError","message":"Failed to construct 'File': constructor parameter 2 is not of type 'string'.","name":"TypeError"}}]}`,
	},
}

func TestBlobConformance(t *testing.T) { runWebCases(t, withHelpers(streamCaseHelpers, blobWebCases)) }

func TestBlob(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "a slice of a slice", js: `
const b = new Blob(["0123456789"]).slice(2, 8).slice(1, -1, "A/B");
return [await b.text(), b.type, b.size];`, want: []any{"3456", "a/b", int64(4)}},
		{name: "a File made from a File", js: `
const f = new File([new File(["x"], "a.txt")], "b.txt", { lastModified: NaN });
return [f.name, await f.text(), f.lastModified];`, want: []any{"b.txt", "x", int64(0)}},
		{name: "a Blob body has the Blob's type", js: `
const r = new Response(new Blob(["<b>"], { type: "text/html" }));
return [r.headers.get("content-type"), await r.text()];`, want: []any{"text/html", "<b>"}},
		{name: "blob() of a body", js: `
const b = await new Response(new Uint8Array([1, 2]), { headers: { "content-type": "x/y" } }).blob();
return [b.size, b.type, b instanceof Blob];`, want: []any{int64(2), "x/y", true}},
		{name: "the stream of a Blob takes a BYOB reader", js: `
const { value } = await new Blob(["abc"]).stream().getReader({ mode: "byob" }).read(new Uint8Array(2));
return [...value];`, want: []any{int64(97), int64(98)}},
		{name: "text() keeps a BOM", js: `
return (await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61])]).text()).length;`, want: int64(2)},
		{name: "lone surrogates become U+FFFD", js: `
return [...new Uint8Array(await new Blob(["\uD800"]).arrayBuffer())];`, want: []any{int64(0xef), int64(0xbf), int64(0xbd)}},
		{name: "size and type are brand-checked", js: `Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({});`,
			wantErr: "TypeError: Illegal invocation"},
	})
}
