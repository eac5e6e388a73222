package jsapi

// Calls that leave the isolate and the other end of them: host operations
// settled on the loop, and invoking a fetch handler on an object and
// handing its response back to Go. RPC has its own files (rpc_*.go).

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

// serialize structured-clones v; a value that cannot be cloned gives a
// DataCloneError DOMException, as in workerd.
func (r *Realm) serialize(v goja.Value) ([]byte, error) {
	data, err := v8serial.Serialize(r.rt, v, nil)
	var dce *v8serial.DataCloneError
	if errors.As(err, &dce) {
		return nil, &thrownError{r.newDOMException(dce.Message, "DataCloneError")}
	}
	return data, err
}

func (r *Realm) deserialize(data []byte) (goja.Value, error) {
	return v8serial.Deserialize(r.rt, data, nil)
}

// hostCall runs start, which begins a host operation and calls done once
// from any goroutine, and returns a promise settled on the loop with
// convert(result) or the error.
func (r *Realm) hostCall(start func(done func(any, error)), convert func(any) goja.Value) goja.Value {
	p, resolve, reject := r.rt.NewPromise()
	enqueue := r.loop.Reserve()
	start(func(result any, err error) {
		enqueue(func() {
			if err != nil {
				must(reject(r.remoteError(err)))
				return
			}
			settle(r, resolve, reject, func() goja.Value { return convert(result) })
		})
	})
	return r.rt.ToValue(p)
}

// Await calls onFulfilled or onRejected once v (a value, a promise or a
// thenable) settles.
func (r *Realm) Await(v goja.Value, onFulfilled, onRejected func(goja.Value)) {
	o, ok := v.(*goja.Object)
	if !ok {
		onFulfilled(v)
		return
	}
	if p, ok := o.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateFulfilled:
			onFulfilled(p.Result())
			return
		case goja.PromiseStateRejected:
			// Attach a handler so goja does not report the rejection as
			// unhandled; the caller handles it.
			r.then(o, func(goja.Value) {}, func(goja.Value) {})
			onRejected(p.Result())
			return
		}
		r.then(o, onFulfilled, onRejected)
		return
	}
	if _, ok := goja.AssertFunction(o.Get("then")); !ok {
		onFulfilled(v)
		return
	}
	// A thenable: resolving a promise with it adopts its state, as `await`
	// would.
	resolved, resolve, _ := r.rt.NewPromise()
	must(resolve(v))
	r.then(r.rt.ToValue(resolved).(*goja.Object), onFulfilled, onRejected)
}

func (r *Realm) then(p *goja.Object, onFulfilled, onRejected func(goja.Value)) {
	then, ok := goja.AssertFunction(p.Get("then"))
	if !ok {
		panic(fmt.Sprintf("jsapi: promise without then: %v", p))
	}
	_, err := then(p,
		r.function("", 1, func(call goja.FunctionCall) goja.Value { onFulfilled(call.Argument(0)); return goja.Undefined() }),
		r.function("", 1, func(call goja.FunctionCall) goja.Value { onRejected(call.Argument(0)); return goja.Undefined() }),
	)
	if err != nil {
		panic(err)
	}
}

// InvokeFetch calls a fetch handler — handler.fetch(request, extra...) —
// and converts what it returns. done receives the response, or a
// *ScriptError for an exception or for a value that is not a Response.
func (r *Realm) InvokeFetch(handler *goja.Object, req *HTTPRequest, extra []goja.Value, done func(*HTTPResponse, error)) {
	fail := func(thrown goja.Value) { done(nil, r.NewScriptError(thrown)) }
	fn, ok := goja.AssertFunction(handler.Get("fetch"))
	if !ok {
		fail(r.NewError("Handler does not export a fetch() function."))
		return
	}
	args := append([]goja.Value{r.NewRequest(req)}, extra...)
	result, err := fn(handler, args...)
	if err != nil {
		fail(r.ExceptionValue(err))
		return
	}
	r.Await(result, func(v goja.Value) {
		var res *HTTPResponse
		if ex := r.rt.Try(func() { res = r.ToHTTPResponse(v) }); ex != nil {
			fail(ex.Value())
			return
		}
		if res == nil {
			fail(r.newTypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'."))
			return
		}
		done(res, nil)
	}, fail)
}
