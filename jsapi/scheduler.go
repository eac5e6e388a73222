package jsapi

// scheduler (https://developers.cloudflare.com/workers/runtime-apis/scheduler/):
// workerd's scheduler.wait(delay, { signal }), a promise-returning
// setTimeout that resolves with undefined, or rejects with the signal's
// reason if it aborts first. The Scheduler class is not a global, as in
// workerd.

import (
	"time"

	"github.com/dop251/goja"
)

type schedulerObject struct{}

func installScheduler(r *Realm) {
	c := r.newClass("Scheduler", 0, nil)
	c.method("wait", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[*schedulerObject](r, call.This)
		p, resolve, reject := r.rt.NewPromise()
		delay := call.Argument(0).ToFloat()
		if delay != delay || delay < 0 { // NaN or negative
			delay = 0
		}
		var signal *abortSignal
		if opts := r.dictionary(call.Argument(1), "Failed to execute 'wait' on 'Scheduler': parameter 2 is not of type 'WaitOptions'."); opts != nil {
			if v := opts.Get("signal"); v != nil && !goja.IsUndefined(v) {
				s, ok := toAbortSignal(v)
				if !ok {
					panic(r.newTypeError("Incorrect type for the 'signal' field on 'WaitOptions': the provided value is not of type 'AbortSignal'."))
				}
				signal = s
			}
		}
		if signal != nil && signal.aborted {
			must(reject(signal.reason))
			return r.rt.ToValue(p)
		}
		stop := func() {}
		id := r.loop.SetTimer(time.Duration(delay*float64(time.Millisecond)), false, func() {
			stop()
			must(resolve(goja.Undefined()))
		})
		if signal != nil {
			stop = r.onAbort(signal.obj, func(reason goja.Value) {
				r.loop.ClearTimer(id)
				must(reject(reason))
			})
		}
		return r.rt.ToValue(p)
	})
	must(r.rt.GlobalObject().DefineDataProperty("scheduler", r.newInstance("Scheduler", &schedulerObject{}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
}
