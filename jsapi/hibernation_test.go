package jsapi

// The Hibernation API inside a Durable Object of the test host, against
// what wrangler dev answered for the same code.

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
	"github.com/kindling-dev/kindling/runtime/actor"
)

// WebSockets gives test objects the runtime's record of hibernatable
// sockets; their events reach the object through its gate, as in
// runtime/isolate.
func (o *testObject) WebSockets() WebSocketRegistry {
	if o.sockets == nil {
		loop := o.ns.host.tr.loop
		o.sockets = actor.NewWebSockets(func(s *actor.Socket, ev wspipe.Event) {
			loop.Post(func() {
				o.gate.Deliver(func() {
					o.ns.host.tr.realm.DispatchWebSocketEvent(o.js, o.ctx, s, ev, func() {})
					ev.Done()
				})
			})
		})
	}
	return testSocketRegistry{o.sockets}
}

type testSocketRegistry struct{ *actor.WebSockets }

func (r testSocketRegistry) Accept(end *wspipe.End, tags []string) (HibernatableSocket, error) {
	s, err := r.WebSockets.Accept(end, tags)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (r testSocketRegistry) Sockets(tag string, byTag bool) []HibernatableSocket {
	var out []HibernatableSocket
	for _, s := range r.WebSockets.Sockets(tag, byTag) {
		out = append(out, s)
	}
	return out
}

var (
	//go:embed testdata/websocket_hibernation.js
	hibernationProbe string
	//go:embed testdata/websocket_hibernation.wrangler.json
	hibernationProbeWrangler string
)

const socketThing = `{ Thing: class extends DurableObject {
  run(src) { return (0, eval)("(async function (ctx) {" + src + "})").call(this, this.ctx); }
} }`

func TestHibernationAPIMatchesWrangler(t *testing.T) {
	tr, _ := objectRealm(t, socketThing)
	got := tr.run(inside("probe", hibernationProbe+"\n") + "\n")
	data, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, hibernationProbeWrangler, string(data))
}

// Messages for a hibernatable socket reach webSocketMessage; the socket is
// the same object getWebSockets lists.
func TestHibernatableSocketMessagesReachTheHandler(t *testing.T) {
	tr, _ := objectRealm(t, `{ Thing: class extends DurableObject {
  run(src) { return (0, eval)("(async function (ctx) {" + src + "})").call(this, this.ctx); }
  webSocketMessage(ws, msg) { ws.send(JSON.stringify([msg, this.ctx.getWebSockets()[0] === ws, ws.deserializeAttachment()])); }
} }`)
	v := tr.run(inside("room", `
		const [client, server] = Object.values(new WebSocketPair());
		ctx.acceptWebSocket(server, ["t"]);
		server.serializeAttachment({ n: 1 });
		client.accept();
		const reply = new Promise((resolve) => client.addEventListener("message", (e) => resolve(e.data)));
		client.send("hello");
		return JSON.parse(await reply);`))
	require.Equal(t, []any{"hello", true, map[string]any{"n": int64(1)}}, v)
}
