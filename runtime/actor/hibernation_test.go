package actor

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// client records what reaches the client's end of a socket.
type client struct {
	mu  sync.Mutex
	got []string
}

func (c *client) Receive(ev wspipe.Event) {
	c.mu.Lock()
	c.got = append(c.got, string(ev.Data))
	c.mu.Unlock()
	ev.Done()
}

// delivered records the events WebSockets hands to the object.
type delivered struct {
	mu     sync.Mutex
	events []string
}

func (d *delivered) deliver(s *Socket, ev wspipe.Event) {
	d.mu.Lock()
	d.events = append(d.events, string(ev.Data))
	d.mu.Unlock()
	ev.Done()
}

// connect accepts a new socket with tags and returns it with the client's
// end.
func connect(t *testing.T, w *WebSockets, tags ...string) (*Socket, *wspipe.End, *client) {
	t.Helper()
	server, clientEnd := wspipe.New()
	c := &client{}
	clientEnd.Attach(c)
	s, err := w.Accept(server, tags)
	require.NoError(t, err)
	return s, clientEnd, c
}

func TestSocketsAreListedNewestFirstAndByTagInTaggingOrder(t *testing.T) {
	d := &delivered{}
	w := NewWebSockets(d.deliver)
	a, _, _ := connect(t, w, "room")
	b, _, _ := connect(t, w)
	c, _, _ := connect(t, w, "room", "admin")
	require.Equal(t, []*Socket{c, b, a}, w.Sockets("", false))
	require.Equal(t, []*Socket{a, c}, w.Sockets("room", true))
	require.Equal(t, []*Socket{c}, w.Sockets("admin", true))
	require.Empty(t, w.Sockets("none", true))
	require.Equal(t, []string{"room", "admin"}, c.Tags())

	a.Remove()
	require.Equal(t, []*Socket{c, b}, w.Sockets("", false))
	require.Equal(t, []*Socket{c}, w.Sockets("room", true))
	c.Remove()
	require.Empty(t, w.Sockets("admin", true))
	require.Equal(t, 1, w.Len())
}

func TestMessagesGoToTheObjectInOrder(t *testing.T) {
	d := &delivered{}
	w := NewWebSockets(d.deliver)
	_, clientEnd, _ := connect(t, w)
	for _, m := range []string{"1", "2", "3"} {
		clientEnd.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte(m)})
	}
	require.Equal(t, []string{"1", "2", "3"}, d.events)
}

func TestAutoResponseIsAnsweredWithoutTheObject(t *testing.T) {
	d := &delivered{}
	w := NewWebSockets(d.deliver)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w.now = func() time.Time { return at }
	s, clientEnd, c := connect(t, w)
	_, ok := s.AutoResponseTime()
	require.False(t, ok)

	w.SetAutoResponse("ping", "pong")
	clientEnd.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte("ping")})
	clientEnd.Send(wspipe.Event{Kind: wspipe.Binary, Data: []byte("ping")})
	clientEnd.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte("pings")})
	require.Equal(t, []string{"pong"}, c.got, "only an equal text message is answered")
	require.Equal(t, []string{"ping", "pings"}, d.events, "the binary one and the other text reach the object")
	when, ok := s.AutoResponseTime()
	require.True(t, ok)
	require.Equal(t, at, when)

	// After the object closed its side, the request is still swallowed
	// and timestamped, but nothing is sent.
	s.MarkClosedOutgoing()
	clientEnd.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte("ping")})
	require.Equal(t, []string{"pong"}, c.got)
	require.Len(t, d.events, 2)

	w.ClearAutoResponse()
	_, _, ok = w.AutoResponse()
	require.False(t, ok)
	clientEnd.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte("ping")})
	require.Len(t, d.events, 3)
}

func TestAttachmentAndEventTimeoutAreKept(t *testing.T) {
	w := NewWebSockets((&delivered{}).deliver)
	s, _, _ := connect(t, w)
	require.Nil(t, s.Attachment())
	s.SetAttachment([]byte{0xff, 0x0f, 'T'})
	require.Equal(t, []byte{0xff, 0x0f, 'T'}, s.Attachment())
	_, ok := w.EventTimeout()
	require.False(t, ok)
	w.SetEventTimeout(1000)
	ms, ok := w.EventTimeout()
	require.True(t, ok)
	require.EqualValues(t, 1000, ms)
	w.SetEventTimeout(0)
	_, ok = w.EventTimeout()
	require.False(t, ok)
}

func TestAcceptRefusesPastTheLimit(t *testing.T) {
	w := NewWebSockets((&delivered{}).deliver)
	for range MaxHibernatableSockets {
		server, _ := wspipe.New()
		_, err := w.Accept(server, nil)
		require.NoError(t, err)
	}
	server, _ := wspipe.New()
	_, err := w.Accept(server, nil)
	require.EqualError(t, err, "only 32768 websockets can be accepted on a single Durable Object instance")
}
