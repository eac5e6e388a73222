package jsapi

import (
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// ctxRealm is a test realm with a global ctx from NewExecutionContext
// whose waitUntil hook records what it is given.
func ctxRealm(t *testing.T) (*testRealm, *[]goja.Value) {
	tr := newTestRealm(t)
	var seen []goja.Value
	tr.do(func() {
		ctx := tr.realm.NewExecutionContext(func(v goja.Value) { seen = append(seen, v) })
		require.NoError(t, tr.realm.rt.Set("ctx", ctx))
	})
	return tr, &seen
}

func TestExecutionContext(t *testing.T) {
	tr, seen := ctxRealm(t)
	runSnippetsIn(t, tr, []snippet{
		{name: "shape", js: `return [Object.prototype.toString.call(ctx), ctx.constructor.name, typeof globalThis.ExecutionContext,
			typeof ctx.waitUntil, typeof ctx.passThroughOnException, Object.keys(ctx).length];`,
			want: []any{"[object ExecutionContext]", "ExecutionContext", "undefined", "function", "function", int64(0)}},
		{name: "waitUntil returns undefined", js: `return ctx.waitUntil(Promise.resolve(1));`, want: nil},
		{name: "passThroughOnException returns undefined", js: `return ctx.passThroughOnException();`, want: nil},
		{name: "props is one object", js: `ctx.props.user = "x"; return [typeof ctx.props, ctx.props === ctx.props, ctx.props.user];`,
			want: []any{"object", true, "x"}},
		{name: "not constructible", js: `new ctx.constructor();`, wantErr: "TypeError: Illegal constructor"},
		{name: "brand check", js: `ctx.waitUntil.call({}, Promise.resolve());`, wantErr: "TypeError: Illegal invocation"},
	})
	require.Len(t, *seen, 1, "the runtime's hook sees each waitUntil promise")
}

// A promise given to waitUntil that rejects is logged as uncaught, not
// reported to the caller; one that resolves is not logged.
func TestWaitUntilRejectionIsLogged(t *testing.T) {
	tr, seen := ctxRealm(t)
	tr.run(`
		ctx.waitUntil(new Promise((_, reject) => setTimeout(() => reject(new RangeError("background failed")), 1)));
		ctx.waitUntil(Promise.resolve("fine"));
		ctx.waitUntil(42);`)
	require.Len(t, *seen, 3)
	require.Eventually(t, func() bool { return tr.host.output() != "" }, 5*time.Second, time.Millisecond)
	tr.do(func() { tr.realm.ReportUnhandledRejections() })
	require.Regexp(t, `^error: Uncaught \(in promise\) RangeError: background failed\n    at <eval>:\d+:\d+$`, tr.host.output())
}
