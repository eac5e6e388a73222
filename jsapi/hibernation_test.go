package jsapi

// Hibernatable sockets for the objects of the test host.

import (
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
