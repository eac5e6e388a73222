package jsapi

// The caller's side of JS RPC (workerd api/worker-rpc.h): stubs, their
// properties and the promises calls return.
//
//   - A stub (RpcStub, a DurableObject stub, a service binding) answers any
//     property it does not have with an RpcProperty: `stub.foo`.
//   - An RpcProperty is callable (`stub.foo(1)` makes a call), thenable
//     (`await stub.foo` reads the property remotely) and has properties of
//     its own (`stub.foo.bar()`).
//   - A call returns an RpcPromise: a Promise whose other properties are
//     RpcProperties too, so calls pipeline: `await stub.make().inc()`.
//
// workerd sends a pipelined call to the callee before the first call
// returns and resolves the path there. Here the path is resolved once the
// first result has arrived, on the copy the caller received, with the rules
// the callee would apply (own properties of plain objects; a stub in the
// way takes the rest of the path), and the same errors: only timing
// differs.
//
// The "wildcard" is one Proxy per realm, placed at the end of the
// prototype chain of every stub, property and RpcPromise: a property lookup
// that nothing else answers reaches its get trap with the original object
// as receiver, whose Go state says where the path starts. Like workerd's
// wildcard it answers neither integer indices nor "then".

import (
	"runtime"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// rpcState holds the realm's RPC classes and the intrinsics they check.
type rpcState struct {
	// stubProto is RpcStub.prototype; propertyProto and promiseProto are
	// the prototypes of RpcProperty and RpcPromise objects.
	stubProto, propertyProto, promiseProto *goja.Object
	// wildcard ends the chain of stubs and properties; promiseWildcard,
	// which inherits from Promise.prototype, that of RpcPromises.
	wildcard, promiseWildcard *goja.Object

	// paramsDupStubs is the rpc_params_dup_stubs compatibility flag: stubs
	// passed as arguments stay usable by the caller.
	paramsDupStubs bool

	objectProto, rpcTargetProto *goja.Object
	hasOwnProperty              goja.Callable
	symDispose                  *goja.Symbol
	errorClasses                map[string]*goja.Object
}

// rpcClient is what a call goes to: a Durable Object, a service, or the
// object behind a stub.
type rpcClient interface {
	// rpcCall sends a call (args non-nil; Data nil means no arguments) or
	// a property read along path; done is called once, from any goroutine.
	rpcCall(path []string, args *RPCValue, done func(*RPCValue, error))
}

// rpcStub is the state of an RpcStub: one reference to an exported object.
type rpcStub struct {
	cap *Capability // nil once disposed
}

func (s *rpcStub) capability() (*Capability, error) {
	if s.cap == nil {
		return nil, errDisposed
	}
	return s.cap, nil
}

func (s *rpcStub) rpcCall(path []string, args *RPCValue, done func(*RPCValue, error)) {
	s.cap.Call(path, args, done)
}

func (s *rpcStub) dispose() {
	if s.cap != nil {
		s.cap.Release()
		s.cap = nil
	}
}

// disposalGroup collects the stubs one value brought: the parameters of a
// call, disposed when the call returns, or a result, disposed by the
// Symbol.dispose method added to it.
type disposalGroup struct{ stubs []*rpcStub }

func (g *disposalGroup) add(s *rpcStub) {
	if g != nil {
		g.stubs = append(g.stubs, s)
	}
}

func (g *disposalGroup) dispose() {
	if g == nil {
		return
	}
	for _, s := range g.stubs {
		s.dispose()
	}
	g.stubs = nil
}

// rpcBase is where a call's path starts: a client, or an RpcPromise whose
// result the path is applied to.
type rpcBase struct {
	client  rpcClient
	promise *rpcPromise
}

// rpcProperty is the state of an RpcProperty.
type rpcProperty struct {
	base rpcBase
	path []string
}

// maxPropertyDepth is workerd's JsRpcProperty::MAX_PROPERTY_DEPTH.
const maxPropertyDepth = 64

// rpcPromise is an RpcPromise. It needs no Go state of its own (an object
// is an RpcPromise when its prototype is promiseProto), which saves a slot
// on every call.
type rpcPromise struct {
	obj *goja.Object
}

// asRpcPromise returns o as an RpcPromise, if it is one.
func (r *Realm) asRpcPromise(o *goja.Object) (*rpcPromise, bool) {
	if o.Prototype() != r.rpc.promiseProto {
		return nil, false
	}
	if _, ok := o.Export().(*goja.Promise); !ok {
		return nil, false
	}
	return &rpcPromise{obj: o}, true
}

func installRPC(r *Realm) {
	rt := r.rt
	st := &rpcState{errorClasses: make(map[string]*goja.Object)}
	r.rpc = st
	st.objectProto = rt.GlobalObject().Prototype()
	st.hasOwnProperty, _ = goja.AssertFunction(st.objectProto.Get("hasOwnProperty"))
	st.symDispose = rt.Get("Symbol").(*goja.Object).Get("dispose").(*goja.Symbol)
	for _, name := range tunneledClasses {
		if ctor, ok := rt.Get(name).(*goja.Object); ok {
			st.errorClasses[name] = ctor
		}
	}
	workers := r.modules["cloudflare:workers"].(*goja.Object)
	st.rpcTargetProto = workers.Get("RpcTarget").(*goja.Object).Get("prototype").(*goja.Object)

	st.wildcard = r.newWildcard(rt.NewObject())
	promiseTarget := rt.CreateObject(rt.Get("Promise").(*goja.Object).Get("prototype").(*goja.Object))
	st.promiseWildcard = r.newWildcard(promiseTarget)
	must(workers.Set("RpcStub", r.installRpcStub()))
	r.installRpcProperty()
	r.installRpcPromise()
	// Stubs of Durable Objects answer RPC methods through the wildcard too.
	must(r.protos["DurableObject"].SetPrototype(st.wildcard))
}

// installRpcStub builds RpcStub: `new RpcStub(obj)` wraps a local object as
// a stub. A stub is a function (calling it calls the object itself), so
// the constructor returns one rather than the object `new` made.
func (r *Realm) installRpcStub() *goja.Object {
	rt, st := r.rt, r.rpc
	ctor := rt.ToValue(func(call goja.ConstructorCall) *goja.Object {
		return r.wrapInStub(call.Argument(0))
	}).(*goja.Object)
	must(ctor.DefineDataProperty("name", rt.ToValue("RpcStub"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(ctor.DefineDataProperty("length", rt.ToValue(1), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	st.stubProto = ctor.Get("prototype").(*goja.Object)
	must(st.stubProto.SetPrototype(st.wildcard))
	must(st.stubProto.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue("RpcStub"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(st.stubProto.DefineDataProperty("dup", r.function("dup", 0, func(call goja.FunctionCall) goja.Value {
		c, err := unwrap[*rpcStub](r, call.This).capability()
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		return r.newRpcStub(c.Dup(), nil)
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(st.stubProto.DefineDataPropertySymbol(st.symDispose, r.function("[Symbol.dispose]", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*rpcStub](r, call.This).dispose()
		return goja.Undefined()
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	return ctor
}

// installRpcProperty builds the prototype of the properties of stubs.
func (r *Realm) installRpcProperty() {
	prop := r.newClass("RpcProperty", 0, nil)
	r.rpc.propertyProto = prop.proto
	must(prop.proto.SetPrototype(r.rpc.wildcard))
	// Treating a property as a promise reads it.
	for _, name := range []string{"then", "catch", "finally"} {
		prop.method(name, 2, func(call goja.FunctionCall) goja.Value {
			p := unwrap[*rpcProperty](r, call.This)
			promise := r.rpcCall(p.base, p.path, nil, false)
			fn, _ := goja.AssertFunction(promise.Get(name))
			v, err := fn(promise, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		})
	}
}

// installRpcPromise builds the prototype of the promises calls return.
func (r *Realm) installRpcPromise() {
	rt, st := r.rt, r.rpc
	promise := rt.NewObject()
	must(promise.SetPrototype(st.promiseWildcard))
	// workerd's class is JsRpcPromise, which its toString shows.
	must(promise.DefineDataPropertySymbol(goja.SymToStringTag, rt.ToValue("JsRpcPromise"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	must(promise.DefineDataPropertySymbol(st.symDispose, r.function("[Symbol.dispose]", 0, func(call goja.FunctionCall) goja.Value {
		o, _ := call.This.(*goja.Object)
		if o == nil {
			panic(r.newTypeError("Illegal invocation"))
		}
		p, ok := r.asRpcPromise(o)
		if !ok {
			panic(r.newTypeError("Illegal invocation"))
		}
		// Disposing the promise disposes its result, now or when it comes.
		r.Await(p.obj, r.disposeValue, func(goja.Value) {})
		return goja.Undefined()
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	st.promiseProto = promise
}

// newWildcard returns a Proxy over target whose get trap makes RpcProperties
// for the names target does not have.
func (r *Realm) newWildcard(target *goja.Object) *goja.Object {
	return r.rt.ToValue(r.rt.NewProxy(target, &goja.ProxyTrapConfig{
		Get: func(target *goja.Object, name string, receiver goja.Value) goja.Value {
			recv, _ := receiver.(*goja.Object)
			if name == "__proto__" && recv != nil {
				return recv.Prototype()
			}
			if v := target.Get(name); v != nil {
				return v
			}
			// V8 gives integer indices to indexed interceptors, which a
			// wildcard property is not; JSON.stringify looks toJSON up
			// past interceptors, so a stub serializes as a function does.
			if name == "then" || name == "toJSON" || isArrayIndex(name) || recv == nil {
				return goja.Undefined()
			}
			return r.wildcardProperty(recv, name)
		},
	})).(*goja.Object)
}

// wildcardProperty answers `receiver[name]` for a name nothing else has.
func (r *Realm) wildcardProperty(recv *goja.Object, name string) goja.Value {
	if p, ok := r.asRpcPromise(recv); ok {
		return r.newRpcProperty(rpcBase{promise: p}, []string{name})
	}
	switch s := stateOf(recv).(type) {
	case *rpcProperty:
		if len(s.path) >= maxPropertyDepth {
			panic(r.newTypeError("RPC pipelined property path is too deep (max " + strconv.Itoa(maxPropertyDepth) + ")."))
		}
		path := make([]string, len(s.path)+1)
		copy(path, s.path)
		path[len(s.path)] = name
		return r.newRpcProperty(s.base, path)
	case rpcClient:
		return r.newRpcProperty(rpcBase{client: s}, []string{name})
	}
	return goja.Undefined()
}

// wrapInStub is `new RpcStub(v)`: a stub for a plain object, a function or
// an RpcTarget of this realm, or a new reference for a stub.
func (r *Realm) wrapInStub(v goja.Value) *goja.Object {
	const refused = "RpcStubs can only wrap plain objects, functions, and RpcTarget derivatives."
	o, ok := v.(*goja.Object)
	if !ok {
		panic(r.newTypeError(refused))
	}
	if s, ok := stateOf(o).(*rpcStub); ok {
		c, err := s.capability()
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		return r.newRpcStub(c.Dup(), nil)
	}
	allowInstanceProperties, ok := r.stubbable(o)
	if !ok {
		panic(r.newTypeError(refused))
	}
	return r.newRpcStub(r.export(o, allowInstanceProperties), nil)
}

// newRpcStub returns a stub owning c. It joins group, if any; the
// reference is also released when the stub is garbage-collected, so that a
// stub nobody disposed does not keep its object alive forever.
func (r *Realm) newRpcStub(c *Capability, group *disposalGroup) *goja.Object {
	s := &rpcStub{cap: c}
	fn := r.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		return r.rpcCall(rpcBase{client: s}, nil, call.Arguments, true)
	}).(*goja.Object)
	r.stubFunction(fn, r.rpc.stubProto, s)
	group.add(s)
	runtime.AddCleanup(s, func(c *Capability) { c.Release() }, c)
	return fn
}

func (r *Realm) newRpcProperty(base rpcBase, path []string) *goja.Object {
	p := &rpcProperty{base: base, path: path}
	fn := r.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		return r.rpcCall(p.base, p.path, call.Arguments, true)
	}).(*goja.Object)
	r.stubFunction(fn, r.rpc.propertyProto, p)
	return fn
}

// stubFunction makes a native function a stub or property: its own name
// and length are removed, so that those names too are RPC properties, as
// on workerd's callable stubs.
func (r *Realm) stubFunction(fn, proto *goja.Object, state any) {
	must(fn.Delete("name"))
	must(fn.Delete("length"))
	must(fn.SetPrototype(proto))
	setSlot(r.rt, fn, state)
}

// rpcCall makes a call (isCall) or reads a property along path from base,
// and returns the RpcPromise of the result. Arguments are serialized now,
// so changing them afterwards changes nothing; an argument that cannot be
// sent rejects the promise.
func (r *Realm) rpcCall(base rpcBase, path []string, args []goja.Value, isCall bool) *goja.Object {
	p, resolve, reject := r.rt.NewPromise()
	obj := r.rt.ToValue(p).(*goja.Object)
	must(obj.SetPrototype(r.rpc.promiseProto))
	fail := func(thrown goja.Value) { must(reject(thrown)) }

	var argv *RPCValue
	if isCall {
		argv = &RPCValue{}
		if len(args) > 0 {
			var sent disposalGroup
			v, err := r.serializeRPC(r.rt.NewArray(anys(args)...), &sent)
			if err != nil {
				fail(r.ExceptionValue(err))
				return obj
			}
			argv = v
			// Before rpc_params_dup_stubs (2026-01-20), a stub passed as
			// an argument is transferred: the caller's copy is disposed
			// once the call is sent.
			if !r.rpc.paramsDupStubs {
				defer sent.dispose()
			}
		}
	}
	settle := func(v goja.Value, thrown goja.Value) {
		if thrown != nil {
			fail(thrown)
			return
		}
		must(resolve(v))
	}
	if base.client != nil {
		r.send(base.client, path, argv, settle)
		return obj
	}
	r.Await(base.promise.obj, func(v goja.Value) {
		r.pipeline(v, path, argv, settle)
	}, func(thrown goja.Value) {
		argv.Release()
		fail(thrown)
	})
	return obj
}

// send delivers a call to a client and settles with the result received.
func (r *Realm) send(c rpcClient, path []string, args *RPCValue, settle func(v, thrown goja.Value)) {
	if s, ok := c.(*rpcStub); ok && s.cap == nil {
		args.Release()
		settle(nil, r.NewError(errDisposed.Error()))
		return
	}
	enqueue := r.loop.Reserve()
	deliver := func(result *RPCValue, err error) {
		enqueue(func() {
			if err != nil {
				settle(nil, r.remoteError(err))
				return
			}
			var v goja.Value
			if ex := r.rt.Try(func() { v = r.receiveResult(result) }); ex != nil {
				settle(nil, ex.Value())
				return
			}
			settle(v, nil)
		})
	}
	// A call made while writes are pending leaves once they are committed.
	r.afterCommit(func() { c.rpcCall(path, args, deliver) }, func(err error) {
		args.Release()
		deliver(nil, err)
	})
}

// receiveResult deserializes a call's result. An object result gets a
// Symbol.dispose method that disposes the stubs in it, unless it is a
// stub itself.
func (r *Realm) receiveResult(result *RPCValue) goja.Value {
	group := &disposalGroup{}
	v, err := r.deserializeRPC(result, group)
	if err != nil {
		group.dispose()
		panic(r.ExceptionValue(err))
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	if _, isStub := stateOf(o).(*rpcStub); isStub {
		return v
	}
	must(o.DefineDataPropertySymbol(r.rpc.symDispose, r.function("dispose", 0, func(goja.FunctionCall) goja.Value {
		group.dispose()
		return goja.Undefined()
	}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE))
	return v
}

// pipeline applies a call or property read to the result v of an earlier
// call, as the callee's TransientJsRpcTarget for that result would: own
// properties of plain objects (and functions) lead on, a stub on the way
// takes the rest of the path, and anything else fails the lookup. A result
// that is not a plain object offers no properties at all.
func (r *Realm) pipeline(v goja.Value, path []string, args *RPCValue, settle func(v, thrown goja.Value)) {
	fail := func(thrown goja.Value) {
		args.Release()
		settle(nil, thrown)
	}
	obj, _ := v.(*goja.Object)
	if obj != nil {
		if s, ok := stateOf(obj).(*rpcStub); ok {
			r.send(s, path, args, settle)
			return
		}
		if !r.pipelinable(obj) {
			obj = nil
		}
	}
	if obj == nil {
		obj = r.rt.NewObject()
	}
	for i, name := range path {
		next, err := r.ownProperty(obj, name)
		if err != nil {
			fail(err)
			return
		}
		if i == len(path)-1 {
			if args == nil {
				settle(next, nil)
				return
			}
			if s, ok := stateOf(next).(*rpcStub); ok {
				r.send(s, nil, args, settle)
				return
			}
			fail(r.remoteTypeError(`"` + strings.Join(path, ".") + `" is not a function.`))
			return
		}
		nobj, _ := next.(*goja.Object)
		if nobj == nil {
			fail(r.failLookup(name))
			return
		}
		if s, ok := stateOf(nobj).(*rpcStub); ok {
			r.send(s, path[i+1:], args, settle)
			return
		}
		if !r.pipelinable(nobj) {
			fail(r.failLookup(name))
			return
		}
		obj = nobj
	}
	// An empty path calls or reads the result itself.
	if args == nil {
		settle(v, nil)
		return
	}
	fail(r.remoteTypeError(`"(this)" is not a function.`))
}

// pipelinable reports whether a value's own properties can be reached by
// a pipelined path: a plain object or a (local) function.
func (r *Realm) pipelinable(o *goja.Object) bool {
	if _, ok := stateOf(o).(*rpcStub); ok {
		return false
	}
	if o.Prototype() == r.rpc.objectProto {
		return true
	}
	_, ok := goja.AssertFunction(o)
	return ok
}

// ownProperty is the callee's property lookup on a plain object: the
// reserved names and inherited properties are not reachable.
func (r *Realm) ownProperty(o *goja.Object, name string) (goja.Value, goja.Value) {
	if name == "dup" || name == "constructor" {
		return nil, r.remoteTypeError("'" + name + "' is a reserved method and cannot be called over RPC.")
	}
	if !r.hasOwn(o, name) {
		return nil, r.failLookup(name)
	}
	return o.Get(name), nil
}

func (r *Realm) hasOwn(o *goja.Object, name string) bool {
	v, err := r.rpc.hasOwnProperty(o, r.rt.ToValue(name))
	if err != nil {
		panic(err)
	}
	return v.ToBoolean()
}

// failLookup is workerd's error for a name the receiver does not offer.
func (r *Realm) failLookup(name string) goja.Value {
	return r.remoteTypeError(`The RPC receiver does not implement the method "` + name + `".`)
}

// remoteTypeError is a TypeError as the callee would have thrown it.
func (r *Realm) remoteTypeError(message string) goja.Value {
	e := r.newTypeError(message)
	_ = e.Set("remote", true)
	return e
}

// disposeValue calls v[Symbol.dispose](), if v has one.
func (r *Realm) disposeValue(v goja.Value) {
	o, ok := v.(*goja.Object)
	if !ok {
		return
	}
	if fn, ok := goja.AssertFunction(o.GetSymbol(r.rpc.symDispose)); ok {
		if _, err := fn(o); err != nil {
			panic(err)
		}
	}
}

func anys(vals []goja.Value) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}
