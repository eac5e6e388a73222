package jsapi

// ExecutionContext — the `ctx` of a Worker's handlers (workerd
// api/global-scope.h): waitUntil, passThroughOnException and props.
//
// Missing: abort, exports, tracing.

import (
	"github.com/dop251/goja"
)

type executionContext struct {
	props   goja.Value
	pending func(goja.Value)
}

func installExecutionContext(r *Realm) {
	c := r.newClass("ExecutionContext", 0, nil)
	c.method("waitUntil", 1, func(call goja.FunctionCall) goja.Value {
		ec := unwrap[*executionContext](r, call.This)
		if ec.pending != nil {
			ec.pending(call.Argument(0))
		}
		r.waitUntil(call.Argument(0))
		return goja.Undefined()
	})
	c.method("passThroughOnException", 0, func(call goja.FunctionCall) goja.Value {
		// There is no origin behind the local server to pass through to.
		unwrap[*executionContext](r, call.This)
		return goja.Undefined()
	})
	c.getter("props", func(this goja.Value) goja.Value {
		ec := unwrap[*executionContext](r, this)
		if ec.props == nil {
			ec.props = r.rt.NewObject()
		}
		return ec.props
	})
}

// NewExecutionContext returns a ctx for one handler call. onWaitUntil, if
// set, sees every promise passed to waitUntil, so the runtime can keep the
// isolate busy until they settle.
func (r *Realm) NewExecutionContext(onWaitUntil func(goja.Value)) *goja.Object {
	return r.newInstance("ExecutionContext", &executionContext{pending: onWaitUntil})
}
