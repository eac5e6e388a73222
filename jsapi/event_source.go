package jsapi

// EventSource (https://html.spec.whatwg.org/multipage/server-sent-events.html)
// as workerd has it (api/eventsource.c++): a client of text/event-stream on
// fetch(), or on a service binding given as the non-standard `fetcher`
// option, plus the non-standard EventSource.from(readableStream), which
// reads events from a stream of bytes and never reconnects. The format is
// parsed by jsapi/eventstream.
//
// workerd's behaviour, which departs from the standard:
//
//   - a response that is not 2xx, has no Content-Type or another type than
//     text/event-stream fails the connection with an AbortError naming the
//     cause; a failed fetch() fails it with the fetch's error;
//   - a response without a body is retried once, then fails;
//   - the end of the stream reconnects after the reconnection time (2 s,
//     or a "retry" clamped to 1–10 s), sending Last-Event-ID;
//   - every error event carries the error (ErrorEvent.error, message "")
//     and the error is also logged as uncaught;
//   - a listener that throws while messages are dispatched stops the
//     dispatch and fails the connection with what it threw;
//   - a message with empty data is not dispatched;
//   - close() does not cancel a stream given to from(): its chunks are
//     still read, and dropped.
//
// One departure from workerd, deliberate: in workerd, close() while a
// response is streaming makes the end of that stream schedule a
// reconnection that reopens the EventSource two seconds later, for good
// (close() does nothing the second time). Here a closed EventSource stays
// closed.
//
// Missing: workerd's refusal to create an EventSource outside a request
// ("An EventSource can only be created within the context of a worker
// request."); calling EventSource() without new constructs (goja).

import (
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/eventstream"
	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

// The readyState values.
const (
	eventSourceConnecting = 0
	eventSourceOpen       = 1
	eventSourceClosed     = 2
)

// workerd's reconnection times.
const (
	defaultReconnectionTime = 2 * time.Second
	minReconnectionTime     = time.Second
	maxReconnectionTime     = 10 * time.Second
)

// eventSource is the Go state of an EventSource.
type eventSource struct {
	eventTarget
	obj *goja.Object
	// url is where events come from; "" for EventSource.from().
	url string
	// fetcher is the init's service binding, nil to use fetch().
	fetcher    *goja.Object
	readyState int
	// signal aborts the current connection's fetch and body.
	signal           *goja.Object
	lastEventID      string
	reconnectionTime time.Duration
	// previousNoBody: a response without a body came already; the next
	// one fails the connection.
	previousNoBody bool
	closeCalled    bool
	// reconnectTimer is the pending reconnection's timer, 0 for none.
	reconnectTimer           int
	onopen, onmessage, onerr goja.Value
}

type openEvent struct{ event }

func installEventSource(r *Realm) {
	// OpenEvent is not a global in workerd; its "open" events are of it.
	r.newEventClass("OpenEvent", 0, nil)

	c := r.newEventTargetClass("EventSource", 0, func(call goja.ConstructorCall) any {
		return r.constructEventSource(call)
	})
	get := func(this goja.Value) *eventSource { return unwrap[*eventSource](r, this) }
	c.method("close", 0, func(call goja.FunctionCall) goja.Value {
		r.closeEventSource(get(call.This))
		return goja.Undefined()
	})
	c.methodSymbol(r.rpc.symDispose, "[Symbol.dispose]", func(call goja.FunctionCall) goja.Value {
		r.closeEventSource(get(call.This))
		return goja.Undefined()
	})
	c.getter("url", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).url) })
	c.getter("withCredentials", func(this goja.Value) goja.Value { get(this); return r.rt.ToValue(false) })
	c.getter("readyState", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).readyState) })
	handler := func(name string, field func(*eventSource) *goja.Value) {
		c.accessor(name, func(this goja.Value) goja.Value {
			if h := *field(get(this)); h != nil {
				return h
			}
			return goja.Null()
		}, func(this goja.Value, v goja.Value) {
			// Like workerd, keep functions and objects, forget anything else.
			if _, ok := v.(*goja.Object); ok {
				*field(get(this)) = v
			} else {
				*field(get(this)) = nil
			}
		})
	}
	handler("onopen", func(es *eventSource) *goja.Value { return &es.onopen })
	handler("onmessage", func(es *eventSource) *goja.Value { return &es.onmessage })
	handler("onerror", func(es *eventSource) *goja.Value { return &es.onerr })
	c.constant("CONNECTING", eventSourceConnecting)
	c.constant("OPEN", eventSourceOpen)
	c.constant("CLOSED", eventSourceClosed)
	c.static("from", 1, func(call goja.FunctionCall) goja.Value {
		stream := call.Argument(0)
		if !r.isReadableStream(stream) {
			panic(r.newTypeError("Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'ReadableStream'."))
		}
		if r.callHook(r.streams.isLocked, stream).ToBoolean() {
			panic(r.newTypeError("This ReadableStream is locked."))
		}
		if r.callHook(r.streams.isDisturbed, stream).ToBoolean() {
			panic(r.newTypeError("This ReadableStream has already been read from."))
		}
		es := r.newEventSource("", nil)
		r.readEventStream(es, stream, false)
		return es.obj
	})
	c.global()
}

// constructEventSource implements new EventSource(url, init): it checks
// the arguments in workerd's order and starts connecting.
func (r *Realm) constructEventSource(call goja.ConstructorCall) any {
	if goja.IsUndefined(call.Argument(0)) {
		panic(r.newTypeError("Failed to construct 'EventSource': constructor parameter 1 is not of type 'string'."))
	}
	input := call.Argument(0).String()
	var fetcher *goja.Object
	withCredentials := false
	if init := r.dictionary(call.Argument(1), "Failed to construct 'EventSource': constructor parameter 2 is not of type 'EventSourceInit'."); init != nil {
		if v := init.Get("fetcher"); v != nil && !goja.IsUndefined(v) {
			if _, ok := stateOf(v).(*fetcherState); !ok {
				panic(r.newTypeError("Incorrect type for the 'fetcher' field on 'EventSourceInit': the provided value is not of type 'Fetcher'."))
			}
			fetcher = v.(*goja.Object)
		}
		if v := init.Get("withCredentials"); v != nil {
			withCredentials = v.ToBoolean()
		}
	}
	if withCredentials {
		panic(r.newDOMException("The init.withCredentials option is not supported. It must be false or undefined.", "NotSupportedError"))
	}
	href, ok := r.parseURL(input)
	if !ok {
		panic(r.newDOMException("Cannot open an EventSource to '"+input+"'. The URL is invalid.", "SyntaxError"))
	}
	es := &eventSource{url: href, fetcher: fetcher, reconnectionTime: defaultReconnectionTime, signal: r.newAbortSignal()}
	es.obj = call.This
	// The connection starts once the object is built: the fetch settles in
	// a later task, after the constructor has returned.
	r.connectEventSource(es)
	return es
}

// newEventSource creates an EventSource object for Go.
func (r *Realm) newEventSource(url string, fetcher *goja.Object) *eventSource {
	es := &eventSource{url: url, fetcher: fetcher, reconnectionTime: defaultReconnectionTime, signal: r.newAbortSignal()}
	es.obj = r.newInstance("EventSource", es)
	return es
}

// connectEventSource fetches the event stream (workerd's start()).
func (r *Realm) connectEventSource(es *eventSource) {
	if es.readyState == eventSourceClosed {
		return
	}
	h := &headers{}
	h.append("accept", "text/event-stream")
	h.append("cache-control", "no-cache")
	if es.lastEventID != "" {
		h.append("last-event-id", es.lastEventID)
	}
	init := r.rt.NewObject()
	must(init.Set("headers", r.newHeadersObject(h)))
	must(init.Set("signal", es.signal))
	url := r.rt.ToValue(es.url)
	// A connection is known by its signal: what settles after the next
	// connection has begun belongs to an old one and is ignored.
	signal := es.signal
	onResponse := func(res goja.Value) {
		if es.signal == signal {
			r.eventSourceResponse(es, res)
		}
	}
	onFailure := func(err goja.Value) {
		if es.signal == signal {
			r.failEventSource(es, err, false)
		}
	}
	// As in workerd, the outcome is handled in a later microtask even when
	// the fetch fails at once: the caller has set its handlers by then.
	p, resolve, reject := r.rt.NewPromise()
	if es.fetcher == nil {
		r.startFetch(url, init, func(v goja.Value) { must(resolve(v)) }, func(v goja.Value) { must(reject(v)) })
	} else if ex := r.rt.Try(func() {
		fetch, _ := goja.AssertFunction(es.fetcher.Get("fetch"))
		result, err := fetch(es.fetcher, url, init)
		if err != nil {
			panic(err)
		}
		must(resolve(result))
	}); ex != nil {
		must(reject(ex.Value()))
	}
	r.then(r.rt.ToValue(p).(*goja.Object), onResponse, onFailure)
}

// eventSourceResponse checks the response and starts reading its body.
func (r *Realm) eventSourceResponse(es *eventSource, v goja.Value) {
	if es.readyState == eventSourceClosed {
		return
	}
	res, ok := stateOf(v).(*response)
	if !ok {
		r.failEventSource(es, r.newTypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'."), false)
		return
	}
	abort := func(message string) { r.failEventSource(es, r.newDOMException(message, "AbortError"), false) }
	if res.status < 200 || res.status > 299 {
		abort("The response status code was " + r.rt.ToValue(res.status).String() + ".")
		return
	}
	contentType, ok := res.headerList().get("content-type")
	if !ok {
		abort("No content type header was present in the response.")
		return
	}
	if mimeEssence(contentType) != "text/event-stream" {
		abort("The content type '" + contentType + "' is invalid.")
		return
	}
	if res.redirected {
		if u, err := whatwgurl.Parse(res.url, nil); err == nil {
			es.url = u.Href()
		}
	}
	if res.body == nil {
		// A server that answers without content is given one more chance.
		if es.previousNoBody {
			r.failEventSource(es, r.NewError("The server provided no content."), false)
			return
		}
		es.previousNoBody = true
		r.failEventSource(es, r.NewError("The server provided no content. Will try reconnecting."), true)
		r.reconnectEventSource(es)
		return
	}
	r.readEventStream(es, v.(*goja.Object).Get("body"), true)
}

// readEventStream opens the EventSource and dispatches the events stream
// gives until it ends (workerd's run()).
func (r *Realm) readEventStream(es *eventSource, stream goja.Value, reconnect bool) {
	if es.readyState != eventSourceClosed {
		es.readyState = eventSourceOpen
		r.dispatchEventSource(es, r.newInstance("OpenEvent", &openEvent{event{typ: "open", trusted: true}}))
	}
	parser := &eventstream.Parser{
		LastEventID: es.lastEventID,
		Retry: func(ms uint32) {
			es.reconnectionTime = min(max(time.Duration(ms)*time.Millisecond, minReconnectionTime), maxReconnectionTime)
		},
	}
	signal := es.signal
	sink := &eventSourceSink{es: es, signal: signal, parser: parser}
	done := r.callHook(r.streams.pipeToGo, stream, r.rt.ToValue(byteSink(sink)), r.rt.ToValue(notBytes))
	// then, not Await: a stream that has already failed fails the
	// EventSource in a later microtask, once from()'s caller has its
	// handlers set.
	r.then(done.(*goja.Object), func(goja.Value) {
		if es.signal != signal {
			return
		}
		r.failEventSource(es, r.NewError("The server disconnected."), reconnect)
		if reconnect {
			r.reconnectEventSource(es)
		}
	}, func(err goja.Value) {
		if es.signal == signal {
			r.failEventSource(es, err, false)
		}
	})
}

// eventSourceSink parses the stream's bytes and dispatches its messages.
type eventSourceSink struct {
	es     *eventSource
	signal *goja.Object // the connection's
	parser *eventstream.Parser
}

func (s *eventSourceSink) write(r *Realm, p []byte) goja.Value {
	if s.es.signal != s.signal {
		return goja.Undefined()
	}
	messages := s.parser.Write(p)
	s.es.lastEventID = s.parser.LastEventID
	r.dispatchEventSourceMessages(s.es, messages)
	return goja.Undefined()
}

func (s *eventSourceSink) close(*Realm) goja.Value { return goja.Undefined() }

func (s *eventSourceSink) abort(error) {}

// dispatchEventSourceMessages dispatches messages as MessageEvents. A
// listener's exception stops them and fails the connection.
func (r *Realm) dispatchEventSourceMessages(es *eventSource, messages []eventstream.Message) {
	var origin goja.Value
	if u, err := whatwgurl.Parse(es.url, nil); err == nil {
		origin = r.rt.ToValue(u.Origin())
	}
	for i := range messages {
		m := &messages[i]
		if es.readyState == eventSourceClosed {
			return
		}
		data := m.Text()
		if data == "" {
			continue
		}
		ev := r.newInstance("MessageEvent", &messageEvent{
			event: event{typ: m.Type(), trusted: true}, data: r.rt.ToValue(data), origin: origin, lastEventID: m.ID,
		})
		if ex := r.rt.Try(func() { r.dispatch(es.obj, ev) }); ex != nil {
			r.failEventSource(es, ex.Value(), false)
			return
		}
	}
}

// failEventSource is workerd's notifyError: it ends the connection with
// err, closes the EventSource (or marks it connecting again, when it will
// reconnect), dispatches an ErrorEvent and logs err as uncaught.
func (r *Realm) failEventSource(es *eventSource, err goja.Value, reconnecting bool) {
	if es.readyState == eventSourceClosed {
		return
	}
	// The state changes before the abort, whose algorithms may settle the
	// connection's fetch at once: that settling must find it failed.
	es.readyState = eventSourceClosed
	if reconnecting {
		es.readyState = eventSourceConnecting
	}
	r.abortEventSourceSignal(es, err)
	r.dispatchEventSource(es, r.newErrorEvent(err, ""))
	r.ReportError(&thrownError{err})
}

// abortEventSourceSignal aborts the connection; an abort listener's
// exception is reported, not thrown into the stream machinery.
func (r *Realm) abortEventSourceSignal(es *eventSource, reason goja.Value) {
	if ex := r.rt.Try(func() { r.abortSignal(es.signal, reason) }); ex != nil {
		r.ReportError(ex)
	}
}

// dispatchEventSource dispatches an open or error event; a listener's
// exception is reported.
func (r *Realm) dispatchEventSource(es *eventSource, ev *goja.Object) {
	if ex := r.rt.Try(func() { r.dispatch(es.obj, ev) }); ex != nil {
		r.ReportError(ex)
	}
}

// reconnectEventSource connects again after the reconnection time, on a
// fresh signal.
func (r *Realm) reconnectEventSource(es *eventSource) {
	if es.readyState == eventSourceClosed {
		return
	}
	es.readyState = eventSourceConnecting
	es.signal = r.newAbortSignal()
	es.reconnectTimer = r.loop.SetTimer(es.reconnectionTime, false, func() {
		es.reconnectTimer = 0
		r.connectEventSource(es)
	})
}

// closeEventSource is close(): it aborts the connection, or the wait
// before the next one.
func (r *Realm) closeEventSource(es *eventSource) {
	if es.closeCalled {
		return
	}
	es.closeCalled = true
	if es.reconnectTimer != 0 {
		r.loop.ClearTimer(es.reconnectTimer)
		es.reconnectTimer = 0
	}
	es.readyState = eventSourceClosed
	r.abortEventSourceSignal(es, nil)
}

// mimeEssence is a MIME type's "type/subtype" in lower case, or "" if it
// does not parse (https://mimesniff.spec.whatwg.org/#parse-a-mime-type).
func mimeEssence(s string) string {
	essence, _, _ := strings.Cut(s, ";")
	essence = strings.ToLower(strings.Trim(essence, " \t\r\n"))
	typ, subtype, ok := strings.Cut(essence, "/")
	if !ok || !validName(typ) || !validName(subtype) || typ == "" || subtype == "" {
		return ""
	}
	return essence
}
