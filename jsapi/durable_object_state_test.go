package jsapi

// DurableObjectState (the object's ctx) beyond the corpus's gates and ids
// cases: when the blockConcurrencyWhile callback runs, a synchronous
// throw, waitUntil, the shape and brand checks.

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const stateThing = `{ Thing: class extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.serial = (globalThis.made = (globalThis.made ?? 0) + 1); }
  run(src) { return (0, eval)("(async function (ctx) {" + src + "})").call(this, this.ctx); }
  serialNumber() { return this.serial; }
} }`

// inside runs js as an async function body inside the object called
// name, with ctx in scope and this the object.
func inside(name, js string) string {
	return `return await env.THINGS.getByName(` + jsString(name) + `).run(` + jsString(js) + `);`
}

func TestDurableObjectState(t *testing.T) {
	tr, _ := objectRealm(t, stateThing)
	runSnippetsIn(t, tr, []snippet{
		{name: "shape", js: inside("shape", `return [Object.prototype.toString.call(ctx), ctx.storage === ctx.storage,
			Object.prototype.toString.call(ctx.storage), typeof ctx.blockConcurrencyWhile, typeof ctx.waitUntil]`),
			want: []any{"[object DurableObjectState]", true, "[object DurableObjectStorage]", "function", "function"}},
		{name: "ctx.id", js: `const id = env.THINGS.idFromName("who");
			const inner = await env.THINGS.get(id).run("return [ctx.id.toString(), ctx.id.name, Object.prototype.toString.call(ctx.id)]");
			return [inner[0] === id.toString(), inner[1], inner[2]];`,
			want: []any{true, "who", "[object DurableObjectId]"}},
		{name: "the callback runs after the caller's synchronous code", js: inside("order", `
			const log = [];
			const p = ctx.blockConcurrencyWhile(() => { log.push("callback"); return "v"; });
			log.push("after the call");
			log.push(await p);
			return log;`), want: []any{"after the call", "callback", "v"}},
		{name: "waitUntil returns undefined", js: inside("wu", `return ctx.waitUntil(Promise.resolve());`), want: nil},
		{name: "not constructible", js: inside("ctor", `new ctx.constructor();`), wantErr: "Illegal constructor"},
		{name: "brand check", js: inside("brand", `ctx.blockConcurrencyWhile.call({}, () => 1);`), wantErr: "Illegal invocation"},
	})
}

// A blockConcurrencyWhile callback that throws synchronously rejects the
// call and resets the object, as an asynchronous throw does.
func TestBlockConcurrencyWhileSyncThrowResetsObject(t *testing.T) {
	tr, _ := objectRealm(t, stateThing)
	v := tr.run(`
		const stub = env.THINGS.getByName("sync-throw");
		const before = await stub.serialNumber();
		let thrown;
		try { await stub.run("await ctx.blockConcurrencyWhile(() => { throw new TypeError('sync failure'); })"); }
		catch (e) { thrown = [e.name, e.message]; }
		return [thrown, (await stub.serialNumber()) === before + 1];`)
	require.Equal(t, []any{[]any{"TypeError", "sync failure"}, true}, v)
}

func TestDurableObjectWaitUntilRejectionIsLogged(t *testing.T) {
	tr, _ := objectRealm(t, stateThing)
	tr.run(inside("wu-reject", `ctx.waitUntil(Promise.reject(new Error("in the background")));`))
	require.Eventually(t, func() bool { return strings.Contains(tr.host.output(), "in the background") }, 5*time.Second, time.Millisecond)
	require.Contains(t, tr.host.output(), "error: Uncaught (in promise) Error: in the background")
}
