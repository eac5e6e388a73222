package jsapi

import "testing"

// The structuredClone cases of the conformance corpus about API objects,
// and more of them with the answers wrangler 4.86 (workerd) gave
// (recorded with a probe Worker returning the same expressions).
var structuredCloneHostWebCases = []webCase{
	{
		name: "structuredclone-uncloneable-and-host",
		body: `
return [
    attempt(() => structuredClone(() => 1)),
    attempt(() => structuredClone(Symbol("x"))),
    attempt(() => structuredClone({ nested: [new WeakSet()] })),
    attempt(() => structuredClone(new WeakMap())),
    attempt(() => structuredClone(Promise.resolve())),
    attempt(() => { const r = structuredClone(new Request("https://example.com/p", { method: "PUT", headers: { a: "1" } }));
      return [Object.prototype.toString.call(r), r.url, r.method, [...r.headers]]; }),
    attempt(() => { const h = structuredClone(new Headers({ a: "1" })); return [Object.prototype.toString.call(h), [...h]]; }),
    attempt(() => Object.prototype.toString.call(structuredClone(new URL("https://example.com/")))),
  ];`,
		want: `{"ok":[{"err":{"code":25,"ctor":"DOMException","message":"() => 1 could not be cloned.","name":"DataCloneError"}},{"err":{"code":25,"ctor":"DOMException","message":"Symbol(x) could not be cloned.","name":"DataCloneError"}},{"err":{"code":25,"ctor":"DOMException","message":"#<WeakSet> could not be cloned.","name":"DataCloneError"}},{"err":{"code":25,"ctor":"DOMException","message":"#<WeakMap> could not be cloned.","name":"DataCloneError"}},{"err":{"code":25,"ctor":"DOMException","message":"#<Promise> could not be cloned.","name":"DataCloneError"}},{"ok":["[object Request]","https://example.com/p","PUT",[["a","1"]]]},{"ok":["[object Headers]",[["a","1"]]]},{"err":{"code":25,"ctor":"DOMException","message":"Could not serialize object of type \"URL\". This type does not support serialization.","name":"DataCloneError"}}]}`,
	},
	{
		name: "structuredclone-blob-file",
		body: `
const r = [];
for (const v of [new Blob(["ab"], { type: "text/x" }), new File(["xyz"], "n.txt", { type: "a/b", lastModified: 5 })]) {
  r.push(await (async () => { try { const c = structuredClone(v); return { ok: [c.constructor.name, c.size, c.type, await c.text(), c.name ?? null] }; }
    catch (e) { return { err: err(e) }; } })());
}
return r;`,
		want: `{"ok":[{"err":{"code":25,"ctor":"DOMException","message":"Could not serialize object of type \"Blob\". This type does not support serialization.","name":"DataCloneError"}},{"err":{"code":25,"ctor":"DOMException","message":"Could not serialize object of type \"File\". This type does not support serialization.","name":"DataCloneError"}}]}`,
	},
	{
		name: "sc_req_body",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Request("https://x/", { method: "POST", body: "hi" })); return r.method; }))();`,
		want: `{"ok":{"err":["DataCloneError","ReadableStream can only be serialized for RPC.","DOMException"]}}`,
	},
	{
		name: "sc_req_signal",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Request("https://x/", { signal: new AbortController().signal })); return [r.url, r.signal?.aborted]; }))();`,
		want: `{"ok":{"err":["DataCloneError","AbortSignal serialization is not enabled.","DOMException"]}}`,
	},
	{
		name: "sc_req_cf",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Request("https://x/", { cf: { a: 1 }, redirect: "manual", cache: "no-store" })); return [r.cf, r.redirect, r.cache, r.method]; }))();`,
		want: `{"ok":{"ok":[{"a":1},"manual","no-store","GET"]}}`,
	},
	{
		name: "sc_req_default",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Request("https://x/")); return [r.url, r.redirect, r.method, r.cf ?? null, r.signal.aborted, typeof r.signal]; }))();`,
		want: `{"ok":{"ok":["https://x/","follow","GET",null,false,"object"]}}`,
	},
	{
		name: "sc_req_signal_read",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const q = new Request("https://x/"); q.signal; const r = structuredClone(q); return [r.url]; }))();`,
		want: `{"ok":{"ok":["https://x/"]}}`,
	},
	{
		name: "sc_res",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Response(null, { status: 201, statusText: "X", headers: { a: "b" } })); return [Object.prototype.toString.call(r), r.status, r.statusText, [...r.headers], r.body]; }))();`,
		want: `{"ok":{"ok":["[object Response]",201,"X",[["a","b"]],null]}}`,
	},
	{
		name: "sc_res_body",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(new Response("body")); return r.status; }))();`,
		want: `{"ok":{"err":["DataCloneError","ReadableStream can only be serialized for RPC.","DOMException"]}}`,
	},
	{
		name: "sc_res_error",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = structuredClone(Response.error()); return [r.status, r.type]; }))();`,
		want: `{"ok":{"ok":[0,"error"]}}`,
	},
	{
		name: "sc_signal",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => Object.prototype.toString.call(structuredClone(new AbortController().signal))))();`,
		want: `{"ok":{"err":["DataCloneError","AbortSignal serialization is not enabled.","DOMException"]}}`,
	},
	{
		name: "sc_stream",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new ReadableStream())))();`,
		want: `{"ok":{"err":["DataCloneError","ReadableStream can only be serialized for RPC.","DOMException"]}}`,
	},
	{
		name: "sc_formdata",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new FormData())))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"FormData\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "sc_textenc",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new TextEncoder())))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"TextEncoder\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "sc_event",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new Event("x"))))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"Event\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "sc_urlsp",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new URLSearchParams("a=1"))))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"URLSearchParams\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "sc_domex",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const e = structuredClone(new DOMException("m", "NotFoundError")); return [Object.prototype.toString.call(e), e.name, e.message, e.constructor.name]; }))();`,
		want: `{"ok":{"ok":["[object DOMException]","NotFoundError","m","DOMException"]}}`,
	},
	{
		name: "sc_class",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { class A { constructor() { this.x = 1; } } const c = structuredClone(new A()); return [c.constructor.name, c.x]; }))();`,
		want: `{"ok":{"ok":["Object",1]}}`,
	},
	{
		name: "sc_headers_immut",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const h = structuredClone(new Response(null).headers); h.set("a", "1"); return [...h]; }))();`,
		want: `{"ok":{"ok":[["a","1"]]}}`,
	},
	{
		name: "sc_headers_guard",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const h = structuredClone(Response.redirect("https://x/").headers); h.set("a", "1"); return [...h]; }))();`,
		want: `{"ok":{"err":["TypeError","Can't modify immutable headers.","TypeError"]}}`,
	},
	{
		name: "sc_nested",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const h = new Headers({ a: "1" }); const c = structuredClone({ h, h2: h, r: new Request("https://y/", { headers: h }) }); return [c.h === c.h2, [...c.h], [...c.r.headers]]; }))();`,
		want: `{"ok":{"ok":[true,[["a","1"]],[["a","1"]]]}}`,
	},
	{
		name: "sc_req_headers_setcookie",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const h = new Headers(); h.append("set-cookie", "a=1"); h.append("set-cookie", "b=2"); h.append("x", "1"); h.append("x", "2"); return [...structuredClone(h)]; }))();`,
		want: `{"ok":{"ok":[["set-cookie","a=1"],["set-cookie","b=2"],["x","1, 2"]]}}`,
	},
	{
		name: "sc_crypto_key",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (async () => { const k = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]); return a(() => structuredClone(k)); })();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"CryptoKey\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "sc_req_used",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const r = new Request("https://x/", { method: "POST", body: "hi" }); r.text(); return structuredClone(r).method; }))();`,
		want: `{"ok":{"err":["DataCloneError","ReadableStream can only be serialized for RPC.","DOMException"]}}`,
	},
	{
		name: "sc_port",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (async () => { const { port1, port2 } = new MessageChannel(); const got = new Promise((r) => { port2.onmessage = (e) => r(e.data); }); port1.postMessage({ h: new Headers({ z: "9" }) }); const d = await got; return [Object.prototype.toString.call(d.h), [...d.h]]; })();`,
		want: `{"ok":["[object Headers]",[["z","9"]]]}`,
	},
	{
		name: "sc_port_err",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => new MessageChannel().port1.postMessage(new Blob([]))))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"Blob\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "ws",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new WritableStream()))();`,
		want: `{"ok":{"err":["DataCloneError","WritableStream can only be serialized for RPC.","DOMException"]}}`,
	},
	{
		name: "ts",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new TransformStream()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"TransformStream\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "its",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new IdentityTransformStream()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"IdentityTransformStream\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "reader",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new ReadableStream().getReader()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"ReadableStreamDefaultReader\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "ds",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new crypto.DigestStream("SHA-256")))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"DigestStream\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "cqs",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new CountQueuingStrategy({ highWaterMark: 1 })))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"CountQueuingStrategy\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "weakref",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new WeakRef({})))();`,
		want: `{"ok":{"err":["DataCloneError","#<WeakRef> could not be cloned.","DOMException"]}}`,
	},
	{
		name: "finreg",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new FinalizationRegistry(() => {})))();`,
		want: `{"ok":{"err":["DataCloneError","#<FinalizationRegistry> could not be cloned.","DOMException"]}}`,
	},
	{
		name: "myevent",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => { class MyEvent extends Event {} return t(new MyEvent("x")); })();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"MyEvent\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "myblob",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => { class MyBlob extends Blob {} return t(new MyBlob(["x"])); })();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"MyBlob\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "tes",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new TextEncoderStream()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"TextEncoderStream\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "cs",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new CompressionStream("gzip")))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"CompressionStream\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "port",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new MessageChannel().port1))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"MessagePort\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "mc",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new MessageChannel()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"MessageChannel\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "urlpattern",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new URLPattern({ pathname: "/x" })))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"URLPattern\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "ac",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => t(new AbortController()))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"AbortController\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "res_redirect",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const r = structuredClone(Response.redirect("https://x/y", 301)); r.headers.set("a", "b"); return [r.status, r.statusText, r.type, r.url, r.redirected, [...r.headers]]; }))();`,
		want: `{"ok":{"ok":[301,"Moved Permanently","default","",false,[["a","b"],["location","https://x/y"]]]}}`,
	},
	{
		name: "res_cf",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const cf = { a: { b: 1 } }; const r = structuredClone(new Response(null, { cf })); return [r.cf, r.cf === cf, r.status, r.statusText]; }))();`,
		want: `{"ok":{"ok":[{"a":{"b":1}},false,200,"OK"]}}`,
	},
	{
		name: "res_204",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const r = structuredClone(new Response(null, { status: 204 })); return [r.status, r.statusText, r.body]; }))();`,
		want: `{"ok":{"ok":[204,"No Content",null]}}`,
	},
	{
		name: "req_h_shared",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const h = new Headers({ a: "1" }); const c = structuredClone([h, new Request("https://x/", { headers: h })]); return [[...c[0]], [...c[1].headers], c[1].headers === c[0]]; }))();`,
		want: `{"ok":{"ok":[[["a","1"]],[["a","1"]],false]}}`,
	},
	{
		name: "domex_nested",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const c = structuredClone({ e: new DOMException("m", "AbortError") }); return [c.e instanceof DOMException, c.e.name, c.e.code, c.e.message, Object.keys(c.e)]; }))();`,
		want: `{"ok":{"ok":[true,"AbortError",20,"m",["code","name","message","stack"]]}}`,
	},
	{
		name: "headers_proto",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const h = new Headers({ a: "1" }); h.x = 5; const c = structuredClone(h); return [c.x ?? null]; }))();`,
		want: `{"ok":{"ok":[null]}}`,
	},
	{
		name: "req_url_hash",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const c = structuredClone(new Request("https://x/p?q#frag", { method: "patch" })); return [c.url, c.method]; }))();`,
		want: `{"ok":{"ok":["https://x/p?q#frag","PATCH"]}}`,
	},
	{
		name: "req_head",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const t = (v) => a(() => { const c = structuredClone(v); return [Object.prototype.toString.call(c), c?.constructor?.name]; });
return await (() => a(() => { const c = structuredClone(new Request("https://x/p", { method: "head", headers: [["x", "a"], ["x", "b"]] })); return [c.method, [...c.headers]]; }))();`,
		want: `{"ok":{"ok":["HEAD",[["x","a, b"]]]}}`,
	},
	{
		name: "res_ws",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => { const p = new WebSocketPair(); return structuredClone(new Response(null, { status: 101, webSocket: p[1] })).status; }))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"WebSocket\". This type does not support serialization.","DOMException"]}}`,
	},
	{
		name: "ws",
		body: `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
return await (() => a(() => structuredClone(new WebSocketPair()[0])))();`,
		want: `{"ok":{"err":["DataCloneError","Could not serialize object of type \"WebSocket\". This type does not support serialization.","DOMException"]}}`,
	},
}

func TestStructuredCloneHostObjects(t *testing.T) { runWebCases(t, structuredCloneHostWebCases) }
