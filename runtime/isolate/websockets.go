package isolate

// The isolate's side of WebSockets: each Durable Object's hibernatable
// sockets (actor.WebSockets, kept by the isolate so that they outlive the
// object's instances, which idle eviction drops — evict.go), and the
// delivery of their events to the object, constructing it again if it was
// evicted: that is hibernation. What sockets send waits for the output
// gate through jsapi's afterCommit (output_gate.go).

import (
	"errors"
	"net/http"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
	"github.com/kindling-dev/kindling/runtime/actor"
)

// WebSockets implements jsapi.ObjectState.
func (inst *instance) WebSockets() jsapi.WebSocketRegistry {
	return socketRegistry{inst.iso.webSocketsOf(inst.ns, inst.id)}
}

// webSocketsOf returns the hibernatable sockets of an object, creating
// the record on first use. It runs on the loop.
func (iso *Isolate) webSocketsOf(ns *actor.Namespace, id actor.ID) *actor.WebSockets {
	key := actorKey{ns, id.String()}
	if w, ok := iso.sockets[key]; ok {
		return w
	}
	w := actor.NewWebSockets(func(s *actor.Socket, ev wspipe.Event) { iso.socketEvent(ns, id, s, ev) })
	iso.sockets[key] = w
	return w
}

// socketEvent delivers an event of a hibernatable socket to its object,
// constructing the object if it was evicted. It may be called from any
// goroutine. After a close or an error, the socket is no longer listed.
func (iso *Isolate) socketEvent(ns *actor.Namespace, id actor.ID, s *actor.Socket, ev wspipe.Event) {
	last := ev.Kind == wspipe.Close || ev.Kind == wspipe.Abort || ev.Kind == wspipe.Error
	iso.deliver(ns, id, func(err error) {
		if !errors.Is(err, errStopped) {
			iso.log(jsapi.LevelError, "Uncaught "+err.Error())
		}
		if last {
			iso.removeSocket(ns, id, s)
		}
		ev.Done()
	}, func(inst *instance) {
		// A reset while the handler runs loses the event; nobody waits
		// for its result.
		e := inst.begin(func(error) {})
		iso.realm.DispatchWebSocketEvent(inst.obj, inst.ctx, s, ev, func() { e.end() })
		if last {
			iso.removeSocket(ns, id, s)
		}
		ev.Done()
	})
}

// removeSocket stops listing s; the record goes too once it lists nothing
// and no instance could still set its automatic response.
func (iso *Isolate) removeSocket(ns *actor.Namespace, id actor.ID, s *actor.Socket) {
	s.Remove()
	key := actorKey{ns, id.String()}
	if _, live := iso.actors[key]; !live {
		iso.forgetSockets(key)
	}
}

// forgetSockets drops the record of an object without sockets, whose
// instance is gone: its automatic response and event timeout go with it,
// as with workerd's hibernation manager.
func (iso *Isolate) forgetSockets(key actorKey) {
	if w, ok := iso.sockets[key]; ok && w.Len() == 0 {
		delete(iso.sockets, key)
	}
}

// socketRegistry adapts actor.WebSockets to jsapi.WebSocketRegistry.
type socketRegistry struct{ *actor.WebSockets }

func (r socketRegistry) Accept(end *wspipe.End, tags []string) (jsapi.HibernatableSocket, error) {
	s, err := r.WebSockets.Accept(end, tags)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (r socketRegistry) Sockets(tag string, byTag bool) []jsapi.HibernatableSocket {
	socks := r.WebSockets.Sockets(tag, byTag)
	out := make([]jsapi.HibernatableSocket, len(socks))
	for i, s := range socks {
		out[i] = s
	}
	return out
}

// DialWebSocket opens outbound connections for `new WebSocket(url)` and
// fetch() with `Upgrade: websocket`.
func (h host) DialWebSocket(url string, header http.Header, done func(end *wspipe.End, res *jsapi.HTTPResponse, err error)) {
	if h.iso.opts.Dialer == nil {
		done(nil, nil, errors.New("outbound WebSocket connections are not available"))
		return
	}
	h.iso.opts.Dialer.DialWebSocket(url, header, done)
}
