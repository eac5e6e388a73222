package isolate

import (
	"errors"
	"fmt"
	"os"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/storage"
)

// instance is one live Durable Object in this isolate: its JS object, its
// input gate and its storage. It implements jsapi.ObjectState.
type instance struct {
	iso  *Isolate
	ns   *actor.Namespace
	id   actor.ID
	gate *actor.InputGate
	obj  *goja.Object
	ctx  *goja.Object // its DurableObjectState
	db   *storage.DB
	// out holds the instance's outputs until its writes are committed.
	out actor.OutputGate
	// unconfirmed is set while a write with allowUnconfirmed runs.
	unconfirmed bool
	// resetErr is set when the instance has been discarded (its
	// blockConcurrencyWhile callback or a commit failed, it was evicted…);
	// events still queued on it fail with this error.
	resetErr error

	// events are the events in flight (events.go); holds what else keeps
	// it in memory, idleTimer its countdown to eviction (evictable.go,
	// evict.go).
	events    map[*event]struct{}
	holds     int
	idleTimer int
	alarm     alarmState
}

// ActorFetch delivers an HTTP request to the fetch handler of the object
// id of namespace ns, constructing it first if needed.
func (iso *Isolate) ActorFetch(ns *actor.Namespace, id actor.ID, req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	iso.deliver(ns, id, func(err error) { done(nil, err) }, func(inst *instance) {
		ev := inst.begin(func(err error) { done(nil, err) })
		inst.iso.realm.InvokeFetch(inst.obj, req, nil, func(res *jsapi.HTTPResponse, err error) {
			inst.send(func() {
				if ev.end() {
					done(res, err)
				} else if res != nil && res.Body != nil {
					res.Body.Close() // the caller was told of a reset
				}
			}, func(err error) {
				if ev.end() {
					done(nil, err)
				}
			})
		})
	})
}

// ActorCall delivers an RPC call (args non-nil) or property read along
// path to the object.
func (iso *Isolate) ActorCall(ns *actor.Namespace, id actor.ID, path []string, args *jsapi.RPCValue, done func(*jsapi.RPCValue, error)) {
	iso.deliver(ns, id, func(err error) { args.Release(); done(nil, err) }, func(inst *instance) {
		if !inst.iso.realm.IsDurableObject(inst.obj) {
			args.Release()
			done(nil, jsapi.NewRemoteTypeError(errNotRPC))
			return
		}
		ev := inst.begin(func(err error) { done(nil, err) })
		inst.iso.realm.InvokeMethod(inst.obj, path, args, func(result *jsapi.RPCValue, err error) {
			inst.send(func() {
				if ev.end() {
					done(result, err)
				} else {
					result.Release() // the caller was told of a reset
				}
			}, func(err error) {
				result.Release()
				if ev.end() {
					done(nil, err)
				}
			})
		})
	})
}

// errNotRPC is workerd's refusal of a call to an object whose class does
// not extend DurableObject.
const errNotRPC = "The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module \"cloudflare:workers\"."

// deliver runs ev on the instance once its input gate lets it through;
// fail reports an instance that could not be constructed or was reset.
func (iso *Isolate) deliver(ns *actor.Namespace, id actor.ID, fail func(error), ev func(*instance)) {
	posted := iso.loop.Post(func() {
		inst, err := iso.instance(ns, id)
		if err != nil {
			fail(err)
			return
		}
		inst.gate.Deliver(func() {
			if inst.resetErr != nil {
				fail(inst.resetErr)
				return
			}
			iso.runAs(inst, func() { ev(inst) })
		})
	})
	if !posted {
		fail(errStopped)
	}
}

// instance returns the live instance for id, constructing it if needed.
func (iso *Isolate) instance(ns *actor.Namespace, id actor.ID) (*instance, error) {
	key := actorKey{ns, id.String()}
	if inst, ok := iso.actors[key]; ok {
		return inst, nil
	}
	class, ok := iso.exports.Get(ns.ClassName).(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("the Worker does not export a class named %q", ns.ClassName)
	}
	inst := &instance{
		iso: iso, ns: ns, id: ns.FirstID(id),
		gate:   actor.NewInputGate(func(fn func()) { iso.loop.Post(fn) }),
		events: make(map[*event]struct{}),
	}
	iso.actors[key] = inst
	if err := inst.recordName(); err != nil {
		delete(iso.actors, key)
		ns.ForgetID(id)
		return nil, err
	}
	inst.ctx = iso.realm.NewDurableObjectState(inst)
	var obj *goja.Object
	var err error
	iso.runAs(inst, func() { obj, err = iso.rt.New(class, inst.ctx, iso.env) })
	if err != nil {
		// A constructor that throws breaks the object: the next event
		// constructs it again, with that event's id.
		delete(iso.actors, key)
		ns.ForgetID(id)
		inst.closeStorage()
		return nil, iso.scriptError(err)
	}
	inst.obj = obj
	return inst, nil
}

// recordName writes the name of a named SQLite-backed object into its
// file, as wrangler dev does at every construction, so that tools reading
// the state folder (and wrangler itself) can tell which name it has.
func (inst *instance) recordName() error {
	name, named := inst.id.Name()
	if !named || !inst.ns.SQLite {
		return nil
	}
	if _, err := inst.Storage(); err != nil {
		return err
	}
	// Committed at once: wrangler writes it in the constructor's own turn,
	// so the first event finds no transaction open (where PRAGMA
	// foreign_keys, for one, would be a no-op).
	if err := inst.db.SetObjectName(name); err != nil {
		return err
	}
	return inst.db.Commit()
}

// send releases an output of the instance after the end-of-task commit
// (the output gate, see actor.OutputGate). It waits even when nothing is
// dirty yet: an output often settles in a microtask, and a later microtask
// of the same task may still write, as workerd's output gate covers every
// write made before the task yields.
func (inst *instance) send(release func(), discard func(error)) {
	inst.out.Send(actor.Output{Release: release, Discard: discard})
	inst.iso.dirty[inst] = struct{}{}
}

// reset discards the instance: the next event constructs a new one from
// storage. Events waiting on this one fail with err.
func (inst *instance) reset(err error) {
	if inst.resetErr != nil {
		return
	}
	inst.resetErr = err
	if inst.current() {
		delete(inst.iso.actors, actorKey{inst.ns, inst.id.String()})
		inst.ns.ForgetID(inst.id)
	}
	inst.stopIdle()
	if inst.db != nil {
		_ = inst.db.Rollback()
	}
	inst.closeStorage()
	inst.failEvents(err)
	for _, ev := range inst.gate.TakeWaiting() {
		ev()
	}
}

func (inst *instance) commit() error {
	if inst.db == nil {
		return nil
	}
	return inst.commitStorage()
}

func (inst *instance) closeStorage() {
	if inst.db == nil {
		return
	}
	if err := inst.db.Close(); err != nil {
		inst.iso.log(jsapi.LevelError, fmt.Sprintf("closing the storage of Durable Object %s: %v", inst.id, err))
	}
	inst.db = nil
}

// The jsapi.ObjectState side.

func (inst *instance) ID() jsapi.ObjectID { return inst.id }

func (inst *instance) SQLEnabled() bool { return inst.ns.SQLite }

func (inst *instance) Storage() (jsapi.ObjectStorage, error) {
	if inst.resetErr != nil {
		return nil, inst.resetErr
	}
	if inst.db == nil {
		if err := os.MkdirAll(inst.ns.Dir, 0o755); err != nil {
			return nil, err
		}
		db, err := storage.Open(inst.ns.StoragePath(inst.id))
		if err != nil {
			return nil, fmt.Errorf("opening the storage of Durable Object %s: %w", inst.id, err)
		}
		db.OnWrite(func() {
			inst.out.Write(inst.unconfirmed)
			inst.iso.dirty[inst] = struct{}{}
		})
		inst.db = db
	}
	return objectStorage{inst}, nil
}

func (inst *instance) BlockConcurrency() func(error) {
	inst.gate.Close()
	released := false
	return func(err error) {
		if released {
			return
		}
		released = true
		inst.gate.Open()
		if err != nil {
			var se *jsapi.ScriptError
			msg := err.Error()
			if errors.As(err, &se) {
				msg = se.Text
			}
			inst.iso.log(jsapi.LevelError, "Uncaught "+msg)
			inst.reset(err)
		}
	}
}
