package jsapi

// The performance global (https://w3c.github.io/hr-time/#the-performance-interface)
// and navigator (https://html.spec.whatwg.org/multipage/system-state.html#the-navigator-object).
//
// workerd defines timeOrigin as 0 and performance.now() as Date.now(),
// which it freezes while code runs (a Spectre mitigation). Kindling keeps
// the time origin at 0, so now() is still milliseconds since the epoch, but
// reads the real clock with sub-millisecond precision: locally there is
// nothing to mitigate, and timing code with performance.now() is what
// people use it for. As in workerd, the Performance class is not a global
// while Navigator is.
//
// navigator.sendBeacon(url, body) POSTs with the global fetch and returns
// true without waiting, as workerd does (there it also extends the request
// with waitUntil).
//
// Missing: the User Timing API (mark, measure, getEntries…) that workerd
// exposes behind compatibility flags, navigator.storage.

import (
	"time"

	"github.com/dop251/goja"
)

type performanceObject struct{}

type navigatorObject struct{}

// performanceNow is performance.now(): milliseconds since the epoch (the
// time origin is 0, as in workerd), to the microsecond.
func performanceNow() float64 {
	return float64(time.Now().UnixMicro()) / 1000
}

func installPerformance(r *Realm) {
	p := r.newClass("Performance", 0, nil)
	p.getter("timeOrigin", func(this goja.Value) goja.Value {
		unwrap[*performanceObject](r, this)
		return r.rt.ToValue(0)
	})
	p.method("now", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*performanceObject](r, call.This)
		return r.rt.ToValue(performanceNow())
	})
	must(r.rt.GlobalObject().DefineDataProperty("performance", r.newInstance("Performance", &performanceObject{}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))

	n := r.newClass("Navigator", 0, nil)
	get := func(this goja.Value) { unwrap[*navigatorObject](r, this) }
	constant := func(name string, v func() goja.Value) {
		n.getter(name, func(this goja.Value) goja.Value { get(this); return v() })
	}
	constant("userAgent", func() goja.Value { return r.rt.ToValue("Cloudflare-Workers") })
	// Workers show one core whatever the machine has.
	constant("hardwareConcurrency", func() goja.Value { return r.rt.ToValue(1) })
	constant("platform", func() goja.Value { return r.rt.ToValue("") })
	constant("language", func() goja.Value { return r.rt.ToValue("en") })
	constant("languages", func() goja.Value { return r.rt.NewArray("en") })
	n.method("sendBeacon", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		url := r.requiredString(call.Arguments, "Failed to execute 'sendBeacon' on 'Navigator': parameter 1 is not of type 'string'.")
		fetch, ok := goja.AssertFunction(r.rt.GlobalObject().Get("fetch"))
		if !ok {
			return r.rt.ToValue(false)
		}
		init := r.rt.NewObject()
		must(init.Set("method", "POST"))
		if body := call.Argument(1); !goja.IsUndefined(body) {
			must(init.Set("body", body))
		}
		res, err := fetch(goja.Undefined(), r.rt.ToValue(url), init)
		if err != nil {
			panic(err)
		}
		// The beacon's outcome is nobody's business: swallow a rejection
		// so it is not reported as unhandled.
		r.Await(res, func(goja.Value) {}, func(goja.Value) {})
		return r.rt.ToValue(true)
	})
	n.global()
	must(r.rt.GlobalObject().DefineDataProperty("navigator", r.newInstance("Navigator", &navigatorObject{}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
}
