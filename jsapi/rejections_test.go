package jsapi

// Unhandled rejections are reported when the isolate ends a task;
// RunMicrotasks drains goja's job queue where goja does not.

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// endTask runs src as a task, then what the isolate does after a task.
func endTask(t *testing.T, tr *testRealm, src string) {
	t.Helper()
	tr.do(func() {
		_, err := tr.realm.rt.RunScript("file.js", src)
		require.NoError(t, err)
		tr.realm.RunMicrotasks()
		tr.realm.ReportUnhandledRejections()
	})
}

func TestUnhandledRejections(t *testing.T) {
	tr := newTestRealm(t)
	endTask(t, tr, "function lose() { Promise.reject(new TypeError(\"lost\")); }\nlose();")
	require.Equal(t, "error: Uncaught (in promise) TypeError: lost\n    at lose (file.js:1:34)\n    at file.js:2:5", tr.host.output())

	// Reported once: the next task has nothing to report.
	endTask(t, tr, "1;")
	require.Equal(t, "error: Uncaught (in promise) TypeError: lost\n    at lose (file.js:1:34)\n    at file.js:2:5", tr.host.output())

	tr.host.logs = nil
	for _, src := range []string{
		`Promise.reject(new Error("caught at once")).catch(() => {});`,
		// A handler attached by a later microtask of the same task still
		// counts, as in workerd.
		`{ const p = Promise.reject(new Error("caught later")); Promise.resolve().then(() => null).then(() => p.catch(() => {})); }`,
		`(async () => { try { await Promise.reject(new Error("awaited")); } catch {} })();`,
	} {
		endTask(t, tr, src)
	}
	require.Empty(t, tr.host.output())

	endTask(t, tr, `Promise.reject("a string"); Promise.reject(undefined);`)
	require.ElementsMatch(t, []string{"error: Uncaught (in promise) a string", "error: Uncaught (in promise) undefined"}, tr.host.logs)
}

// goja runs its job queue when a call from Go into JS returns, but not
// after constructing an object with Runtime.New: RunMicrotasks is what
// runs what a constructor queued (a Durable Object's constructor calling
// blockConcurrencyWhile, for one).
func TestRunMicrotasksAfterNew(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		_, err := r.rt.RunString(`globalThis.log = [];
			globalThis.Queues = class { constructor() { Promise.resolve().then(() => log.push("job")); } };`)
		require.NoError(t, err)
		_, err = r.rt.New(r.rt.Get("Queues"))
		require.NoError(t, err)
		require.Equal(t, int64(0), r.rt.Get("log").ToObject(r.rt).Get("length").ToInteger(), "goja ran the job after New")
		r.RunMicrotasks()
		require.Equal(t, []any{"job"}, r.rt.Get("log").Export())
	})
}

func TestParseJSON(t *testing.T) {
	tr := newTestRealm(t)
	tr.do(func() {
		r := tr.realm
		v, err := r.ParseJSON(`{"a":[1,"two",null,true],"b":{"c":1.5}}`)
		require.NoError(t, err)
		require.Equal(t, map[string]any{"a": []any{int64(1), "two", nil, true}, "b": map[string]any{"c": 1.5}}, v.Export())

		// JSON.parse stays the intrinsic when user code replaces it.
		_, err = r.rt.RunString(`JSON.parse = () => "replaced";`)
		require.NoError(t, err)
		v, err = r.ParseJSON(`"real"`)
		require.NoError(t, err)
		require.Equal(t, "real", v.Export())

		_, err = r.ParseJSON(`{bad`)
		var ex *goja.Exception
		require.ErrorAs(t, err, &ex)
		require.Contains(t, ex.Value().String(), "SyntaxError")
	})
}
