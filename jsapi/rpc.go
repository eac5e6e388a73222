package jsapi

// Calls that leave the isolate (to a Durable Object, later to a service)
// and the other end of them: invoking a method or a fetch handler on an
// object and handing its result back to Go. Values cross as V8
// serialization bytes (jsapi/v8serial), the same structured clone
// workerd uses, so both sides own independent copies.

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

// ScriptError is a JS exception on its way out of an isolate: to the dev
// server (which prints Text) or to the isolate that made a call (which
// rebuilds the thrown value from Value).
type ScriptError struct {
	// Text is the exception as workerd prints it: "Error: msg" plus the
	// source-mapped stack.
	Text string
	// Value is the thrown value, structured-cloned; nil if it could not be.
	Value []byte
}

func (e *ScriptError) Error() string { return e.Text }

// NewScriptError captures a thrown value for Go.
func (r *Realm) NewScriptError(thrown goja.Value) *ScriptError {
	se := &ScriptError{Text: FormatError(thrown)}
	if data, err := r.serialize(thrown); err == nil {
		se.Value = data
	}
	return se
}

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

// remoteError turns an error from another isolate into the JS value the
// caller sees: the callee's exception, with `remote: true` as in workerd,
// or an Error carrying a Go error's message.
func (r *Realm) remoteError(err error) goja.Value {
	var se *ScriptError
	if errors.As(err, &se) && se.Value != nil {
		v, derr := r.deserialize(se.Value)
		if derr == nil {
			if o, ok := v.(*goja.Object); ok {
				if r.rt.InstanceOf(o, r.errs.error_) {
					_ = o.Set("remote", true)
				}
			}
			return v
		}
	}
	e := r.NewError(err.Error())
	_ = e.Set("remote", true)
	return e
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

// reservedMethods cannot be called over RPC: they are the handlers the
// runtime itself calls.
var reservedMethods = map[string]bool{
	"fetch": true, "connect": true, "alarm": true, "webSocketMessage": true,
	"webSocketClose": true, "webSocketError": true, "constructor": true,
}

// InvokeMethod runs an RPC call on obj (a Durable Object): args is the
// serialized argument array. done receives the serialized result or a
// *ScriptError. Only methods found on the prototype chain are callable
// (instance properties are not exposed), as in workerd.
func (r *Realm) InvokeMethod(obj *goja.Object, method string, args []byte, done func([]byte, error)) {
	fail := func(thrown goja.Value) { done(nil, r.NewScriptError(thrown)) }
	var fn goja.Callable
	ok := false
	if !reservedMethods[method] && !hasOwn(obj, method) {
		fn, ok = goja.AssertFunction(obj.Get(method))
	}
	if !ok {
		fail(r.newTypeError(fmt.Sprintf("The RPC receiver does not implement the method %q.", method)))
		return
	}
	argv, err := r.deserialize(args)
	if err != nil {
		fail(r.ExceptionValue(err))
		return
	}
	var argList []goja.Value
	if arr, ok := argv.(*goja.Object); ok {
		r.rt.ForOf(arr, func(v goja.Value) bool { argList = append(argList, v); return true })
	}
	result, err := fn(obj, argList...)
	if err != nil {
		fail(r.ExceptionValue(err))
		return
	}
	r.Await(result, func(v goja.Value) {
		data, err := r.serialize(v)
		if err != nil {
			fail(r.ExceptionValue(err))
			return
		}
		done(data, nil)
	}, fail)
}

func hasOwn(o *goja.Object, name string) bool {
	for _, k := range o.GetOwnPropertyNames() {
		if k == name {
			return true
		}
	}
	return false
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
