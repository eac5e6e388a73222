package server

// Outbound WebSockets (`new WebSocket(url)` in a Worker): the server dials
// with gorilla/websocket and couples the connection to a new pipe, the
// same way as an incoming one, so Close, limits and shutdown behave alike.

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// dialerFor returns a dialer whose connection writes through out.
func dialerFor(out **gatheringConn) *websocket.Dialer {
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 30 * time.Second,
		WriteBufferPool:  upgrader.WriteBufferPool,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			*out = &gatheringConn{Conn: conn}
			return *out, nil
		},
	}
}

// DialWebSocket connects to url (ws:, wss:, or http(s): as fetch() takes
// them) and calls done from another goroutine with the server's answer:
// the Worker's end of the connection with the 101 response, the response
// of a server that refused (its body cut to 1 KiB by gorilla), or the
// error of a connection that failed.
func (s *Server) DialWebSocket(url string, header http.Header, done func(end *wspipe.End, res *jsapi.HTTPResponse, err error)) {
	switch {
	case strings.HasPrefix(url, "http://"):
		url = "ws://" + strings.TrimPrefix(url, "http://")
	case strings.HasPrefix(url, "https://"):
		url = "wss://" + strings.TrimPrefix(url, "https://")
	}
	go func() {
		var out *gatheringConn
		conn, res, err := dialerFor(&out).Dial(url, header)
		if err != nil {
			if res != nil && res.StatusCode != http.StatusSwitchingProtocols {
				done(nil, &jsapi.HTTPResponse{Status: res.StatusCode, StatusText: http.StatusText(res.StatusCode), Header: res.Header, Body: res.Body}, nil)
				return
			}
			done(nil, nil, err)
			return
		}
		workerEnd, connEnd := wspipe.New()
		s.couple(conn, out, connEnd)
		done(workerEnd, &jsapi.HTTPResponse{Status: res.StatusCode, StatusText: http.StatusText(res.StatusCode), Header: res.Header}, nil)
	}()
}
