package jsapi

import "testing"

func TestSchedulerWait(t *testing.T) {
	runSnippets(t, []snippet{
		{name: "resolves with undefined after the delay", js: `
			const start = Date.now();
			const r = await scheduler.wait(20);
			return [r === undefined, Date.now() - start >= 19];`, want: []any{true, true}},
		{name: "ordered with timers", js: `
			const log = [];
			setTimeout(() => log.push("timeout10"), 10);
			await scheduler.wait(1);
			log.push("waited");
			await scheduler.wait(20);
			return log;`, want: []any{"waited", "timeout10"}},
		{name: "no delay, negative and NaN mean 0", js: `
			await scheduler.wait(); await scheduler.wait(-5); await scheduler.wait(NaN);
			return "ok";`, want: "ok"},
		{name: "an aborted signal rejects at once with its reason", js: `
			const c = new AbortController();
			c.abort(new RangeError("stop"));
			try { await scheduler.wait(10000, { signal: c.signal }); return "waited"; }
			catch (e) { return e.name + ": " + e.message; }`, want: "RangeError: stop"},
		{name: "aborting while waiting rejects and stops the timer", js: `
			const c = new AbortController();
			const p = scheduler.wait(10000, { signal: c.signal });
			setTimeout(() => c.abort(), 5);
			try { await p; return "waited"; }
			catch (e) { return [e.name, e instanceof DOMException]; }`, want: []any{"AbortError", true}},
		{name: "a signal that never aborts does not matter", js: `
			const c = new AbortController();
			await scheduler.wait(1, { signal: c.signal });
			c.abort();
			return "ok";`, want: "ok"},
		{name: "signal must be an AbortSignal", js: `await scheduler.wait(1, { signal: {} });`,
			wantErr: "TypeError: Failed to execute 'wait' on 'Scheduler': signal is not of type 'AbortSignal'."},
		{name: "shape", js: `return [typeof scheduler, Object.prototype.toString.call(scheduler), typeof globalThis.Scheduler, scheduler.wait.length];`,
			want: []any{"object", "[object Scheduler]", "undefined", int64(1)}},
		{name: "brand check", js: `scheduler.wait.call({}, 1);`, wantErr: "TypeError: Illegal invocation"},
	})
}
