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
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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
	// A small read buffer (instead of the HTTP server's 4 KiB one) keeps
	// idle connections cheap; larger messages are read straight into
	// their own buffer.
	ReadBufferSize: 1024,
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
	hw := &hijackWrapper{ResponseWriter: w}
	conn, err := upgrader.Upgrade(hw, r, header)
	if err != nil {
		// gorilla has answered the client with an HTTP error.
		res.WebSocket.Send(wspipe.Event{Kind: wspipe.Abort})
		return http.StatusBadRequest
	}
	s.couple(conn, hw.conn, res.WebSocket)
	return http.StatusSwitchingProtocols
}

// couple connects conn, which writes to out, to end and starts reading.
func (s *Server) couple(conn *websocket.Conn, out *gatheringConn, end *wspipe.End) {
	c := &wsConn{
		server:  s,
		conn:    conn,
		out:     out,
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
	out     *gatheringConn
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
	c.server.startWriting(c)
}

// writerGoroutines is how many goroutines stay ready to write to clients.
// Writers live as long as the server: a goroutine started for each burst
// of messages would grow its stack anew every time (gorilla's write path
// is deep), which cost more than the writes. When all are busy (slow
// clients), a burst gets a goroutine of its own.
var writerGoroutines = 2 * runtime.GOMAXPROCS(0)

// startWriters starts the server's writer goroutines.
func (s *Server) startWriters() {
	for range writerGoroutines {
		go func() {
			for {
				select {
				case c := <-s.writeJobs:
					c.writeLoop()
				case <-s.stopWriters:
					return
				}
			}
		}()
	}
}

// startWriting has c's queue written by an idle writer, or by a new
// goroutine if none is idle.
func (s *Server) startWriting(c *wsConn) {
	select {
	case s.writeJobs <- c:
	default:
		go c.writeLoop()
	}
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
		// Runs of messages go out in one write; a Close or an abort is
		// handled on its own, after what came before it.
		for len(batch) > 0 {
			n := 0
			for n < len(batch) && (batch[n].Kind == wspipe.Text || batch[n].Kind == wspipe.Binary) {
				n++
			}
			if n == 0 {
				n = 1
			}
			if err := c.writeRun(batch[:n]); err != nil {
				c.shutdown()
			}
			for _, ev := range batch[:n] {
				ev.Done()
			}
			batch = batch[n:]
		}
	}
}

// writeRun writes one event, or several messages gathered into one write.
func (c *wsConn) writeRun(run []wspipe.Event) error {
	if len(run) == 1 {
		return c.write(run[0])
	}
	c.out.gather()
	for _, ev := range run {
		if err := c.write(ev); err != nil {
			c.out.release()
			return err
		}
	}
	_ = c.out.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.out.release()
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
		// A reason longer than a control frame allows (which workerd lets
		// through before websocket_close_reason_byte_limit) is cut.
		if err := c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(ev.Code, closeReason(ev.Reason)), deadline); err != nil {
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

// closeReason cuts a Close reason to the 123 bytes a Close frame has room
// for, at a character boundary.
func closeReason(reason string) string {
	const limit = 123
	if len(reason) <= limit {
		return reason
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut]
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

// closeWebSockets shuts down every coupled connection and stops the
// writers.
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
	s.stopOnce.Do(func() { close(s.stopWriters) })
}

// gatheringConn is the connection gorilla writes to. While the writer
// sends a run of messages, their frames are gathered and sent in one
// write: several messages for one client cost one system call and one
// wake-up of the client instead of one each.
type gatheringConn struct {
	net.Conn
	mu        sync.Mutex
	gathering bool
	buf       *[]byte
}

var gatherBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func (g *gatheringConn) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gathering {
		*g.buf = append(*g.buf, p...)
		return len(p), nil
	}
	return g.Conn.Write(p)
}

// gather starts gathering frames.
func (g *gatheringConn) gather() {
	g.mu.Lock()
	g.gathering = true
	g.buf = gatherBuffers.Get().(*[]byte)
	g.mu.Unlock()
}

// release writes what was gathered and stops gathering.
func (g *gatheringConn) release() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gathering = false
	_, err := g.Conn.Write(*g.buf)
	if cap(*g.buf) <= 64<<10 {
		*g.buf = (*g.buf)[:0]
		gatherBuffers.Put(g.buf)
	}
	g.buf = nil
	return err
}

// hijackWrapper hands gorilla a gatheringConn when it hijacks the
// connection for the handshake.
type hijackWrapper struct {
	http.ResponseWriter
	conn *gatheringConn
}

func (h *hijackWrapper) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = &gatheringConn{Conn: conn}
	return h.conn, rw, nil
}
