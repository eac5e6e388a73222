package isolate

// What each Durable Object instance has in flight. An instance may be
// evicted only when nothing it started is pending, but the loop is shared
// by the Worker and every instance the isolate hosts, so its count of
// pending work cannot tell them apart. The realm therefore gets the loop
// through instanceLoop, which charges each timer, host operation and
// WebSocket stream to the instance whose code was running when it was
// started (iso.current), and runs its completion as that instance again —
// the way workerd ties I/O to the IoContext of the request that began it.

import (
	"time"

	"github.com/kindling-dev/kindling/jsapi"
)

// activity is an instance's share of the loop's work.
type activity struct {
	// pending counts its timers, host operations and socket streams.
	pending int
	// events counts the events delivered to it whose handler has not
	// finished.
	events int
	// lastActive is when its code last ran.
	lastActive time.Time
}

// runAs runs fn as inst's code: what fn starts is charged to inst.
func (iso *Isolate) runAs(inst *instance, fn func()) {
	prev := iso.current
	iso.current = inst
	inst.lastActive = time.Now()
	defer func() { iso.current = prev }()
	fn()
}

// eventStarted and eventFinished bracket an event delivered to inst.
func (inst *instance) eventStarted()  { inst.events++ }
func (inst *instance) eventFinished() { inst.events--; inst.lastActive = time.Now() }

// busy reports whether inst has work in flight or waiting: then it must
// not be evicted.
func (inst *instance) busy() bool {
	_, dirty := inst.iso.dirty[inst]
	return inst.pending > 0 || inst.events > 0 || dirty || !inst.gate.IsOpen() || inst.gate.Waiting() > 0
}

// instanceLoop is the jsapi.Loop of the realm: the isolate's loop, with
// the work charged to instances.
type instanceLoop struct{ iso *Isolate }

var _ jsapi.Loop = instanceLoop{}

func (l instanceLoop) Reserve() func(task func()) {
	iso := l.iso
	enqueue := iso.loop.Reserve()
	owner := iso.current
	if owner == nil {
		return enqueue
	}
	owner.pending++
	return func(task func()) {
		enqueue(func() {
			owner.pending--
			iso.runAs(owner, task)
		})
	}
}

func (l instanceLoop) Stream() (func(task func()) bool, func()) {
	iso := l.iso
	post, release := iso.loop.Stream()
	owner := iso.current
	if owner == nil {
		return post, release
	}
	owner.pending++
	released := false
	// What a stream brings (a WebSocket message) is an incoming event for
	// the object: it waits at its input gate like any other.
	return func(task func()) bool {
			return post(func() { owner.gate.Deliver(func() { iso.runAs(owner, task) }) })
		}, func() {
			if !released {
				released = true
				owner.pending--
			}
			release()
		}
}

func (l instanceLoop) SetTimer(d time.Duration, repeat bool, fn func()) int {
	iso := l.iso
	owner := iso.current
	if owner == nil {
		return iso.loop.SetTimer(d, repeat, fn)
	}
	owner.pending++
	var id int
	id = iso.loop.SetTimer(d, repeat, func() {
		if !repeat {
			owner.pending--
			delete(iso.timerOwners, id)
		}
		iso.runAs(owner, fn)
	})
	iso.timerOwners[id] = owner
	return id
}

func (l instanceLoop) ClearTimer(id int) {
	iso := l.iso
	if owner, ok := iso.timerOwners[id]; ok {
		delete(iso.timerOwners, id)
		owner.pending--
	}
	iso.loop.ClearTimer(id)
}
