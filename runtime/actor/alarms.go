package actor

// Alarms is the alarm scheduler of one namespace, after workerd's local one
// (server/alarm-scheduler.{h,c++}): it knows when each object's alarm is
// due, wakes the object then, and retries a failed handler.
//
// Invariants, as in workerd:
//
//   - The object's own storage holds the truth about its alarm; the
//     scheduler only says when to look. The object reports every change it
//     commits (Set, Delete), and checks, when woken, that the alarm it is
//     woken for is still the one it stores (otherwise it reschedules
//     instead of running the handler).
//   - At most one handler run per object is in flight. An alarm set while
//     the handler runs is queued behind the run and scheduled when the run
//     ends, instead of a retry; a delete while it runs drops the queued one,
//     never the running one.
//   - A failed run is retried after 2 s, 4 s, 8 s... (RetryStart << n, plus
//     up to 25% jitter), with the same scheduled time; after 6 counted
//     retries (7 runs) the alarm is abandoned: the object is told to drop
//     it, and the scheduler forgets it.
//   - Every scheduled alarm has a row in the namespace's index
//     (storage.AlarmIndex, metadata.sqlite), written before Set returns, so
//     a restart schedules it again; one that came due while nothing ran
//     fires at once.

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/kindling-dev/kindling/runtime/storage"
)

// Retry policy of workerd (io/worker-interface.h ALARM_RETRY_*,
// server/alarm-scheduler.h).
const (
	// AlarmRetryStart is the delay before the first retry.
	AlarmRetryStart = 2 * time.Second
	// AlarmRetryMaxTries is how many counted retries a failing alarm gets.
	AlarmRetryMaxTries = 6
	// alarmBackoffMax caps the exponent of the backoff (2 s << 9 ≈ 17 min).
	alarmBackoffMax = 9
	// alarmJitter is the largest random extra delay, as a fraction.
	alarmJitter = 0.25
)

// AlarmResult is how a handler run ended.
type AlarmResult struct {
	// Retry asks for another run later: the handler threw, or the object
	// could not be started.
	Retry bool
	// Counted says the failure was the user code's and counts against
	// AlarmRetryMaxTries; other failures retry without limit.
	Counted bool
}

// AlarmTarget runs the alarms of a namespace's objects. Both methods may
// be called from any goroutine and must call done exactly once.
type AlarmTarget interface {
	// RunAlarm wakes the object for its alarm scheduled at at, on its
	// retryCount-th retry.
	RunAlarm(id string, at time.Time, retryCount int, done func(AlarmResult))
	// AbandonAlarm tells the object that its alarm at at will not run
	// again: it drops it from its storage if it still holds that time.
	AbandonAlarm(id string, at time.Time, done func())
}

// AlarmOptions configure a scheduler.
type AlarmOptions struct {
	// IndexPath is the namespace's metadata.sqlite.
	IndexPath string
	// RetryStart replaces AlarmRetryStart (tests shorten it).
	RetryStart time.Duration
	// Log reports what the scheduler cannot hand to anyone else.
	Log func(message string)
}

type alarmStatus int

const (
	alarmWaiting  alarmStatus = iota // the timer is set
	alarmStarted                     // the handler runs
	alarmFinished                    // the run ended; a retry may be pending
)

type scheduledAlarm struct {
	at     time.Time
	status alarmStatus
	timer  *time.Timer
	// queued is the alarm set while the handler ran.
	queued    time.Time
	hasQueued bool
	// backoff is the exponent of the next retry's delay; counted the
	// retries that count against the limit. backoff restarts when a
	// counted failure follows uncounted ones, as in workerd.
	backoff, counted int
	lastCounted      bool
}

// Alarms schedules the alarms of one namespace.
type Alarms struct {
	opts   AlarmOptions
	mu     sync.Mutex
	index  *storage.AlarmIndex
	target AlarmTarget
	alarms map[string]*scheduledAlarm
	closed bool
}

// OpenAlarms opens the namespace's index and returns a scheduler that does
// not fire anything until Start.
func OpenAlarms(opts AlarmOptions) (*Alarms, error) {
	if opts.RetryStart <= 0 {
		opts.RetryStart = AlarmRetryStart
	}
	if opts.Log == nil {
		opts.Log = func(string) {}
	}
	index, err := storage.OpenAlarmIndex(opts.IndexPath)
	if err != nil {
		return nil, err
	}
	return &Alarms{opts: opts, index: index, alarms: make(map[string]*scheduledAlarm)}, nil
}

// Start schedules the alarms the index holds (those already due fire at
// once) and hands every firing to target from now on.
func (a *Alarms) Start(target AlarmTarget) error {
	rows, err := a.index.All()
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.target = target
	for _, r := range rows {
		if _, set := a.alarms[r.ActorID]; !set {
			a.schedule(r.ActorID, &scheduledAlarm{at: r.At}, r.At)
		}
	}
	return nil
}

// Scheduled returns the time the object's alarm will next be looked at:
// the queued alarm while its handler runs, else the scheduled one.
func (a *Alarms) Scheduled(id string) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.alarms[id]
	switch {
	case !ok:
		return time.Time{}, false
	case e.status == alarmStarted:
		return e.queued, e.hasQueued
	default:
		return e.at, true
	}
}

// Set schedules the object's alarm for at, replacing the one it had.
func (a *Alarms) Set(id string, at time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	if err := a.index.Put(id, at); err != nil {
		return err
	}
	if e, ok := a.alarms[id]; ok && e.status == alarmStarted {
		e.queued, e.hasQueued = at, true
		return nil
	}
	a.stopTimer(id)
	a.schedule(id, &scheduledAlarm{at: at}, at)
	return nil
}

// Delete cancels the object's alarm. A running handler is not stopped; an
// alarm queued behind it is dropped.
func (a *Alarms) Delete(id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	return a.delete(id)
}

func (a *Alarms) delete(id string) error {
	if err := a.index.Delete(id); err != nil {
		return err
	}
	e, ok := a.alarms[id]
	switch {
	case !ok:
	case e.status == alarmStarted:
		e.hasQueued = false
	default:
		a.stopTimer(id)
		delete(a.alarms, id)
	}
	return nil
}

// Close stops every timer and closes the index. Runs in flight finish
// without effect.
func (a *Alarms) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	for id := range a.alarms {
		a.stopTimer(id)
	}
	return a.index.Close()
}

func (a *Alarms) stopTimer(id string) {
	if e, ok := a.alarms[id]; ok && e.timer != nil {
		e.timer.Stop()
		e.timer = nil
	}
}

// schedule makes e the object's alarm entry, firing at fireAt (its
// scheduled time, or a retry's).
func (a *Alarms) schedule(id string, e *scheduledAlarm, fireAt time.Time) {
	e.status = alarmWaiting
	a.alarms[id] = e
	e.timer = time.AfterFunc(time.Until(fireAt), func() { a.fire(id, e) })
}

// fire runs on the timer's goroutine.
func (a *Alarms) fire(id string, e *scheduledAlarm) {
	a.mu.Lock()
	if a.closed || a.alarms[id] != e || e.status == alarmStarted {
		a.mu.Unlock()
		return
	}
	e.status = alarmStarted
	e.timer = nil
	at, retryCount, target := e.at, e.counted, a.target
	a.mu.Unlock()
	target.RunAlarm(id, at, retryCount, func(res AlarmResult) { a.finish(id, e, res) })
}

// finish records how a run ended and decides what comes next.
func (a *Alarms) finish(id string, e *scheduledAlarm, res AlarmResult) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed || a.alarms[id] != e {
		return
	}
	if e.hasQueued {
		// A newer alarm was set meanwhile: it replaces the retry.
		a.schedule(id, &scheduledAlarm{at: e.queued}, e.queued)
		return
	}
	e.status = alarmFinished
	if !res.Retry {
		if err := a.delete(id); err != nil {
			a.opts.Log(fmt.Sprintf("alarm of Durable Object %s: %v", id, err))
		}
		return
	}
	if e.counted >= AlarmRetryMaxTries {
		a.abandon(id, e)
		return
	}
	if res.Counted {
		e.counted++
		if !e.lastCounted {
			e.backoff = 0
		}
	}
	e.lastCounted = res.Counted
	e.backoff = min(e.backoff, alarmBackoffMax)
	delay := a.opts.RetryStart << e.backoff
	delay += time.Duration(rand.Int64N(int64(float64(delay)*alarmJitter) + 1))
	e.backoff++
	e.timer = time.AfterFunc(delay, func() { a.fire(id, e) })
}

// abandon gives up on a failing alarm: the object drops it from its
// storage (which reports the deletion through Delete), then the scheduler
// forgets it unless something replaced it meanwhile.
func (a *Alarms) abandon(id string, e *scheduledAlarm) {
	target, at := a.target, e.at
	go target.AbandonAlarm(id, at, func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.closed || a.alarms[id] != e || e.status != alarmFinished {
			return
		}
		if err := a.delete(id); err != nil {
			a.opts.Log(fmt.Sprintf("alarm of Durable Object %s: %v", id, err))
		}
	})
}
