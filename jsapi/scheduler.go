package jsapi

// The scheduler global (https://wicg.github.io/scheduling-apis/, workerd
// api/scheduler.h): scheduler.wait(delay, { signal }) is a promise-based
// setTimeout. As in workerd, the Scheduler class itself is not a global.
//
// Missing: postTask and yield, which workerd does not have either.

import (
	"github.com/dop251/goja"
)

type schedulerObject struct{}

func installScheduler(r *Realm) {
	c := r.newClass("Scheduler", 0, nil)
	c.method("wait", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[*schedulerObject](r, call.This)
		delay := timerDelay(call.Argument(0))
		var signal *goja.Object
		if opts, ok := call.Argument(1).(*goja.Object); ok {
			if s := opts.Get("signal"); s != nil && !goja.IsUndefined(s) {
				if _, ok := toAbortSignal(s); !ok {
					panic(r.newTypeError("Failed to execute 'wait' on 'Scheduler': signal is not of type 'AbortSignal'."))
				}
				signal = s.(*goja.Object)
			}
		}
		p, resolve, reject := r.rt.NewPromise()
		if signal != nil {
			if s, _ := toAbortSignal(signal); s.aborted {
				must(reject(s.reason))
				return r.rt.ToValue(p)
			}
		}
		cancel := func() {}
		id := r.loop.SetTimer(delay, false, func() {
			cancel()
			must(resolve(goja.Undefined()))
		})
		if signal != nil {
			cancel = r.onAbort(signal, func(reason goja.Value) {
				r.loop.ClearTimer(id)
				must(reject(reason))
			})
		}
		return r.rt.ToValue(p)
	})
	must(r.rt.GlobalObject().DefineDataProperty("scheduler", r.newInstance("Scheduler", &schedulerObject{}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
}
