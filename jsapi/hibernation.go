package jsapi

// The WebSocket Hibernation API of DurableObjectState (workerd
// api/actor-state.h and io/hibernation-manager.h): ctx.acceptWebSocket
// hands a socket to the runtime, which keeps it — with its tags, its
// attachment and its closed state — while the object is evicted, and
// delivers its events to the object's webSocketMessage, webSocketClose and
// webSocketError methods, re-creating the object first if needed. An
// automatic response (setWebSocketAutoResponse) is answered by the runtime
// without waking the object.
//
// The records themselves are the runtime's (WebSocketRegistry,
// runtime/actor); this file converts arguments, keeps one WebSocket object
// per socket per instance, and calls the handlers.
//
// As in workerd: acceptWebSocket refuses more than 10 distinct tags and
// tags over 256 bytes; getWebSockets lists the newest socket first, or
// with a tag, in the order the sockets were tagged; a socket whose close
// or error is being delivered is still listed (CLOSING) until its handler
// returns; the event timeout is kept but not enforced.
//
// Missing: enforcing setHibernatableWebSocketEventTimeout.

import (
	"strconv"
	"time"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// HibernatableSocket is the runtime's record of one hibernatable socket.
type HibernatableSocket interface {
	End() *wspipe.End
	Tags() []string
	// Attachment is the serialized attachment, nil for none.
	Attachment() []byte
	SetAttachment(data []byte)
	ClosedOutgoing() bool
	MarkClosedOutgoing()
	// AutoResponseTime is when the automatic response last answered on
	// this socket.
	AutoResponseTime() (time.Time, bool)
}

// WebSocketRegistry holds one Durable Object's hibernatable sockets.
type WebSocketRegistry interface {
	// Accept takes over end, with distinct tags; the error is the
	// registry's limit.
	Accept(end *wspipe.End, tags []string) (HibernatableSocket, error)
	// Sockets lists all sockets, newest first, or those with tag when
	// byTag is set.
	Sockets(tag string, byTag bool) []HibernatableSocket
	SetAutoResponse(request, response string)
	ClearAutoResponse()
	AutoResponse() (request, response string, ok bool)
	// SetEventTimeout keeps the handlers' time limit; 0 clears it.
	SetEventTimeout(ms uint32)
	EventTimeout() (ms uint32, ok bool)
}

// workerd's limits (api/actor-state.h, DurableObjectState::setWebSocketAutoResponse).
const (
	maxTagsPerSocket      = 10
	maxTagLength          = 256
	maxAutoResponseLength = 2048
	maxEventTimeoutMillis = 604800 * 1000
)

type requestResponsePair struct {
	request, response string
}

func installHibernationAPI(r *Realm) {
	pair := r.newClass("WebSocketRequestResponsePair", 2, func(call goja.ConstructorCall) any {
		arg := func(i int) string {
			v := call.Argument(i)
			if goja.IsUndefined(v) {
				panic(r.newTypeError("Failed to construct 'WebSocketRequestResponsePair': constructor parameter " + strconv.Itoa(i+1) + " is not of type 'string'."))
			}
			return v.String()
		}
		return &requestResponsePair{request: arg(0), response: arg(1)}
	})
	pair.getter("request", func(this goja.Value) goja.Value {
		return r.rt.ToValue(unwrap[*requestResponsePair](r, this).request)
	})
	pair.getter("response", func(this goja.Value) goja.Value {
		return r.rt.ToValue(unwrap[*requestResponsePair](r, this).response)
	})
	pair.global()

	c := r.classNamed("DurableObjectState")
	get := func(this goja.Value) *durableObjectState { return unwrap[*durableObjectState](r, this) }
	socketArg := func(method string, v goja.Value) *webSocket {
		ws, ok := stateOf(v).(*webSocket)
		if !ok {
			panic(r.newTypeError("Failed to execute '" + method + "' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'."))
		}
		return ws
	}
	c.method("acceptWebSocket", 1, func(call goja.FunctionCall) goja.Value {
		st := get(call.This)
		ws := socketArg("acceptWebSocket", call.Argument(0))
		tags := r.socketTags(call.Argument(1))
		if ws.state == wsAccepted || ws.state == wsHibernatable {
			panic(r.NewError("Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`"))
		}
		if ws.peer == nil || ws.peer.state != wsAwaiting {
			panic(r.NewError("Cannot call `acceptWebSocket()` on this WebSocket because its pair has already been accepted or used in a Response."))
		}
		if ws.state != wsAwaiting {
			panic(r.newTypeError("Tried to make an api::WebSocket hibernatable when it was in an incompatible state."))
		}
		sock, err := st.state.WebSockets().Accept(ws.end, tags)
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		ws.state = wsHibernatable
		ws.hib = sock
		st.socketObjects()[sock] = ws.obj
		return goja.Undefined()
	})
	c.method("getWebSockets", 0, func(call goja.FunctionCall) goja.Value {
		st := get(call.This)
		tag, byTag := "", !goja.IsUndefined(call.Argument(0))
		if byTag {
			tag = call.Argument(0).String()
		}
		socks := st.state.WebSockets().Sockets(tag, byTag)
		out := make([]any, len(socks))
		for i, s := range socks {
			out[i] = r.socketObject(st, s)
		}
		return r.rt.NewArray(out...)
	})
	c.method("getTags", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		ws := socketArg("getTags", call.Argument(0))
		switch ws.state {
		case wsHibernatable:
			return r.stringArray(ws.hib.Tags())
		case wsAccepted:
			panic(r.NewError("only hibernatable websockets can have tags."))
		}
		panic(r.NewError("you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket."))
	})
	c.method("setWebSocketAutoResponse", 0, func(call goja.FunctionCall) goja.Value {
		reg := get(call.This).state.WebSockets()
		v := call.Argument(0)
		if goja.IsUndefined(v) {
			reg.ClearAutoResponse()
			return goja.Undefined()
		}
		p, ok := stateOf(v).(*requestResponsePair)
		if !ok {
			panic(r.newTypeError("Failed to execute 'setWebSocketAutoResponse' on 'DurableObjectState': parameter 1 is not of type 'WebSocketRequestResponsePair'."))
		}
		if n := len(p.request); n > maxAutoResponseLength {
			panic(r.newRangeError("Request cannot be larger than 2048 bytes. A request of size " + strconv.Itoa(n) + " was provided."))
		}
		if n := len(p.response); n > maxAutoResponseLength {
			panic(r.newRangeError("Response cannot be larger than 2048 bytes. A response of size " + strconv.Itoa(n) + " was provided."))
		}
		reg.SetAutoResponse(p.request, p.response)
		return goja.Undefined()
	})
	c.method("getWebSocketAutoResponse", 0, func(call goja.FunctionCall) goja.Value {
		req, res, ok := get(call.This).state.WebSockets().AutoResponse()
		if !ok {
			return goja.Null()
		}
		// A new object every time, as in workerd.
		return r.newInstance("WebSocketRequestResponsePair", &requestResponsePair{request: req, response: res})
	})
	c.method("getWebSocketAutoResponseTimestamp", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		ws := socketArg("getWebSocketAutoResponseTimestamp", call.Argument(0))
		if ws.hib == nil {
			return goja.Null()
		}
		t, ok := ws.hib.AutoResponseTime()
		if !ok {
			return goja.Null()
		}
		return r.newDate(t)
	})
	c.method("setHibernatableWebSocketEventTimeout", 0, func(call goja.FunctionCall) goja.Value {
		reg := get(call.This).state.WebSockets()
		v := call.Argument(0)
		ms := int64(0)
		if !goja.IsUndefined(v) {
			ms = v.ToInteger()
		}
		if ms > maxEventTimeoutMillis {
			panic(r.NewError("Event timeout should not exceed 604800000 ms."))
		}
		reg.SetEventTimeout(uint32(max(ms, 0)))
		return goja.Undefined()
	})
	c.method("getHibernatableWebSocketEventTimeout", 0, func(call goja.FunctionCall) goja.Value {
		ms, ok := get(call.This).state.WebSockets().EventTimeout()
		if !ok {
			return goja.Null()
		}
		return r.rt.ToValue(ms)
	})
}

// socketTags converts acceptWebSocket's tags: distinct strings, at most 10,
// each at most 256 bytes; the limits are checked as workerd walks the
// list, so an eleventh tag fails even if it repeats an earlier one.
func (r *Realm) socketTags(v goja.Value) []string {
	if goja.IsUndefined(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Array" {
		panic(r.newTypeError("Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 2 is not of type 'Array'."))
	}
	var tags []string
	seen := make(map[string]bool)
	for _, tag := range r.toStringSequence(o) {
		if len(tags) >= maxTagsPerSocket {
			panic(r.NewError("a Hibernatable WebSocket cannot have more than " + strconv.Itoa(maxTagsPerSocket) + " tags"))
		}
		if len(tag) > maxTagLength {
			panic(r.NewError(`"` + tag + `" is longer than the max tag length (` + strconv.Itoa(maxTagLength) + " characters)."))
		}
		if !seen[tag] {
			seen[tag] = true
			tags = append(tags, tag)
		}
	}
	return tags
}

func (st *durableObjectState) socketObjects() map[HibernatableSocket]*goja.Object {
	if st.sockets == nil {
		st.sockets = make(map[HibernatableSocket]*goja.Object)
	}
	return st.sockets
}

// socketObject returns this instance's WebSocket object for sock, making
// one for a socket accepted by an earlier instance (after hibernation).
func (r *Realm) socketObject(st *durableObjectState, sock HibernatableSocket) *goja.Object {
	objects := st.socketObjects()
	if o, ok := objects[sock]; ok {
		return o
	}
	o, ws := r.newWebSocket(sock.End())
	ws.state = wsHibernatable
	ws.hib = sock
	ws.closedOutgoing = sock.ClosedOutgoing()
	objects[sock] = o
	return o
}

// DispatchWebSocketEvent delivers one event of a hibernatable socket to
// the object's handler: webSocketMessage for a message, webSocketClose for
// a Close or a connection lost without one (1006), webSocketError for a
// failed connection. A class without the handler ignores the event.
// ctx is the object's DurableObjectState. done is called once the
// handler's promise settles; an exception is logged as uncaught.
func (r *Realm) DispatchWebSocketEvent(obj, ctx *goja.Object, sock HibernatableSocket, ev wspipe.Event, done func()) {
	st := unwrap[*durableObjectState](r, ctx)
	wsObj := r.socketObject(st, sock)
	ws := unwrap[*webSocket](r, wsObj)
	var method string
	var args []goja.Value
	switch ev.Kind {
	case wspipe.Text:
		method, args = "webSocketMessage", []goja.Value{wsObj, r.rt.ToValue(string(ev.Data))}
	case wspipe.Binary:
		// Always an ArrayBuffer here, whatever binaryType says.
		method, args = "webSocketMessage", []goja.Value{wsObj, r.rt.ToValue(r.rt.NewArrayBuffer(ev.Data))}
	case wspipe.Close:
		ws.closedIncoming = true
		method, args = "webSocketClose", []goja.Value{wsObj, r.rt.ToValue(ev.Code), r.rt.ToValue(ev.Reason), r.rt.ToValue(true)}
	case wspipe.Abort:
		ws.closedIncoming, ws.outgoingAborted = true, true
		method, args = "webSocketClose", []goja.Value{wsObj, r.rt.ToValue(1006), r.rt.ToValue(abnormalClosure), r.rt.ToValue(false)}
	case wspipe.Error:
		ws.closedIncoming, ws.outgoingAborted = true, true
		method, args = "webSocketError", []goja.Value{wsObj, r.NewError(ev.Reason)}
	}
	if ev.Kind != wspipe.Text && ev.Kind != wspipe.Binary {
		// No more events for this socket: a later instance will not need
		// an object for it.
		defer delete(st.sockets, sock)
	}
	fn, ok := goja.AssertFunction(obj.Get(method))
	if !ok {
		done()
		return
	}
	result, err := fn(obj, args...)
	if err != nil {
		r.ReportError(err)
		done()
		return
	}
	r.Await(result, func(goja.Value) { done() }, func(thrown goja.Value) {
		r.host.Log(LevelError, "Uncaught "+FormatError(thrown))
		done()
	})
}

// newDate returns a JS Date for t.
func (r *Realm) newDate(t time.Time) goja.Value {
	d, err := r.rt.New(r.rt.Get("Date").(*goja.Object), r.rt.ToValue(t.UnixMilli()))
	if err != nil {
		panic(err)
	}
	return d
}
