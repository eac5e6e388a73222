package jsapi

// The JS side of alarms: setAlarm's argument conversion and errors, the
// milliseconds getAlarm answers, the handler's alarmInfo, and the
// scheduled event's controller. The semantics around them (scheduling,
// retries, "null while the handler runs") are runtime/isolate's, tested
// end to end in cmd/kindling.

import (
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

// The test host's objects keep their alarm in their file, as the runtime's
// do; they accept any alarm (the runtime refuses it for a class without
// alarm()).

func (o *testObject) GetAlarm() (time.Time, bool, error) { return o.db.Alarm() }

func (o *testObject) SetAlarm(at time.Time) error {
	o.ns.host.dirty[o] = struct{}{}
	return o.db.SetAlarm(at)
}

func (o *testObject) DeleteAlarm() error {
	o.ns.host.dirty[o] = struct{}{}
	return o.db.DeleteAlarm()
}

const far = "4102444800000" // 2100-01-01T00:00:00Z

func TestAlarmStorageMethods(t *testing.T) {
	tr, _ := objectRealm(t, stateThing)
	runSnippetsIn(t, tr, []snippet{
		{name: "number, Date, whole milliseconds", js: inside("set", `
			const got = [];
			await ctx.storage.setAlarm(`+far+`); got.push(await ctx.storage.getAlarm());
			await ctx.storage.setAlarm(new Date(`+far+` + 1000)); got.push(await ctx.storage.getAlarm());
			await ctx.storage.setAlarm(`+far+` + 0.7); got.push(await ctx.storage.getAlarm());
			const deleted = await ctx.storage.deleteAlarm();
			got.push(deleted, await ctx.storage.getAlarm());
			return got;`),
			want: []any{int64(4102444800000), int64(4102444801000), int64(4102444800000), nil, nil}},
		{name: "argument errors reject with workerd's TypeErrors", js: inside("bad", `
			const out = {};
			const vals = { zero: 0, negative: -1, nan: NaN, inf: -Infinity, string: "`+far+`", nul: null,
				undef: undefined, object: {}, invalidDate: new Date(NaN), bigint: `+far+`n, late: 1e20 };
			for (const [k, v] of Object.entries(vals)) {
				const p = ctx.storage.setAlarm(v);
				try { await p; out[k] = "resolved"; } catch (e) { out[k] = (p instanceof Promise) + " " + e.name + ": " + e.message; }
			}
			return out;`),
			want: map[string]any{
				"zero":        "true TypeError: setAlarm() cannot be called with an alarm time <= 0",
				"negative":    "true TypeError: setAlarm() cannot be called with an alarm time <= 0",
				"nan":         "true TypeError: The value cannot be converted because it is not a valid Date.",
				"inf":         "true TypeError: The value cannot be converted because it is not a valid Date.",
				"invalidDate": "true TypeError: The value cannot be converted because it is not a valid Date.",
				"string":      "true TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
				"nul":         "true TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
				"undef":       "true TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
				"object":      "true TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
				"bigint":      "true TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
				"late":        "true TypeError: This API doesn't support dates after 2189.",
			}},
		{name: "brand check", js: inside("brand", `await ctx.storage.getAlarm.call({});`), wantErr: "Illegal invocation"},
	})
}

func TestInvokeAlarmPassesAlarmInfo(t *testing.T) {
	tr := newTestRealm(t)
	var outcome error
	tr.do(func() {
		obj, err := tr.realm.rt.RunString(`({ alarm(info) {
			globalThis.seen = { keys: Object.keys(info), spread: { ...info }, frozen: (() => { "use strict"; try { info.retryCount = 9; return false; } catch { return true; } })() };
		} })`)
		require.NoError(t, err)
		tr.realm.InvokeAlarm(obj.(*goja.Object), time.UnixMilli(1700000000123), 2, func(err error) { outcome = err })
	})
	require.NoError(t, outcome)
	require.Equal(t, map[string]any{
		"keys":   []any{"scheduledTime", "retryCount", "isRetry"},
		"spread": map[string]any{"scheduledTime": int64(1700000000123), "retryCount": int64(2), "isRetry": true},
		"frozen": true,
	}, tr.run(`return globalThis.seen;`))
}

func TestInvokeAlarmReportsARejection(t *testing.T) {
	tr := newTestRealm(t)
	done := make(chan error, 1)
	tr.do(func() {
		obj, err := tr.realm.rt.RunString(`({ async alarm() { throw new RangeError("later") } })`)
		require.NoError(t, err)
		tr.realm.InvokeAlarm(obj.(*goja.Object), time.UnixMilli(1), 0, func(err error) { done <- err })
	})
	err := <-done
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Contains(t, se.Text, "RangeError: later")
}

func TestInvokeScheduledBuildsTheController(t *testing.T) {
	tr := newTestRealm(t)
	type result struct {
		noRetry bool
		err     error
	}
	done := make(chan result, 1)
	tr.do(func() {
		obj, err := tr.realm.rt.RunString(`({ async scheduled(controller, env) {
			globalThis.seen = [Object.keys(controller), controller.cron, controller.scheduledTime,
				Object.prototype.toString.call(controller), env];
			controller.noRetry();
		} })`)
		require.NoError(t, err)
		tr.realm.InvokeScheduled(obj.(*goja.Object), []goja.Value{tr.realm.rt.ToValue("env")}, time.UnixMilli(1700000000000), "*/5 * * * *",
			func(noRetry bool, err error) { done <- result{noRetry, err} })
	})
	res := <-done
	require.NoError(t, res.err)
	require.True(t, res.noRetry)
	require.Equal(t, []any{[]any{"cron", "scheduledTime"}, "*/5 * * * *", int64(1700000000000), "[object ScheduledController]", "env"},
		tr.run(`return globalThis.seen;`))
}

func TestAwaitAllReportsTheFirstRejection(t *testing.T) {
	tr := newTestRealm(t)
	done := make(chan error, 1)
	tr.do(func() {
		v, err := tr.realm.rt.RunString(`[1, Promise.resolve(2), new Promise((_, reject) => setTimeout(() => reject(new Error("late")), 5)), Promise.reject(new TypeError("first"))]`)
		require.NoError(t, err)
		var values []goja.Value
		tr.realm.rt.ForOf(v, func(x goja.Value) bool { values = append(values, x); return true })
		tr.realm.AwaitAll(values, func(err error) { done <- err })
	})
	err := <-done
	require.ErrorContains(t, err, "TypeError: first")
}
