package jsapi

// Timers and queueMicrotask beyond the corpus's web/timers.js cases (run
// by TestConformanceCases): delays workerd treats specially, exceptions
// in callbacks, intervals.

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTimers(t *testing.T) {
	runSnippets(t, []snippet{
		// Recorded from wrangler dev 4.86: the delays too long for a timer
		// never fire (no wrap-around at 2^31 as in browsers); NaN, negative
		// and -Infinity mean 0; a numeric string is a number.
		{name: "odd delays", js: `
			const log = [];
			for (const d of [Infinity, 2 ** 31, 2 ** 31 - 1, -Infinity, NaN, "5", 1e20, -1]) {
				setTimeout(() => log.push(String(d)), d);
			}
			await new Promise((r) => setTimeout(r, 50));
			return log;`, want: []any{"-Infinity", "NaN", "-1", "5"}},
		{name: "ids are positive numbers shared by both kinds", js: `
			const a = setTimeout(() => {}, 1), b = setInterval(() => {}, 1);
			clearTimeout(b); clearInterval(a);
			return [typeof a, b === a + 1, a > 0];`, want: []any{"number", true, true}},
		{name: "clearTimeout stops an interval", js: `
			let n = 0;
			const id = setInterval(() => n++, 1);
			await new Promise((r) => setTimeout(r, 10));
			clearTimeout(id);
			const seen = n;
			await new Promise((r) => setTimeout(r, 10));
			return [seen > 0, n === seen];`, want: []any{true, true}},
		{name: "an interval clears itself", js: `
			let n = 0;
			await new Promise((resolve) => {
				const id = setInterval(() => { if (++n === 3) { clearInterval(id); setTimeout(resolve, 10); } }, 0);
			});
			return n;`, want: int64(3)},
		{name: "clear ignores what is not an id", js: `
			clearTimeout(); clearTimeout(null); clearTimeout("abc"); clearTimeout({}); clearInterval(-1);
			return "ok";`, want: "ok"},
		{name: "this in a callback is undefined in strict code", js: `
			return await new Promise((r) => setTimeout(function () { "use strict"; r(this === undefined); }, 0));`, want: true},
		{name: "string callbacks are refused", js: `setInterval("1 + 1", 0);`,
			wantErr: "TypeError: Failed to execute 'setInterval' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'."},
		{name: "queueMicrotask runs before timers, after the current code", js: `
			const log = [];
			setTimeout(() => log.push("timer"), 0);
			queueMicrotask(() => log.push("micro"));
			log.push("sync");
			await new Promise((r) => setTimeout(r, 5));
			return log;`, want: []any{"sync", "micro", "timer"}},
	})
}

// An exception thrown by a timer or microtask callback is reported as
// uncaught and stops nothing else.
func TestTimerCallbackExceptionsAreReported(t *testing.T) {
	tr := newTestRealm(t)
	v := tr.run(`
		const log = [];
		setTimeout(() => { throw new TypeError("from a timer"); }, 0);
		setTimeout(() => log.push("next timer"), 1);
		queueMicrotask(() => { throw new RangeError("from a microtask"); });
		queueMicrotask(() => log.push("next microtask"));
		let n = 0;
		const id = setInterval(() => { if (++n === 2) clearInterval(id); throw new Error("from an interval " + n); }, 1);
		await new Promise((r) => setTimeout(r, 30));
		return log;`)
	require.Equal(t, []any{"next microtask", "next timer"}, v)
	require.Eventually(t, func() bool { return strings.Contains(tr.host.output(), "from an interval 2") }, 5*time.Second, time.Millisecond)
	out := tr.host.output()
	for _, want := range []string{
		"error: Uncaught TypeError: from a timer\n    at <eval>:",
		"error: Uncaught RangeError: from a microtask\n    at <eval>:",
		"error: Uncaught Error: from an interval 1\n",
		"error: Uncaught Error: from an interval 2\n",
	} {
		require.Contains(t, out, want)
	}
}
