package jsapi

// ECMAScript built-ins goja lacks that need the host: ArrayBuffer's
// transfer, transferToFixedLength and detached (ES2024), WeakRef and
// FinalizationRegistry (ES2021). The pure-JS ones are js/es_builtins.js.
//
// WeakRef and FinalizationRegistry are real weak references on Go's
// garbage collector: a goja object is a Go pointer, and a JS value that
// holds it is a strong reference, so weak.Pointer and runtime.AddCleanup
// see exactly when JS can no longer reach it. As the spec asks, a target
// read through deref() stays alive until the current task ends. Cleanup
// callbacks run as tasks of the loop, some time after a collection; like
// V8's, they may never run.

import (
	"runtime"
	"weak"

	"github.com/dop251/goja"
)

func installESBuiltins(r *Realm) {
	r.runPrelude("es_builtins.js")
	installArrayBufferTransfer(r)
	installWeakRef(r)
	installFinalizationRegistry(r)
}

func installArrayBufferTransfer(r *Realm) {
	proto := r.rt.Get("ArrayBuffer").(*goja.Object).Get("prototype").(*goja.Object)
	this := func(v goja.Value, method string) goja.ArrayBuffer {
		o, ok := v.(*goja.Object)
		if !ok || o.ExportType() != typeOfArrayBuffer {
			panic(r.newTypeError("Method ArrayBuffer.prototype." + method + " called on incompatible receiver " + v.String()))
		}
		return o.Export().(goja.ArrayBuffer)
	}
	// https://tc39.es/ecma262/#sec-arraybuffercopyanddetach
	transfer := func(method string) func(call goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			ab := this(call.This, method)
			if ab.Detached() {
				panic(r.newTypeError("Cannot perform ArrayBuffer.prototype." + method + " on a detached ArrayBuffer"))
			}
			data := ab.Bytes()
			n := len(data)
			if v := call.Argument(0); !goja.IsUndefined(v) {
				f := v.ToFloat()
				if f != f || f < 0 || f > 1<<53-1 {
					panic(r.newRangeError("Invalid array buffer length"))
				}
				n = int(f)
			}
			out := make([]byte, n)
			copy(out, data)
			ab.Detach()
			return r.rt.ToValue(r.rt.NewArrayBuffer(out))
		}
	}
	method := func(name string, fn func(call goja.FunctionCall) goja.Value) {
		must(proto.DefineDataProperty(name, r.function(name, 0, fn), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
	method("transfer", transfer("transfer"))
	method("transferToFixedLength", transfer("transferToFixedLength"))
	getter := func(name string, fn func(ab goja.ArrayBuffer) goja.Value) {
		g := r.function("get "+name, 0, func(call goja.FunctionCall) goja.Value { return fn(this(call.This, name)) })
		must(proto.DefineAccessorProperty(name, g, nil, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
	getter("detached", func(ab goja.ArrayBuffer) goja.Value { return r.rt.ToValue(ab.Detached()) })
	// goja's buffers do not resize: each is fixed at its length.
	getter("resizable", func(goja.ArrayBuffer) goja.Value { return r.rt.ToValue(false) })
	getter("maxByteLength", func(ab goja.ArrayBuffer) goja.Value { return r.rt.ToValue(len(ab.Bytes())) })
}

// keepDuringJob is the spec's AddToKeptObjects: targets read through a
// WeakRef stay reachable until the current task's end.
func (r *Realm) keepDuringJob(o *goja.Object) {
	if len(r.keptObjects) == 0 {
		r.loop.SetTimer(0, false, func() { r.keptObjects = nil })
	}
	r.keptObjects = append(r.keptObjects, o)
}

func canBeHeldWeakly(v goja.Value) (*goja.Object, bool) {
	o, ok := v.(*goja.Object)
	return o, ok
}

type weakRef struct{ target weak.Pointer[goja.Object] }

func installWeakRef(r *Realm) {
	c := r.newClass("WeakRef", 1, func(call goja.ConstructorCall) any {
		o, ok := canBeHeldWeakly(call.Argument(0))
		if !ok {
			panic(r.newTypeError("WeakRef: target must be an object"))
		}
		r.keepDuringJob(o)
		return &weakRef{target: weak.Make(o)}
	})
	c.method("deref", 0, func(call goja.FunctionCall) goja.Value {
		o := unwrap[*weakRef](r, call.This).target.Value()
		if o == nil {
			return goja.Undefined()
		}
		r.keepDuringJob(o)
		return o
	})
	c.global()
}

// registration is one register() call. The unregister token is held
// weakly, as the spec says: it is often the target itself.
type registration struct {
	held    goja.Value
	token   weak.Pointer[goja.Object]
	cleanup runtime.Cleanup
}

type finalizationRegistry struct {
	callback      goja.Callable
	registrations map[int]*registration
	next          int
}

func installFinalizationRegistry(r *Realm) {
	c := r.newClass("FinalizationRegistry", 1, func(call goja.ConstructorCall) any {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("FinalizationRegistry: cleanup must be callable"))
		}
		return &finalizationRegistry{callback: fn, registrations: map[int]*registration{}}
	})
	get := func(this goja.Value) *finalizationRegistry { return unwrap[*finalizationRegistry](r, this) }
	c.method("register", 2, func(call goja.FunctionCall) goja.Value {
		reg := get(call.This)
		target, ok := canBeHeldWeakly(call.Argument(0))
		if !ok {
			panic(r.newTypeError("FinalizationRegistry.prototype.register: invalid target"))
		}
		held := call.Argument(1)
		if held == goja.Value(target) {
			panic(r.newTypeError("FinalizationRegistry.prototype.register: target and holdings must not be same"))
		}
		var token weak.Pointer[goja.Object]
		if v := call.Argument(2); !goja.IsUndefined(v) {
			o, ok := canBeHeldWeakly(v)
			if !ok {
				panic(r.newTypeError("FinalizationRegistry.prototype.register: invalid unregister token"))
			}
			token = weak.Make(o)
		}
		reg.next++
		id := reg.next
		entry := &registration{held: held, token: token}
		reg.registrations[id] = entry
		// The cleanup runs on a goroutine of Go's runtime: it only posts
		// the callback to the loop, where JS may run.
		post := r.loop.Post
		entry.cleanup = runtime.AddCleanup(target, func(id int) {
			post(func() {
				e, ok := reg.registrations[id]
				if !ok {
					return
				}
				delete(reg.registrations, id)
				if _, err := reg.callback(goja.Undefined(), e.held); err != nil {
					r.ReportError(err)
				}
			})
		}, id)
		return goja.Undefined()
	})
	c.method("unregister", 1, func(call goja.FunctionCall) goja.Value {
		reg := get(call.This)
		token, ok := canBeHeldWeakly(call.Argument(0))
		if !ok {
			panic(r.newTypeError("FinalizationRegistry.prototype.unregister: invalid unregister token"))
		}
		removed := false
		for id, e := range reg.registrations {
			if e.token == weak.Make(token) {
				e.cleanup.Stop()
				delete(reg.registrations, id)
				removed = true
			}
		}
		return r.rt.ToValue(removed)
	})
	c.global()
}
