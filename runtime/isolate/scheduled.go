package isolate

import (
	"errors"
	"time"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi"
)

// Outcomes of a scheduled event, as workerd names them (and wrangler's
// /cdn-cgi/handler/scheduled answers them).
const (
	OutcomeOK        = "ok"
	OutcomeException = "exception"
)

// Scheduled runs the Worker's scheduled(controller, env, ctx) handler for
// the event at at with cron. The event lasts until the handler's promise
// and every promise given to ctx.waitUntil() have settled; its outcome is
// "ok", or "exception" with the error if one of them failed (the failure is
// logged).
func (iso *Isolate) Scheduled(cron string, at time.Time, done func(outcome string, err error)) {
	posted := iso.loop.Post(func() {
		ev := iso.beginWorkerEvent(func(err error) {
			iso.log(jsapi.LevelError, "Uncaught "+errorText(err))
			done(OutcomeException, err)
		})
		finish := func(err error) {
			if !ev.end() {
				return
			}
			if err != nil {
				iso.log(jsapi.LevelError, "Uncaught "+errorText(err))
				done(OutcomeException, err)
				return
			}
			done(OutcomeOK, nil)
		}
		def, ok := iso.exports.Get("default").(*goja.Object)
		if !ok {
			finish(errors.New("the Worker has no default export"))
			return
		}
		var waitUntil []goja.Value
		ctx := iso.realm.NewExecutionContext(func(p goja.Value) { waitUntil = append(waitUntil, p) })
		handler, args := def, []goja.Value{iso.env, ctx}
		if iso.realm.IsWorkerEntrypointClass(def) {
			entry, err := iso.rt.New(def, ctx, iso.env)
			if err != nil {
				finish(iso.scriptError(err))
				return
			}
			handler, args = entry, nil
		}
		iso.realm.InvokeScheduled(handler, args, at, cron, func(_ bool, err error) {
			iso.awaitWaitUntil(&waitUntil, func(wuErr error) { finish(errors.Join(err, wuErr)) })
		})
	})
	if !posted {
		done(OutcomeException, errStopped)
	}
}

// awaitWaitUntil waits for the promises in *pending, including those added
// while it waits, and reports the first failure.
func (iso *Isolate) awaitWaitUntil(pending *[]goja.Value, done func(error)) {
	batch := *pending
	*pending = nil
	if len(batch) == 0 {
		done(nil)
		return
	}
	iso.realm.AwaitAll(batch, func(err error) {
		iso.awaitWaitUntil(pending, func(later error) { done(errors.Join(err, later)) })
	})
}
