package server

// WebSocket upgrades. A Worker's 101 response carries one end of a pipe
// (jsapi/wspipe) whose other end is the Worker's socket; the server
// completes the handshake with gorilla/websocket and couples the client's
// connection to that end:
//
//   - one reader goroutine per connection sends what the client sends into
//     the pipe, at most readAhead messages ahead of the Worker (the rest
//     waits in the kernel's buffers, so a flooding client is slowed down,
//     not buffered without bound);
//   - what the Worker sends is queued and written by a writer goroutine
//     that exists only while there is something to write, so an idle
//     connection costs one goroutine;
//   - a Close is passed on, not answered: the Worker decides (workerd
//     leaves the reply to close() or to web_socket_auto_reply_to_close).
//     Once Close frames went both ways the TCP connection is closed; a
//     side that does not answer a Close within closeGrace is cut off;
//   - a client gone without a Close frame reaches the Worker as an abort
//     (code 1006), a message over 32 MiB as an error, and the client gets
//     Close 1009, as workerd does.

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

const (
	// maxMessageSize is workerd's WEBSOCKET_MAX_MESSAGE_SIZE for messages
	// a Worker receives (wrangler dev accepts 32 MiB and refuses one byte
	// more).
	maxMessageSize = 32 << 20
	// readAhead bounds the messages read from a client that the Worker
	// has not consumed yet.
	readAhead = 64
	// closeGrace is how long a connection waits for the answer to a Close
	// (wrangler dev drops an unanswered one after about 10 s).
	closeGrace = 10 * time.Second
	// writeTimeout bounds one write to a client that stopped reading.
	writeTimeout = 30 * time.Second
)

var upgrader = websocket.Upgrader{
	// The Worker decides whom to accept; workerd does not check Origin.
	CheckOrigin: func(*http.Request) bool { return true },
	// Write buffers are borrowed only while writing: idle connections
	// hold none.
	WriteBufferPool: &sync.Pool{},
}

// isWebSocketRequest reports whether r asks for a WebSocket, as workerd
// checks it before coupling a returned socket.
func isWebSocketRequest(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// upgrade answers r with the Worker's 101 response and couples the
// connection to its WebSocket end. It returns the status sent.
func (s *Server) upgrade(w http.ResponseWriter, r *http.Request, res *jsapi.HTTPResponse) int {
	if !isWebSocketRequest(r) {
		res.WebSocket.Send(wspipe.Event{Kind: wspipe.Abort})
		err := errors.New(`TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".`)
		s.log(jsapi.LevelError, "Uncaught "+err.Error())
		writeError(w, err)
		return http.StatusInternalServerError
	}
	header := http.Header{}
	for k, vs := range res.Header {
		switch http.CanonicalHeaderKey(k) {
		// The handshake's own headers are gorilla's to write; extensions
		// are never negotiated (no permessage-deflate).
		case "Upgrade", "Connection", "Sec-Websocket-Accept", "Sec-Websocket-Extensions", "Content-Length", "Transfer-Encoding":
			continue
		}
		header[k] = vs
	}
	conn, err := upgrader.Upgrade(w, r, header)
	if err != nil {
		// gorilla has answered the client with an HTTP error.
		res.WebSocket.Send(wspipe.Event{Kind: wspipe.Abort})
		return http.StatusBadRequest
	}
	s.couple(conn, res.WebSocket)
	return http.StatusSwitchingProtocols
}

// couple connects conn to end and starts reading.
func (s *Server) couple(conn *websocket.Conn, end *wspipe.End) {
	c := &wsConn{
		server:  s,
		conn:    conn,
		end:     end,
		credits: make(chan struct{}, readAhead),
		closed:  make(chan struct{}),
	}
	conn.SetReadLimit(maxMessageSize)
	// A Close goes to the Worker, which answers it (or not).
	conn.SetCloseHandler(func(int, string) error { return nil })
	s.track(c)
	end.Attach(c)
	go c.readLoop()
}

// wsConn is one connection coupled to a pipe end.
type wsConn struct {
	server  *Server
	conn    *websocket.Conn
	end     *wspipe.End
	credits chan struct{}
	// closed is closed once the connection is shut down.
	closed    chan struct{}
	closeOnce sync.Once

	mu      sync.Mutex
	queue   []wspipe.Event
	writing bool
	dead    bool
	// sentClose and gotClose record the Close frames that went each way.
	sentClose, gotClose bool
}

// Receive queues what the Worker sends and starts the writer if needed.
func (c *wsConn) Receive(ev wspipe.Event) {
	c.mu.Lock()
	if c.dead {
		c.mu.Unlock()
		ev.Done()
		return
	}
	c.queue = append(c.queue, ev)
	if c.writing {
		c.mu.Unlock()
		return
	}
	c.writing = true
	c.mu.Unlock()
	go c.writeLoop()
}

func (c *wsConn) writeLoop() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 || c.dead {
			c.writing = false
			c.mu.Unlock()
			for _, ev := range batch {
				ev.Done()
			}
			return
		}
		c.mu.Unlock()
		for _, ev := range batch {
			if err := c.write(ev); err != nil {
				c.shutdown()
			}
			ev.Done()
		}
	}
}

// write sends one event from the Worker to the client.
func (c *wsConn) write(ev wspipe.Event) error {
	deadline := time.Now().Add(writeTimeout)
	switch ev.Kind {
	case wspipe.Text, wspipe.Binary:
		typ := websocket.TextMessage
		if ev.Kind == wspipe.Binary {
			typ = websocket.BinaryMessage
		}
		_ = c.conn.SetWriteDeadline(deadline)
		return c.conn.WriteMessage(typ, ev.Data)
	case wspipe.Close:
		// 1005 is "no code": gorilla sends a Close frame without a body.
		if err := c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(ev.Code, ev.Reason), deadline); err != nil {
			return err
		}
		c.mu.Lock()
		c.sentClose = true
		done := c.gotClose
		c.mu.Unlock()
		if done {
			c.shutdown()
		} else {
			// The client has closeGrace to answer.
			_ = c.conn.SetReadDeadline(time.Now().Add(closeGrace))
		}
		return nil
	}
	// Abort: the Worker's side is gone.
	c.shutdown()
	return nil
}

// readLoop passes what the client sends to the Worker.
func (c *wsConn) readLoop() {
	done := func() { <-c.credits }
	for {
		select {
		case c.credits <- struct{}{}:
		case <-c.closed:
			return
		}
		typ, data, err := c.conn.ReadMessage()
		if err != nil {
			<-c.credits
			c.readFailed(err)
			return
		}
		kind := wspipe.Text
		if typ == websocket.BinaryMessage {
			kind = wspipe.Binary
		}
		c.end.Send(wspipe.Event{Kind: kind, Data: data, OnDone: done})
	}
}

// readFailed reports how the client's side ended.
func (c *wsConn) readFailed(err error) {
	select {
	case <-c.closed:
		return // shut down by us
	default:
	}
	var ce *websocket.CloseError
	switch {
	// gorilla reports a connection cut without a Close frame as Close
	// 1006, which no real Close frame can carry.
	case errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure:
		c.mu.Lock()
		c.gotClose = true
		answered := c.sentClose
		c.mu.Unlock()
		c.end.Send(wspipe.Event{Kind: wspipe.Close, Code: ce.Code, Reason: ce.Text})
		if !answered {
			// Wait for the Worker's answer (the writer shuts down after
			// sending it), the client hanging up, or the grace period.
			// Nothing may follow a Close, so the raw connection is only
			// read to notice its end.
			raw := c.conn.UnderlyingConn()
			_ = raw.SetReadDeadline(time.Now().Add(closeGrace))
			var b [1]byte
			_, _ = raw.Read(b[:])
		}
		c.shutdown()
	case errors.Is(err, websocket.ErrReadLimit):
		// gorilla has sent Close 1009 to the client.
		c.end.Send(wspipe.Event{Kind: wspipe.Error, Reason: fmt.Sprintf(
			"WebSocket protocol error; protocolError.statusCode = 1009; protocolError.description = Message is too large: more than %d bytes", maxMessageSize)})
		c.shutdown()
	default:
		c.end.Send(wspipe.Event{Kind: wspipe.Abort})
		c.shutdown()
	}
}

// shutdown closes the TCP connection; what is still queued is dropped.
func (c *wsConn) shutdown() {
	c.closeOnce.Do(func() {
		close(c.closed)
		_ = c.conn.Close()
		c.mu.Lock()
		c.dead = true
		c.mu.Unlock()
		c.server.forget(c)
	})
}

// goAway closes the connection as the server stops: Close 1001, then the
// TCP connection.
func (c *wsConn) goAway() {
	_ = c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
	c.shutdown()
}

func (s *Server) track(c *wsConn) {
	s.wsMu.Lock()
	s.wsConns[c] = struct{}{}
	s.wsMu.Unlock()
}

func (s *Server) forget(c *wsConn) {
	s.wsMu.Lock()
	delete(s.wsConns, c)
	s.wsMu.Unlock()
}

// closeWebSockets shuts down every coupled connection.
func (s *Server) closeWebSockets() {
	s.wsMu.Lock()
	conns := make([]*wsConn, 0, len(s.wsConns))
	for c := range s.wsConns {
		conns = append(conns, c)
	}
	s.wsMu.Unlock()
	for _, c := range conns {
		c.goAway()
	}
}
