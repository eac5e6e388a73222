package jsapi

// Timers (https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers)
// and queueMicrotask, on the realm's event loop. Ids are numbers, as in
// workerd. An exception thrown by a callback is reported as uncaught; it
// does not stop other timers.
//
// Missing: string callbacks (workerd refuses them: no eval).

import (
	"math"
	"time"

	"github.com/dop251/goja"
)

func installTimers(r *Realm) {
	set := func(name string, repeat bool) {
		r.setGlobalFunction(name, 1, func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(r.newTypeError("Failed to execute '" + name + "' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'."))
			}
			delay := timerDelay(call.Argument(1))
			var args []goja.Value
			if len(call.Arguments) > 2 {
				args = append(args, call.Arguments[2:]...)
			}
			id := r.loop.SetTimer(delay, repeat, func() {
				if _, err := fn(goja.Undefined(), args...); err != nil {
					r.ReportError(err)
				}
			})
			return r.rt.ToValue(id)
		})
	}
	set("setTimeout", false)
	set("setInterval", true)
	clear := func(call goja.FunctionCall) goja.Value {
		if v := call.Argument(0); !goja.IsUndefined(v) && !goja.IsNull(v) {
			r.loop.ClearTimer(int(v.ToInteger()))
		}
		return goja.Undefined()
	}
	r.setGlobalFunction("clearTimeout", 1, clear)
	r.setGlobalFunction("clearInterval", 1, clear)

	r.setGlobalFunction("queueMicrotask", 1, func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'."))
		}
		r.queueMicrotask(func() {
			if _, err := fn(goja.Undefined()); err != nil {
				r.ReportError(err)
			}
		})
		return goja.Undefined()
	})
}

// timerDelay converts a delay in milliseconds: NaN and negative mean 0, and
// a delay too long for a time.Duration (Infinity, 1e20) waits as long as
// one can, as in workerd, where such a timer never fires, instead of
// overflowing into a negative duration that would fire at once.
func timerDelay(v goja.Value) time.Duration {
	ms := v.ToFloat()
	if ms != ms || ms <= 0 { // NaN, negative or zero
		return 0
	}
	if ms >= float64(math.MaxInt64/int64(time.Millisecond)) {
		return math.MaxInt64
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// queueMicrotask runs fn as a promise job. goja has no public microtask
// queue; the reaction of a resolved promise is one.
func (r *Realm) queueMicrotask(fn func()) {
	p, resolve, _ := r.rt.NewPromise()
	r.then(r.rt.ToValue(p).(*goja.Object), func(goja.Value) { fn() }, func(goja.Value) {})
	must(resolve(goja.Undefined()))
}
