package isolate

// The CPU limit. The event loop's watchdog reports a task that ran longer
// than the limit (limits.cpu_ms, 30 s by default, as on Cloudflare); the
// isolate interrupts its goja runtime, which stops the JavaScript at once
// (no try/catch can catch it). goja's promise job queue does not survive an
// interrupt inside async code, so the runtime is then discarded and a fresh
// one loads the script again, on the same loop: workerd likewise resets an
// isolate that exceeded its CPU limit. Everything that lived in the old
// runtime is lost:
//
//   - every event in flight on the isolate (the Worker's and its Durable
//     Objects') fails with workerd's error, "Worker exceeded CPU time
//     limit.";
//   - its Durable Object instances are dropped with their uncommitted
//     writes; committed storage is intact, and the next event constructs
//     them again;
//   - its timers and pending host operations are discarded.
//
// Local workerd enforces no CPU limit (wrangler dev lets an infinite loop
// spin); kindling does, so that a runaway loop costs one event and not the
// session. Requests served by the other isolates of the pool go on.

import (
	"errors"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi"
)

// DefaultCPULimit is Cloudflare's default CPU time per event.
const DefaultCPULimit = 30 * time.Second

const cpuLimitMessage = "Worker exceeded CPU time limit."

// errCPULimit is the value the runtime is interrupted with.
var errCPULimit = errors.New(cpuLimitMessage)

// watchCPU arms the loop's watchdog with the isolate's limit.
func (iso *Isolate) watchCPU() {
	limit := iso.cpuLimit()
	if limit < 0 {
		return
	}
	iso.loop.SetCPULimit(limit, func() {
		iso.overCPU.Store(true)
		if rt := iso.running.Load(); rt != nil {
			rt.Interrupt(errCPULimit)
		}
	})
}

func (iso *Isolate) cpuLimit() time.Duration {
	if iso.opts.CPULimit == 0 {
		return DefaultCPULimit
	}
	return iso.opts.CPULimit
}

// drainMicrotasks runs the turn's promise jobs; it reports false if the CPU
// limit interrupted them (or the task before them).
func (iso *Isolate) drainMicrotasks() (ok bool) {
	if iso.overCPU.Load() {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			var interrupted *goja.InterruptedError
			if err, isErr := r.(error); !isErr || !errors.As(err, &interrupted) {
				panic(r)
			}
			ok = false
		}
	}()
	iso.realm.RunMicrotasks()
	return !iso.overCPU.Load()
}

// replaceRuntime discards the interrupted runtime and loads a fresh one
// (see the top of this file). It runs on the loop, at the end of the task
// that went over the limit.
func (iso *Isolate) replaceRuntime() {
	iso.loop.ExemptCurrentTask()
	iso.log(jsapi.LevelError, fmt.Sprintf("%s (a task ran longer than %v) The isolate was reset: its events in flight fail, and its Durable Objects are constructed again from storage on their next event.", cpuLimitMessage, iso.cpuLimit()))

	instances, outbox := iso.actors, iso.outbox
	iso.actors = make(map[actorKey]*instance)
	iso.dirty = make(map[*instance]struct{})
	iso.outbox = nil
	iso.loop.Discard()
	iso.overCPU.Store(false)

	var cpuErr error = &jsapi.ScriptError{Text: "Error: " + cpuLimitMessage}
	rt, realm, env, exports, names := iso.rt, iso.realm, iso.env, iso.exports, iso.names
	if err := iso.load(iso.opts); err != nil {
		// The old runtime stays: every call into it fails at once, with
		// the CPU limit's error, until kindling is restarted.
		iso.log(jsapi.LevelError, "the Worker's script failed to load again after the CPU limit, restart kindling: "+err.Error())
		iso.rt, iso.realm, iso.env, iso.exports, iso.names = rt, realm, env, exports, names
		iso.running.Store(iso.rt)
	} else {
		cpuErr = iso.realm.NewScriptError(iso.realm.NewError(cpuLimitMessage))
	}

	for _, o := range outbox {
		o.discard(cpuErr)
	}
	for _, inst := range instances {
		inst.ns.ForgetID(inst.id)
		inst.reset(cpuErr)
	}
	iso.failWorkerEvents(cpuErr)
}
