package jsapi

// Event and EventTarget (https://dom.spec.whatwg.org/#events) as workerd
// has them, which is a flat model: targets have no parent, so there is no
// capture or bubble phase, eventPhase is AT_TARGET while an event is being
// dispatched and NONE otherwise, and composedPath() holds at most the
// target. Beyond that, workerd differs from the DOM in ways code can see:
//
//   - addEventListener refuses `capture: true` and `passive: true` with a
//     TypeError instead of honouring them;
//   - a listener's exception propagates out of dispatchEvent() and stops
//     the listeners after it (browsers report it and go on);
//   - a listener returning true cancels the event, and one returning any
//     other non-boolean value gets a one-time warning;
//   - an `on<type>` property of the target that holds a function runs
//     before every listener, for any event type and any target;
//   - timeStamp is always 0; target stays set after dispatch.
//
// Also here: CustomEvent, MessageEvent, CloseEvent, ErrorEvent and
// PromiseRejectionEvent, and the service-worker event classes workerd
// exposes (ExtendableEvent, FetchEvent, ScheduledEvent), which only exist
// for feature detection: Kindling runs module workers, so nothing creates
// them.
//
// Missing: MessageEvent's source and ports (no MessagePort yet), TailEvent,
// the warning workerd gives for addEventListener("fetch") in module syntax.

import (
	"math/big"
	"reflect"

	"github.com/dop251/goja"
)

// event is the Go state of an Event. Subclasses embed it; eventState finds
// it in any of them.
type event struct {
	typ                           string
	bubbles, cancelable, composed bool
	// trusted is true for events the runtime creates, false for `new Event`.
	trusted bool
	// canceled records preventDefault() even on a non-cancelable event;
	// defaultPrevented masks it with cancelable, as workerd does.
	canceled bool
	// stopped is set by stopImmediatePropagation() and never cleared: a
	// stopped event redispatched runs no listener.
	stopped bool
	// propagationStopped is cancelBubble; with no hierarchy it has no effect.
	propagationStopped bool
	dispatching        bool
	target             *goja.Object
}

func (e *event) ev() *event { return e }

func (e *event) defaultPrevented() bool { return e.cancelable && e.canceled }

// eventState is implemented by the state of every Event subclass.
type eventState interface{ ev() *event }

type customEvent struct {
	event
	detail goja.Value
}

type messageEvent struct {
	event
	data goja.Value
	// origin and lastEventId are set for an EventSource's messages; origin
	// is nil (null) otherwise.
	origin      goja.Value
	lastEventID string
}

type closeEvent struct {
	event
	code     int
	reason   string
	wasClean bool
}

type errorEvent struct {
	event
	message, filename string
	lineno, colno     int
	err               goja.Value
}

type promiseRejectionEvent struct {
	event
	promise, reason goja.Value
}

// listener is one registration on an EventTarget: a JS function or handler
// object (identity is what removeEventListener matches), or a Go func.
type listener struct {
	identity *goja.Object
	// callback and this are what a JS listener calls: the function and the
	// target, or handleEvent (read once, when the listener was added) and
	// the handler object.
	callback goja.Callable
	this     goja.Value
	native   func(event *goja.Object)
	once     bool
	// detachSignal unregisters the abort listener installed for the
	// `signal` option, so a removed listener leaves nothing behind.
	detachSignal func()
}

// eventTarget is the Go state of an EventTarget: listeners by type, in
// registration order. Go-backed subclasses (AbortSignal, WebSocket) embed
// it and are found through eventTargetState.
type eventTarget struct {
	listeners map[string][]*listener
	// warnedReturn makes the "event handler returned a value" warning
	// once per target, as in workerd.
	warnedReturn bool
}

func (t *eventTarget) target() *eventTarget { return t }

// eventTargetState is implemented by the state of every EventTarget
// subclass that embeds eventTarget.
type eventTargetState interface{ target() *eventTarget }

// add registers l unless a JS listener with the same identity is already
// registered for typ (adding twice is a no-op, options included).
func (t *eventTarget) add(typ string, l *listener) bool {
	if l.identity != nil && t.find(typ, l.identity) != nil {
		return false
	}
	if t.listeners == nil {
		t.listeners = make(map[string][]*listener)
	}
	t.listeners[typ] = append(t.listeners[typ], l)
	return true
}

// find returns the JS listener registered for typ with this identity.
func (t *eventTarget) find(typ string, identity *goja.Object) *listener {
	for _, l := range t.listeners[typ] {
		if l.identity != nil && l.identity.SameAs(identity) {
			return l
		}
	}
	return nil
}

func (t *eventTarget) contains(typ string, l *listener) bool {
	for _, m := range t.listeners[typ] {
		if m == l {
			return true
		}
	}
	return false
}

// remove unregisters l (and the abort listener its signal option added).
func (t *eventTarget) remove(typ string, l *listener) {
	list := t.listeners[typ]
	for i, m := range list {
		if m == l {
			t.listeners[typ] = append(list[:i:i], list[i+1:]...)
			if len(t.listeners[typ]) == 0 {
				delete(t.listeners, typ)
			}
			if l.detachSignal != nil {
				l.detachSignal()
				l.detachSignal = nil
			}
			return
		}
	}
}

// removeAll drops every listener, as an AbortSignal does once it fired.
func (t *eventTarget) removeAll() {
	for _, list := range t.listeners {
		for _, l := range list {
			if l.detachSignal != nil {
				l.detachSignal()
			}
		}
	}
	t.listeners = nil
}

func installEvents(r *Realm) {
	installEventClass(r)
	installEventTarget(r)

	custom := r.newEventClass("CustomEvent", 1, func(call goja.ConstructorCall) any {
		e := &customEvent{}
		init := r.eventInit(&e.event, "CustomEvent", "CustomEventInit", call)
		if init != nil {
			if v := init.Get("detail"); v != nil && !goja.IsUndefined(v) {
				e.detail = v
			}
		}
		return e
	})
	custom.getter("detail", func(this goja.Value) goja.Value {
		return orUndefined(unwrap[*customEvent](r, this).detail)
	})
	custom.global()

	message := r.newEventClass("MessageEvent", 2, func(call goja.ConstructorCall) any {
		e := &messageEvent{data: goja.Undefined()}
		// workerd's MessageEventInit has only data; bubbles and the like
		// are not read.
		e.typ = r.eventType(call.Arguments, "MessageEvent")
		if init := r.dictionary(call.Argument(1), "Failed to construct 'MessageEvent': constructor parameter 2 is not of type 'MessageEventInit'."); init != nil {
			if v := init.Get("data"); v != nil {
				e.data = v
			}
		}
		return e
	})
	message.getter("data", func(this goja.Value) goja.Value { return unwrap[*messageEvent](r, this).data })
	message.getter("origin", func(this goja.Value) goja.Value {
		if o := unwrap[*messageEvent](r, this).origin; o != nil {
			return o
		}
		return goja.Null()
	})
	message.getter("lastEventId", func(this goja.Value) goja.Value {
		return r.rt.ToValue(unwrap[*messageEvent](r, this).lastEventID)
	})
	message.getter("source", func(this goja.Value) goja.Value { unwrap[*messageEvent](r, this); return goja.Null() })
	message.getter("ports", func(this goja.Value) goja.Value { unwrap[*messageEvent](r, this); return r.rt.NewArray() })
	message.global()

	closeEv := r.newEventClass("CloseEvent", 1, func(call goja.ConstructorCall) any {
		e := &closeEvent{}
		e.typ = r.eventType(call.Arguments, "CloseEvent")
		if init := r.dictionary(call.Argument(1), "Failed to construct 'CloseEvent': constructor parameter 2 is not of type 'CloseEventInit'."); init != nil {
			if v := init.Get("code"); v != nil && !goja.IsUndefined(v) {
				e.code = int(int32(v.ToInteger()))
			}
			if v := init.Get("reason"); v != nil && !goja.IsUndefined(v) {
				e.reason = v.String()
			}
			if v := init.Get("wasClean"); v != nil && !goja.IsUndefined(v) {
				e.wasClean = v.ToBoolean()
			}
		}
		return e
	})
	closeEv.getter("code", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*closeEvent](r, this).code) })
	closeEv.getter("reason", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*closeEvent](r, this).reason) })
	closeEv.getter("wasClean", func(this goja.Value) goja.Value {
		return r.rt.ToValue(unwrap[*closeEvent](r, this).wasClean)
	})
	closeEv.global()

	errorEv := r.newEventClass("ErrorEvent", 1, func(call goja.ConstructorCall) any {
		e := &errorEvent{}
		e.typ = r.eventType(call.Arguments, "ErrorEvent")
		if init := r.dictionary(call.Argument(1), "Failed to construct 'ErrorEvent': constructor parameter 2 is not of type 'ErrorEventInit'."); init != nil {
			str := func(name string) string {
				if v := init.Get(name); v != nil && !goja.IsUndefined(v) {
					return v.String()
				}
				return ""
			}
			num := func(name string) int {
				if v := init.Get(name); v != nil && !goja.IsUndefined(v) {
					return int(int32(v.ToInteger()))
				}
				return 0
			}
			e.message, e.filename = str("message"), str("filename")
			e.lineno, e.colno = num("lineno"), num("colno")
			if v := init.Get("error"); v != nil && !goja.IsUndefined(v) {
				e.err = v
			}
		}
		return e
	})
	errorEv.getter("filename", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*errorEvent](r, this).filename) })
	errorEv.getter("message", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*errorEvent](r, this).message) })
	errorEv.getter("lineno", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*errorEvent](r, this).lineno) })
	errorEv.getter("colno", func(this goja.Value) goja.Value { return r.rt.ToValue(unwrap[*errorEvent](r, this).colno) })
	errorEv.getter("error", func(this goja.Value) goja.Value { return orUndefined(unwrap[*errorEvent](r, this).err) })
	errorEv.global()

	rejection := r.newEventClass("PromiseRejectionEvent", 0, nil)
	rejection.getter("promise", func(this goja.Value) goja.Value {
		return orUndefined(unwrap[*promiseRejectionEvent](r, this).promise)
	})
	rejection.getter("reason", func(this goja.Value) goja.Value {
		return orUndefined(unwrap[*promiseRejectionEvent](r, this).reason)
	})
	rejection.global()

	extendable := r.newEventClass("ExtendableEvent", 0, nil)
	extendable.method("waitUntil", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[eventState](r, call.This)
		// Only trusted events accept waitUntil, and the runtime never
		// creates an ExtendableEvent: module workers get ctx.waitUntil.
		panic(r.newDOMException("waitUntil() can only be called on trusted event.", "InvalidStateError"))
	})
	extendable.global()
	r.newClass("FetchEvent", 0, nil).extends(extendable).global()
	r.newClass("ScheduledEvent", 0, nil).extends(extendable).global()
}

func installEventClass(r *Realm) {
	c := r.newClass("Event", 1, func(call goja.ConstructorCall) any {
		e := &event{}
		r.eventInit(e, "Event", "EventInit", call)
		return e
	})
	get := func(this goja.Value) *event { return unwrap[eventState](r, this).ev() }
	boolGetter := func(name string, f func(e *event) bool) {
		c.getter(name, func(this goja.Value) goja.Value { return r.rt.ToValue(f(get(this))) })
	}
	c.getter("type", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).typ) })
	c.getter("eventPhase", func(this goja.Value) goja.Value {
		if get(this).dispatching {
			return r.rt.ToValue(2)
		}
		return r.rt.ToValue(0)
	})
	boolGetter("composed", func(e *event) bool { return e.composed })
	boolGetter("bubbles", func(e *event) bool { return e.bubbles })
	boolGetter("cancelable", func(e *event) bool { return e.cancelable })
	boolGetter("defaultPrevented", (*event).defaultPrevented)
	boolGetter("returnValue", func(e *event) bool { return !e.defaultPrevented() })
	target := func(this goja.Value) goja.Value {
		if t := get(this).target; t != nil {
			return t
		}
		return goja.Undefined()
	}
	c.getter("currentTarget", target)
	c.getter("target", target)
	c.getter("srcElement", target)
	c.getter("timeStamp", func(this goja.Value) goja.Value {
		get(this)
		// workerd always answers 0 so that events cannot be used as a
		// timer.
		return r.rt.ToValue(0)
	})
	boolGetter("isTrusted", func(e *event) bool { return e.trusted })
	c.accessor("cancelBubble", func(this goja.Value) goja.Value {
		return r.rt.ToValue(get(this).propagationStopped)
	}, func(this goja.Value, v goja.Value) {
		get(this).propagationStopped = v.ToBoolean()
	})
	c.method("stopImmediatePropagation", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This).stopped = true
		return goja.Undefined()
	})
	c.method("preventDefault", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This).canceled = true
		return goja.Undefined()
	})
	c.method("stopPropagation", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This).propagationStopped = true
		return goja.Undefined()
	})
	c.method("composedPath", 0, func(call goja.FunctionCall) goja.Value {
		e := get(call.This)
		if e.dispatching {
			return r.rt.NewArray(e.target)
		}
		return r.rt.NewArray()
	})
	c.constant("NONE", 0)
	c.constant("CAPTURING_PHASE", 1)
	c.constant("AT_TARGET", 2)
	c.constant("BUBBLING_PHASE", 3)
	c.global()
}

func installEventTarget(r *Realm) {
	c := r.newClass("EventTarget", 0, func(call goja.ConstructorCall) any { return &eventTarget{} })
	c.method("addEventListener", 2, func(call goja.FunctionCall) goja.Value {
		t := unwrap[eventTargetState](r, call.This).target()
		typ := r.requiredString(call.Arguments, "Failed to execute 'addEventListener' on 'EventTarget': parameter 1 is not of type 'string'.")
		l := r.toListener(call.This, call.Argument(1))
		if l == nil {
			return goja.Undefined() // null or undefined: nothing to add
		}
		signal := r.listenerOptions(call.Argument(2), l)
		if signal != nil && signal.aborted {
			return goja.Undefined()
		}
		if !t.add(typ, l) || signal == nil {
			return goja.Undefined()
		}
		// The signal option: the listener goes away when the signal aborts.
		identity := l.identity
		l.detachSignal = signal.target().addNative("abort", true, func(*goja.Object) {
			if m := t.find(typ, identity); m != nil {
				t.remove(typ, m)
			}
		})
		return goja.Undefined()
	})
	c.method("removeEventListener", 2, func(call goja.FunctionCall) goja.Value {
		t := unwrap[eventTargetState](r, call.This).target()
		typ := r.requiredString(call.Arguments, "Failed to execute 'removeEventListener' on 'EventTarget': parameter 1 is not of type 'string'.")
		handler := call.Argument(1)
		if opts := call.Argument(2); !goja.IsUndefined(opts) && !goja.IsNull(opts) {
			if o, ok := opts.(*goja.Object); ok {
				if v := o.Get("capture"); v != nil && v.ToBoolean() {
					panic(r.newTypeError("removeEventListener(): options.capture must be false."))
				}
			} else if opts.ToBoolean() {
				panic(r.newTypeError("removeEventListener(): useCapture must be false."))
			}
		}
		if goja.IsUndefined(handler) || goja.IsNull(handler) {
			return goja.Undefined()
		}
		identity, ok := handler.(*goja.Object)
		if !ok {
			panic(r.newTypeError("Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'."))
		}
		if l := t.find(typ, identity); l != nil {
			t.remove(typ, l)
		}
		return goja.Undefined()
	})
	c.method("dispatchEvent", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[eventTargetState](r, call.This)
		ev, ok := call.Argument(0).(*goja.Object)
		if _, isEvent := stateOf(ev).(eventState); !ok || !isEvent {
			panic(r.newTypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'."))
		}
		return r.rt.ToValue(r.dispatch(call.This.(*goja.Object), ev))
	})
	c.global()
}

// toListener converts addEventListener's second argument: nil for null and
// undefined (workerd ignores them), a listener for a function or an object
// with a handleEvent method, a TypeError otherwise.
func (r *Realm) toListener(target, handler goja.Value) *listener {
	if goja.IsUndefined(handler) || goja.IsNull(handler) {
		return nil
	}
	if o, ok := handler.(*goja.Object); ok {
		if fn, ok := goja.AssertFunction(o); ok {
			return &listener{identity: o, callback: fn, this: target}
		}
		if fn, ok := goja.AssertFunction(o.Get("handleEvent")); ok {
			return &listener{identity: o, callback: fn, this: o}
		}
	}
	panic(r.newTypeError("Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'function or HandlerObject'."))
}

// listenerOptions reads addEventListener's options into l and returns the
// signal option, if any.
func (r *Realm) listenerOptions(opts goja.Value, l *listener) *abortSignal {
	if goja.IsUndefined(opts) || goja.IsNull(opts) {
		return nil
	}
	o, ok := opts.(*goja.Object)
	if !ok {
		if opts.ToBoolean() {
			panic(r.newTypeError("addEventListener(): useCapture must be false."))
		}
		return nil
	}
	var signal *abortSignal
	if v := o.Get("signal"); v != nil && !goja.IsUndefined(v) {
		s, ok := stateOf(v).(*abortSignal)
		if !ok {
			panic(r.newTypeError("Incorrect type for the 'signal' field on 'AddEventListenerOptions': the provided value is not of type 'AbortSignal'."))
		}
		signal = s
	}
	if v := o.Get("capture"); v != nil && v.ToBoolean() {
		panic(r.newTypeError("addEventListener(): options.capture must be false."))
	}
	if v := o.Get("passive"); v != nil && v.ToBoolean() {
		panic(r.newTypeError("addEventListener(): options.passive must be false."))
	}
	if v := o.Get("once"); v != nil {
		l.once = v.ToBoolean()
	}
	return signal
}

// addNative registers a Go listener for typ and returns the func that
// removes it.
func (t *eventTarget) addNative(typ string, once bool, fn func(event *goja.Object)) (remove func()) {
	l := &listener{native: fn, once: once}
	t.add(typ, l)
	return func() { t.remove(typ, l) }
}

// addListener registers a Go listener for type on target (any object whose
// state embeds eventTarget) and returns the func that removes it. Go
// listeners run in registration order with the JS ones.
func (r *Realm) addListener(target *goja.Object, typ string, once bool, fn func(event *goja.Object)) (remove func()) {
	return unwrap[eventTargetState](r, target).target().addNative(typ, once, fn)
}

// dispatch runs event's listeners on target, the way workerd's
// dispatchEvent does, and reports whether the event was not canceled. A
// listener's exception panics out of dispatch (it is a JS throw), after the
// event's dispatch state is reset. Go code that dispatches outside a JS
// call (a timer, a WebSocket message) catches it with r.rt.Try and reports
// it.
func (r *Realm) dispatch(target *goja.Object, ev *goja.Object) bool {
	t := unwrap[eventTargetState](r, target).target()
	e := unwrap[eventState](r, ev).ev()
	if e.dispatching {
		panic(r.newDOMException("The event is already being dispatched.", "InvalidStateError"))
	}
	e.dispatching = true
	e.target = target
	defer func() { e.dispatching = false }()
	e.canceled = false

	// The listeners are those registered when dispatch starts: a listener
	// added meanwhile waits for the next event, one removed meanwhile is
	// skipped.
	type pending struct {
		l        *listener
		property bool // the on<type> property
	}
	var calls []pending
	if fn, ok := goja.AssertFunction(target.Get("on" + e.typ)); ok {
		calls = append(calls, pending{l: &listener{callback: fn, this: target}, property: true})
	}
	for _, l := range t.listeners[e.typ] {
		calls = append(calls, pending{l: l})
	}
	for _, c := range calls {
		if e.stopped {
			break
		}
		l := c.l
		if !c.property {
			// A JS listener counts as still registered if its identity is
			// (even re-added), a Go listener if it is itself.
			if l.identity != nil {
				if t.find(e.typ, l.identity) == nil {
					continue
				}
			} else if !t.contains(e.typ, l) {
				continue
			}
			if l.once {
				if l.identity != nil {
					t.remove(e.typ, t.find(e.typ, l.identity))
				} else {
					t.remove(e.typ, l)
				}
			}
		}
		if l.native != nil {
			l.native(ev)
			continue
		}
		ret, err := l.callback(l.this, ev)
		if err != nil {
			panic(err)
		}
		r.listenerReturned(t, e, ret)
	}
	return !e.canceled
}

// listenerReturned applies workerd's rule for a listener's return value:
// true cancels the event, booleans and undefined are fine, anything else is
// ignored with a warning, given once per target.
func (r *Realm) listenerReturned(t *eventTarget, e *event, ret goja.Value) {
	if ret == nil || goja.IsUndefined(ret) {
		return
	}
	if ret.ExportType() == typeOfBool {
		if ret.ToBoolean() {
			e.canceled = true
		}
		return
	}
	if t.warnedReturn {
		return
	}
	t.warnedReturn = true
	if o, ok := ret.(*goja.Object); ok {
		// ExportType, not Export: exporting an object runs its getters.
		if o.ExportType() == typeOfPromise {
			r.host.Log(LevelWarn, "An event handler returned a promise that will be ignored. Event handlers should not have a return value and should not be async functions.")
			return
		}
	}
	r.host.Log(LevelWarn, `An event handler returned a value of type "`+typeOf(ret)+`" that will be ignored. Event handlers should not have a return value.`)
}

// newEvent returns a trusted Event of the given type, as the runtime
// dispatches them ("abort", "open"…).
func (r *Realm) newEvent(typ string) *goja.Object {
	return r.newInstance("Event", &event{typ: typ, trusted: true})
}

// newMessageEvent returns a trusted MessageEvent ("message", data).
func (r *Realm) newMessageEvent(typ string, data goja.Value) *goja.Object {
	return r.newInstance("MessageEvent", &messageEvent{event: event{typ: typ, trusted: true}, data: data})
}

// newCloseEvent returns a trusted "close" CloseEvent.
func (r *Realm) newCloseEvent(code int, reason string, wasClean bool) *goja.Object {
	return r.newInstance("CloseEvent", &closeEvent{event: event{typ: "close", trusted: true}, code: code, reason: reason, wasClean: wasClean})
}

// newErrorEvent returns a trusted "error" ErrorEvent carrying err, with its
// message as the event's message.
func (r *Realm) newErrorEvent(err goja.Value, message string) *goja.Object {
	return r.newInstance("ErrorEvent", &errorEvent{event: event{typ: "error", trusted: true}, message: message, err: err})
}

// newPromiseRejectionEvent returns a trusted "unhandledrejection" or
// "rejectionhandled" event.
func (r *Realm) newPromiseRejectionEvent(typ string, promise, reason goja.Value) *goja.Object {
	return r.newInstance("PromiseRejectionEvent", &promiseRejectionEvent{event: event{typ: typ, trusted: true}, promise: promise, reason: reason})
}

// classNamed returns the builder of a class already installed, to extend
// it.
func (r *Realm) classNamed(name string) *class {
	proto, ok := r.protos[name]
	if !ok {
		panic("jsapi: class " + name + " is not installed yet")
	}
	return &class{r: r, name: name, ctor: r.ctors[name], proto: proto}
}

// newEventTargetClass builds a subclass of EventTarget. Its Go state must
// embed eventTarget, so the EventTarget methods find their listeners.
func (r *Realm) newEventTargetClass(name string, length int, construct func(call goja.ConstructorCall) any) *class {
	return r.newClass(name, length, construct).extends(r.classNamed("EventTarget"))
}

// newEventClass builds a subclass of Event. Its Go state must embed event.
func (r *Realm) newEventClass(name string, length int, construct func(call goja.ConstructorCall) any) *class {
	return r.newClass(name, length, construct).extends(r.classNamed("Event"))
}

// eventInit reads the type and the EventInit members common to every event
// constructor into e, and returns the init dictionary (nil if absent) for
// the subclass's own members.
func (r *Realm) eventInit(e *event, className, initName string, call goja.ConstructorCall) *goja.Object {
	e.typ = r.eventType(call.Arguments, className)
	init := r.dictionary(call.Argument(1), "Failed to construct '"+className+"': constructor parameter 2 is not of type '"+initName+"'.")
	if init != nil {
		flag := func(name string) bool {
			v := init.Get(name)
			return v != nil && v.ToBoolean()
		}
		e.bubbles, e.cancelable, e.composed = flag("bubbles"), flag("cancelable"), flag("composed")
	}
	return init
}

// eventType converts an event constructor's first argument: required, but
// undefined and null are converted like any value ("undefined", "null").
func (r *Realm) eventType(args []goja.Value, className string) string {
	return r.requiredString(args, "Failed to construct '"+className+"': constructor parameter 1 is not of type 'string'.")
}

// requiredString converts the first argument with String(), throwing
// message when it is missing.
func (r *Realm) requiredString(args []goja.Value, message string) string {
	if len(args) == 0 {
		panic(r.newTypeError(message))
	}
	return args[0].String()
}

// dictionary converts an optional Web IDL dictionary argument: nil for
// undefined and null, the object itself, or a TypeError with message.
func (r *Realm) dictionary(v goja.Value, message string) *goja.Object {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		panic(r.newTypeError(message))
	}
	return o
}

var (
	typeOfBool   = reflect.TypeOf(false)
	typeOfInt    = reflect.TypeOf(int64(0))
	typeOfFloat  = reflect.TypeOf(float64(0))
	typeOfBigInt = reflect.TypeOf((*big.Int)(nil))
)

// typeOf is JS typeof.
func typeOf(v goja.Value) string {
	switch v := v.(type) {
	case nil:
		return "undefined"
	case *goja.Object:
		if _, ok := goja.AssertFunction(v); ok {
			return "function"
		}
		return "object"
	case goja.String:
		return "string"
	case *goja.Symbol:
		return "symbol"
	}
	if goja.IsUndefined(v) {
		return "undefined"
	}
	if goja.IsNull(v) {
		return "object"
	}
	switch v.ExportType() {
	case typeOfBool:
		return "boolean"
	case typeOfInt, typeOfFloat:
		return "number"
	case typeOfBigInt:
		return "bigint"
	}
	return "undefined"
}
