package isolate

// Whether an instance may leave memory. workerd evicts an object once no
// request holds it (server.c++ ActorContainer::inactive) and it stayed so
// for a while (evict.go); kindling asks the instance.
//
// Invariant: an instance is evictable only when dropping its JS object
// loses nothing but memory: no event in flight, none waiting at the input
// gate, no blockConcurrencyWhile open, and nothing else holding it. Work
// that is not an event and needs the object to stay (a WebSocket accepted
// with accept() rather than the hibernation API, for instance) takes a
// hold; sockets the runtime keeps for a hibernating object do not.

// evictable reports whether the instance may be evicted now.
func (inst *instance) evictable() bool {
	return len(inst.events) == 0 && inst.holds == 0 &&
		inst.gate.IsOpen() && inst.gate.Waiting() == 0
}

// hold keeps the instance in memory until release is called (once).
func (inst *instance) hold() (release func()) {
	inst.holds++
	inst.stopIdle()
	released := false
	return func() {
		if released {
			return
		}
		released = true
		inst.holds--
		inst.maybeIdle()
	}
}
