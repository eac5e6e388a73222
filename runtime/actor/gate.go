package actor

// InputGate decides when a Durable Object instance may receive its next
// event (a request, an RPC call, later an alarm or a WebSocket message).
//
// Invariant: while the gate is closed, no event is delivered; events that
// arrive meanwhile wait in arrival order and are delivered, in that order,
// once the gate opens again. An event is never delivered ahead of one that
// arrived before it.
//
// In workerd the gate closes while a storage operation is in flight and
// while a blockConcurrencyWhile callback runs (io/io-gate.h). kindling's
// storage completes synchronously on the object's loop, so only
// blockConcurrencyWhile closes it explicitly; the rest of the invariant
// holds because a delivered event runs, with its microtasks, as one loop
// task, before the loop takes the next one.
//
// An InputGate is used only on its object's loop goroutine.
type InputGate struct {
	closers int
	waiting []func()
	// post schedules a func as a new loop task; draining happens there so
	// that the events released by Open do not run inside the caller's
	// stack (often a promise reaction).
	post     func(func())
	draining bool
}

// NewInputGate returns an open gate whose releases run through post.
func NewInputGate(post func(func())) *InputGate { return &InputGate{post: post} }

// Deliver runs ev now if the gate is open and nothing is waiting, or queues
// it.
func (g *InputGate) Deliver(ev func()) {
	if g.closers == 0 && len(g.waiting) == 0 {
		ev()
		return
	}
	g.waiting = append(g.waiting, ev)
}

// Close closes the gate until a matching Open.
func (g *InputGate) Close() { g.closers++ }

// Open undoes one Close; when the last closer opens, the waiting events
// are released.
func (g *InputGate) Open() {
	g.closers--
	if g.closers < 0 {
		panic("actor: InputGate opened more often than closed")
	}
	if g.closers == 0 && len(g.waiting) > 0 && !g.draining {
		g.draining = true
		g.post(g.drain)
	}
}

// IsOpen reports whether an event would be delivered now.
func (g *InputGate) IsOpen() bool { return g.closers == 0 }

// Waiting returns how many events are queued.
func (g *InputGate) Waiting() int { return len(g.waiting) }

// TakeWaiting removes and returns the queued events, for an instance that
// is being reset and must fail them.
func (g *InputGate) TakeWaiting() []func() {
	w := g.waiting
	g.waiting = nil
	return w
}

func (g *InputGate) drain() {
	g.draining = false
	for g.closers == 0 && len(g.waiting) > 0 {
		ev := g.waiting[0]
		g.waiting = g.waiting[1:]
		ev()
	}
}
