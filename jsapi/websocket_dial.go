package jsapi

// Outbound WebSockets: `new WebSocket(url)` connects through the host,
// which owns the network (gorilla/websocket in the dev server's package),
// and hands back an end coupled to the connection. The socket is
// CONNECTING until then; it accepts itself and fires "open" when
// connected, or fires "error" and a 1006 "close" when not.

import (
	"net/http"
	"strings"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// WebSocketDialer is implemented by hosts that can open outbound WebSocket
// connections.
type WebSocketDialer interface {
	// DialWebSocket connects to url (ws:, wss:, http: or https:) sending
	// header, and calls done exactly once, from any goroutine: with an end
	// coupled to the connection and the protocol and extensions the server
	// chose, or with an error whose text the socket reports.
	DialWebSocket(url string, header http.Header, done func(end *wspipe.End, protocol, extensions string, err error))
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
	dialer.DialWebSocket(href, header, func(end *wspipe.End, protocol, extensions string, err error) {
		enqueue(func() {
			if err != nil {
				ws.connectFailed(err.Error())
				return
			}
			ws.connected(end, protocol, extensions)
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
