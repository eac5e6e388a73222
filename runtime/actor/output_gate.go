package actor

// OutputGate holds what a Durable Object instance sends out (a response, an
// RPC result, later a message to another object or a WebSocket) until the
// writes it made before are committed, as workerd's output gate does
// (io/io-gate.h, io/actor-sqlite.c++).
//
// Invariants:
//   - An output sent during a turn (an event-loop task and its microtasks)
//     is released only after the turn's writes are committed: whoever
//     receives it can rely on the state it reflects being durable.
//   - If that commit fails, the turn's outputs are discarded with the error,
//     never released; the owner then resets the object.
//   - Outputs are released in the order they were sent.
//   - Writes made with allowUnconfirmed do not hold outputs: a turn whose
//     writes were all unconfirmed releases its outputs before committing.
//     (A failed commit still resets the object, as workerd breaks the gate
//     for unconfirmed writes too.)
//   - A turn holds outputs even before its first write: a later microtask
//     of the same turn may still write.
//
// kindling commits synchronously at the end of each turn, so a turn's
// outputs leave at its end; an output never waits for a later turn.
//
// The storage side of the invariant, that writes made without an
// intervening await commit together, is runtime/storage's implicit
// transaction. An OutputGate is used only on its object's loop goroutine.
type OutputGate struct {
	held []Output
	// dirty: the turn wrote something to commit. confirm: one of those
	// writes was not allowUnconfirmed.
	dirty, confirm bool
}

// Output is one held output: Release delivers it, Discard fails it instead.
// Exactly one of them is called, once.
type Output struct {
	Release func()
	Discard func(error)
}

// Write records a write of the current turn.
func (g *OutputGate) Write(allowUnconfirmed bool) {
	g.dirty = true
	if !allowUnconfirmed {
		g.confirm = true
	}
}

// Send holds o until the end of the turn.
func (g *OutputGate) Send(o Output) { g.held = append(g.held, o) }

// Pending reports whether the turn has writes or outputs for Flush.
func (g *OutputGate) Pending() bool { return g.dirty || len(g.held) > 0 }

// Flush ends the turn: it commits the turn's writes with commit (if there
// are any) and releases the held outputs. If commit fails, the outputs that
// waited for it are discarded with discardErr(err), and err is returned.
func (g *OutputGate) Flush(commit func() error, discardErr func(error) error) error {
	held, dirty, confirm := g.held, g.dirty, g.confirm
	g.held, g.dirty, g.confirm = nil, false, false
	if dirty && !confirm {
		release(held)
		held = nil
	}
	if dirty {
		if err := commit(); err != nil {
			derr := discardErr(err)
			for _, o := range held {
				o.Discard(derr)
			}
			return err
		}
	}
	release(held)
	return nil
}

func release(outputs []Output) {
	for _, o := range outputs {
		o.Release()
	}
}
