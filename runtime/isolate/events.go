package isolate

// Events in flight. Every event delivered to a Durable Object instance
// (fetch, RPC call, alarm…) or to the Worker (fetch, scheduled) is
// registered from the moment it starts until its result is released, so
// that:
//
//   - an instance with an event in flight is never evicted (evictable.go);
//   - resetting an instance (blockConcurrencyWhile or the constructor
//     threw, ctx.abort(), a failed commit, the CPU limit) fails its events
//     at once with the reason, instead of leaving their callers waiting on
//     an object that no longer exists;
//   - replacing a runtime after the CPU limit fails the Worker's events.
//
// Invariant: an event's caller hears of it exactly once, either through
// its own completion (end reports true) or through the failure.

// event is one event on an instance.
type event struct {
	inst *instance
	fail func(error)
	over bool
}

// begin registers an event on the instance; fail reports a reset to the
// event's caller.
func (inst *instance) begin(fail func(error)) *event {
	ev := &event{inst: inst, fail: fail}
	inst.events[ev] = struct{}{}
	inst.stopIdle()
	return ev
}

// end marks the event finished. It reports false if the caller has already
// been told (the instance was reset), or the runtime is being replaced
// (which will tell it): the result must then be dropped.
func (ev *event) end() bool {
	if ev.over || ev.inst.iso.overCPU.Load() {
		return false
	}
	ev.over = true
	delete(ev.inst.events, ev)
	ev.inst.maybeIdle()
	return true
}

// failEvents fails every event in flight on the instance with err.
func (inst *instance) failEvents(err error) {
	for ev := range inst.events {
		delete(inst.events, ev)
		ev.over = true
		ev.fail(err)
	}
}

// workerEvent is one event of the Worker's own handlers.
type workerEvent struct {
	iso  *Isolate
	fail func(error)
	over bool
}

func (iso *Isolate) beginWorkerEvent(fail func(error)) *workerEvent {
	ev := &workerEvent{iso: iso, fail: fail}
	iso.workerEvents[ev] = struct{}{}
	return ev
}

// end is event.end for the Worker's events.
func (ev *workerEvent) end() bool {
	if ev.over || ev.iso.overCPU.Load() {
		return false
	}
	ev.over = true
	delete(ev.iso.workerEvents, ev)
	return true
}

func (iso *Isolate) failWorkerEvents(err error) {
	for ev := range iso.workerEvents {
		delete(iso.workerEvents, ev)
		ev.over = true
		ev.fail(err)
	}
}
