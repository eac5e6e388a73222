package isolate

// Worker entrypoints: the default export, which receives the dev server's
// HTTP requests, and the named exports a service binding may name
// (`entrypoint` in `services`). An entrypoint is an object with handler
// methods (`export default { fetch(request, env, ctx) {…} }`) or a class
// extending WorkerEntrypoint, constructed for every event with ctx and env
// as workerd does, so ctx.props is the calling binding's.

import (
	"encoding/json"
	"fmt"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi"
)

// EntrypointFetch delivers an HTTP request to the fetch handler of the
// entrypoint name ("" for the default export), with props as ctx.props.
func (iso *Isolate) EntrypointFetch(name string, props json.RawMessage, req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	posted := iso.loop.Post(func() {
		ev := iso.beginWorkerEvent(func(err error) { done(nil, err) })
		done := func(res *jsapi.HTTPResponse, err error) {
			if ev.end() {
				done(res, err)
			} else if res != nil && res.Body != nil {
				res.Body.Close() // the caller was told of a reset
			}
		}
		handler, isClass, ctx, err := iso.entrypoint(name, props)
		if err != nil {
			done(nil, err)
			return
		}
		if isClass {
			iso.realm.InvokeFetch(handler, req, nil, done)
			return
		}
		iso.realm.InvokeFetch(handler, req, []goja.Value{iso.env, ctx}, done)
	})
	if !posted {
		done(nil, errStopped)
	}
}

// EntrypointCall delivers an RPC call (args non-nil) or property read
// along path to the entrypoint name.
func (iso *Isolate) EntrypointCall(name string, props json.RawMessage, path []string, args *jsapi.RPCValue, done func(*jsapi.RPCValue, error)) {
	posted := iso.loop.Post(func() {
		ev := iso.beginWorkerEvent(func(err error) { done(nil, err) })
		done := func(result *jsapi.RPCValue, err error) {
			if ev.end() {
				done(result, err)
			} else {
				result.Release() // the caller was told of a reset
			}
		}
		handler, isClass, ctx, err := iso.entrypoint(name, props)
		if err != nil {
			args.Release()
			done(nil, err)
			return
		}
		iso.realm.InvokeEntrypoint(handler, isClass, iso.env, ctx, path, args, done)
	})
	if !posted {
		args.Release()
		done(nil, errStopped)
	}
}

// entrypoint returns the object that handles one event: the exported
// object, or a new instance of the exported WorkerEntrypoint class; and the
// ctx of the event.
func (iso *Isolate) entrypoint(name string, props json.RawMessage) (handler *goja.Object, isClass bool, ctx *goja.Object, err error) {
	export := name
	if export == "" {
		export = "default"
	}
	handler, ok := iso.exports.Get(export).(*goja.Object)
	if !ok {
		if name == "" {
			return nil, false, nil, fmt.Errorf("the Worker has no default export: export default { fetch(request, env, ctx) { … } }")
		}
		return nil, false, nil, fmt.Errorf("the Worker does not export an entrypoint named %q", name)
	}
	ctx, err = iso.realm.NewEntrypointContext(props)
	if err != nil {
		return nil, false, nil, err
	}
	if !iso.realm.IsWorkerEntrypointClass(handler) {
		return handler, false, ctx, nil
	}
	entry, err := iso.rt.New(handler, ctx, iso.env)
	if err != nil {
		return nil, false, nil, iso.scriptError(err)
	}
	return entry, true, ctx, nil
}
