package runtime

import (
	"fmt"
	"time"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
)

// startAlarms opens each namespace's alarm scheduler (its metadata.sqlite,
// created as wrangler creates it, at startup) and starts it: alarms that
// came due while kindling was not running fire now.
func (w *Worker) startAlarms(o WorkerOptions) error {
	for _, ns := range w.namespaces {
		alarms, err := actor.OpenAlarms(actor.AlarmOptions{
			IndexPath:  ns.AlarmIndexPath(),
			RetryStart: o.AlarmRetryStart,
			Log:        func(msg string) { o.Log(jsapi.LevelError, msg) },
		})
		if err != nil {
			return fmt.Errorf("Durable Object namespace %s: %w", ns.UniqueKey, err)
		}
		ns.Alarms = alarms
	}
	for _, ns := range w.namespaces {
		if err := ns.Alarms.Start(ns); err != nil {
			return fmt.Errorf("Durable Object namespace %s: %w", ns.UniqueKey, err)
		}
	}
	return nil
}

// stopAlarms stops the schedulers, so no alarm starts while the isolates
// close.
func (w *Worker) stopAlarms() {
	for _, ns := range w.namespaces {
		if ns.Alarms != nil {
			ns.Alarms.Close()
		}
	}
}

// RunAlarm and AbandonAlarm make a namespace the target of its scheduler:
// they route to the isolate hosting the object. The id comes from the
// alarm index, so it has no name (see actor.Namespace.FirstID).

func (n *namespace) RunAlarm(id string, at time.Time, retryCount int, done func(actor.AlarmResult)) {
	aid, err := n.Namespace.IDFromString(id)
	if err != nil {
		// Not an object of this namespace: drop the row.
		done(actor.AlarmResult{})
		return
	}
	n.worker.isolateFor(aid).ActorAlarm(n.Namespace, aid, at, retryCount, done)
}

func (n *namespace) AbandonAlarm(id string, at time.Time, done func()) {
	aid, err := n.Namespace.IDFromString(id)
	if err != nil {
		done()
		return
	}
	n.worker.isolateFor(aid).AbandonAlarm(n.Namespace, aid, at, done)
}
