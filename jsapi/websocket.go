package jsapi

// WebSocket (https://websockets.spec.whatwg.org/#the-websocket-interface)
// as workerd has it (api/web-socket.h). A socket comes from a
// WebSocketPair (or a 101 response) and is then either accepted — its
// events go to its listeners — or handed to ctx.acceptWebSocket —
// hibernatable, its events go to the Durable Object's handlers, see
// hibernation.go — or returned in a 101 Response, which moves its end out
// of the isolate. Underneath, each socket holds one end of a wspipe; this
// file keeps workerd's state machine over it:
//
//   - readyState is CLOSED once a Close went both ways (or after an
//     error), CLOSING once it went one way, CONNECTING only for `new
//     WebSocket(url)` before it connects, OPEN otherwise — a pair is OPEN
//     before accept();
//   - send() before accept() and after close() throws a TypeError; after
//     the other side vanished it is ignored;
//   - close() accepts codes 1000-4999 except 1004, 1005, 1006 and 1015
//     (InvalidAccessError), and a reason only with a code; reasons over 123
//     bytes are refused from websocket_close_reason_byte_limit (2026-03-03);
//   - a received Close is answered automatically only from
//     web_socket_auto_reply_to_close (2026-04-07) — before that the socket
//     stays CLOSING until close() is called — and never for hibernatable
//     sockets;
//   - binaryType is "arraybuffer" before websocket_standard_binary_type
//     (2026-03-17), "blob" after; setting another value is ignored;
//   - send() sends buffers and views as binary and anything else as its
//     string (a Blob goes out as "[object Blob]");
//   - serializeAttachment/deserializeAttachment work on any socket (16 KiB
//     of structured clone at most).
//
// What a socket sends waits for the output gate: a Durable Object's
// messages leave only once the storage writes made before them are
// committed.
//
// Missing: permessage-deflate (never negotiated), bufferedAmount.

import (
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// maxAttachmentSize is workerd's MAX_ATTACHMENT_SIZE.
const maxAttachmentSize = 16 * 1024

type wsState uint8

const (
	// wsAwaiting: neither accepted nor used in a response yet.
	wsAwaiting wsState = iota
	// wsConnecting: made by `new WebSocket(url)`, not connected yet.
	wsConnecting
	wsAccepted
	wsHibernatable
	// wsReleased: returned in a response; the end left this socket.
	wsReleased
)

// webSocket is the Go state of a WebSocket.
type webSocket struct {
	eventTarget
	r   *Realm
	obj *goja.Object
	end *wspipe.End
	// peer is the other socket of the WebSocketPair that made this one;
	// nil for sockets that came from elsewhere.
	peer  *webSocket
	state wsState
	// hib is the runtime's record of a hibernatable socket, which keeps
	// the attachment and the closed state while the object is evicted.
	hib HibernatableSocket

	closedIncoming, closedOutgoing bool
	// outgoingAborted: the other side is gone; sends are dropped.
	outgoingAborted bool
	err             goja.Value

	url, protocol, extensions goja.Value
	binaryType                string
	allowHalfOpen             bool
	attachment                []byte
	// releaseStream ends the loop reservation an accepted socket holds
	// while it can still receive.
	releaseStream func()
}

func (r *Realm) newWebSocketState(end *wspipe.End) *webSocket {
	binaryType := "arraybuffer"
	if r.webSockets.standardBinaryType {
		binaryType = "blob"
	}
	return &webSocket{
		r:          r,
		end:        end,
		url:        goja.Null(),
		protocol:   r.rt.ToValue(""),
		extensions: r.rt.ToValue(""),
		binaryType: binaryType,
		// Without the automatic reply, a received Close leaves the socket
		// half open until the Worker calls close().
		allowHalfOpen: !r.webSockets.autoReplyToClose,
	}
}

// newWebSocket returns a WebSocket object over end.
func (r *Realm) newWebSocket(end *wspipe.End) (*goja.Object, *webSocket) {
	ws := r.newWebSocketState(end)
	ws.obj = r.newInstance("WebSocket", ws)
	return ws.obj, ws
}

func installWebSocket(r *Realm) {
	c := r.newEventTargetClass("WebSocket", 1, func(call goja.ConstructorCall) any {
		return r.constructOutboundWebSocket(call)
	})
	get := func(this goja.Value) *webSocket { return unwrap[*webSocket](r, this) }
	c.method("accept", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This).accept(call.Argument(0))
		return goja.Undefined()
	})
	c.method("send", 1, func(call goja.FunctionCall) goja.Value {
		ws := get(call.This)
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'."))
		}
		ws.send(r.socketMessage(call.Argument(0)))
		return goja.Undefined()
	})
	c.method("close", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This).close(call.Argument(0), call.Argument(1))
		return goja.Undefined()
	})
	c.method("serializeAttachment", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This).serializeAttachment(call.Argument(0))
		return goja.Undefined()
	})
	c.method("deserializeAttachment", 0, func(call goja.FunctionCall) goja.Value {
		ws := get(call.This)
		data := ws.attachment
		if ws.hib != nil {
			data = ws.hib.Attachment()
		}
		if data == nil {
			return goja.Null()
		}
		return r.mustDeserialize(data)
	})
	c.getter("readyState", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).readyState()) })
	c.getter("url", func(this goja.Value) goja.Value { return get(this).url })
	c.getter("protocol", func(this goja.Value) goja.Value { return get(this).protocol })
	c.getter("extensions", func(this goja.Value) goja.Value { return get(this).extensions })
	c.accessor("binaryType", func(this goja.Value) goja.Value {
		return r.rt.ToValue(get(this).binaryType)
	}, func(this goja.Value, v goja.Value) {
		ws := get(this)
		// Per the spec, other values are ignored.
		if s := v.String(); s == "blob" || s == "arraybuffer" {
			ws.binaryType = s
		}
	})
	for i, name := range []string{"CONNECTING", "OPEN", "CLOSING", "CLOSED"} {
		c.constant(name, i)
		c.constant("READY_STATE_"+name, i)
	}
	c.global()
}

const (
	stateConnecting = 0
	stateOpen       = 1
	stateClosing    = 2
	stateClosed     = 3
)

func (ws *webSocket) readyState() int {
	switch {
	case ws.closedIncoming && ws.closedOutgoing, ws.err != nil:
		return stateClosed
	case ws.closedIncoming || ws.closedOutgoing:
		return stateClosing
	case ws.state == wsConnecting:
		return stateConnecting
	}
	return stateOpen
}

// accept starts delivering the socket's events to its listeners.
func (ws *webSocket) accept(options goja.Value) {
	r := ws.r
	switch ws.state {
	case wsConnecting:
		panic(r.newTypeError("Websockets obtained from the 'new WebSocket()' constructor cannot call accept"))
	case wsReleased:
		panic(r.newTypeError("Can't accept() WebSocket that was already used in a response."))
	case wsHibernatable:
		panic(r.newTypeError("Can't accept() WebSocket after enabling hibernation."))
	case wsAccepted:
		return // a second accept() is a no-op
	}
	if opts, ok := options.(*goja.Object); ok {
		if v := opts.Get("allowHalfOpen"); v != nil && !goja.IsUndefined(v) {
			ws.allowHalfOpen = v.ToBoolean()
		}
	}
	ws.startReceiving()
}

// startReceiving attaches the socket to its end: from now on its events
// are dispatched on the loop.
func (ws *webSocket) startReceiving() {
	ws.state = wsAccepted
	post, release := ws.r.loop.Stream()
	ws.releaseStream = release
	ws.end.Attach(&socketReceiver{ws: ws, post: post})
}

// socketMessage converts send()'s argument: buffers and views are binary
// (copied: the caller may change them after send()), anything else is
// converted to a string.
func (r *Realm) socketMessage(v goja.Value) wspipe.Event {
	if data, ok := r.bufferSourceBytes(v); ok {
		return wspipe.Event{Kind: wspipe.Binary, Data: append([]byte(nil), data...)}
	}
	return wspipe.Event{Kind: wspipe.Text, Data: []byte(v.String())}
}

func (ws *webSocket) send(msg wspipe.Event) {
	r := ws.r
	if ws.closedOutgoing {
		panic(r.newTypeError("Can't call WebSocket send() after close()."))
	}
	if ws.outgoingAborted || ws.state == wsReleased {
		// The other side is gone: the spec says to drop the message.
		return
	}
	if ws.state != wsAccepted && ws.state != wsHibernatable {
		panic(r.newTypeError("You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages."))
	}
	ws.output(msg)
}

// output sends an event to the other side once the output gate opens:
// after the storage writes made before it are committed.
func (ws *webSocket) output(ev wspipe.Event) {
	end := ws.end
	ws.r.afterCommit(func() { end.Send(ev) }, func(error) {})
}

// close implements close(code, reason): the arguments are checked before
// the state, as the spec orders it.
func (ws *webSocket) close(codeArg, reasonArg goja.Value) {
	r := ws.r
	code := 1005 // "no status": a Close frame without a body
	hasCode := !goja.IsUndefined(codeArg)
	if hasCode {
		code = int(int32(codeArg.ToInteger()))
		if code < 1000 || code >= 5000 || code == 1004 || code == 1005 || code == 1006 || code == 1015 {
			panic(r.newDOMException("Invalid WebSocket close code: "+strconv.Itoa(code)+".", "InvalidAccessError"))
		}
	}
	reason := ""
	if !goja.IsUndefined(reasonArg) {
		reason = reasonArg.String()
		if len(reason) > 123 && r.webSockets.closeReasonByteLimit {
			panic(r.newDOMException("WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.", "SyntaxError"))
		}
		if !hasCode {
			panic(r.newDOMException("If you specify a WebSocket close reason, you must also specify a code.", "InvalidAccessError"))
		}
	}
	if ws.state == wsConnecting {
		ws.state = wsReleased
		ws.closedOutgoing = true
		return
	}
	if ws.closedOutgoing || ws.outgoingAborted || ws.state == wsReleased {
		return // closing twice is ignored, as the spec says
	}
	if ws.state != wsAccepted && ws.state != wsHibernatable {
		panic(r.newTypeError("You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages."))
	}
	if ws.err != nil {
		panic(ws.err)
	}
	ws.sendClose(code, reason)
}

func (ws *webSocket) sendClose(code int, reason string) {
	ws.output(wspipe.Event{Kind: wspipe.Close, Code: code, Reason: reason})
	ws.closedOutgoing = true
	if ws.hib != nil {
		ws.hib.MarkClosedOutgoing()
	}
	ws.maybeStopReceiving()
}

func (ws *webSocket) serializeAttachment(v goja.Value) {
	r := ws.r
	data, err := r.serialize(v)
	if err != nil {
		panic(r.ExceptionValue(err))
	}
	if len(data) > maxAttachmentSize {
		panic(r.NewError("A WebSocket 'attachment' cannot be larger than " + strconv.Itoa(maxAttachmentSize) +
			" bytes.'attachment' was " + strconv.Itoa(len(data)) + " bytes."))
	}
	if ws.hib != nil {
		ws.hib.SetAttachment(data)
		return
	}
	ws.attachment = data
}

// receive handles one event arriving at an accepted socket, on the loop.
func (ws *webSocket) receive(ev wspipe.Event) {
	r := ws.r
	switch ev.Kind {
	case wspipe.Text:
		ws.dispatch(r.newMessageEvent("message", r.rt.ToValue(string(ev.Data))))
	case wspipe.Binary:
		ws.dispatch(r.newMessageEvent("message", r.binaryMessage(ev.Data, ws.binaryType)))
	case wspipe.Close:
		ws.closedIncoming = true
		if !ws.allowHalfOpen && !ws.closedOutgoing && !ws.outgoingAborted && ws.state != wsReleased {
			ws.sendClose(ev.Code, ev.Reason)
		}
		ws.dispatch(r.newCloseEvent(ev.Code, ev.Reason, true))
	case wspipe.Abort:
		ws.outgoingAborted = true
		if !ws.closedIncoming {
			ws.closedIncoming = true
			ws.dispatch(r.newCloseEvent(1006, abnormalClosure, false))
		}
	case wspipe.Error:
		ws.closedIncoming = true
		ws.reportError(r.NewError(ev.Reason))
	}
	ws.maybeStopReceiving()
}

// abnormalClosure is the reason workerd gives when the other side went
// away without a Close frame.
const abnormalClosure = "WebSocket disconnected without sending Close frame."

// binaryMessage is the data of a binary message: an ArrayBuffer, or a Blob
// when binaryType asks for one and the realm has Blob.
func (r *Realm) binaryMessage(data []byte, binaryType string) goja.Value {
	ab := r.rt.ToValue(r.rt.NewArrayBuffer(data))
	if binaryType == "blob" {
		if blob, ok := r.ctors["Blob"]; ok {
			o, err := r.rt.New(blob, r.rt.NewArray(ab))
			if err == nil {
				return o
			}
		}
	}
	return ab
}

// reportError records the socket's first error and dispatches it as an
// "error" event; the socket sends nothing more.
func (ws *webSocket) reportError(err *goja.Object) {
	if ws.err != nil {
		return
	}
	ws.err = err
	ws.outgoingAborted = true
	ws.dispatch(ws.r.newErrorEvent(err, "Uncaught "+FormatError(err)))
}

// dispatch runs the listeners of one event; a listener's exception is
// reported as uncaught, as for any event the runtime dispatches.
func (ws *webSocket) dispatch(ev *goja.Object) {
	r := ws.r
	if ex := r.rt.Try(func() { r.dispatch(ws.obj, ev) }); ex != nil {
		r.ReportError(ex)
	}
}

// maybeStopReceiving releases the loop once nothing more can arrive or
// leave.
func (ws *webSocket) maybeStopReceiving() {
	if ws.releaseStream == nil {
		return
	}
	if ws.err != nil || ws.closedIncoming && (ws.closedOutgoing || ws.outgoingAborted) {
		ws.releaseStream()
		ws.releaseStream = nil
	}
}

// socketReceiver hands the events arriving at an accepted socket's end to
// its loop, in batches: one task dispatches whatever arrived meanwhile.
type socketReceiver struct {
	ws   *webSocket
	post func(task func()) bool

	mu        sync.Mutex
	inbox     []wspipe.Event
	scheduled bool
}

func (s *socketReceiver) Receive(ev wspipe.Event) {
	s.mu.Lock()
	s.inbox = append(s.inbox, ev)
	if s.scheduled {
		s.mu.Unlock()
		return
	}
	s.scheduled = true
	s.mu.Unlock()
	if !s.post(s.drain) {
		// The isolate has stopped: nobody will read these.
		s.mu.Lock()
		dropped := s.inbox
		s.inbox = nil
		s.mu.Unlock()
		for _, ev := range dropped {
			ev.Done()
		}
	}
}

func (s *socketReceiver) drain() {
	s.mu.Lock()
	batch := s.inbox
	s.inbox = nil
	s.scheduled = false
	s.mu.Unlock()
	for _, ev := range batch {
		s.ws.receive(ev)
		ev.Done()
	}
}

// releaseToResponse moves the socket's end into a response leaving the
// isolate (workerd's couple()): the socket itself can do nothing more.
func (ws *webSocket) releaseToResponse() *wspipe.End {
	r := ws.r
	switch ws.state {
	case wsConnecting:
		panic(r.newTypeError("Can't return WebSocket in a Response if it was created with `new WebSocket()`"))
	case wsReleased:
		panic(r.newTypeError("Can't return WebSocket that was already used in a response."))
	case wsHibernatable:
		panic(r.newTypeError("Can't return WebSocket in a Response after calling acceptWebSocket()."))
	case wsAccepted:
		panic(r.newTypeError("Can't return WebSocket in a Response after calling accept()."))
	}
	ws.state = wsReleased
	return ws.end
}

// constructOutboundWebSocket implements `new WebSocket(url, protocols)`:
// the checks of workerd's constructor, then a connection made by the host.
func (r *Realm) constructOutboundWebSocket(call goja.ConstructorCall) *webSocket {
	if len(call.Arguments) == 0 {
		panic(r.newTypeError("Failed to construct 'WebSocket': constructor parameter 1 is not of type 'string'."))
	}
	raw := call.Argument(0).String()
	const prefix = "WebSocket Constructor: "
	href, ok := r.parseURL(raw)
	if !ok {
		panic(r.newDOMException(prefix+"The url is invalid.", "SyntaxError"))
	}
	u, err := url.Parse(href)
	if err != nil {
		panic(r.newDOMException(prefix+"The url is invalid.", "SyntaxError"))
	}
	if u.Scheme != "ws" && u.Scheme != "wss" {
		panic(r.newDOMException(prefix+"The url scheme must be ws or wss.", "SyntaxError"))
	}
	if strings.Contains(href, "#") {
		panic(r.newDOMException(prefix+"The url fragment must be empty.", "SyntaxError"))
	}
	protocols := r.webSocketProtocols(call.Argument(1))
	ws := r.newWebSocketState(nil)
	ws.obj = call.This
	ws.url = r.rt.ToValue(raw)
	ws.state = wsConnecting
	r.dialWebSocket(ws, href, protocols)
	return ws
}

// webSocketProtocols checks the protocols argument of the constructor.
func (r *Realm) webSocketProtocols(v goja.Value) []string {
	const prefix = "WebSocket Constructor: "
	if goja.IsUndefined(v) {
		return nil
	}
	o, isObject := v.(*goja.Object)
	if !isObject || o.ClassName() != "Array" {
		p := v.String()
		if !validProtocolToken(p) {
			panic(r.newDOMException(prefix+"The protocol header token is invalid.", "SyntaxError"))
		}
		return []string{p}
	}
	list := r.toStringSequence(o)
	if len(list) == 0 {
		panic(r.newDOMException(prefix+"The protocols array cannot be empty.", "SyntaxError"))
	}
	seen := make(map[string]bool, len(list))
	for _, p := range list {
		if !validProtocolToken(p) {
			panic(r.newDOMException(prefix+"One of the protocol header tokens is invalid.", "SyntaxError"))
		}
		if seen[p] {
			panic(r.newDOMException(prefix+"The protocols header cannot have repeating values.", "SyntaxError"))
		}
		seen[p] = true
	}
	return list
}

// validProtocolToken reports whether p is an RFC 6455 subprotocol token:
// printable ASCII without separators (workerd's list, which lets '"'
// through).
func validProtocolToken(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c < 0x21 || c > 0x7e || strings.IndexByte(`()<>@,;:\/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}
