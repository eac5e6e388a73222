package jsapi

// The scheduled event (workerd api/scheduled.h, api/global-scope.c++
// startScheduled): scheduled(controller, env, ctx) of a Worker, run by a
// cron trigger or on demand. The controller carries scheduledTime (ms) and
// cron as read-only own properties, and noRetry() on its prototype.

import (
	"time"

	"github.com/dop251/goja"
)

type scheduledController struct{ noRetry bool }

func installScheduledController(r *Realm) {
	c := r.newClass("ScheduledController", 0, nil)
	c.method("noRetry", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*scheduledController](r, call.This).noRetry = true
		return goja.Undefined()
	})
}

// InvokeScheduled calls handler.scheduled(controller, extra...) for the
// event at at with cron, and reports when the handler's promise settles:
// err is a *ScriptError if it threw or rejected; noRetry says whether it
// called controller.noRetry().
func (r *Realm) InvokeScheduled(handler *goja.Object, extra []goja.Value, at time.Time, cron string, done func(noRetry bool, err error)) {
	state := &scheduledController{}
	fail := func(thrown goja.Value) { done(state.noRetry, r.NewScriptError(thrown)) }
	fn, ok := goja.AssertFunction(handler.Get("scheduled"))
	if !ok {
		r.host.Log(LevelWarn, "Received a ScheduledEvent but we lack a handler for ScheduledEvents (a.k.a. Cron Triggers). Did you remember to export a scheduled() function?")
		state.noRetry = true
		fail(r.NewError("Handler does not export a scheduled() function"))
		return
	}
	controller := r.newInstance("ScheduledController", state)
	// In the order workerd's object lists them (Object.keys).
	must(controller.DefineDataProperty("cron", r.rt.ToValue(cron), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(controller.DefineDataProperty("scheduledTime", r.rt.ToValue(at.UnixMilli()), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	result, err := fn(handler, append([]goja.Value{controller}, extra...)...)
	if err != nil {
		fail(r.ExceptionValue(err))
		return
	}
	r.Await(result, func(goja.Value) { done(state.noRetry, nil) }, fail)
}

// AwaitAll calls done once every value (promise or not) has settled, with
// the first rejection as a *ScriptError, or nil: how an event waits for
// the promises given to ctx.waitUntil().
func (r *Realm) AwaitAll(values []goja.Value, done func(error)) {
	pending := len(values)
	var first error
	if pending == 0 {
		done(nil)
		return
	}
	settle := func(err error) {
		if err != nil && first == nil {
			first = err
		}
		pending--
		if pending == 0 {
			done(first)
		}
	}
	for _, v := range values {
		r.Await(v, func(goja.Value) { settle(nil) }, func(thrown goja.Value) { settle(r.NewScriptError(thrown)) })
	}
}
