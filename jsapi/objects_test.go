package jsapi

// A small Durable Object host for the jsapi tests: it implements
// ObjectNamespace, ObjectState and ObjectStorage the way runtime/isolate
// does, with real collaborators — workerd's id derivation
// (runtime/actor), the input gate (runtime/actor) and one SQLite file per
// object (runtime/storage) — so that the DO APIs are tested against real
// ids, gates and storage while jsapi itself imports none of runtime/*.
// Objects live in the test realm itself; events reach them as new loop
// tasks, and each task's writes are committed when it ends.

import (
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/runtime/actor"
	"github.com/kindling-dev/kindling/runtime/storage"
)

// objectHost hosts the objects of every namespace of a test realm.
type objectHost struct {
	tr    *testRealm
	dir   string
	env   *goja.Object
	class func(name string) goja.Value // the exported class of that name
	dirty map[*testObject]struct{}
	all   []*testNamespace
}

// newObjectHost prepares a host whose objects are stored under a temporary
// folder; class looks a class up by name when an object is constructed.
// Every open file is closed when the test ends.
func newObjectHost(t *testing.T, tr *testRealm, class func(name string) goja.Value) *objectHost {
	h := &objectHost{tr: tr, dir: t.TempDir(), class: class, dirty: make(map[*testObject]struct{})}
	tr.do(func() {
		h.env = tr.realm.rt.NewObject()
		tr.realm.SetEnv(h.env)
		tr.loop.AfterTask(h.endOfTask)
	})
	t.Cleanup(func() {
		tr.do(func() {
			for _, ns := range h.all {
				for _, o := range ns.objects {
					o.close()
				}
			}
		})
	})
	return h
}

// endOfTask runs the task's microtasks, then commits its writes, as the
// isolate does after every task.
func (h *objectHost) endOfTask() {
	h.tr.realm.RunMicrotasks()
	for o := range h.dirty {
		delete(h.dirty, o)
		if err := o.db.Commit(); err != nil {
			o.reset(err)
		}
	}
}

// bind adds env[binding], a namespace of className named as a class of
// the Worker called worker (ids depend on both, as in workerd).
func (h *objectHost) bind(t *testing.T, binding, worker, className string, sqlite bool) *testNamespace {
	n := &testNamespace{host: h, ns: actor.NewNamespace(worker, className, sqlite, h.dir), objects: make(map[string]*testObject)}
	h.all = append(h.all, n)
	h.tr.do(func() { require.NoError(t, h.env.Set(binding, h.tr.realm.NewNamespace(n))) })
	return n
}

// testNamespace implements ObjectNamespace.
type testNamespace struct {
	host    *objectHost
	ns      *actor.Namespace
	objects map[string]*testObject
}

func (n *testNamespace) IDFromName(name string) ObjectID { return n.ns.IDFromName(name) }

func (n *testNamespace) NewUniqueID(jurisdiction string) (ObjectID, error) {
	return n.ns.NewUniqueID(jurisdiction)
}

func (n *testNamespace) IDFromString(s string) (ObjectID, error) { return n.ns.IDFromString(s) }

func (n *testNamespace) Fetch(id ObjectID, req *HTTPRequest, done func(*HTTPResponse, error)) {
	n.deliver(id, func(err error) { done(nil, err) }, func(o *testObject) {
		n.host.tr.realm.InvokeFetch(o.js, req, nil, done)
	})
}

func (n *testNamespace) Call(id ObjectID, path []string, args *RPCValue, done func(*RPCValue, error)) {
	n.deliver(id, func(err error) { args.Release(); done(nil, err) }, func(o *testObject) {
		n.host.tr.realm.InvokeMethod(o.js, path, args, done)
	})
}

// deliver runs ev on the object as a new task, through its input gate.
func (n *testNamespace) deliver(id ObjectID, fail func(error), ev func(*testObject)) {
	n.host.tr.loop.Post(func() {
		o, err := n.object(id.(actor.ID))
		if err != nil {
			fail(err)
			return
		}
		o.gate.Deliver(func() {
			if o.resetErr != nil {
				fail(o.resetErr)
				return
			}
			ev(o)
		})
	})
}

func (n *testNamespace) object(id actor.ID) (*testObject, error) {
	if o, ok := n.objects[id.String()]; ok {
		return o, nil
	}
	r := n.host.tr.realm
	o := &testObject{ns: n, id: id, gate: actor.NewInputGate(func(fn func()) { n.host.tr.loop.Post(fn) })}
	n.objects[id.String()] = o
	o.ctx = r.NewDurableObjectState(o)
	js, err := r.rt.New(n.host.class(n.ns.ClassName), o.ctx, n.host.env)
	if err != nil {
		delete(n.objects, id.String())
		o.close()
		return nil, r.NewScriptError(r.ExceptionValue(err))
	}
	o.js = js
	return o, nil
}

// testObject implements ObjectState.
type testObject struct {
	ns       *testNamespace
	id       actor.ID
	gate     *actor.InputGate
	js       *goja.Object
	ctx      *goja.Object // its DurableObjectState
	db       *storage.DB
	resetErr error
	// sockets are its hibernatable WebSockets (hibernation_test.go).
	sockets *actor.WebSockets
}

func (o *testObject) ID() ObjectID { return o.id }

func (o *testObject) SQLEnabled() bool { return o.ns.ns.SQLite }

func (o *testObject) Storage() (ObjectStorage, error) {
	if o.resetErr != nil {
		return nil, o.resetErr
	}
	if o.db == nil {
		db, err := storage.Open(o.ns.ns.StoragePath(o.id))
		if err != nil {
			return nil, err
		}
		// Every write (KV, SQL, a transaction's end) marks the object dirty.
		db.OnWrite(func() { o.ns.host.dirty[o] = struct{}{} })
		o.db = db
	}
	return testStorage{o}, nil
}

func (o *testObject) BlockConcurrency() func(error) {
	o.gate.Close()
	released := false
	return func(err error) {
		if released {
			return
		}
		released = true
		o.gate.Open()
		if err != nil {
			o.reset(err)
		}
	}
}

// reset drops the object: the next event constructs a new one, the
// events waiting for this one fail.
func (o *testObject) reset(err error) {
	if o.resetErr != nil {
		return
	}
	o.resetErr = err
	delete(o.ns.objects, o.id.String())
	if o.db != nil {
		_ = o.db.Rollback()
	}
	o.close()
	for _, ev := range o.gate.TakeWaiting() {
		ev()
	}
}

func (o *testObject) close() {
	if o.db != nil {
		_ = o.db.Close()
		o.db = nil
	}
}

// testStorage adapts the object's storage.DB to ObjectStorage, SQLStorage
// and TransactionalStorage, as runtime/isolate does.
type testStorage struct{ o *testObject }

func (s testStorage) Get(key string) ([]byte, bool, error) { return s.o.db.Get(key) }

func (s testStorage) GetMany(keys []string) ([]StorageEntry, error) {
	entries, err := s.o.db.GetMany(keys)
	return fromStorage(entries), err
}

func (s testStorage) Put(key string, value []byte) error { return s.o.db.Put(key, value) }

func (s testStorage) PutMany(entries []StorageEntry) error {
	out := make([]storage.Entry, len(entries))
	for i, e := range entries {
		out[i] = storage.Entry{Key: e.Key, Value: e.Value}
	}
	return s.o.db.PutMany(out)
}

func (s testStorage) Delete(key string) (bool, error) { return s.o.db.Delete(key) }

func (s testStorage) DeleteMany(keys []string) (int, error) { return s.o.db.DeleteMany(keys) }

func (s testStorage) List(opts StorageListOptions) ([]StorageEntry, error) {
	entries, err := s.o.db.List(storage.ListOptions{
		Start: opts.Start, StartAfter: opts.StartAfter, End: opts.End, Prefix: opts.Prefix,
		HasStartAfter: opts.HasStartAfter, HasEnd: opts.HasEnd, Reverse: opts.Reverse, Limit: opts.Limit,
	})
	return fromStorage(entries), err
}

func (s testStorage) DeleteAll() error { return s.o.db.DeleteAll() }

func (s testStorage) Exec(query string, bindings []any) (SQLCursor, error) {
	cur, err := s.o.db.Exec(query, bindings...)
	if err != nil {
		return nil, err
	}
	return cur, nil
}

func (s testStorage) DatabaseSize() (int64, error) { return s.o.db.Size() }

func (s testStorage) BeginTransaction() error    { return s.o.db.BeginTransaction() }
func (s testStorage) CommitTransaction() error   { return s.o.db.CommitTransaction() }
func (s testStorage) RollbackTransaction() error { return s.o.db.RollbackTransaction() }
func (s testStorage) TransactionDepth() int      { return s.o.db.TransactionDepth() }
func (s testStorage) BeginSync() error           { return s.o.db.BeginSync() }
func (s testStorage) CommitSync() error          { return s.o.db.CommitSync() }
func (s testStorage) RollbackSync() error        { return s.o.db.RollbackSync() }

func fromStorage(entries []storage.Entry) []StorageEntry {
	out := make([]StorageEntry, len(entries))
	for i, e := range entries {
		out[i] = StorageEntry{Key: e.Key, Value: e.Value}
	}
	return out
}

// objectRealm is a test realm whose env has the namespaces THINGS
// (SQLite-backed) and KV_THINGS (key-value-backed) of the classes a
// script defines in globalThis.classes, addressed by class name.
func objectRealm(t *testing.T, classes string) (*testRealm, *objectHost) {
	tr := newTestRealm(t)
	tr.do(func() {
		_, err := tr.realm.rt.RunScript("classes.js", `const { DurableObject } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
globalThis.classes = `+classes+`;`)
		require.NoError(t, err)
	})
	host := newObjectHost(t, tr, func(name string) goja.Value {
		return tr.realm.rt.Get("classes").ToObject(tr.realm.rt).Get(name)
	})
	host.bind(t, "THINGS", "test", "Thing", true)
	host.bind(t, "KV_THINGS", "test", "Thing", false)
	tr.do(func() { require.NoError(t, tr.realm.rt.Set("env", host.env)) })
	return tr, host
}
