package server

// The WebSocket coupling on a real listener with real gorilla clients. The
// Worker is played by Go code on the other end of the pipe, so these tests
// cover the network side alone: handshake, both close directions, lost
// connections, the size limit, many clients at once, and that nothing
// (goroutine, file descriptor) outlives a connection.

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// worker answers every request with a WebSocket whose Worker side echoes
// messages and records the rest.
type worker struct {
	mu     sync.Mutex
	events []wspipe.Event
	// replyClose makes the Worker answer a client's Close.
	replyClose bool
	// protocol is sent as Sec-WebSocket-Protocol.
	protocol string
}

func (w *worker) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	if strings.HasSuffix(req.URL, "/plain") {
		done(&jsapi.HTTPResponse{Status: 200, Header: http.Header{}}, nil)
		return
	}
	workerEnd, clientEnd := wspipe.New()
	workerEnd.Attach(&echo{w: w, end: workerEnd})
	h := http.Header{}
	if w.protocol != "" {
		h.Set("Sec-WebSocket-Protocol", w.protocol)
	}
	done(&jsapi.HTTPResponse{Status: 101, Header: h, WebSocket: clientEnd}, nil)
}

func (w *worker) seen() []wspipe.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]wspipe.Event(nil), w.events...)
}

type echo struct {
	w   *worker
	end *wspipe.End
}

func (e *echo) Receive(ev wspipe.Event) {
	defer ev.Done()
	switch ev.Kind {
	case wspipe.Text, wspipe.Binary:
		if string(ev.Data) == "close-from-worker" {
			e.end.Send(wspipe.Event{Kind: wspipe.Close, Code: 4001, Reason: "worker says bye"})
			return
		}
		e.end.Send(wspipe.Event{Kind: ev.Kind, Data: ev.Data})
		return
	case wspipe.Close:
		if e.w.replyClose {
			e.end.Send(wspipe.Event{Kind: wspipe.Close, Code: ev.Code, Reason: "reply"})
		}
	}
	e.w.mu.Lock()
	e.w.events = append(e.w.events, wspipe.Event{Kind: ev.Kind, Code: ev.Code, Reason: ev.Reason})
	e.w.mu.Unlock()
}

// serveSockets starts a server for w on 127.0.0.1 and returns its ws://
// base.
func serveSockets(t *testing.T, w Fetcher) (string, *Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := New(w, func(jsapi.LogLevel, string) {}, func(string) {})
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return "ws://" + ln.Addr().String(), s
}

func dial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func readText(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	// Generous: a 32 MiB message under the race detector is slow.
	_ = c.SetReadDeadline(time.Now().Add(60 * time.Second))
	typ, data, err := c.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, websocket.TextMessage, typ)
	return string(data)
}

func waitFor(t *testing.T, w *worker, kind wspipe.Kind) wspipe.Event {
	t.Helper()
	var found wspipe.Event
	require.Eventually(t, func() bool {
		for _, ev := range w.seen() {
			if ev.Kind == kind {
				found = ev
				return true
			}
		}
		return false
	}, 30*time.Second, 5*time.Millisecond)
	return found
}

func TestMessagesGoBothWaysAndTheProtocolIsChosenByTheWorker(t *testing.T) {
	w := &worker{protocol: "chat"}
	base, _ := serveSockets(t, w)
	h := http.Header{"Sec-WebSocket-Protocol": {"chat, other"}}
	c, res, err := websocket.DefaultDialer.Dial(base+"/room", h)
	require.NoError(t, err)
	defer c.Close()
	require.Equal(t, "chat", res.Header.Get("Sec-WebSocket-Protocol"))
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("héllo")))
	require.Equal(t, "héllo", readText(t, c))
	require.NoError(t, c.WriteMessage(websocket.BinaryMessage, []byte{0, 1, 2}))
	typ, data, err := c.ReadMessage()
	require.NoError(t, err)
	require.Equal(t, websocket.BinaryMessage, typ)
	require.Equal(t, []byte{0, 1, 2}, data)
}

func TestClientCloseReachesTheWorkerWhichAnswers(t *testing.T) {
	w := &worker{replyClose: true}
	base, _ := serveSockets(t, w)
	c := dial(t, base+"/room")
	require.NoError(t, c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "bye")))
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := c.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, 4000, ce.Code)
	require.Equal(t, "reply", ce.Text)
	got := waitFor(t, w, wspipe.Close)
	require.Equal(t, 4000, got.Code)
	require.Equal(t, "bye", got.Reason)

	// A Close without a code arrives as 1005.
	c2 := dial(t, base+"/room")
	require.NoError(t, c2.WriteMessage(websocket.CloseMessage, []byte{}))
	require.Eventually(t, func() bool {
		for _, ev := range w.seen() {
			if ev.Kind == wspipe.Close && ev.Code == 1005 {
				return true
			}
		}
		return false
	}, 5*time.Second, 5*time.Millisecond)
}

func TestWorkerCloseReachesTheClient(t *testing.T) {
	w := &worker{}
	base, _ := serveSockets(t, w)
	c := dial(t, base+"/room")
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("close-from-worker")))
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := c.ReadMessage() // gorilla's client answers the Close
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, 4001, ce.Code)
	require.Equal(t, "worker says bye", ce.Text)
	got := waitFor(t, w, wspipe.Close)
	require.Equal(t, 4001, got.Code, "the client's answer reaches the Worker")
}

func TestVanishedClientIsAnAbort(t *testing.T) {
	w := &worker{}
	base, _ := serveSockets(t, w)
	c := dial(t, base+"/room")
	require.NoError(t, c.UnderlyingConn().Close())
	waitFor(t, w, wspipe.Abort)
}

func TestOversizeMessageIsRefused(t *testing.T) {
	w := &worker{}
	base, _ := serveSockets(t, w)
	c := dial(t, base+"/room")
	// The server refuses the message from its header on: it answers Close
	// 1009 and hangs up, possibly while the client is still writing.
	_ = c.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("a", maxMessageSize+1)))
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, _, err := c.ReadMessage(); websocket.IsUnexpectedCloseError(err) {
		require.True(t, websocket.IsCloseError(err, websocket.CloseMessageTooBig), "%v", err)
	}
	got := waitFor(t, w, wspipe.Error)
	require.Contains(t, got.Reason, "Message is too large")

	// The server keeps serving.
	c2 := dial(t, base+"/room")
	require.NoError(t, c2.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("b", maxMessageSize))))
	require.Len(t, readText(t, c2), maxMessageSize)
}

func TestWebSocketForAPlainRequestIsAnError(t *testing.T) {
	w := &worker{}
	base, _ := serveSockets(t, w)
	res, err := http.Get("http" + strings.TrimPrefix(base, "ws") + "/room")
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	require.Equal(t, 500, res.StatusCode)
	require.Equal(t, `TypeError: Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".`, string(body))
	waitFor(t, w, wspipe.Abort)
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	return len(entries)
}

// A thousand clients at once, each echoed, then gone in both ways: the
// server keeps no goroutine and no file descriptor for them.
func TestThousandClientsLeaveNothingBehind(t *testing.T) {
	fds := openFDs(t)
	w := &worker{}
	base, s := serveSockets(t, w)
	ignore := goleak.IgnoreCurrent()

	const n = 1000
	conns := make([]*websocket.Conn, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := websocket.DefaultDialer.Dial(base+"/room", nil)
			if err != nil {
				errs <- err
				return
			}
			conns[i] = c
			msg := fmt.Sprintf("client %d", i)
			if err := c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
				errs <- err
				return
			}
			_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
			_, data, err := c.ReadMessage()
			if err == nil && string(data) != msg {
				err = fmt.Errorf("got %q, want %q", data, msg)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	// Half leave with a Close, half just drop the connection.
	for i, c := range conns {
		if i%2 == 0 {
			_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, ""))
		}
		_ = c.Close()
	}
	require.Eventually(t, func() bool {
		s.wsMu.Lock()
		defer s.wsMu.Unlock()
		return len(s.wsConns) == 0
	}, 10*time.Second, 10*time.Millisecond)
	goleak.VerifyNone(t, ignore)

	// The server still serves.
	c := dial(t, base+"/room")
	require.NoError(t, c.WriteMessage(websocket.TextMessage, []byte("still here")))
	require.Equal(t, "still here", readText(t, c))
	c.Close()
	require.Eventually(t, func() bool { return openFDs(t) <= fds+4 }, 10*time.Second, 10*time.Millisecond,
		"file descriptors: %d before, %d after", fds, openFDs(t))
}

func TestCloseReasonFitsAControlFrame(t *testing.T) {
	require.Equal(t, "bye", closeReason("bye"))
	long := strings.Repeat("a", 122) + "é" // 124 bytes: "é" would straddle the limit
	require.Equal(t, strings.Repeat("a", 122), closeReason(long))
	require.Len(t, closeReason(strings.Repeat("x", 300)), 123)
}
