package jsapi

// Objects passed by reference over RPC: functions, RpcTarget instances
// (and Proxies standing for either, or for a plain object), exported by the
// isolate that owns them. The other side holds stubs; each stub owns one
// Capability, and the object is dropped — its Symbol.dispose method called,
// as workerd calls an RpcTarget's disposer — once every capability has been
// released: by dispose(), by the end of the call its stub was a parameter
// of, or when the stub object is garbage-collected.
//
// Calls on an exported object run on its isolate's loop directly. workerd
// would run them inside the context of the Durable Object that exported it
// (through its input gate); here they are not held back by a
// blockConcurrencyWhile in progress.

import (
	"errors"
	"sync/atomic"

	"github.com/dop251/goja"
)

// exported is one object of this realm that stubs elsewhere refer to.
type exported struct {
	r     *Realm
	value *goja.Object // touched on r's loop only
	// allowInstanceProperties is true for plain objects and functions, whose
	// own properties are callable, false for RpcTargets, whose prototype
	// methods are.
	allowInstanceProperties bool
	refs                    atomic.Int64
}

// OutputGate is implemented by a Host whose isolate commits Durable Object
// storage at the end of each task (runtime/isolate): release runs once the
// writes made so far are committed, discard instead if that failed.
type OutputGate interface {
	AfterCommit(release func(), discard func(error))
}

// afterCommit holds an output back until the current writes are durable.
func (r *Realm) afterCommit(release func(), discard func(error)) {
	if g, ok := r.host.(OutputGate); ok {
		g.AfterCommit(release, discard)
		return
	}
	release()
}

// Capability is one reference to an exported object. Its methods may be
// called from any goroutine.
type Capability struct {
	exp      *exported
	released atomic.Bool
}

// errDisposed is workerd's error for a call on a disposed stub.
var errDisposed = errors.New("RPC stub used after being disposed.")

// export makes o callable from other isolates and returns the first
// reference to it.
func (r *Realm) export(o *goja.Object, allowInstanceProperties bool) *Capability {
	e := &exported{r: r, value: o, allowInstanceProperties: allowInstanceProperties}
	e.refs.Store(1)
	return &Capability{exp: e}
}

// Call delivers a call (args non-nil) or a property read to the object, on
// its loop; done receives the result or the error.
func (c *Capability) Call(path []string, args *RPCValue, done func(*RPCValue, error)) {
	if c.released.Load() {
		args.Release()
		done(nil, errDisposed)
		return
	}
	e := c.exp
	posted := e.r.loop.Post(func() {
		recv := rpcReceiver{obj: e.value, allowInstanceProperties: e.allowInstanceProperties}
		e.r.invoke(recv, path, args, func(result *RPCValue, err error) {
			// The object may belong to a Durable Object that wrote to its
			// storage: its answer waits for the commit.
			e.r.afterCommit(func() { done(result, err) }, func(cerr error) {
				result.Release()
				done(nil, cerr)
			})
		})
	})
	if !posted {
		args.Release()
		done(nil, errors.New("The RPC target's isolate has shut down."))
	}
}

// Dup returns a new reference to the same object.
func (c *Capability) Dup() *Capability {
	c.exp.refs.Add(1)
	return &Capability{exp: c.exp}
}

// Release drops this reference; releasing twice is harmless.
func (c *Capability) Release() {
	if !c.released.CompareAndSwap(false, true) {
		return
	}
	if c.exp.refs.Add(-1) > 0 {
		return
	}
	e := c.exp
	e.r.loop.Post(func() {
		dispose, ok := goja.AssertFunction(e.value.GetSymbol(e.r.rpc.symDispose))
		if !ok {
			return
		}
		if _, err := dispose(e.value); err != nil {
			e.r.ReportError(err)
		}
	})
}

// isRpcTarget reports whether o's prototype chain holds RpcTarget's
// prototype. workerd walks the chain rather than using instanceof, so that
// a Proxy can present itself as an RpcTarget.
func (r *Realm) isRpcTarget(o *goja.Object) bool {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if p == r.rpc.rpcTargetProto {
			return true
		}
	}
	return false
}

// stubbable is workerd's checkStubType: whether o may be wrapped in a stub,
// and whether the stub exposes its own properties (plain objects and
// functions) or only its prototype's (RpcTargets).
func (r *Realm) stubbable(o *goja.Object) (allowInstanceProperties, ok bool) {
	if o.Prototype() == r.rpc.objectProto {
		return true, true
	}
	if r.isRpcTarget(o) {
		return false, true
	}
	if _, ok := goja.AssertFunction(o); ok {
		return true, true
	}
	return false, false
}
