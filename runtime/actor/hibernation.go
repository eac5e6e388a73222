package actor

// WebSocket hibernation (workerd io/hibernation-manager.h): a Durable
// Object's WebSockets accepted with ctx.acceptWebSocket belong to the
// runtime, not to the object's JS instance, so the instance can be evicted
// while its clients stay connected. WebSockets is that record for one
// object: the sockets with their tags, serialized attachments and closed
// state, and the object's automatic response, which is answered here
// without waking the object.
//
// Invariants: a socket is listed from Accept until Remove, which the
// isolate calls once the socket's close or error event has been handed to
// the object (until then the object still sees it, CLOSING). Events that
// need the object go to deliver in the order they arrived on each socket.
// The record is safe for use from any goroutine: the isolate's loop reads
// and changes it, and each connection's reader answers automatic
// responses.

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// MaxHibernatableSockets is workerd's ACTIVE_CONNECTION_LIMIT for one
// object.
const MaxHibernatableSockets = 32 * 1024

// WebSockets is one Durable Object's hibernatable sockets.
type WebSockets struct {
	// deliver hands an event that needs the object to the isolate hosting
	// it; it is called on the goroutine the event arrived on.
	deliver func(s *Socket, ev wspipe.Event)
	now     func() time.Time

	mu sync.Mutex
	// all is in accept order; getWebSockets lists it newest first.
	all   []*Socket
	byTag map[string][]*Socket

	autoRequest, autoResponse string
	hasAutoResponse           bool
	eventTimeout              uint32
}

// Socket is one hibernatable socket.
type Socket struct {
	owner *WebSockets
	end   *wspipe.End
	tags  []string

	// Guarded by owner.mu: the connection's reader reads them.
	attachment     []byte
	closedOutgoing bool
	autoResponseAt time.Time
}

// NewWebSockets returns an empty record whose events that need the object
// go to deliver.
func NewWebSockets(deliver func(s *Socket, ev wspipe.Event)) *WebSockets {
	return &WebSockets{deliver: deliver, now: time.Now, byTag: make(map[string][]*Socket)}
}

// Accept takes over end with tags (already distinct): from now on the
// events arriving at end are answered here or delivered to the object.
func (w *WebSockets) Accept(end *wspipe.End, tags []string) (*Socket, error) {
	w.mu.Lock()
	if len(w.all) >= MaxHibernatableSockets {
		w.mu.Unlock()
		return nil, fmt.Errorf("only %d websockets can be accepted on a single Durable Object instance", MaxHibernatableSockets)
	}
	s := &Socket{owner: w, end: end, tags: tags}
	w.all = append(w.all, s)
	for _, t := range tags {
		w.byTag[t] = append(w.byTag[t], s)
	}
	w.mu.Unlock()
	end.Attach(s)
	return s, nil
}

// Sockets lists the sockets newest first, or those tagged tag, in the
// order they were tagged, when byTag is set.
func (w *WebSockets) Sockets(tag string, byTag bool) []*Socket {
	w.mu.Lock()
	defer w.mu.Unlock()
	if byTag {
		return slices.Clone(w.byTag[tag])
	}
	out := slices.Clone(w.all)
	slices.Reverse(out)
	return out
}

// Len is the number of sockets listed.
func (w *WebSockets) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.all)
}

// SetAutoResponse makes every text message equal to request be answered
// with response, by the runtime.
func (w *WebSockets) SetAutoResponse(request, response string) {
	w.mu.Lock()
	w.autoRequest, w.autoResponse, w.hasAutoResponse = request, response, true
	w.mu.Unlock()
}

// ClearAutoResponse removes the automatic response.
func (w *WebSockets) ClearAutoResponse() {
	w.mu.Lock()
	w.autoRequest, w.autoResponse, w.hasAutoResponse = "", "", false
	w.mu.Unlock()
}

// AutoResponse returns the automatic response, if one is set.
func (w *WebSockets) AutoResponse() (request, response string, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.autoRequest, w.autoResponse, w.hasAutoResponse
}

// SetEventTimeout records the handlers' time limit in milliseconds (0:
// none).
func (w *WebSockets) SetEventTimeout(ms uint32) {
	w.mu.Lock()
	w.eventTimeout = ms
	w.mu.Unlock()
}

// EventTimeout returns the handlers' time limit, if one is set.
func (w *WebSockets) EventTimeout() (uint32, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.eventTimeout, w.eventTimeout > 0
}

// Receive handles an event arriving from the client: the automatic
// response answers a matching text message here; anything else goes to
// the object.
func (s *Socket) Receive(ev wspipe.Event) {
	w := s.owner
	if ev.Kind == wspipe.Text {
		w.mu.Lock()
		match := w.hasAutoResponse && string(ev.Data) == w.autoRequest
		response, closed := w.autoResponse, s.closedOutgoing
		if match {
			s.autoResponseAt = w.now()
		}
		w.mu.Unlock()
		if match {
			if !closed {
				s.end.Send(wspipe.Event{Kind: wspipe.Text, Data: []byte(response)})
			}
			ev.Done()
			return
		}
	}
	w.deliver(s, ev)
}

// Remove stops listing the socket; its events have all been delivered.
func (s *Socket) Remove() {
	w := s.owner
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all = slices.DeleteFunc(w.all, func(o *Socket) bool { return o == s })
	for _, t := range s.tags {
		left := slices.DeleteFunc(w.byTag[t], func(o *Socket) bool { return o == s })
		if len(left) == 0 {
			delete(w.byTag, t)
		} else {
			w.byTag[t] = left
		}
	}
}

// End is the socket's end of its pipe: what the object sends goes there.
func (s *Socket) End() *wspipe.End { return s.end }

// Tags returns the socket's tags.
func (s *Socket) Tags() []string { return slices.Clone(s.tags) }

// Attachment returns the serialized attachment, nil for none.
func (s *Socket) Attachment() []byte {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	return s.attachment
}

// SetAttachment keeps a serialized attachment with the socket.
func (s *Socket) SetAttachment(data []byte) {
	s.owner.mu.Lock()
	s.attachment = data
	s.owner.mu.Unlock()
}

// ClosedOutgoing reports whether the object has sent a Close.
func (s *Socket) ClosedOutgoing() bool {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	return s.closedOutgoing
}

// MarkClosedOutgoing records that the object sent a Close: the automatic
// response stops answering.
func (s *Socket) MarkClosedOutgoing() {
	s.owner.mu.Lock()
	s.closedOutgoing = true
	s.owner.mu.Unlock()
}

// AutoResponseTime is when the automatic response last answered here.
func (s *Socket) AutoResponseTime() (time.Time, bool) {
	s.owner.mu.Lock()
	defer s.owner.mu.Unlock()
	return s.autoResponseAt, !s.autoResponseAt.IsZero()
}
