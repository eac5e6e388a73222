package isolate

import (
	"errors"
	"fmt"
	"time"

	"github.com/kindling-dev/kindling/jsapi"
)

// Idle eviction: an instance that stays evictable (evictable.go) for the
// idle timeout is dropped from memory, its storage committed and closed;
// the next event constructs a new instance from storage. Local workerd
// waits 10 s (server.c++ ActorContainer::handleShutdown); production waits
// longer, and tests shorten it (Options.IdleTimeout).
//
// A timer the old instance's code had set keeps running, on the old JS
// object, where workerd would have dropped it with the object; its storage
// calls fail, as the instance's storage is closed. Alarms are the way to
// schedule work on an object that may be evicted, in kindling as on
// Cloudflare.

// DefaultIdleTimeout is how long local workerd keeps an idle object.
const DefaultIdleTimeout = 10 * time.Second

// errEvicted is what the storage of an evicted instance answers.
var errEvicted = errors.New("this Durable Object instance was evicted after being idle; its storage is closed (a new instance serves the next event)")

// maybeIdle starts the idle countdown if the instance is evictable.
func (inst *instance) maybeIdle() {
	timeout := inst.iso.opts.IdleTimeout
	if timeout < 0 || inst.resetErr != nil || inst.idleTimer != 0 || !inst.evictable() {
		return
	}
	if timeout == 0 {
		timeout = DefaultIdleTimeout
	}
	inst.idleTimer = inst.iso.loop.SetTimer(timeout, false, func() {
		inst.idleTimer = 0
		if inst.resetErr == nil && inst.evictable() && inst.current() {
			inst.evict()
		}
	})
}

// stopIdle cancels the countdown: the instance is busy again.
func (inst *instance) stopIdle() {
	if inst.idleTimer != 0 {
		inst.iso.loop.ClearTimer(inst.idleTimer)
		inst.idleTimer = 0
	}
}

// current reports whether the instance is the live one for its object.
func (inst *instance) current() bool {
	return inst.iso.actors[actorKey{inst.ns, inst.id.String()}] == inst
}

// evict drops the instance, committing what its storage holds.
func (inst *instance) evict() {
	if _, dirty := inst.iso.dirty[inst]; dirty {
		delete(inst.iso.dirty, inst)
		if err := inst.commit(); err != nil {
			inst.iso.log(jsapi.LevelError, fmt.Sprintf("Durable Object %s: storage commit failed at eviction: %v", inst.id, err))
		}
	}
	inst.resetErr = errEvicted
	delete(inst.iso.actors, actorKey{inst.ns, inst.id.String()})
	inst.iso.forgetSockets(actorKey{inst.ns, inst.id.String()})
	inst.closeStorage()
}
