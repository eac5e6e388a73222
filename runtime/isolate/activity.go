package isolate

// Which Durable Object instance's code is running. The loop is shared by
// the Worker and every instance the isolate hosts; the realm gets it
// through instanceLoop, which remembers the instance whose code started a
// host operation or a timer and runs its completion as that instance
// again, the way workerd ties I/O to the IoContext that began it. A
// WebSocket the instance accept()s needs this: its messages are events for
// that instance (they wait at its input gate) and it keeps the instance in
// memory while open (a hold, evictable.go).

import (
	"time"

	"github.com/kindling-dev/kindling/jsapi"
)

// runAs runs fn as inst's code.
func (iso *Isolate) runAs(inst *instance, fn func()) {
	prev := iso.current
	iso.current = inst
	defer func() { iso.current = prev }()
	fn()
}

// instanceLoop is the jsapi.Loop of the realm: the isolate's loop, with
// completions run as the instance that started them.
type instanceLoop struct{ iso *Isolate }

var _ jsapi.Loop = instanceLoop{}

func (l instanceLoop) Reserve() func(task func()) {
	iso := l.iso
	enqueue := iso.loop.Reserve()
	owner := iso.current
	if owner == nil {
		return enqueue
	}
	return func(task func()) { enqueue(func() { iso.runAs(owner, task) }) }
}

// Stream serves a WebSocket accepted with accept(): within an instance,
// what it delivers waits at the instance's input gate like any event, and
// the instance is held in memory until the stream is released.
func (l instanceLoop) Stream() (func(task func()) bool, func()) {
	iso := l.iso
	post, release := iso.loop.Stream()
	owner := iso.current
	if owner == nil {
		return post, release
	}
	unhold := owner.hold()
	return func(task func()) bool {
			return post(func() { owner.gate.Deliver(func() { iso.runAs(owner, task) }) })
		}, func() {
			unhold()
			release()
		}
}

func (l instanceLoop) Post(task func()) bool { return l.iso.loop.Post(task) }

func (l instanceLoop) SetTimer(d time.Duration, repeat bool, fn func()) int {
	iso := l.iso
	owner := iso.current
	if owner == nil {
		return iso.loop.SetTimer(d, repeat, fn)
	}
	return iso.loop.SetTimer(d, repeat, func() { iso.runAs(owner, fn) })
}

func (l instanceLoop) ClearTimer(id int) { l.iso.loop.ClearTimer(id) }
