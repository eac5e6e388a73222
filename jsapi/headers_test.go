package jsapi

import "testing"

// The headers cases of the conformance corpus (headers.js), with workerd's
// answers.
var headersWebCases = []webCase{
	{
		name: "headers-case-insensitive",
		body: `
const h = new Headers({ "Content-Type": "text/plain" });
return [h.get("content-type"), h.get("CONTENT-TYPE"), h.has("Content-type"), h.get("missing")];`,
		want: `{"ok":["text/plain","text/plain",true,null]}`,
	},
	{
		name: "headers-append-combines",
		body: `
const h = new Headers();
h.append("Accept", "text/html");
h.append("accept", "application/json");
h.append("X-Empty", "");
return [h.get("accept"), h.get("x-empty"), [...h]];`,
		want: `{"ok":["text/html, application/json","",[["accept","text/html, application/json"],["x-empty",""]]]}`,
	},
	{
		name: "headers-set-replaces",
		body: `
const h = new Headers([["a", "1"], ["A", "2"]]);
const before = h.get("a");
h.set("a", "3");
return [before, h.get("a"), [...h]];`,
		want: `{"ok":["1, 2","3",[["a","3"]]]}`,
	},
	{
		name: "headers-delete",
		body: `
const h = new Headers({ a: "1", b: "2" });
h.delete("A");
h.delete("not-there");
return [...h];`,
		want: `{"ok":[["b","2"]]}`,
	},
	{
		name: "headers-value-whitespace-trimmed",
		body: `
const h = new Headers();
h.set("x-a", "  padded\t ");
h.append("x-b", "\tinner  space\t");
return [JSON.stringify(h.get("x-a")), JSON.stringify(h.get("x-b"))];`,
		want: `{"ok":["\"padded\"","\"inner  space\""]}`,
	},
	{
		name: "headers-iteration-sorted-lowercase",
		body: `
const h = new Headers();
h.append("Zeta", "z");
h.append("alpha", "a");
h.append("Beta", "b1");
h.append("beta", "b2");
return { entries: [...h.entries()], keys: [...h.keys()], values: [...h.values()] };`,
		want: `{"ok":{"entries":[["alpha","a"],["beta","b1, b2"],["zeta","z"]],"keys":["alpha","beta","zeta"],"values":["a","b1, b2","z"]}}`,
	},
	{
		name: "headers-foreach",
		body: `
const h = new Headers({ B: "2", a: "1" });
const out = [];
h.forEach((v, k, obj) => out.push([k, v, obj === h]));
return out;`,
		want: `{"ok":[["a","1",true],["b","2",true]]}`,
	},
	{
		name: "headers-set-cookie",
		body: `
const h = new Headers();
h.append("Set-Cookie", "a=1; Path=/");
h.append("set-cookie", "b=2, c=3");
h.append("X-Other", "x");
return { get: h.get("set-cookie"), all: h.getSetCookie(), entries: [...h] };`,
		want: `{"ok":{"all":["a=1; Path=/","b=2, c=3"],"entries":[["set-cookie","a=1; Path=/"],["set-cookie","b=2, c=3"],["x-other","x"]],"get":"a=1; Path=/, b=2, c=3"}}`,
	},
	{
		name: "headers-getsetcookie-empty",
		body: `
const h = new Headers({ "content-type": "x" });
return [h.getSetCookie(), Array.isArray(h.getSetCookie())];`,
		want: `{"ok":[[],true]}`,
	},
	{
		name: "headers-getall-workerd",
		body: `
const h = new Headers();
h.append("Set-Cookie", "a=1");
h.append("Set-Cookie", "b=2");
return {
  type: typeof h.getAll,
  setCookie: typeof h.getAll === "function" ? attempt(() => h.getAll("set-cookie")) : null,
  other: typeof h.getAll === "function" ? attempt(() => h.getAll("x-other")) : null,
};`,
		want: `{"ok":{"other":{"err":{"ctor":"TypeError","message":"getAll() can only be used with the header name \"Set-Cookie\".","name":"TypeError"}},"setCookie":{"ok":["a=1","b=2"]},"type":"function"}}`,
	},
	{
		name: "headers-invalid-name",
		body: `
return ([
    attempt(() => new Headers({ "bad name": "x" })),
    attempt(() => new Headers().append("", "x")),
    attempt(() => new Headers().set("x(y)", "x")),
    attempt(() => new Headers().get("a b")),
    attempt(() => new Headers().has("é")),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid header name.","name":"TypeError"}},{"ok":{"$undefined":true}},{"err":{"ctor":"TypeError","message":"Invalid header name.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid header name.","name":"TypeError"}},{"ok":false}]}`,
	},
	{
		name: "headers-invalid-value",
		body: `
return ([
    attempt(() => new Headers({ a: "x\ny" })),
    attempt(() => new Headers({ a: "x\ry" })),
    attempt(() => new Headers({ a: "x\0y" })),
    attempt(() => new Headers({ a: "é" }).get("a")),
    attempt(() => [...new Headers({ a: "\u0100" })]),
  ]);`,
		want: `{"ok":[{"err":{"ctor":"TypeError","message":"Invalid header value.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid header value.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Invalid header value.","name":"TypeError"}},{"ok":"é"},{"ok":[["a","Ā"]]}]}`,
	},
	{
		name: "headers-init-forms",
		body: `
const fromArr = new Headers([["x", "1"], ["y", "2"]]);
const fromHeaders = new Headers(fromArr);
const fromMap = new Headers(new Map([["m", "v"]]));
return [
  [...fromArr], [...fromHeaders], [...fromMap],
  attempt(() => [...new Headers([["only-one"]])]),
  attempt(() => [...new Headers([["a", "b", "c"]])]),
  attempt(() => [...new Headers("nope")]),
  attempt(() => [...new Headers(null)]),
  [...new Headers(undefined)],
];`,
		want: `{"ok":[[["x","1"],["y","2"]],[["x","1"],["y","2"]],[["m","v"]],{"err":{"ctor":"TypeError","message":"To initialize a Headers object from a sequence, each inner sequence must have exactly two elements.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"To initialize a Headers object from a sequence, each inner sequence must have exactly two elements.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to construct 'Headers': constructor parameter 1 is not of type 'Headers or Sequence or object'.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Failed to construct 'Headers': constructor parameter 1 is not of type 'Headers or Sequence or object'.","name":"TypeError"}},[]]}`,
	},
	{
		name: "headers-value-coercion",
		body: `
const h = new Headers();
h.set("n", 42);
h.set("o", { toString: () => "obj" });
h.set("u", undefined);
h.set("nl", null);
return [...h];`,
		want: `{"ok":[["n","42"],["nl","null"],["o","obj"],["u","undefined"]]}`,
	},
	{
		name: "headers-response-redirect-immutable",
		body: `
const r = Response.redirect("https://example.com/next", 302);
return [r.headers.get("location"), attempt(() => r.headers.set("x", "1")), attempt(() => r.headers.delete("location"))];`,
		want: `{"ok":["https://example.com/next",{"err":{"ctor":"TypeError","message":"Can't modify immutable headers.","name":"TypeError"}},{"err":{"ctor":"TypeError","message":"Can't modify immutable headers.","name":"TypeError"}}]}`,
	},
	{
		name: "headers-response-error-immutable",
		body: `
const r = Response.error();
return [r.type, r.status, attempt(() => r.headers.set("x", "1"))];`,
		want: `{"ok":["error",0,{"ok":{"$undefined":true}}]}`,
	},
	{
		name: "headers-request-mutable",
		body: `
const req = new Request("https://example.com/", { headers: { a: "1" } });
req.headers.set("b", "2");
return [...req.headers];`,
		want: `{"ok":[["a","1"],["b","2"]]}`,
	},
	{
		name: "headers-mutation-during-iteration",
		body: `
const h = new Headers({ a: "1", b: "2", c: "3" });
const seen = [];
for (const [k] of h) {
  seen.push(k);
  if (k === "a") { h.delete("b"); h.set("d", "4"); }
}
return seen;`,
		want: `{"ok":["a","b","c"]}`,
	},
	{
		name: "headers-tostring-tag",
		body: `
const h = new Headers();
return [Object.prototype.toString.call(h), typeof h[Symbol.iterator], h[Symbol.iterator] === h.entries];`,
		want: `{"ok":["[object Headers]","function",false]}`,
	},
}

func TestHeadersConformance(t *testing.T) { runWebCases(t, headersWebCases) }
