package jsapi

// DurableObjectNamespace, DurableObjectId and the stub, beyond what the
// corpus's ids cases check (TestConformanceCases): stub.fetch, RPC
// through the stub, the stub's shape, brand checks.

import "testing"

const thing = `{ Thing: class extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.calls = 0; }
  async fetch(request) {
    return new Response(JSON.stringify({
      method: request.method, url: request.url, header: request.headers.get("x-h"),
      body: await request.text(), name: this.ctx.id.name ?? null,
    }), { status: 203, headers: { "x-from": "object" } });
  }
  count() { return ++this.calls; }
  echo(v) { return v; }
  boom() { throw new RangeError("boom inside"); }
} }`

func TestDurableObjectNamespace(t *testing.T) {
	tr, _ := objectRealm(t, thing)
	runSnippetsIn(t, tr, []snippet{
		{name: "stub.fetch with a URL and init", js: `
			const res = await env.THINGS.getByName("f").fetch("http://object/path?q=1", { method: "POST", headers: { "x-h": "v" }, body: "payload" });
			return [res.status, res.headers.get("x-from"), await res.json()];`,
			want: []any{int64(203), "object", map[string]any{"method": "POST", "url": "http://object/path?q=1", "header": "v", "body": "payload", "name": "f"}}},
		{name: "stub.fetch with a Request", js: `
			const res = await env.KV_THINGS.get(env.KV_THINGS.idFromName("r")).fetch(new Request("http://object/r", { method: "PUT", body: "b" }));
			const j = await res.json();
			return [j.method, j.url, j.body, j.name];`,
			want: []any{"PUT", "http://object/r", "b", "r"}},
		{name: "RPC reaches one instance per id", js: `
			const a = env.THINGS.getByName("counter"), b = env.THINGS.get(env.THINGS.idFromName("counter"));
			return [await a.count(), await b.count(), await env.THINGS.getByName("other").count()];`,
			want: []any{int64(1), int64(2), int64(1)}},
		{name: "the same name in the other namespace is another object", js: `
			await env.THINGS.getByName("twin").count();
			return await env.KV_THINGS.getByName("twin").count();`, want: int64(1)},
		{name: "RPC values are cloned", js: `
			const v = { d: new Date(5), m: new Map([["k", [1, 2]]]) };
			const back = await env.THINGS.getByName("echo").echo(v);
			return [back !== v, back.d.getTime(), back.m.get("k")];`,
			want: []any{true, int64(5), []any{int64(1), int64(2)}}},
		{name: "an exception in the object is remote", js: `
			try { await env.THINGS.getByName("boom").boom(); return "no"; }
			catch (e) { return [e instanceof RangeError, e.message, e.remote]; }`,
			want: []any{true, "boom inside", true}},
		{name: "a stub is not a thenable", js: `
			const stub = env.THINGS.getByName("t");
			return [stub.then, (await stub) === stub, typeof stub.anyMethod];`,
			want: []any{nil, true, "function"}},
		{name: "jurisdiction gives a namespace", js: `
			const ns = env.THINGS.jurisdiction("eu");
			return [Object.prototype.toString.call(ns), ns.idFromName("x").toString() === env.THINGS.idFromName("x").toString()];`,
			want: []any{"[object DurableObjectNamespace]", true}},
		{name: "equals with something else", js: `
			const id = env.THINGS.idFromName("e");
			return [id.equals("x"), id.equals({}), id.equals(undefined)];`, want: []any{false, false, false}},
		{name: "namespaces are not constructible", js: `new env.THINGS.constructor();`, wantErr: "TypeError: Illegal constructor"},
		{name: "ids are not constructible", js: `new (env.THINGS.idFromName("x").constructor)();`, wantErr: "TypeError: Illegal constructor"},
		{name: "brand check on the namespace", js: `env.THINGS.idFromName.call({}, "x");`, wantErr: "TypeError: Illegal invocation"},
		{name: "brand check on ids", js: `env.THINGS.idFromName("x").toString.call({});`, wantErr: "TypeError: Illegal invocation"},
		{name: "brand check on stubs", js: `const f = env.THINGS.getByName("x").fetch; await f.call({}, "http://x/");`, wantErr: "TypeError: Illegal invocation"},
	})
}
