package jsapi

// DurableObjectNamespace, DurableObjectId and DurableObjectStub: the
// binding a Worker gets for a Durable Object class, as in workerd's
// api/actor.h. The semantics (id derivation, routing an event to the
// object's isolate) live in runtime/actor behind ObjectNamespace; this file
// converts arguments and results.

import (
	"github.com/dop251/goja"
)

// ObjectID identifies one Durable Object of a namespace.
type ObjectID interface {
	String() string // 64 lower-case hex digits
	// Name returns the name the id was derived from, for idFromName ids.
	Name() (string, bool)
}

// ObjectNamespace routes events to the objects of one class. Fetch and
// Call may be called on the loop; they call done exactly once, from any
// goroutine.
type ObjectNamespace interface {
	IDFromName(name string) ObjectID
	// NewUniqueID's error becomes a JS Error with its message.
	NewUniqueID(jurisdiction string) (ObjectID, error)
	// IDFromString's error becomes a TypeError with its message.
	IDFromString(id string) (ObjectID, error)
	Fetch(id ObjectID, req *HTTPRequest, done func(*HTTPResponse, error))
	// Call delivers an RPC call (args non-nil) or property read along path
	// (see Realm.InvokeMethod). A JS exception in the object arrives as a
	// *ScriptError.
	Call(id ObjectID, path []string, args *RPCValue, done func(*RPCValue, error))
}

type namespaceState struct{ ns ObjectNamespace }

type idState struct{ id ObjectID }

type stubState struct {
	ns ObjectNamespace
	id ObjectID
	// idObject is the DurableObjectId the stub was made from: stub.id
	// returns that very object, as in workerd.
	idObject *goja.Object
	// name is the name given to getByName, shown as stub.name.
	name *string
}

func (s *stubState) rpcCall(path []string, args *RPCValue, done func(*RPCValue, error)) {
	s.ns.Call(s.id, path, args, done)
}

func installDurableObjectNamespace(r *Realm) {
	idc := r.newClass("DurableObjectId", 0, nil)
	idc.method("toString", 0, func(call goja.FunctionCall) goja.Value {
		return r.rt.ToValue(unwrap[*idState](r, call.This).id.String())
	})
	idc.method("equals", 1, func(call goja.FunctionCall) goja.Value {
		a := unwrap[*idState](r, call.This)
		b, ok := stateOf(call.Argument(0)).(*idState)
		return r.rt.ToValue(ok && a.id.String() == b.id.String())
	})

	nsc := r.newClass("DurableObjectNamespace", 0, nil)
	nsOf := func(this goja.Value) ObjectNamespace { return unwrap[*namespaceState](r, this).ns }
	nsc.method("idFromName", 1, func(call goja.FunctionCall) goja.Value {
		ns := nsOf(call.This)
		if goja.IsUndefined(call.Argument(0)) {
			panic(r.newTypeError("Failed to execute 'idFromName' on 'DurableObjectNamespace': parameter 1 is not of type 'string'."))
		}
		return r.newObjectID(ns.IDFromName(call.Argument(0).String()))
	})
	nsc.method("newUniqueId", 0, func(call goja.FunctionCall) goja.Value {
		ns := nsOf(call.This)
		jurisdiction := ""
		if opts, ok := call.Argument(0).(*goja.Object); ok {
			if j := opts.Get("jurisdiction"); j != nil && !goja.IsUndefined(j) {
				jurisdiction = j.String()
			}
		}
		id, err := ns.NewUniqueID(jurisdiction)
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		return r.newObjectID(id)
	})
	nsc.method("idFromString", 1, func(call goja.FunctionCall) goja.Value {
		id, err := nsOf(call.This).IDFromString(call.Argument(0).String())
		if err != nil {
			panic(r.newTypeError(err.Error()))
		}
		return r.newObjectID(id)
	})
	nsc.method("get", 1, func(call goja.FunctionCall) goja.Value {
		ns := nsOf(call.This)
		id, ok := stateOf(call.Argument(0)).(*idState)
		if !ok {
			panic(r.newTypeError("Failed to execute 'get' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'."))
		}
		return r.newStub(&stubState{ns: ns, id: id.id, idObject: call.Argument(0).(*goja.Object)})
	})
	nsc.method("getByName", 1, func(call goja.FunctionCall) goja.Value {
		ns := nsOf(call.This)
		name := call.Argument(0).String()
		return r.newStub(&stubState{ns: ns, id: ns.IDFromName(name), name: &name})
	})
	nsc.method("jurisdiction", 1, func(call goja.FunctionCall) goja.Value {
		// Jurisdictions only restrict where objects live; locally there is
		// one place, so the namespace itself serves.
		nsOf(call.This)
		return call.This
	})

	stub := r.newClass("DurableObject", 0, nil)
	stubOf := func(this goja.Value) *stubState { return unwrap[*stubState](r, this) }
	stub.getter("id", func(this goja.Value) goja.Value {
		s := stubOf(this)
		if s.idObject == nil {
			s.idObject = r.newObjectID(s.id)
		}
		return s.idObject
	})
	stub.getter("name", func(this goja.Value) goja.Value {
		s := stubOf(this)
		if s.name != nil {
			return r.rt.ToValue(*s.name)
		}
		if name, ok := s.id.Name(); ok {
			return r.rt.ToValue(name)
		}
		return goja.Undefined()
	})
	stub.method("fetch", 1, func(call goja.FunctionCall) goja.Value {
		s := stubOf(call.This)
		req := r.ToHTTPRequest(call.Argument(0), call.Argument(1))
		return r.hostCall(func(done func(any, error)) {
			s.ns.Fetch(s.id, req, func(res *HTTPResponse, err error) { done(res, err) })
		}, func(v any) goja.Value { return r.NewResponse(v.(*HTTPResponse)) })
	})
}

// NewNamespace returns the binding object for a Durable Object namespace.
func (r *Realm) NewNamespace(ns ObjectNamespace) *goja.Object {
	return r.newInstance("DurableObjectNamespace", &namespaceState{ns: ns})
}

// newObjectID returns a DurableObjectId. Its name is an own property, as
// in workerd, where JSON.stringify(id) shows it.
func (r *Realm) newObjectID(id ObjectID) *goja.Object {
	o := r.newInstance("DurableObjectId", &idState{id: id})
	if name, ok := id.Name(); ok {
		must(o.DefineDataProperty("name", r.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_TRUE))
	}
	return o
}

// NewObjectID returns a DurableObjectId object (ctx.id inside an object).
func (r *Realm) NewObjectID(id ObjectID) *goja.Object { return r.newObjectID(id) }

// newStub returns a stub: fetch, id and name come from its class, every
// other property is an RPC method of the object (see rpc_stub.go).
func (r *Realm) newStub(s *stubState) goja.Value {
	return r.newInstance("DurableObject", s)
}
