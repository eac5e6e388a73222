package jsapi

// ctx.abort(reason) of a Durable Object (workerd api/actor-state.c++
// DurableObjectState::abort): resets the object. Every event in flight on
// it fails with the reason, writes not yet committed are dropped, and the
// next event constructs a new instance from storage.
//
// Missing: workerd also terminates the calling JavaScript at once, which no
// try/catch can stop; here abort() throws the error, which user code could
// catch (the object is reset all the same, and its storage refuses further
// use). options.retryAlarm is accepted and ignored.

import (
	"github.com/dop251/goja"
)

// ObjectAborter resets an instance on ctx.abort().
type ObjectAborter interface {
	// Abort resets the object; the events in flight fail with reason.
	Abort(reason *ScriptError)
}

func installDurableObjectAbort(r *Realm) {
	c := r.existingClass("DurableObjectState")
	c.method("abort", 0, func(call goja.FunctionCall) goja.Value {
		s := unwrap[*durableObjectState](r, call.This)
		message := "Application called abort() to reset Durable Object."
		if v := call.Argument(0); !goja.IsUndefined(v) {
			message = v.String()
		}
		err := r.NewError(message)
		if a, ok := s.state.(ObjectAborter); ok {
			a.Abort(r.NewScriptError(err))
		}
		panic(err)
	})
}
