// Package eventloop runs the tasks of one JavaScript isolate on one goroutine.
//
// goja is not goroutine-safe, so everything that touches an isolate's values
// runs as a task on its Loop: incoming events, timer callbacks, and the
// completions of host operations (I/O done on other goroutines). A task is a
// plain func(); goja drains its microtask queue whenever a call from Go into
// JS returns, so when a task returns, its promise jobs have run too.
//
// The loop also counts reservations: host operations that have started and
// will post a completion later. Together with pending timers they tell
// whether an isolate is idle, which eviction and hibernation need.
//
// This package must not import goja or jsapi: it schedules funcs and nothing
// else, so it can be tested on its own.
package eventloop

import (
	"container/heap"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// Loop is a task queue with timers, owned by the goroutine that calls Run.
// Post and the enqueue funcs returned by Reserve may be called from any
// goroutine; every other method must be called on the loop goroutine.
type Loop struct {
	mu      sync.Mutex
	queue   []func()
	stopped bool
	wake    chan struct{}

	// Touched only on the loop goroutine.
	timers       timerHeap
	timerByID    map[int]*timer
	nextTimerID  int
	timerSeq     uint64
	reservations int
	afterTask    []func()
	// epoch counts Discard calls: a completion reserved in an earlier epoch
	// belongs to a runtime that is gone and is dropped.
	epoch uint64

	watchdog watchdog

	// OnPanic reports a Go panic raised by a task; the loop keeps running.
	// The default prints it to stderr.
	OnPanic func(recovered any, stack []byte)
}

// New returns a loop that is not yet running.
func New() *Loop {
	return &Loop{
		wake:      make(chan struct{}, 1),
		timerByID: make(map[int]*timer),
		OnPanic: func(recovered any, stack []byte) {
			fmt.Printf("kindling: internal error in an event loop task: %v\n%s", recovered, stack)
		},
	}
}

// Post queues fn to run on the loop. It reports false, and drops fn, when the
// loop has stopped.
func (l *Loop) Post(fn func()) bool {
	l.mu.Lock()
	if l.stopped {
		l.mu.Unlock()
		return false
	}
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return true
}

// Reserve records that a host operation has started and returns the func
// that delivers its completion: call it exactly once, from any goroutine,
// with the task to run on the loop. Until then the loop is not idle.
func (l *Loop) Reserve() (enqueue func(task func())) {
	l.reservations++
	epoch := l.epoch
	var once sync.Once
	return func(task func()) {
		called := false
		once.Do(func() {
			called = true
			l.Post(func() {
				l.reservations--
				if epoch == l.epoch {
					task()
				}
			})
		})
		if !called {
			panic("eventloop: a reservation was completed twice")
		}
	}
}

// AfterTask registers fn to run after every task, once the task's microtasks
// have drained. Durable Objects use it to commit the writes of a turn before
// the turn's output is released.
func (l *Loop) AfterTask(fn func()) {
	l.afterTask = append(l.afterTask, fn)
}

// SetTimer runs fn after d, and again every d if repeat is set, until
// ClearTimer. Timers due at the same instant run in the order they were set.
// The returned id is positive.
func (l *Loop) SetTimer(d time.Duration, repeat bool, fn func()) int {
	if d < 0 {
		d = 0
	}
	l.nextTimerID++
	l.timerSeq++
	t := &timer{id: l.nextTimerID, when: time.Now().Add(d), seq: l.timerSeq, interval: d, repeat: repeat, fn: fn}
	heap.Push(&l.timers, t)
	l.timerByID[t.id] = t
	return t.id
}

// ClearTimer cancels a timer; unknown or fired ids are ignored.
func (l *Loop) ClearTimer(id int) {
	t, ok := l.timerByID[id]
	if !ok {
		return
	}
	delete(l.timerByID, id)
	heap.Remove(&l.timers, t.index)
}

// Idle reports whether nothing is queued, no timer is pending and no host
// operation is outstanding.
func (l *Loop) Idle() bool {
	l.mu.Lock()
	queued := len(l.queue)
	l.mu.Unlock()
	return queued == 0 && len(l.timers) == 0 && l.reservations == 0
}

// Stop makes Run return after the task in progress. Tasks posted later are
// dropped.
func (l *Loop) Stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Run executes tasks and timers until Stop is called.
func (l *Loop) Run() {
	idleTimer := time.NewTimer(time.Hour)
	defer idleTimer.Stop()
	for {
		l.mu.Lock()
		batch := l.queue
		l.queue = nil
		stopped := l.stopped
		l.mu.Unlock()
		if stopped {
			l.watchdog.stop()
			return
		}
		for _, task := range batch {
			l.run(task)
		}
		l.runDueTimers()
		if len(batch) > 0 {
			continue
		}

		// Nothing queued: sleep until something is posted or a timer is due.
		wait := time.Hour
		if len(l.timers) > 0 {
			wait = time.Until(l.timers[0].when)
			if wait <= 0 {
				continue
			}
		}
		idleTimer.Reset(wait)
		select {
		case <-l.wake:
		case <-idleTimer.C:
		}
		if !idleTimer.Stop() {
			select {
			case <-idleTimer.C:
			default:
			}
		}
	}
}

func (l *Loop) runDueTimers() {
	now := time.Now()
	// Only timers due now run in this pass, so an interval of 0 cannot starve
	// posted tasks.
	for len(l.timers) > 0 && !l.timers[0].when.After(now) {
		t := heap.Pop(&l.timers).(*timer)
		if t.repeat {
			l.timerSeq++
			t.seq = l.timerSeq
			t.when = now.Add(max(t.interval, time.Millisecond))
			heap.Push(&l.timers, t)
		} else {
			delete(l.timerByID, t.id)
		}
		l.run(t.fn)
	}
}

// run runs one task and then the after-task funcs, under the CPU watchdog.
// The after-task funcs run even if the task panicked: they release what the
// task's turn produced, and a task that failed half-way must not leave its
// callers waiting.
func (l *Loop) run(task func()) {
	l.watchdog.arm()
	l.protect(task)
	for _, fn := range l.afterTask {
		l.protect(fn)
	}
	l.watchdog.disarm()
}

func (l *Loop) protect(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			l.OnPanic(r, debug.Stack())
		}
	}()
	fn()
}

// Discard drops what the loop holds for the runtime it served: pending
// timers, and the completions of host operations reserved so far (they
// still arrive, and are counted off, but their tasks do not run). The
// isolate calls it when it replaces a runtime that cannot be used any more.
// Posted tasks are kept: they are new events, not continuations.
func (l *Loop) Discard() {
	l.epoch++
	l.timers = nil
	clear(l.timerByID)
}

type timer struct {
	id       int
	when     time.Time
	seq      uint64
	interval time.Duration
	repeat   bool
	fn       func()
	index    int
}

// timerHeap orders timers by due time, then by the order they were set.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
