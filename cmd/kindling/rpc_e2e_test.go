package main

// Two Workers in one session (kindling dev -c front -c store-svc): service
// bindings to a named WorkerEntrypoint with props and to a plain default
// export, a Durable Object binding with script_name into the other Worker,
// and Durable Objects calling each other, re-entrantly. The expected
// answers are what wrangler dev 4.86 answered for the same project.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var twoWorkersProject = map[string]string{
	"front/wrangler.toml": `name = "front"
main = "src/index.js"
compatibility_date = "2025-09-01"

services = [
  { binding = "ADMIN", service = "store-svc", entrypoint = "Admin", props = { role = "admin" } },
  { binding = "SVC", service = "store-svc" },
  { binding = "SELF", service = "front", entrypoint = "Loop" },
]

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"
script_name = "store-svc"

[[durable_objects.bindings]]
name = "PEER"
class_name = "Peer"

[[durable_objects.bindings]]
name = "PLAIN"
class_name = "Plain"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Peer", "Plain"]
`,
	"front/src/index.js": `import { WorkerEntrypoint, DurableObject } from "cloudflare:workers";

// Peer objects call each other; ping re-enters the caller while it awaits.
export class Peer extends DurableObject {
  async ping(other, depth) {
    if (depth === 0) return [this.ctx.id.name];
    const rest = await this.env.PEER.getByName(other).ping(this.ctx.id.name, depth - 1);
    return [this.ctx.id.name, ...rest];
  }
  async viaCallback(other) {
    let calls = 0;
    const sum = await this.env.PEER.getByName(other).callMeBack(async (x) => { calls++; return x * 10; });
    return { sum, calls };
  }
  async callMeBack(fn) { return (await fn(1)) + (await fn(2)); }
  async askById(idString) {
    return this.env.PEER.get(this.env.PEER.idFromString(idString)).whoAmI();
  }
  whoAmI() { return [this.ctx.id.name ?? null, this.ctx.id.toString()]; }
}

// Plain does not extend DurableObject: fetch works, RPC does not.
export class Plain {
  fetch() { return new Response("plain fetch"); }
  method() { return 1; }
}

export class Loop extends WorkerEntrypoint {
  hello(x) { return "loop " + x; }
}

const err = (e) => ({ name: e.name, message: e.message, remote: e.remote ?? null });
const attempt = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: err(e) }; } };

export default {
  async fetch(req, env) {
    switch (new URL(req.url).pathname) {
      case "/services": {
        const session = await env.ADMIN.session();
        return Response.json({
          whoami: await attempt(() => env.ADMIN.whoami()),
          add: await attempt(() => env.ADMIN.add(2, 3)),
          answer: await attempt(async () => await env.ADMIN.answer),
          session: [await session.bump(), await session.bump()],
          echoRequest: await attempt(() => env.ADMIN.echoRequest(new Request("http://e/x?y=1", { method: "POST", body: "hi", headers: { "x-h": "v" } }))),
          response: await attempt(async () => { const r = await env.ADMIN.makeResponse("made"); return [r.status, r.headers.get("x-r"), await r.text()]; }),
          fail: await attempt(() => env.ADMIN.fail()),
          reserved: await attempt(() => env.ADMIN.alarm()),
          fetchNamed: await attempt(async () => (await env.ADMIN.fetch("http://x/p")).text()),
          fetchDefault: await attempt(async () => (await env.SVC.fetch("http://x/q")).text()),
          double: await attempt(() => env.SVC.double(21)),
          doubleTwoArgs: await attempt(() => env.SVC.double(1, 2)),
          self: await attempt(() => env.SELF.hello(1)),
          fetcher: [typeof env.ADMIN, String(env.ADMIN), typeof env.ADMIN.anything],
        });
      }
      case "/store":
        return Response.json({
          direct: await attempt(() => env.STORE.getByName("s1").put("k", "from front")),
          viaService: await attempt(() => env.ADMIN.storeVia("s1", "from store-svc")),
          read: await attempt(() => env.STORE.getByName("s1").get("k")),
          id: env.STORE.idFromName("s1").toString(),
        });
      case "/peers":
        return Response.json({
          ping: await attempt(() => env.PEER.getByName("p1").ping("p2", 3)),
          callback: await attempt(() => env.PEER.getByName("p1").viaCallback("p2")),
          byId: await attempt(() => env.PEER.getByName("p1").askById(env.PEER.idFromName("p3").toString())),
          plainRpc: await attempt(() => env.PLAIN.getByName("x").method()),
          plainFetch: await attempt(async () => (await env.PLAIN.getByName("x").fetch("http://x/")).text()),
        });
    }
    return new Response("front ok");
  },
};
`,
	"store-svc/wrangler.toml": `name = "store-svc"
main = "src/index.js"
compatibility_date = "2025-09-01"

[[durable_objects.bindings]]
name = "STORE"
class_name = "Store"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Store"]
`,
	"store-svc/src/index.js": `import { WorkerEntrypoint, DurableObject, RpcTarget } from "cloudflare:workers";

export class Store extends DurableObject {
  async put(key, value) {
    await this.ctx.storage.put(key, value);
    return this.ctx.id.name;
  }
  async get(key) {
    return (await this.ctx.storage.get(key)) ?? null;
  }
}

class Session extends RpcTarget {
  #n = 0;
  bump() { return ++this.#n; }
}

export class Admin extends WorkerEntrypoint {
  whoami() { return { props: this.ctx.props, store: typeof this.env.STORE }; }
  add(a, b) { return a + b; }
  get answer() { return 42; }
  session() { return new Session(); }
  async echoRequest(req) { return { method: req.method, url: req.url, body: await req.text(), h: req.headers.get("x-h") }; }
  makeResponse(s) { return new Response(s, { status: 201, headers: { "x-r": "1" } }); }
  storeVia(name, value) { return this.env.STORE.getByName(name).put("k", value); }
  fail() { throw new RangeError("admin failed"); }
  async fetch(req) { return new Response("admin fetch " + new URL(req.url).pathname + " " + JSON.stringify(this.ctx.props)); }
}

export default {
  fetch(req, env, ctx) { return new Response("default fetch " + JSON.stringify(ctx.props)); },
  double(x, env, ctx) { return { doubled: x * 2, props: ctx.props, store: typeof env.STORE }; },
};
`,
}

func TestTwoWorkersWithServiceBindingsAndCrossWorkerObjects(t *testing.T) {
	dir := writeProject(t, twoWorkersProject)
	dev := startDev(t, filepath.Join(dir, "front"), "-c", "wrangler.toml", "-c", "../store-svc/wrangler.toml")
	require.Contains(t, dev.Output(), "env.STORE (Store, defined in store-svc)")
	require.Contains(t, dev.Output(), "env.ADMIN (store-svc#Admin)")

	for _, c := range []struct{ path, want string }{
		{"/services", `{"whoami":{"ok":{"props":{"role":"admin"},"store":"object"}},"add":{"ok":5},"answer":{"ok":42},"session":[1,2],"echoRequest":{"ok":{"method":"POST","url":"http://e/x?y=1","body":"hi","h":"v"}},"response":{"ok":[201,"1","made"]},"fail":{"err":{"name":"RangeError","message":"admin failed","remote":true}},"reserved":{"err":{"name":"TypeError","message":"'alarm' is a reserved method and cannot be called over RPC.","remote":true}},"fetchNamed":{"ok":"admin fetch /p {\"role\":\"admin\"}"},"fetchDefault":{"ok":"default fetch {}"},"double":{"ok":{"doubled":42,"props":{},"store":"object"}},"doubleTwoArgs":{"err":{"name":"TypeError","message":"Attempted to call RPC function \"double\" with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.","remote":true}},"self":{"ok":"loop 1"},"fetcher":["object","[object Fetcher]","function"]}`},
		{"/store", `{"direct":{"ok":"s1"},"viaService":{"ok":"s1"},"read":{"ok":"from store-svc"},"id":"c8d2bcb68f7d91a8d8bdcba10679cca78ae3a864f3aec4d235bf4f9c9b40e76c"}`},
		{"/peers", `{"ping":{"ok":["p1","p2","p1","p2"]},"callback":{"ok":{"sum":30,"calls":2}},"byId":{"ok":[null,"8765a52998da2d866ad3638b9321955335004833b73c767a140180bf3dc16274"]},"plainRpc":{"err":{"name":"TypeError","message":"The receiving Durable Object does not support RPC, because its class was not declared with ` + "`" + `extends DurableObject` + "`" + `. In order to enable RPC, make sure your class extends the special class ` + "`" + `DurableObject` + "`" + `, which can be imported from the module \"cloudflare:workers\".","remote":true}},"plainFetch":{"ok":"plain fetch"}}`},
	} {
		status, body := get(t, dev.URL+c.path)
		require.Equal(t, 200, status, body)
		require.JSONEq(t, c.want, body, c.path)
	}

	// The first Worker's state folder holds the other Worker's objects, as
	// in wrangler dev.
	_, err := os.Stat(filepath.Join(dir, "front/.wrangler/state/v3/do/store-svc-Store/c8d2bcb68f7d91a8d8bdcba10679cca78ae3a864f3aec4d235bf4f9c9b40e76c.sqlite"))
	require.NoError(t, err)

	// The callee logs the exception its call ends with, under its
	// Worker's name.
	dev.waitOutput(`\[store-svc\] Uncaught RangeError: admin failed\n    at fail \(file://`)
}

// Bindings to a Worker that is not running fail as in wrangler dev: RPC
// with an Error naming it, fetch with a 503 saying the same.
func TestBindingsToAWorkerNotRunning(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": `name = "lonely"
main = "src/index.js"
compatibility_date = "2025-09-01"
services = [{ binding = "NOPE", service = "nope" }]
[[durable_objects.bindings]]
name = "FAR"
class_name = "Far"
script_name = "far-away"
`,
		"src/index.js": `const err = (e) => ({ name: e.name, message: e.message, remote: e.remote ?? null });
const attempt = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: err(e) }; } };
export default {
  async fetch(req, env) {
    if (new URL(req.url).pathname !== "/t") return new Response("ok");
    return Response.json({
      rpc: await attempt(() => env.NOPE.foo()),
      fetch: await attempt(async () => { const r = await env.NOPE.fetch("http://x/"); return [r.status, await r.text()]; }),
      doRpc: await attempt(() => env.FAR.getByName("x").foo()),
      doFetch: await attempt(async () => { const r = await env.FAR.getByName("x").fetch("http://x/"); return [r.status, await r.text()]; }),
    });
  },
};
`,
	})
	dev := startDev(t, dir)
	status, body := get(t, dev.URL+"/t")
	require.Equal(t, 200, status, body)
	require.JSONEq(t, `{"rpc":{"err":{"name":"Error","message":"Worker \"nope\" not found. Make sure it is running locally.","remote":true}},"fetch":{"ok":[503,"Worker \"nope\" not found. Make sure it is running locally."]},"doRpc":{"err":{"name":"Error","message":"Worker \"far-away\" not found. Make sure it is running locally.","remote":true}},"doFetch":{"ok":[503,"Worker \"far-away\" not found. Make sure it is running locally."]}}`, body)
}
