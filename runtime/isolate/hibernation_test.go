package isolate

// Hibernatable WebSockets on a real isolate: the object accepts sockets in
// its fetch handler, the test plays the client on the other end of the
// pipe (what the dev server couples to a connection), and hibernation runs
// with a short timeout.

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
	"github.com/kindling-dev/kindling/runtime/actor"
)

// roomModule is a chat room: it counts its constructions (module state
// survives hibernation, instance state does not) and answers a few
// commands.
const roomModule = `(function (module, exports) {
const { DurableObject } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
let constructed = 0;
class Room extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructed++;
    this.seen = 0;
  }
  async fetch(request) {
    const url = new URL(request.url);
    const pair = new WebSocketPair();
    if (url.searchParams.get("mode") === "accept") {
      pair[1].accept();
      pair[1].addEventListener("message", (e) => pair[1].send("plain:" + e.data));
    } else {
      this.ctx.acceptWebSocket(pair[1], url.searchParams.getAll("tag"));
      pair[1].serializeAttachment({ user: url.searchParams.get("user") });
    }
    if (url.searchParams.get("timer")) setTimeout(() => {}, 60000);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  async webSocketMessage(ws, msg) {
    this.seen++;
    if (msg === "state") {
      ws.send(JSON.stringify({ constructed, seen: this.seen, user: ws.deserializeAttachment().user,
        sockets: this.ctx.getWebSockets().length, tags: this.ctx.getTags(ws), same: this.ctx.getWebSockets().includes(ws) }));
    } else if (msg === "put") {
      await this.ctx.storage.put("k", "v");
      ws.send("stored");
    } else if (msg === "autoresponse") {
      this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
      ws.send("set");
    } else if (msg === "slow") {
      await new Promise((resolve) => setTimeout(resolve, 300));
      ws.send("slept");
    } else if (msg === "block") {
      await this.ctx.blockConcurrencyWhile(() => new Promise((resolve) => setTimeout(resolve, 200)));
      ws.send("unblocked");
    } else if (msg === "when") {
      const t = this.ctx.getWebSocketAutoResponseTimestamp(ws);
      ws.send(t === null ? "never" : String(t instanceof Date));
    } else {
      for (const peer of this.ctx.getWebSockets()) peer.send(typeof msg === "string" ? "echo:" + msg : "bytes:" + msg.byteLength);
    }
  }
  async webSocketClose(ws, code, reason, wasClean) {
    globalThis.closes = (globalThis.closes ?? []).concat([[code, reason, wasClean, ws.readyState, this.ctx.getWebSockets().length]]);
  }
}
module.exports = { Room, default: {} };
})`

// client is the test's end of a socket.
type client struct {
	end *wspipe.End
	got chan wspipe.Event
}

func (c *client) Receive(ev wspipe.Event) {
	c.got <- ev
	ev.Done()
}

func (c *client) send(t *testing.T, text string) {
	c.end.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte(text)})
}

func (c *client) next(t *testing.T) wspipe.Event {
	t.Helper()
	select {
	case ev := <-c.got:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5 s")
		return wspipe.Event{}
	}
}

func (c *client) nextText(t *testing.T) string {
	t.Helper()
	ev := c.next(t)
	require.Equal(t, wspipe.Text, ev.Kind, "event %+v", ev)
	return string(ev.Data)
}

type roomTest struct {
	t   *testing.T
	iso *Isolate
	ns  *actor.Namespace
	id  actor.ID
}

func newRoomTest(t *testing.T, idle time.Duration) *roomTest {
	t.Helper()
	prg, err := goja.Compile("room.js", roomModule, true)
	require.NoError(t, err)
	iso, err := New(Options{
		Program:           prg,
		Log:               func(level jsapi.LogLevel, msg string) { t.Logf("%s: %s", level, msg) },
		CompatibilityDate: "2025-09-01",
		IdleTimeout:       idle,
	})
	require.NoError(t, err)
	t.Cleanup(iso.Close)
	ns := actor.NewNamespace("test", "Room", true, t.TempDir())
	return &roomTest{t: t, iso: iso, ns: ns, id: ns.IDFromName("room")}
}

// connect opens a socket to the room with the query string q.
func (rt *roomTest) connect(q string) *client {
	t := rt.t
	t.Helper()
	type result struct {
		res *jsapi.HTTPResponse
		err error
	}
	ch := make(chan result, 1)
	rt.iso.ActorFetch(rt.ns, rt.id, &jsapi.HTTPRequest{Method: "GET", URL: "http://x/ws?" + q, Header: http.Header{"Upgrade": {"websocket"}}},
		func(res *jsapi.HTTPResponse, err error) { ch <- result{res, err} })
	out := <-ch
	require.NoError(t, out.err)
	require.Equal(t, 101, out.res.Status)
	require.NotNil(t, out.res.WebSocket)
	c := &client{end: out.res.WebSocket, got: make(chan wspipe.Event, 16)}
	c.end.Attach(c)
	return c
}

// idleTimeout shortens the idle timeout once the test has set the room up
// (so that a slow machine cannot evict it during the set-up).
func (rt *roomTest) idleTimeout(d time.Duration) {
	rt.iso.onLoop(func() {
		rt.iso.opts.IdleTimeout = d
		if inst, ok := rt.iso.actors[actorKey{rt.ns, rt.id.String()}]; ok {
			inst.stopIdle()
			inst.maybeIdle()
		}
	})
}

// live reports whether the room has an instance in memory.
func (rt *roomTest) live() bool {
	live := false
	rt.iso.onLoop(func() { _, live = rt.iso.actors[actorKey{rt.ns, rt.id.String()}] })
	return live
}

type roomState struct {
	Constructed, Seen, Sockets int
	User                       string
	Tags                       []string
	Same                       bool
}

func (rt *roomTest) state(c *client) roomState {
	rt.t.Helper()
	c.send(rt.t, "state")
	var s roomState
	require.NoError(rt.t, json.Unmarshal([]byte(c.nextText(rt.t)), &s))
	return s
}

func TestHibernatableSocketsBroadcastWithTagsAndAttachments(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	a := rt.connect("user=ann&tag=red&tag=red&tag=blue")
	b := rt.connect("user=bob")
	a.send(t, "hi")
	require.Equal(t, "echo:hi", a.nextText(t))
	require.Equal(t, "echo:hi", b.nextText(t))
	a.end.Send(wspipe.Event{Kind: wspipe.Binary, Data: []byte{1, 2, 3}})
	require.Equal(t, "bytes:3", a.nextText(t))
	require.Equal(t, "bytes:3", b.nextText(t))
	s := rt.state(a)
	require.Equal(t, roomState{Constructed: 1, Seen: 3, Sockets: 2, User: "ann", Tags: []string{"red", "blue"}, Same: true}, s)
}

func TestIdleObjectHibernatesAndWakesWithItsSockets(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	a := rt.connect("user=ann&tag=red")
	b := rt.connect("user=bob")
	require.Equal(t, roomState{Constructed: 1, Seen: 1, Sockets: 2, User: "ann", Tags: []string{"red"}, Same: true}, rt.state(a))

	rt.idleTimeout(50 * time.Millisecond)
	require.Eventually(t, func() bool { return !rt.live() }, 5*time.Second, 10*time.Millisecond, "the idle room is evicted")

	// The next message re-creates the object: the constructor ran again,
	// its in-memory count restarted, and the sockets, tags and attachments
	// are intact. The clients kept their connections all along.
	require.Equal(t, roomState{Constructed: 2, Seen: 1, Sockets: 2, User: "bob", Same: true, Tags: []string{}}, rt.state(b))
	a.send(t, "again")
	require.Equal(t, "echo:again", a.nextText(t))
	require.Equal(t, "echo:again", b.nextText(t))
}

func TestAutoResponseDoesNotWakeTheObject(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	a := rt.connect("user=ann")
	a.send(t, "autoresponse")
	require.Equal(t, "set", a.nextText(t))
	a.send(t, "when")
	require.Equal(t, "never", a.nextText(t))
	rt.idleTimeout(50 * time.Millisecond)
	require.Eventually(t, func() bool { return !rt.live() }, 5*time.Second, 10*time.Millisecond)

	a.send(t, "ping")
	require.Equal(t, "pong", a.nextText(t))
	require.False(t, rt.live(), "answered without the object")
	rt.idleTimeout(time.Hour)
	a.send(t, "when")
	require.Equal(t, "true", a.nextText(t), "the new instance sees when it was answered")
	require.Equal(t, 2, rt.state(a).Constructed)
}

// A handler still running (its promise pending) and a socket accepted
// with accept() keep the object in memory; hibernatable sockets do not.
func TestBusyObjectDoesNotHibernate(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	hib := rt.connect("user=ann")
	plain := rt.connect("mode=accept")
	require.Equal(t, 1, rt.state(hib).Constructed)
	rt.idleTimeout(20 * time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	require.True(t, rt.live(), "the accept()ed socket holds the object")
	plain.send(t, "x")
	require.Equal(t, "plain:x", plain.nextText(t))

	rt2 := newRoomTest(t, time.Hour)
	slow := rt2.connect("user=bob")
	rt2.idleTimeout(20 * time.Millisecond)
	slow.send(t, "slow")
	time.Sleep(150 * time.Millisecond)
	require.True(t, rt2.live(), "the handler is still running")
	require.Equal(t, "slept", slow.nextText(t))
	require.Eventually(t, func() bool { return !rt2.live() }, 5*time.Second, 10*time.Millisecond, "idle once it is done")
}

func TestClosedAndVanishedSocketsAreDeliveredThenForgotten(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	a := rt.connect("user=ann")
	b := rt.connect("user=bob")
	c := rt.connect("user=cid")
	a.end.Send(wspipe.Event{Kind: wspipe.Close, Code: 4000, Reason: "bye"})
	b.end.Send(wspipe.Event{Kind: wspipe.Abort})
	require.Equal(t, 1, rt.state(c).Sockets)
	var closes string
	rt.iso.onLoop(func() {
		v, err := rt.iso.rt.RunString("JSON.stringify(globalThis.closes)")
		require.NoError(t, err)
		closes = v.String()
	})
	// While its close is delivered, a socket is still listed (CLOSING).
	require.JSONEq(t, `[[4000,"bye",true,2,3],[1006,"WebSocket disconnected without sending Close frame.",false,2,2]]`, closes)
}

// What a socket sends after a storage write waits for the end of the
// task, when the write is committed (the output gate).
func TestSocketOutputWaitsForTheStorageCommit(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	a := rt.connect("user=ann")
	a.send(t, "put")
	require.Equal(t, "stored", a.nextText(t))

	rt.iso.onLoop(func() {
		inst := rt.iso.actors[actorKey{rt.ns, rt.id.String()}]
		send, err := rt.iso.rt.RunString(`(function () { this.ctx.storage.put("k2", "v"); this.ctx.getWebSockets()[0].send("held"); })`)
		require.NoError(t, err)
		fn, _ := goja.AssertFunction(send)
		_, err = fn(inst.obj)
		require.NoError(t, err)
		select {
		case ev := <-a.got:
			t.Fatalf("%q left before the end of the task", ev.Data)
		default:
		}
	})
	require.Equal(t, "held", a.nextText(t))
}

func TestAcceptedSocketMessagesWaitAtTheInputGate(t *testing.T) {
	rt := newRoomTest(t, time.Hour)
	hib := rt.connect("user=ann")
	plain := rt.connect("mode=accept")
	hib.send(t, "block")
	start := time.Now()
	plain.send(t, "x")
	require.Equal(t, "plain:x", plain.nextText(t))
	require.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond, "delivered only once blockConcurrencyWhile was over")
	require.Equal(t, "unblocked", hib.nextText(t))
}
