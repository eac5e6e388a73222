package jsapi

// AbortController and AbortSignal (https://dom.spec.whatwg.org/#aborting-ongoing-activities)
// as workerd has them. Differences from the DOM that code can see:
//
//   - onabort runs before every "abort" listener, even those added before
//     it: workerd runs a target's on<type> property first (see events.go);
//   - once a signal has fired, all its listeners are dropped;
//   - AbortSignal.any([]) returns a signal that can never abort, and any()
//     given an aborted signal returns an already-aborted one without
//     following the others.
//
// Go code observes a signal with onAbort (the spec's "abort algorithms",
// run before the abort event, as workerd cancels its pending I/O before
// dispatching) and aborts one with abortSignal.
//
// Missing: serializing a signal over RPC.

import (
	"time"

	"github.com/dop251/goja"
)

// abortSignal is the Go state of an AbortSignal.
type abortSignal struct {
	eventTarget
	obj     *goja.Object
	aborted bool
	reason  goja.Value
	// onabort is the value of the onabort property: a function or an
	// object, nil for null.
	onabort goja.Value
	// algorithms are the Go observers, run in order when the signal aborts.
	algorithms []*func(reason goja.Value)
}

// abortController is the Go state of an AbortController.
type abortController struct {
	signal *goja.Object
}

func installAbort(r *Realm) {
	signal := r.newEventTargetClass("AbortSignal", 0, nil)
	get := func(this goja.Value) *abortSignal { return unwrap[*abortSignal](r, this) }
	signal.getter("aborted", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).aborted) })
	signal.getter("reason", func(this goja.Value) goja.Value { return orUndefined(get(this).reason) })
	signal.accessor("onabort", func(this goja.Value) goja.Value {
		if h := get(this).onabort; h != nil {
			return h
		}
		return goja.Null()
	}, func(this goja.Value, v goja.Value) {
		s := get(this)
		// Like workerd, keep functions and objects, forget anything else.
		if _, ok := v.(*goja.Object); ok {
			s.onabort = v
		} else {
			s.onabort = nil
		}
	})
	signal.method("throwIfAborted", 0, func(call goja.FunctionCall) goja.Value {
		if s := get(call.This); s.aborted {
			panic(s.reason)
		}
		return goja.Undefined()
	})
	signal.static("abort", 0, func(call goja.FunctionCall) goja.Value {
		o := r.newAbortSignal()
		s := stateOf(o).(*abortSignal)
		s.aborted = true
		s.reason = r.abortReason(call.Argument(0))
		return o
	})
	signal.static("timeout", 1, func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'timeout' on 'AbortSignal': parameter 1 is not of type 'number'."))
		}
		ms := call.Argument(0).ToFloat()
		if ms != ms || ms < 0 { // NaN or negative: fire at once, as setTimeout would
			ms = 0
		}
		o := r.newAbortSignal()
		r.loop.SetTimer(time.Duration(ms*float64(time.Millisecond)), false, func() {
			// The timer task is not inside a JS call: an exception from an
			// abort listener is reported, as one from a timer callback is.
			if ex := r.rt.Try(func() {
				r.abortSignal(o, r.newDOMException("The operation was aborted due to timeout", "TimeoutError"))
			}); ex != nil {
				r.ReportError(ex)
			}
		})
		return o
	})
	signal.static("any", 1, func(call goja.FunctionCall) goja.Value {
		sources := r.abortSignals(call.Argument(0))
		if len(sources) == 0 {
			// Nothing can ever abort it: workerd's NEVER_ABORTS signal.
			return r.newAbortSignal()
		}
		for _, s := range sources {
			if s.aborted {
				o := r.newAbortSignal()
				st := stateOf(o).(*abortSignal)
				st.aborted, st.reason = true, s.reason
				return o
			}
		}
		o := r.newAbortSignal()
		for _, s := range sources {
			source := s
			// A listener like the one workerd adds, so it runs in order
			// with the source's other abort listeners.
			source.addNative("abort", true, func(*goja.Object) { r.abortSignal(o, source.reason) })
		}
		return o
	})
	signal.global()

	controller := r.newClass("AbortController", 0, func(call goja.ConstructorCall) any {
		return &abortController{signal: r.newAbortSignal()}
	})
	ctl := func(this goja.Value) *goja.Object { return unwrap[*abortController](r, this).signal }
	controller.getter("signal", func(this goja.Value) goja.Value { return ctl(this) })
	controller.method("abort", 0, func(call goja.FunctionCall) goja.Value {
		r.abortSignal(ctl(call.This), r.abortReason(call.Argument(0)))
		return goja.Undefined()
	})
	controller.global()
}

// newAbortSignal returns a fresh AbortSignal that has not aborted.
func (r *Realm) newAbortSignal() *goja.Object {
	s := &abortSignal{}
	o := r.newInstance("AbortSignal", s)
	s.obj = o
	return o
}

// toAbortSignal returns the state of v if it is an AbortSignal.
func toAbortSignal(v goja.Value) (*abortSignal, bool) {
	s, ok := stateOf(v).(*abortSignal)
	return s, ok
}

// abortReason is the reason a signal gets from abort(reason): the value,
// or for undefined a new "AbortError" DOMException.
func (r *Realm) abortReason(v goja.Value) goja.Value {
	if v == nil || goja.IsUndefined(v) {
		return r.newDOMException("The operation was aborted", "AbortError")
	}
	return v
}

// abortSignal aborts the signal object with reason (nil for the default
// AbortError): it runs the Go observers, then dispatches "abort" and drops
// every listener. A second abort does nothing. An exception thrown by a
// listener panics out, as it propagates out of controller.abort() in
// workerd.
func (r *Realm) abortSignal(signal *goja.Object, reason goja.Value) {
	s := unwrap[*abortSignal](r, signal)
	if s.aborted {
		return
	}
	if reason == nil {
		reason = r.abortReason(nil)
	}
	s.aborted, s.reason = true, reason
	algorithms := s.algorithms
	s.algorithms = nil
	for _, fn := range algorithms {
		if fn != nil {
			(*fn)(reason)
		}
	}
	defer s.removeAll()
	r.dispatch(signal, r.newEvent("abort"))
}

// onAbort arranges for fn to be called with the reason when signal aborts,
// before the abort event; if it already has, fn runs at once. The returned
// func unregisters fn (fetch and pipeTo call it when they finish first).
func (r *Realm) onAbort(signal *goja.Object, fn func(reason goja.Value)) (cancel func()) {
	s := unwrap[*abortSignal](r, signal)
	if s.aborted {
		fn(s.reason)
		return func() {}
	}
	p := &fn
	s.algorithms = append(s.algorithms, p)
	return func() {
		for i, q := range s.algorithms {
			if q == p {
				s.algorithms = append(s.algorithms[:i:i], s.algorithms[i+1:]...)
				return
			}
		}
	}
}

// abortSignals converts AbortSignal.any's argument: a sequence of signals.
func (r *Realm) abortSignals(v goja.Value) []*abortSignal {
	o, ok := v.(*goja.Object)
	if !ok {
		panic(r.newTypeError("Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'Array'."))
	}
	if _, ok := goja.AssertFunction(o.GetSymbol(goja.SymIterator)); !ok {
		panic(r.newTypeError("Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'Array'."))
	}
	var out []*abortSignal
	r.rt.ForOf(o, func(item goja.Value) bool {
		s, ok := toAbortSignal(item)
		if !ok {
			panic(r.newTypeError("Failed to execute 'any' on 'AbortSignal': parameter 1 is not of type 'AbortSignal'."))
		}
		out = append(out, s)
		return true
	})
	return out
}
