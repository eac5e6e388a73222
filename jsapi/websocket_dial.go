package jsapi

// Outbound WebSockets: `new WebSocket(url)` and `fetch(url, { headers:
// { Upgrade: "websocket" } })` connect through the host, which owns the
// network (gorilla/websocket in the dev server's package), and hands back
// an end coupled to the connection.
//
// A `new WebSocket` is CONNECTING until then; it accepts itself and fires
// "open" when connected, or fires "error" and a 1006 "close" when not. A
// fetch resolves with the 101 response, whose webSocket the Worker must
// accept(), or with the server's answer when it refused the upgrade.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// WebSocketDialer is implemented by hosts that can open outbound WebSocket
// connections.
type WebSocketDialer interface {
	// DialWebSocket connects to url (ws:, wss:, http: or https:) sending
	// header, and calls done exactly once, from any goroutine, with the
	// server's answer: a 101 with end coupled to the connection, or
	// another status (end nil; res.Body holds the start of its body). err
	// is for a connection that failed before any answer.
	DialWebSocket(url string, header http.Header, done func(end *wspipe.End, res *HTTPResponse, err error))
}

// refusedUpgrade is workerd's error for a server that did not switch
// protocols.
func refusedUpgrade(status int) string {
	return "Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 (switching protocols), but received " + strconv.Itoa(status) + " instead."
}

func (r *Realm) dialWebSocket(ws *webSocket, href string, protocols []string) {
	enqueue := r.loop.Reserve()
	dialer, ok := r.host.(WebSocketDialer)
	if !ok {
		enqueue(func() { ws.connectFailed("WebSocket connections are not supported here.") })
		return
	}
	header := http.Header{}
	if len(protocols) > 0 {
		header.Set("Sec-WebSocket-Protocol", strings.Join(protocols, ", "))
	}
	dialer.DialWebSocket(href, header, func(end *wspipe.End, res *HTTPResponse, err error) {
		if res != nil && res.Body != nil {
			res.Body.Close()
		}
		enqueue(func() {
			switch {
			case err != nil:
				ws.connectFailed(err.Error())
			case end == nil:
				ws.connectFailed(refusedUpgrade(res.Status))
			default:
				ws.connected(end, res.Header.Get("Sec-WebSocket-Protocol"), res.Header.Get("Sec-WebSocket-Extensions"))
			}
		})
	})
}

// connected takes the connection; a socket closed while connecting drops
// it at once.
func (ws *webSocket) connected(end *wspipe.End, protocol, extensions string) {
	r := ws.r
	if ws.state != wsConnecting {
		end.Send(wspipe.Event{Kind: wspipe.Abort})
		return
	}
	ws.end = end
	// Both start as "" and become null when the server chose nothing, as
	// the spec says.
	ws.protocol, ws.extensions = r.rt.ToValue(protocol), r.rt.ToValue(extensions)
	if protocol == "" {
		ws.protocol = goja.Null()
	}
	if extensions == "" {
		ws.extensions = goja.Null()
	}
	ws.startReceiving()
	ws.dispatch(r.newEvent("open"))
}

func (ws *webSocket) connectFailed(message string) {
	if ws.state != wsConnecting {
		return
	}
	ws.state = wsReleased
	ws.closedIncoming = true
	ws.reportError(ws.r.NewError(message))
	ws.dispatch(ws.r.newCloseEvent(1006, "Failed to establish websocket connection", false))
}

// fetchWebSocket is fetch() for a request with `Upgrade: websocket`: the
// handshake goes through the host's dialer instead of net/http.
func (r *Realm) fetchWebSocket(req *HTTPRequest, resolve, reject func(goja.Value)) {
	dialer, ok := r.host.(WebSocketDialer)
	if !ok {
		reject(r.NewError("WebSocket connections are not supported here."))
		return
	}
	header := req.Header.Clone()
	// The handshake's own headers are the dialer's to write.
	for _, h := range []string{"Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions", "Host", "Content-Length"} {
		header.Del(h)
	}
	if req.Body != nil {
		req.Body.Close()
	}
	enqueue := r.loop.Reserve()
	dialer.DialWebSocket(req.URL, header, func(end *wspipe.End, res *HTTPResponse, err error) {
		enqueue(func() {
			if err != nil {
				reject(r.NewError("Network connection lost."))
				r.host.Log(LevelWarn, "fetch("+req.URL+") failed: "+err.Error())
				return
			}
			res.WebSocket = end
			o := r.NewResponse(res)
			stateOf(o).(*response).url = req.URL
			resolve(o)
		})
	})
}
