package jsapi

// ctx.storage beyond the corpus's kv cases (TestConformanceCases): what
// survives user code replacing globals, storage that cannot be opened,
// the shape and brand checks, and what reaches the SQLite file.

import (
	"database/sql"
	"os"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // database/sql's "sqlite" driver, to read the file as another client

	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

func TestDurableObjectStorage(t *testing.T) {
	tr, _ := objectRealm(t, stateThing)
	runSnippetsIn(t, tr, []snippet{
		{name: "results are real Maps when user code replaced Map", js: inside("map", `
			const RealMap = Map;
			await ctx.storage.put({ a: 1, b: 2 });
			globalThis.Map = class FakeMap {};
			try {
				const listed = await ctx.storage.list(), got = await ctx.storage.get(["a", "b"]);
				return [listed instanceof RealMap, listed.size, got instanceof RealMap, [...got.keys()]];
			} finally { globalThis.Map = RealMap; }`),
			want: []any{true, int64(2), true, []any{"a", "b"}}},
		{name: "getAlarm is null without alarms", js: inside("alarm", `return await ctx.storage.getAlarm();`), want: nil},
		{name: "argument errors reject, they do not throw", js: inside("args", `
			const p = ctx.storage.list({ start: "a", startAfter: "b" });
			try { await p; } catch (e) { return [p instanceof Promise, e.name, e.message]; }`),
			want: []any{true, "TypeError", "list() cannot be called with both start and startAfter values."}},
		{name: "not constructible", js: inside("ctor", `new ctx.storage.constructor();`), wantErr: "Illegal constructor"},
		{name: "brand check", js: inside("brand", `await ctx.storage.get.call({}, "k");`), wantErr: "Illegal invocation"},
	})
}

// The values reach the object's SQLite file in V8's serialization format,
// committed at the end of the task.
func TestDurableObjectStorageWritesTheFile(t *testing.T) {
	tr, host := objectRealm(t, stateThing)
	tr.run(inside("file", `await ctx.storage.put("k", { list: [1, "two"], when: new Date(0) });`))
	ns := host.all[0].ns
	db, err := sql.Open("sqlite", "file:"+ns.StoragePath(ns.IDFromName("file"))+"?mode=ro&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer db.Close()
	var value []byte
	require.NoError(t, db.QueryRow("SELECT value FROM _cf_KV WHERE key = 'k'").Scan(&value))
	v, err := v8serial.Deserialize(goja.New(), value, nil)
	require.NoError(t, err)
	require.Equal(t, []any{int64(1), "two"}, v.Export().(map[string]any)["list"])
}

// Storage that cannot be opened rejects each operation with the error;
// the object keeps running.
func TestDurableObjectStorageThatCannotOpen(t *testing.T) {
	tr, host := objectRealm(t, stateThing)
	ns := host.all[0].ns
	// A directory where the object's file should be.
	require.NoError(t, os.MkdirAll(ns.StoragePath(ns.IDFromName("broken")), 0o755))
	v := tr.run(inside("broken", `
		const results = [];
		for (const op of [() => ctx.storage.get("k"), () => ctx.storage.put("k", 1), () => ctx.storage.list()]) {
			try { await op(); results.push("ok"); } catch (e) { results.push(e.constructor.name); }
		}
		return results;`))
	require.Equal(t, []any{"Error", "Error", "Error"}, v)
}
