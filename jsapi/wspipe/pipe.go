// Package wspipe is what a WebSocket is underneath, as Go holds it: two
// coupled ends, where what is sent on one end is received at the other
// (workerd's kj::newWebSocketPipe).
//
// A WebSocketPair is one pipe with a JS WebSocket on each end. When a
// Worker returns one end in a 101 response, that End crosses isolates as a
// plain Go value, and the dev server attaches the real connection to it; a
// hibernatable socket's End is kept by the runtime while the Durable
// Object that owns it is evicted. Nothing here touches goja, so every side
// can hold an End from any goroutine.
//
// Delivery: an End's incoming events go to the Receiver attached to it,
// in the order they were sent. Events that arrive before anything is
// attached are queued and handed over, in order, when a Receiver attaches
// (messages sent before accept() are kept, as in workerd).
package wspipe

import (
	"sync"
)

// Kind is what an Event carries.
type Kind uint8

const (
	// Text is a text message; Data holds its UTF-8 bytes.
	Text Kind = iota + 1
	// Binary is a binary message.
	Binary
	// Close is a Close frame: Code (1005 when the frame had no code) and
	// Reason.
	Close
	// Abort reports that the other side went away without a Close frame:
	// its connection dropped, or the isolate holding it stopped.
	Abort
	// Error reports that the connection failed (a protocol error, a
	// message over the size limit); Reason holds the error text.
	Error
)

// Event is one thing received on an End.
type Event struct {
	Kind   Kind
	Data   []byte
	Code   int
	Reason string
	// OnDone, if set, is called once the receiver has consumed the event
	// (or dropped it). The network reader uses it to bound how far it
	// reads ahead of the isolate.
	OnDone func()
}

// Done reports the event consumed; receivers call it exactly once per
// event, including events they drop.
func (e Event) Done() {
	if e.OnDone != nil {
		e.OnDone()
	}
}

// Receiver consumes the events arriving at an End. Receive is called from
// the sender's goroutine, never concurrently for one End, in order; it must
// not block for long (a JS socket posts to its loop, the network side
// queues a write).
type Receiver interface {
	Receive(ev Event)
}

// End is one end of a pipe.
type End struct {
	p    *pipe
	side int
}

type pipe struct {
	mu    sync.Mutex
	ends  [2]*End
	sides [2]side
}

// side is the receiving state of one end.
type side struct {
	receiver Receiver
	// queue holds events that arrived before a receiver attached, or
	// while the queue is being handed to it.
	queue    []Event
	flushing bool
}

// New returns the two ends of a new pipe.
func New() (*End, *End) {
	p := &pipe{}
	p.ends = [2]*End{{p: p, side: 0}, {p: p, side: 1}}
	return p.ends[0], p.ends[1]
}

// Peer returns the other end.
func (e *End) Peer() *End { return e.p.ends[1-e.side] }

// Send delivers ev to whatever is attached to the other end, or queues it
// there until something attaches.
func (e *End) Send(ev Event) {
	p := e.p
	to := &p.sides[1-e.side]
	p.mu.Lock()
	if to.receiver == nil || to.flushing {
		to.queue = append(to.queue, ev)
		p.mu.Unlock()
		return
	}
	r := to.receiver
	p.mu.Unlock()
	// Outside the lock: a receiver may send on this pipe in turn (an
	// automatic response goes back on the same pipe).
	r.Receive(ev)
}

// Attach makes r the receiver of e's incoming events, handing it what was
// queued first. It panics if something is attached already: an End has one
// owner.
func (e *End) Attach(r Receiver) {
	p := e.p
	s := &p.sides[e.side]
	p.mu.Lock()
	if s.receiver != nil {
		p.mu.Unlock()
		panic("wspipe: End attached twice")
	}
	s.receiver = r
	s.flushing = true
	for {
		batch := s.queue
		s.queue = nil
		if len(batch) == 0 {
			s.flushing = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		for _, ev := range batch {
			r.Receive(ev)
		}
		p.mu.Lock()
	}
}

// Attached reports whether a receiver is attached to e.
func (e *End) Attached() bool {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	return e.p.sides[e.side].receiver != nil
}
