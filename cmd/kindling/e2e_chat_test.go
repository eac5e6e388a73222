package main

// End-to-end WebSocket tests against examples/chat: real `kindling dev`
// processes, real gorilla/websocket clients.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"
)

// chatClient is one member of a room.
type chatClient struct {
	t    *testing.T
	conn *websocket.Conn
}

type chatEvent struct {
	Type     string      `json:"type"`
	From     string      `json:"from"`
	Text     string      `json:"text"`
	User     string      `json:"user"`
	Users    []string    `json:"users"`
	Wakeups  int         `json:"wakeups"`
	Messages []chatEvent `json:"messages"`
}

func joinChat(t *testing.T, base, room, user string) *chatClient {
	t.Helper()
	url := "ws" + strings.TrimPrefix(base, "http") + "/rooms/" + room + "?user=" + user
	conn, res, err := websocket.DefaultDialer.Dial(url, nil)
	require.NoError(t, err)
	require.Equal(t, 101, res.StatusCode)
	t.Cleanup(func() { conn.Close() })
	return &chatClient{t: t, conn: conn}
}

func (c *chatClient) say(text string) {
	c.t.Helper()
	require.NoError(c.t, c.conn.WriteMessage(websocket.TextMessage, []byte(text)))
}

// next returns the next message, raw.
func (c *chatClient) next() string {
	c.t.Helper()
	require.NoError(c.t, c.conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	_, data, err := c.conn.ReadMessage()
	require.NoError(c.t, err)
	return string(data)
}

// until returns the first event of type typ, skipping others.
func (c *chatClient) until(typ string) chatEvent {
	c.t.Helper()
	for {
		var ev chatEvent
		require.NoError(c.t, json.Unmarshal([]byte(c.next()), &ev))
		if ev.Type == typ {
			return ev
		}
	}
}

func (c *chatClient) who() chatEvent {
	c.t.Helper()
	c.say("/who")
	return c.until("who")
}

func TestChatRoomsBroadcastAndKeepHistoryAcrossRestarts(t *testing.T) {
	dir := copyProject(t, "../../examples/chat")
	p := startDev(t, dir)
	alice := joinChat(t, p.URL, "lobby", "alice")
	require.Empty(t, alice.until("history").Messages)
	bob := joinChat(t, p.URL, "lobby", "bob")
	require.Equal(t, "bob", alice.until("joined").User)

	alice.say("hello bob")
	for _, c := range []*chatClient{alice, bob} {
		m := c.until("message")
		require.Equal(t, "alice", m.From)
		require.Equal(t, "hello bob", m.Text)
	}
	bob.say("hi alice")
	require.Equal(t, "hi alice", alice.until("message").Text)
	require.ElementsMatch(t, []string{"alice", "bob"}, bob.who().Users)

	// A member gone without a Close frame is announced as left.
	require.NoError(t, bob.conn.UnderlyingConn().Close())
	require.Equal(t, "bob", alice.until("left").User)
	require.Equal(t, []string{"alice"}, alice.who().Users)

	// Other rooms are separate.
	carol := joinChat(t, p.URL, "garden", "carol")
	require.Empty(t, carol.until("history").Messages)

	require.Equal(t, 0, p.Interrupt())
	p2 := startDev(t, dir)
	dave := joinChat(t, p2.URL, "lobby", "dave")
	history := dave.until("history").Messages
	require.Len(t, history, 2)
	require.Equal(t, []string{"hello bob", "hi alice"}, []string{history[0].Text, history[1].Text})
}

// An idle room is evicted while its clients stay connected; the next
// message starts it again (its constructor runs a second time) and reaches
// everyone, with the members' attachments intact.
func TestChatRoomHibernatesWithoutClientsNoticing(t *testing.T) {
	dir := copyProject(t, "../../examples/chat")
	p := startDev(t, dir, "--do-idle-timeout", "300ms")
	alice := joinChat(t, p.URL, "den", "alice")
	bob := joinChat(t, p.URL, "den", "bob")
	require.Equal(t, 1, alice.who().Wakeups)

	// Wait for the room to be evicted (after 300ms idle) and
	// woken by the next message; the automatic response is answered
	// meanwhile without waking it.
	deadline := time.Now().Add(20 * time.Second)
	for {
		time.Sleep(500 * time.Millisecond)
		alice.say("ping")
		require.Equal(t, "pong", alice.next())
		who := bob.who()
		require.ElementsMatch(t, []string{"alice", "bob"}, who.Users)
		if who.Wakeups >= 2 {
			break
		}
		require.True(t, time.Now().Before(deadline), "the room never hibernated")
	}

	alice.say("still here?")
	for _, c := range []*chatClient{alice, bob} {
		m := c.until("message")
		require.Equal(t, "alice", m.From, "the attachment survived hibernation")
		require.Equal(t, "still here?", m.Text)
	}
}

// A thousand clients at once across ten rooms: all are served, and the
// server still answers afterwards.
func TestThousandChatClientsAtOnce(t *testing.T) {
	dir := copyProject(t, "../../examples/chat")
	p := startDev(t, dir)
	const n, rooms = 1000, 10
	errs := make(chan error, n)
	conns := make(chan *websocket.Conn, n)
	dialer := &websocket.Dialer{HandshakeTimeout: 30 * time.Second}
	for i := range n {
		go func() {
			url := "ws" + strings.TrimPrefix(p.URL, "http") + "/rooms/r" + string(rune('a'+i%rooms)) + "?user=u"
			conn, _, err := dialer.Dial(url, nil)
			if err == nil {
				_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
				_, _, err = conn.ReadMessage() // the history
			}
			if err != nil {
				errs <- err
				return
			}
			conns <- conn
		}()
	}
	for range n {
		select {
		case err := <-errs:
			require.NoError(t, err)
		case c := <-conns:
			defer c.Close()
		}
	}
	last := joinChat(t, p.URL, "ra", "last")
	require.Len(t, last.who().Users, n/rooms+1)
}
