package jsapi

// The callee's side of JS RPC (workerd api/worker-rpc.c++, JsRpcTargetBase):
// finding the method a call names, calling it with the arguments, and
// sending back its result, once its promise settles. Which properties a
// call may reach depends on the receiver:
//
//   - a Durable Object or a WorkerEntrypoint: methods and getters of its
//     class, not its own properties (class fields, what the constructor
//     assigns) nor what Object.prototype has; the names the runtime calls
//     itself (fetch, alarm, webSocketMessage…) are reserved;
//   - a plain object (an exported one, a `export default {…}` entrypoint)
//     or a function: its own properties only;
//   - an RpcTarget: its class's, like a Durable Object.
//
// A path of several names walks from object to object by the same rules.
// Stubs received as arguments are disposed when the call completes, as in
// workerd; keep one with dup().

import (
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

// rpcReceiver is the object a call is delivered to.
type rpcReceiver struct {
	obj *goja.Object
	// allowInstanceProperties: own properties are callable (plain objects,
	// functions) rather than only inherited ones (class instances).
	allowInstanceProperties bool
	// entrypoint: a Durable Object or Worker entrypoint, whose handler
	// names are reserved, rather than an object passed by reference.
	entrypoint bool
	// env and ctx are set for a plain-object Worker entrypoint, whose
	// methods take them after the caller's argument, as handlers do.
	env, ctx goja.Value
}

// InvokeMethod delivers an RPC call (args non-nil) or property read along
// path to a Durable Object. done receives the serialized result, or a
// *ScriptError.
func (r *Realm) InvokeMethod(obj *goja.Object, path []string, args *RPCValue, done func(*RPCValue, error)) {
	r.invoke(rpcReceiver{obj: obj, entrypoint: true}, path, args, done)
}

// InvokeEntrypoint delivers an RPC call or property read to a Worker
// entrypoint: an instance of a WorkerEntrypoint class, or the object a
// module exports, whose methods get env and ctx after the argument.
func (r *Realm) InvokeEntrypoint(handler *goja.Object, isClass bool, env, ctx goja.Value, path []string, args *RPCValue, done func(*RPCValue, error)) {
	recv := rpcReceiver{obj: handler, entrypoint: true}
	if !isClass {
		recv.allowInstanceProperties = true
		recv.env, recv.ctx = env, ctx
	}
	r.invoke(recv, path, args, done)
}

func (r *Realm) invoke(recv rpcReceiver, path []string, args *RPCValue, done func(*RPCValue, error)) {
	fail := func(thrown goja.Value) { done(nil, r.NewScriptError(thrown)) }
	var target goja.Value
	var this *goja.Object
	if ex := r.rt.Try(func() { target, this = r.lookup(recv, path) }); ex != nil {
		args.Release()
		fail(ex.Value())
		return
	}
	var params *disposalGroup
	result := target
	if args != nil {
		fn, ok := goja.AssertFunction(target)
		if !ok {
			args.Release()
			fail(r.newTypeError(fmt.Sprintf("%q is not a function.", traceName(path))))
			return
		}
		var argv []goja.Value
		var thrown goja.Value
		params, argv, thrown = r.arguments(recv, path, target.(*goja.Object), args)
		if thrown != nil {
			params.dispose()
			fail(thrown)
			return
		}
		res, err := fn(this, argv...)
		if err != nil {
			params.dispose()
			r.uncaught(r.ExceptionValue(err))
			fail(r.ExceptionValue(err))
			return
		}
		result = res
	}
	r.Await(result, func(v goja.Value) {
		// workerd transfers the stubs a result contains: the callee's own
		// references are disposed once the result is sent.
		var sent disposalGroup
		out, err := r.serializeRPC(v, &sent)
		sent.dispose()
		params.dispose()
		if err != nil {
			fail(r.ExceptionValue(err))
			return
		}
		done(out, nil)
	}, func(thrown goja.Value) {
		params.dispose()
		r.uncaught(thrown)
		fail(thrown)
	})
}

// traceName is how workerd names the called property in errors.
func traceName(path []string) string {
	if len(path) == 0 {
		return "(this)"
	}
	return strings.Join(path, ".")
}

// uncaught logs the exception a call ends with, in the callee, as wrangler
// dev shows it. An error that came from further away is logged again (with
// no stack: it has none here), as workerd logs it at every hop.
func (r *Realm) uncaught(thrown goja.Value) {
	r.host.Log(LevelError, "Uncaught "+FormatError(thrown))
}

// arguments deserializes a call's arguments; the stubs among them form
// the group disposed when the call completes.
func (r *Realm) arguments(recv rpcReceiver, path []string, fn *goja.Object, args *RPCValue) (*disposalGroup, []goja.Value, goja.Value) {
	params := &disposalGroup{}
	var argv []goja.Value
	if args.Data != nil {
		v, err := r.deserializeRPC(args, params)
		if err != nil {
			return params, nil, r.ExceptionValue(err)
		}
		if arr, ok := v.(*goja.Object); ok {
			r.rt.ForOf(arr, func(v goja.Value) bool { argv = append(argv, v); return true })
		}
	}
	if recv.env == nil {
		return params, argv, nil
	}
	argv, thrown := r.insertEnvCtx(recv, path, fn, argv)
	return params, argv, thrown
}

// insertEnvCtx passes env and ctx to a method of a plain-object entrypoint
// after the caller's single argument, with workerd's checks: a handler
// declared with more than (arg, env, ctx) could receive the caller's
// arguments where it expects env, so it is refused.
func (r *Realm) insertEnvCtx(recv rpcReceiver, path []string, fn *goja.Object, argv []goja.Value) ([]goja.Value, goja.Value) {
	name := traceName(path)
	arity := fn.Get("length").ToInteger()
	if arity < 0 || arity >= 256 {
		return nil, r.newTypeError(fmt.Sprintf("RPC function has unreasonable length attribute: %d", arity))
	}
	if arity > 3 {
		return nil, r.newTypeError(fmt.Sprintf("Cannot call handler function %q over RPC because it has the wrong number of arguments. A simple function handler can only be called over RPC if it has exactly the arguments (arg, env, ctx), where only the first argument comes from the client. To support multi-argument RPC functions, use class-based syntax (extending WorkerEntrypoint) instead.", name))
	}
	if len(argv) != 1 {
		return nil, r.newTypeError(fmt.Sprintf("Attempted to call RPC function %q with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.", name))
	}
	return []goja.Value{argv[0], recv.env, recv.ctx}, nil
}

// lookup finds what path names on the receiver, and the object it is a
// property of (the `this` of a call). It throws workerd's TypeErrors.
func (r *Realm) lookup(recv rpcReceiver, path []string) (goja.Value, *goja.Object) {
	obj, allow := recv.obj, recv.allowInstanceProperties
	get := func(name string) goja.Value {
		if r.reserved(recv.entrypoint, name) {
			panic(r.newTypeError("'" + name + "' is a reserved method and cannot be called over RPC."))
		}
		if allow {
			if !r.hasOwn(obj, name) {
				panic(r.failLookup(name))
			}
			return obj.Get(name)
		}
		if r.hasOwn(obj, name) {
			panic(r.failLookup(name))
		}
		v := obj.Get(name)
		// What every object inherits from Object.prototype is not a method
		// of the receiver (a missing name is undefined on both sides).
		if inherited := r.rpc.objectProto.Get(name); v == nil || inherited == v || (inherited != nil && v.SameAs(inherited)) {
			panic(r.failLookup(name))
		}
		return v
	}
	if len(path) == 0 {
		return obj, obj
	}
	inStub := false
	for _, name := range path[:len(path)-1] {
		next, ok := get(name).(*goja.Object)
		if !ok {
			panic(r.failLookup(name))
		}
		obj = next
		if isStub(obj) {
			// A stub: the rest of the path becomes calls on it.
			allow, inStub = false, true
			continue
		}
		if _, ok := stateOf(obj).(*rpcProperty); ok && inStub {
			allow = false
			continue
		}
		switch {
		case obj.Prototype() == r.rpc.objectProto:
			allow = true
		case r.isRpcTarget(obj):
			allow = false
		default:
			if _, isFunc := goja.AssertFunction(obj); isFunc && stateOf(obj) == nil {
				allow = true
				continue
			}
			panic(r.failLookup(name))
		}
	}
	return get(path[len(path)-1]), obj
}

// isStub reports whether o is a stub of any kind.
func isStub(o *goja.Object) bool {
	switch stateOf(o).(type) {
	case *rpcStub, *stubState, *fetcherState:
		return true
	}
	return false
}

// reserved reports the names a call cannot reach: on an entrypoint, the
// handlers the runtime calls; everywhere, dup (a stub's own) and
// constructor.
func (r *Realm) reserved(entrypoint bool, name string) bool {
	switch name {
	case "dup", "constructor":
		return true
	case "fetch", "connect", "alarm", "webSocketMessage", "webSocketClose", "webSocketError":
		return entrypoint
	}
	return false
}
