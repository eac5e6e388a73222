package jsapi

// MessageChannel and MessagePort (https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging)
// within one isolate: two entangled ports; postMessage structured-clones
// its message (V8's format, as everywhere) and delivers it to the other
// port as a "message" MessageEvent in a later task. A port holds its
// messages until it is started, by start() or by setting onmessage; after
// close() on either side, messages are dropped.
//
// Missing: transferring ports (the transfer list is refused), and ports
// crossing isolates or RPC.

import (
	"github.com/dop251/goja"
)

type messagePort struct {
	eventTarget
	obj       *goja.Object
	other     *messagePort
	onmessage goja.Value
	started   bool
	closed    bool
	queue     [][]byte
}

type messageChannel struct{ port1, port2 *goja.Object }

func installMessageChannel(r *Realm) {
	port := r.newEventTargetClass("MessagePort", 0, nil)
	get := func(this goja.Value) *messagePort { return unwrap[*messagePort](r, this) }
	port.method("postMessage", 1, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		if transfersSomething(call.Argument(1)) {
			panic(r.newDOMException("Transferring objects through a MessagePort is not supported by kindling.", "DataCloneError"))
		}
		data, err := r.serialize(call.Argument(0))
		if err != nil {
			panic(r.ExceptionValue(err))
		}
		if p.closed || p.other == nil || p.other.closed {
			return goja.Undefined()
		}
		p.other.queue = append(p.other.queue, data)
		r.deliverMessages(p.other)
		return goja.Undefined()
	})
	port.method("start", 0, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		p.started = true
		r.deliverMessages(p)
		return goja.Undefined()
	})
	port.method("close", 0, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		p.closed, p.queue = true, nil
		if p.other != nil {
			p.other.closed, p.other.queue = true, nil
		}
		return goja.Undefined()
	})
	port.accessor("onmessage", func(this goja.Value) goja.Value {
		if h := get(this).onmessage; h != nil {
			return h
		}
		return goja.Null()
	}, func(this goja.Value, v goja.Value) {
		p := get(this)
		if _, ok := goja.AssertFunction(v); ok {
			p.onmessage = v
			p.started = true
			r.deliverMessages(p)
		} else {
			p.onmessage = nil
		}
	})
	port.global()

	ch := r.newClass("MessageChannel", 0, func(call goja.ConstructorCall) any {
		a, b := &messagePort{}, &messagePort{}
		a.other, b.other = b, a
		a.obj, b.obj = r.newInstance("MessagePort", a), r.newInstance("MessagePort", b)
		return &messageChannel{port1: a.obj, port2: b.obj}
	})
	ch.getter("port1", func(this goja.Value) goja.Value { return unwrap[*messageChannel](r, this).port1 })
	ch.getter("port2", func(this goja.Value) goja.Value { return unwrap[*messageChannel](r, this).port2 })
	ch.global()
}

// transfersSomething reports whether postMessage's second argument, a
// transfer list or an options dictionary with one, lists anything.
func transfersSomething(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	if o.ClassName() != "Array" {
		t, ok := o.Get("transfer").(*goja.Object)
		if !ok {
			return false
		}
		o = t
	}
	return o.Get("length") != nil && o.Get("length").ToInteger() > 0
}

// deliverMessages schedules, for a started port, a task that dispatches
// each queued message.
func (r *Realm) deliverMessages(p *messagePort) {
	if !p.started || len(p.queue) == 0 {
		return
	}
	enqueue := r.loop.Reserve()
	enqueue(func() {
		for p.started && !p.closed && len(p.queue) > 0 {
			data := p.queue[0]
			p.queue = p.queue[1:]
			if ex := r.rt.Try(func() {
				v, err := r.deserialize(data)
				if err != nil {
					panic(r.ExceptionValue(err))
				}
				r.dispatch(p.obj, r.newMessageEvent("message", v))
			}); ex != nil {
				r.ReportError(ex)
			}
		}
	})
}
