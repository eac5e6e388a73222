package eventloop

import (
	"sync"
	"time"
)

// The CPU watchdog bounds how long one task may run: a task (with the
// after-task funcs, where its microtasks drain) that is still running when
// the limit elapses is reported through the exceeded func, which stops the
// JavaScript running on the loop (goja's Runtime.Interrupt). workerd limits
// the CPU time of an event; kindling measures each task's wall-clock time,
// which is its CPU time unless the task blocks in the host (a SQLite call),
// and which is what an infinite loop, the case the limit exists for, is
// made of.
//
// Invariant: exceeded is called at most once per task, only while that task
// is running and only once it has run for the whole limit. One timer is
// reused for every task; a firing left over from an earlier task (its
// callback had started when Stop was called) finds the current task younger
// than the limit and re-arms for the rest of it.
type watchdog struct {
	mu       sync.Mutex
	limit    time.Duration
	exceeded func()
	timer    *time.Timer
	started  time.Time
	armed    bool
}

// SetCPULimit makes every later task that runs longer than limit call
// exceeded, from another goroutine. A limit of 0 turns the watchdog off.
// Call it on the loop goroutine (or before Run).
func (l *Loop) SetCPULimit(limit time.Duration, exceeded func()) {
	w := &l.watchdog
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limit, w.exceeded = limit, exceeded
	if w.timer == nil && limit > 0 {
		w.timer = time.AfterFunc(time.Hour, w.fire)
		w.timer.Stop()
	}
}

// ExemptCurrentTask lifts the CPU limit for the rest of the task running
// now: for work of the host that is not an event, such as loading a fresh
// runtime.
func (l *Loop) ExemptCurrentTask() { l.watchdog.disarm() }

func (w *watchdog) arm() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.limit <= 0 {
		return
	}
	w.armed = true
	w.started = time.Now()
	w.timer.Reset(w.limit)
}

func (w *watchdog) disarm() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.armed {
		return
	}
	w.armed = false
	w.timer.Stop()
}

// fire runs on the timer's goroutine.
func (w *watchdog) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.armed {
		return
	}
	if rest := w.limit - time.Since(w.started); rest > 0 {
		w.timer.Reset(rest)
		return
	}
	w.armed = false
	w.exceeded()
}

// stop releases the timer when the loop ends.
func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.armed = false
	if w.timer != nil {
		w.timer.Stop()
	}
}
