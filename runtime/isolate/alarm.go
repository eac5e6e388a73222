package isolate

// The alarm of a Durable Object instance, after workerd's ActorSqlite
// (io/actor-sqlite.c++) and the alarm event (api/global-scope.c++
// runAlarm):
//
//   - The object's file holds the alarm (storage.DB.Alarm). Every committed
//     change is reported to the namespace's scheduler (actor.Alarms):
//     before the commit when it moves the alarm earlier, after it
//     otherwise, so the scheduler never wakes the object later than its
//     storage asks.
//   - When woken, the object checks that it still stores the alarm it is
//     woken for; if not, it reschedules to what it stores and does not run
//     the handler.
//   - While the handler runs, getAlarm() answers null unless the handler
//     sets a new alarm ("deferred delete"); when it returns, the alarm is
//     deleted unless it set or deleted one itself. If it throws, the alarm
//     stays and the scheduler retries; writes it made are kept (the turn
//     commits as any other).

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/storage"
)

// alarmState is an instance's part in its alarm.
type alarmState struct {
	// deferredDelete is set while the handler runs and has not set or
	// deleted the alarm itself.
	deferredDelete bool
	// dirty says a change of the alarm waits for the end-of-task commit,
	// which reports it to the scheduler.
	dirty bool
}

// ActorAlarm runs the alarm handler of object id for the alarm scheduled at
// at, constructing the object if needed. done reports the outcome to the
// scheduler.
func (iso *Isolate) ActorAlarm(ns *actor.Namespace, id actor.ID, at time.Time, retryCount int, done func(actor.AlarmResult)) {
	failed := func(error) { done(actor.AlarmResult{Retry: true, Counted: true}) }
	iso.deliver(ns, id, failed, func(inst *instance) {
		ev := inst.begin(failed)
		inst.runAlarm(at, retryCount, func(res actor.AlarmResult) {
			if ev.end() {
				done(res)
			}
		})
	})
}

func (inst *instance) runAlarm(at time.Time, retryCount int, done func(actor.AlarmResult)) {
	if _, err := inst.Storage(); err != nil {
		done(actor.AlarmResult{Retry: true, Counted: true})
		return
	}
	stored, set, err := inst.db.Alarm()
	if err != nil {
		inst.iso.log(jsapi.LevelError, fmt.Sprintf("Durable Object %s: reading its alarm: %v", inst.id, err))
		done(actor.AlarmResult{Retry: true})
		return
	}
	if !set || !stored.Equal(at) {
		// Not the alarm the object holds: have the scheduler look at the
		// one it holds instead (queued behind this run), and run nothing.
		inst.reportAlarm(stored, set)
		done(actor.AlarmResult{})
		return
	}
	realm := inst.iso.realm
	if !realm.HasAlarmHandler(inst.obj) {
		inst.iso.log(jsapi.LevelWarn, "Attempted to run a scheduled alarm without a handler, did you remember to export an alarm() function?")
		inst.writeAlarm(func() error { return inst.db.DeleteAlarm() })
		inst.send(func() { done(actor.AlarmResult{}) }, func(error) { done(actor.AlarmResult{Retry: true}) })
		return
	}
	inst.alarm.deferredDelete = true
	realm.InvokeAlarm(inst.obj, at, retryCount, func(err error) {
		deleteIt := inst.alarm.deferredDelete
		inst.alarm.deferredDelete = false
		if err != nil {
			inst.iso.log(jsapi.LevelError, "Uncaught "+errorText(err))
			res := actor.AlarmResult{Retry: true, Counted: true}
			inst.send(func() { done(res) }, func(error) { done(res) })
			return
		}
		if deleteIt && inst.resetErr == nil {
			inst.writeAlarm(func() error { return inst.db.DeleteAlarm() })
		}
		inst.send(func() { done(actor.AlarmResult{}) }, func(error) { done(actor.AlarmResult{Retry: true}) })
	})
}

// AbandonAlarm drops the object's alarm at at from its storage after the
// scheduler gave up retrying it, unless it was changed meanwhile. It does
// not construct the object.
func (iso *Isolate) AbandonAlarm(ns *actor.Namespace, id actor.ID, at time.Time, done func()) {
	posted := iso.loop.Post(func() {
		defer done()
		if inst, live := iso.actors[actorKey{ns, id.String()}]; live {
			if _, err := inst.Storage(); err == nil {
				if stored, set, _ := inst.db.Alarm(); set && stored.Equal(at) {
					inst.writeAlarm(func() error { return inst.db.DeleteAlarm() })
				}
			}
			return
		}
		if err := abandonStoredAlarm(ns, id, at); err != nil {
			iso.log(jsapi.LevelError, fmt.Sprintf("Durable Object %s: dropping its abandoned alarm: %v", id, err))
		}
	})
	if !posted {
		done()
	}
}

// abandonStoredAlarm clears the alarm in the file of an object that is
// not in memory.
func abandonStoredAlarm(ns *actor.Namespace, id actor.ID, at time.Time) error {
	path := ns.StoragePath(id)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		// The file is gone (deleted by hand): so is the alarm.
		if ns.Alarms != nil {
			return ns.Alarms.Delete(id.String())
		}
		return nil
	}
	db, err := storage.Open(path)
	if err != nil {
		return err
	}
	stored, set, err := db.Alarm()
	if err == nil && set && stored.Equal(at) {
		err = db.DeleteAlarm()
		if err == nil {
			err = db.Commit()
		}
		if err == nil && ns.Alarms != nil {
			err = ns.Alarms.Delete(id.String())
		}
	}
	return errors.Join(err, db.Close())
}

// GetAlarm, SetAlarm and DeleteAlarm implement jsapi.ObjectAlarm. The
// storage is open: jsapi calls Storage first.

func (inst *instance) GetAlarm() (time.Time, bool, error) {
	if inst.alarm.deferredDelete {
		return time.Time{}, false, nil
	}
	return inst.db.Alarm()
}

func (inst *instance) SetAlarm(at time.Time) error {
	// As workerd, the check waits for the constructor to have run: setAlarm
	// in a constructor is allowed whatever the class.
	if inst.obj != nil && !inst.iso.realm.HasAlarmHandler(inst.obj) {
		return jsapi.ErrNoAlarmHandler
	}
	// A time in the past becomes now (to the millisecond), so that it fires
	// at once and getAlarm() shows when.
	if now := time.UnixMilli(time.Now().UnixMilli()); at.Before(now) {
		at = now
	}
	inst.alarm.deferredDelete = false
	return inst.writeAlarm(func() error { return inst.db.SetAlarm(at) })
}

func (inst *instance) DeleteAlarm() error {
	inst.alarm.deferredDelete = false
	return inst.writeAlarm(func() error { return inst.db.DeleteAlarm() })
}

// writeAlarm runs a write of the alarm in the turn's implicit transaction.
func (inst *instance) writeAlarm(write func() error) error {
	inst.iso.dirty[inst] = struct{}{}
	inst.alarm.dirty = true
	return write()
}

// deleteAll is storage.deleteAll(): everything goes, and the alarm too
// only under the delete_all_deletes_alarm compatibility flag; otherwise it
// is written back into the new, empty file.
func (inst *instance) deleteAll() error {
	stored, set, err := inst.db.Alarm()
	if err != nil {
		return err
	}
	if err := inst.db.DeleteAll(); err != nil {
		return err
	}
	if !set {
		return nil
	}
	if inst.iso.opts.DeleteAllDeletesAlarm {
		inst.alarm.deferredDelete = false
		inst.alarm.dirty = true
		return nil
	}
	return inst.writeAlarm(func() error { return inst.db.SetAlarm(stored) })
}

// commitStorage commits the turn's writes, reporting a change of the alarm
// to the scheduler around the commit (see the top of this file).
func (inst *instance) commitStorage() error {
	sched := inst.ns.Alarms
	if !inst.alarm.dirty || sched == nil {
		return inst.db.Commit()
	}
	inst.alarm.dirty = false
	at, set, err := inst.db.Alarm()
	if err != nil {
		return errors.Join(err, inst.db.Rollback())
	}
	id := inst.id.String()
	was, wasSet := sched.Scheduled(id)
	earlier := set && (!wasSet || at.Before(was))
	if earlier {
		inst.reportAlarm(at, set)
	}
	if err := inst.db.Commit(); err != nil {
		return err
	}
	if !earlier && (set != wasSet || !at.Equal(was)) {
		inst.reportAlarm(at, set)
	}
	return nil
}

// reportAlarm tells the scheduler the object's alarm.
func (inst *instance) reportAlarm(at time.Time, set bool) {
	sched := inst.ns.Alarms
	if sched == nil {
		return
	}
	var err error
	if set {
		err = sched.Set(inst.id.String(), at)
	} else {
		err = sched.Delete(inst.id.String())
	}
	if err != nil {
		inst.iso.log(jsapi.LevelError, fmt.Sprintf("Durable Object %s: scheduling its alarm: %v", inst.id, err))
	}
}

// errorText is how an exception is printed: workerd's text for a JS one.
func errorText(err error) string {
	var se *jsapi.ScriptError
	if errors.As(err, &se) {
		return se.Text
	}
	return err.Error()
}
