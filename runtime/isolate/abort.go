package isolate

import "github.com/kindling-dev/kindling/jsapi"

// Abort implements jsapi.ObjectAborter: ctx.abort(reason) resets the
// object, dropping the turn's uncommitted writes and failing its events in
// flight with the reason; the next event constructs a new instance.
func (inst *instance) Abort(reason *jsapi.ScriptError) {
	delete(inst.iso.dirty, inst)
	inst.alarm.dirty = false
	inst.reset(reason)
}
