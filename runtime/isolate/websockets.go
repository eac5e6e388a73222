package isolate

// The isolate's side of WebSockets: each Durable Object's hibernatable
// sockets (actor.WebSockets, kept by the isolate so that they outlive the
// object's instances), the delivery of their events to the object —
// re-creating it after hibernation — and the output gate for what sockets
// send.

import (
	"errors"
	"net/http"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/wspipe"
	"github.com/kindling-dev/kindling/runtime/actor"
)

// WebSockets implements jsapi.ObjectState.
func (inst *instance) WebSockets() jsapi.WebSocketRegistry {
	inst.iso.startHibernationSweep()
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
			s.Remove()
		}
		ev.Done()
	}, func(inst *instance) {
		iso.startHibernationSweep()
		inst.eventStarted()
		iso.realm.DispatchWebSocketEvent(inst.obj, inst.ctx, s, ev, inst.eventFinished)
		if last {
			s.Remove()
		}
		ev.Done()
	})
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

// OutputHeld and HoldOutput are the output gate for what sockets send:
// while the task has storage writes to commit, a message waits for the
// commit, like a response does.
func (h host) OutputHeld() bool { return len(h.iso.dirty) > 0 }

func (h host) HoldOutput(release func()) {
	iso := h.iso
	if !h.OutputHeld() {
		release()
		return
	}
	iso.outbox = append(iso.outbox, output{from: iso.current, release: release, discard: func(error) {}})
}

// DialWebSocket opens outbound connections for `new WebSocket(url)`.
func (h host) DialWebSocket(url string, header http.Header, done func(end *wspipe.End, protocol, extensions string, err error)) {
	if h.iso.dialer == nil {
		done(nil, "", "", errors.New("outbound WebSocket connections are not available"))
		return
	}
	h.iso.dialer.DialWebSocket(url, header, done)
}
