package jsapi

// DurableObjectState — the `ctx` a Durable Object's constructor receives
// (workerd api/actor-state.h): its id, its storage, blockConcurrencyWhile
// and waitUntil. The input gate itself is runtime/actor's; this file only
// closes and reopens it around the callback. The WebSocket hibernation
// methods are in hibernation.go.
//
// Missing: abort, facets, container.

import (
	"github.com/dop251/goja"
)

// ObjectState is the runtime side of one Durable Object instance.
type ObjectState interface {
	ID() ObjectID
	// Storage opens the object's storage on first use.
	Storage() (ObjectStorage, error)
	// SQLEnabled reports whether the class is SQLite-backed
	// (new_sqlite_classes), which the SQL and sync KV APIs require.
	SQLEnabled() bool
	// BlockConcurrency closes the input gate: no other event reaches the
	// object until release is called. release(err) with a non-nil err
	// resets the object, as a failed blockConcurrencyWhile does in workerd.
	BlockConcurrency() (release func(err error))
	// WebSockets returns the object's hibernatable WebSockets, which
	// outlive the instance.
	WebSockets() WebSocketRegistry
}

type durableObjectState struct {
	state   ObjectState
	storage *goja.Object
	// sockets are this instance's WebSocket objects for the hibernatable
	// sockets, so that each socket is always the same object to it.
	sockets map[HibernatableSocket]*goja.Object
}

func installDurableObjectState(r *Realm) {
	c := r.newClass("DurableObjectState", 0, nil)
	get := func(this goja.Value) *durableObjectState { return unwrap[*durableObjectState](r, this) }
	c.getter("id", func(this goja.Value) goja.Value { return r.newObjectID(get(this).state.ID()) })
	c.getter("storage", func(this goja.Value) goja.Value {
		s := get(this)
		if s.storage == nil {
			s.storage = r.newInstance("DurableObjectStorage", &durableObjectStorage{state: s.state})
		}
		return s.storage
	})
	c.method("blockConcurrencyWhile", 1, func(call goja.FunctionCall) goja.Value {
		s := get(call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'blockConcurrencyWhile' on 'DurableObjectState': parameter 1 is not of type 'function'."))
		}
		p, resolve, reject := r.rt.NewPromise()
		// The gate closes now, but workerd runs the callback only after the
		// caller's synchronous code (a constructor runs to its end first).
		release := s.state.BlockConcurrency()
		r.queueMicrotask(func() {
			result, err := fn(goja.Undefined())
			if err != nil {
				thrown := r.ExceptionValue(err)
				release(r.NewScriptError(thrown))
				must(reject(thrown))
				return
			}
			r.Await(result, func(v goja.Value) {
				release(nil)
				must(resolve(v))
			}, func(thrown goja.Value) {
				release(r.NewScriptError(thrown))
				must(reject(thrown))
			})
		})
		return r.rt.ToValue(p)
	})
	c.method("waitUntil", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		r.waitUntil(call.Argument(0))
		return goja.Undefined()
	})
}

// NewDurableObjectState returns the ctx object for a new instance.
func (r *Realm) NewDurableObjectState(state ObjectState) *goja.Object {
	return r.newInstance("DurableObjectState", &durableObjectState{state: state})
}

// waitUntil keeps a promise's failure from going unnoticed: in a Durable
// Object the instance stays alive anyway, so the only effect is logging.
func (r *Realm) waitUntil(v goja.Value) {
	r.Await(v, func(goja.Value) {}, func(thrown goja.Value) {
		r.host.Log(LevelError, "Uncaught (in promise) "+FormatError(thrown))
	})
}
