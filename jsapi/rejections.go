package jsapi

import (
	"github.com/dop251/goja"
)

// Promise rejections nobody handles are reported at the end of the task in
// which they happened, as workerd logs "Uncaught (in promise)". A handler
// attached later in the same task (before the microtasks drain) cancels
// the report.

func (r *Realm) trackRejections() {
	r.rejected = make(map[*goja.Promise]struct{})
	r.rt.SetPromiseRejectionTracker(func(p *goja.Promise, op goja.PromiseRejectionOperation) {
		switch op {
		case goja.PromiseRejectionReject:
			r.rejected[p] = struct{}{}
		case goja.PromiseRejectionHandle:
			delete(r.rejected, p)
		}
	})
}

// ReportUnhandledRejections logs the rejections left unhandled; the
// isolate calls it after every task.
func (r *Realm) ReportUnhandledRejections() {
	for p := range r.rejected {
		delete(r.rejected, p)
		r.host.Log(LevelError, "Uncaught (in promise) "+FormatError(p.Result()))
	}
}

// RunMicrotasks runs the promise jobs queued so far. goja runs them when a
// call from Go into JS returns, but not after every entry point (New and
// property reads do not), so the isolate calls this at the end of each task
// to keep a turn's continuations inside the turn.
func (r *Realm) RunMicrotasks() {
	if _, err := r.noop(goja.Undefined()); err != nil {
		panic(err)
	}
}

// ParseJSON parses text with the realm's JSON.parse.
func (r *Realm) ParseJSON(text string) (goja.Value, error) {
	return r.jsonParse(goja.Undefined(), r.rt.ToValue(text))
}
