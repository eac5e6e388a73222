package jsapi

// The built-in modules the bundler leaves to the realm, and the checks
// the runtime makes on what a bundle exports.

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestModules(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		env := tr.realm.rt.NewObject()
		require.NoError(t, env.Set("GREETING", "hi"))
		tr.realm.SetEnv(env)
	})
	const req = `const require = globalThis[Symbol.for("kindling.require")];`
	runSnippetsIn(t, tr, []snippet{
		{name: "cloudflare:workers", js: req + `const w = require("cloudflare:workers");
			return [Object.keys(w).sort(), typeof w.DurableObject, w.env.GREETING, w.waitUntil(Promise.resolve())];`,
			want: []any{[]any{"DurableObject", "RpcStub", "RpcTarget", "WorkerEntrypoint", "WorkflowEntrypoint", "env", "waitUntil"}, "function", "hi", nil}},
		{name: "the same module object each time", js: req + `return require("cloudflare:workers") === require("cloudflare:workers");`, want: true},
		{name: "base classes keep ctx and env", js: req + `const { DurableObject, WorkerEntrypoint, RpcTarget } = require("cloudflare:workers");
			class Obj extends DurableObject { hi() { return this.env.x + this.ctx.y; } }
			class Entry extends WorkerEntrypoint {}
			const e = new Entry({ c: 1 }, { e: 2 });
			return [new Obj({ y: "b" }, { x: "a" }).hi(), e.ctx.c, e.env.e, new (class extends RpcTarget {})() instanceof RpcTarget];`,
			want: []any{"ab", int64(1), int64(2), true}},
		{name: "a Data module decodes to an ArrayBuffer", js: req + `const b = require("kindling:bytes")("AAEC/w==");
			return [b instanceof ArrayBuffer, [...new Uint8Array(b)]];`,
			want: []any{true, []any{int64(0), int64(1), int64(2), int64(255)}}},
		{name: "unknown module", js: req + `require("node:fs");`, wantErr: `TypeError: No such module "node:fs".`},
		{name: "the require hook is hidden", js: `const d = Object.getOwnPropertyDescriptor(globalThis, Symbol.for("kindling.require"));
			return [d.writable, d.enumerable, d.configurable, typeof d.value];`,
			want: []any{false, false, false, "function"}},
	})
	require.Contains(t, BuiltinModules, "cloudflare:workers")
}

func TestExportChecks(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		v, err := r.rt.RunString(`const { DurableObject, WorkerEntrypoint } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
			class Obj extends DurableObject {}
			class Deeper extends Obj {}
			class Entry extends WorkerEntrypoint {}
			class Plain { fetch() {} }
			({ obj: new Obj({}, {}), deeper: new Deeper({}, {}), plain: new Plain(), Entry, Deeper, Plain, WorkerEntrypoint,
			   arrow: () => {}, handler: { fetch() {} } })`)
		require.NoError(t, err)
		o := v.ToObject(r.rt)
		require.True(t, r.IsDurableObject(o.Get("obj")))
		require.True(t, r.IsDurableObject(o.Get("deeper")))
		require.False(t, r.IsDurableObject(o.Get("plain")))
		require.False(t, r.IsDurableObject(r.rt.ToValue("string")))

		require.True(t, r.IsWorkerEntrypointClass(o.Get("Entry")))
		require.True(t, r.IsWorkerEntrypointClass(o.Get("WorkerEntrypoint")))
		require.False(t, r.IsWorkerEntrypointClass(o.Get("Deeper")))
		require.False(t, r.IsWorkerEntrypointClass(o.Get("Plain")))
		require.False(t, r.IsWorkerEntrypointClass(o.Get("arrow")))
		require.False(t, r.IsWorkerEntrypointClass(o.Get("handler")))
		require.False(t, r.IsWorkerEntrypointClass(r.rt.ToValue(1)))
	})
}
