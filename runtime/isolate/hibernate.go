package isolate

// Hibernation: a Durable Object whose only connections are hibernatable
// WebSockets, and which has had nothing to do for HibernateAfter (10 s, as
// in workerd), is evicted: its instance is dropped — storage committed and
// closed, in-memory state gone — while the runtime keeps its sockets
// (actor.WebSockets). The next event constructs a new instance, which
// sees the same sockets through ctx.getWebSockets(), with their tags and
// attachments; clients notice nothing.
//
// A sweep on the loop looks for such instances while any object in the
// isolate has a record of hibernatable sockets. Non-hibernatable sockets (accept())
// hold a stream on the loop, which counts as work in flight, so an object
// with one is never evicted here.

import (
	"errors"
	"time"
)

// defaultHibernateAfter is how long an object with only hibernatable
// sockets stays in memory when idle.
const defaultHibernateAfter = 10 * time.Second

// startHibernationSweep arms the sweep unless it is armed already.
func (iso *Isolate) startHibernationSweep() {
	if iso.sweepArmed {
		return
	}
	iso.sweepArmed = true
	// A Go timer rather than a loop timer: a pending loop timer would keep
	// the loop from ever looking idle.
	interval := min(max(iso.hibernateAfter/4, 10*time.Millisecond), time.Second)
	time.AfterFunc(interval, func() { iso.loop.Post(iso.sweepHibernation) })
}

// sweepHibernation evicts the instances that may hibernate and forgets
// the records of objects with neither sockets nor an instance; it re-arms
// itself while records remain.
func (iso *Isolate) sweepHibernation() {
	iso.sweepArmed = false
	now := time.Now()
	for key, w := range iso.sockets {
		inst, live := iso.actors[key]
		switch {
		case w.Len() == 0 && !live:
			delete(iso.sockets, key)
		case w.Len() > 0 && live && !inst.busy() && now.Sub(inst.lastActive) >= iso.hibernateAfter:
			inst.hibernate()
		}
	}
	if len(iso.sockets) > 0 {
		iso.startHibernationSweep()
	}
}

// hibernate drops the instance; its sockets stay with the isolate.
func (inst *instance) hibernate() {
	iso := inst.iso
	delete(iso.actors, actorKey{inst.ns, inst.id.String()})
	inst.closeStorage()
	inst.resetErr = errHibernated
	inst.obj, inst.ctx = nil, nil
}

// errHibernated marks an instance dropped by hibernation; no event can
// reach it, since the gate was empty and new events make a new instance.
var errHibernated = errors.New("the Durable Object was evicted while hibernating")
