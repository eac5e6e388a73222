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
	activity
	// resetErr is set when the instance has been discarded (its
	// blockConcurrencyWhile callback or a commit failed); events still
	// queued on it fail with this error.
	resetErr error
}

// ActorFetch delivers an HTTP request to the fetch handler of the object
// id of namespace ns, constructing it first if needed.
func (iso *Isolate) ActorFetch(ns *actor.Namespace, id actor.ID, req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	iso.deliver(ns, id, func(err error) { done(nil, err) }, func(inst *instance) {
		inst.eventStarted()
		inst.iso.realm.InvokeFetch(inst.obj, req, nil, func(res *jsapi.HTTPResponse, err error) {
			inst.eventFinished()
			inst.send(func() { done(res, err) }, func(err error) { done(nil, err) })
		})
	})
}

// ActorCall invokes an RPC method on the object.
func (iso *Isolate) ActorCall(ns *actor.Namespace, id actor.ID, method string, args []byte, done func([]byte, error)) {
	iso.deliver(ns, id, func(err error) { done(nil, err) }, func(inst *instance) {
		if !inst.iso.realm.IsDurableObject(inst.obj) {
			done(nil, errNotRPC(ns.ClassName))
			return
		}
		inst.eventStarted()
		inst.iso.realm.InvokeMethod(inst.obj, method, args, func(result []byte, err error) {
			inst.eventFinished()
			inst.send(func() { done(result, err) }, func(err error) { done(nil, err) })
		})
	})
}

func errNotRPC(class string) error {
	return fmt.Errorf("The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class %q extends the special class `DurableObject`, which can be imported from the module \"cloudflare:workers\".", class)
}

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
	inst := &instance{iso: iso, ns: ns, id: id, gate: actor.NewInputGate(func(fn func()) { iso.loop.Post(fn) })}
	iso.actors[key] = inst
	if err := inst.recordName(); err != nil {
		delete(iso.actors, key)
		return nil, err
	}
	inst.ctx = iso.realm.NewDurableObjectState(inst)
	var obj *goja.Object
	var err error
	iso.runAs(inst, func() { obj, err = iso.rt.New(class, inst.ctx, iso.env) })
	if err != nil {
		delete(iso.actors, key)
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
	inst.iso.dirty[inst] = struct{}{}
	return inst.db.SetObjectName(name)
}

// send releases an output of the instance after the end-of-task commit
// (the output gate). It waits even when nothing is dirty yet: an output
// often settles in a microtask, and a later microtask of the same task may
// still write, as workerd's output gate covers every write made before the
// task yields.
func (inst *instance) send(release func(), discard func(error)) {
	inst.iso.outbox = append(inst.iso.outbox, output{from: inst, release: release, discard: discard})
}

// reset discards the instance: the next event constructs a new one from
// storage. Events waiting on this one fail with err.
func (inst *instance) reset(err error) {
	if inst.resetErr != nil {
		return
	}
	inst.resetErr = err
	delete(inst.iso.actors, actorKey{inst.ns, inst.id.String()})
	if inst.db != nil {
		_ = inst.db.Rollback()
	}
	inst.closeStorage()
	for _, ev := range inst.gate.TakeWaiting() {
		ev()
	}
}

func (inst *instance) commit() error {
	if inst.db == nil {
		return nil
	}
	return inst.db.Commit()
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
