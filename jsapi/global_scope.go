package jsapi

// The global object as workerd shapes it
// (https://html.spec.whatwg.org/multipage/workers.html#the-workerglobalscope-common-interface):
// an instance of ServiceWorkerGlobalScope, a WorkerGlobalScope, an
// EventTarget, so `self === globalThis`, addEventListener and friends are
// inherited (and work when called bare, with no `this`), and
// Object.prototype.toString names it "[object ServiceWorkerGlobalScope]".
//
// Also here, the rest of workerd's global surface that is one-liners:
// reportError and the event classes only the runtime would create
// (TailEvent, TraceEvent). goja's own GoError constructor is not a Workers
// global and is removed. RefuseCodeGeneration makes eval and the Function
// constructors throw workerd's EvalError; the runtime calls it for every
// isolate, while tests that run code through eval leave it allowed.

import (
	"github.com/dop251/goja"
)

const errCodeGeneration = "Code generation from strings disallowed for this context"

func installGlobalScope(r *Realm) {
	global := r.rt.GlobalObject()
	workerScope := r.newClass("WorkerGlobalScope", 0, nil).extends(r.classNamed("EventTarget"))
	scope := r.newClass("ServiceWorkerGlobalScope", 0, nil).extends(workerScope)
	workerScope.global()
	scope.global()
	// The EventTarget methods, taking the global object for `this` when a
	// bare call (strict module code) passes undefined.
	target := r.protos["EventTarget"]
	for _, name := range []string{"addEventListener", "removeEventListener", "dispatchEvent"} {
		method, _ := goja.AssertFunction(target.Get(name))
		length := int(target.Get(name).(*goja.Object).Get("length").ToInteger())
		workerScope.method(name, length, func(call goja.FunctionCall) goja.Value {
			this := call.This
			if goja.IsUndefined(this) || goja.IsNull(this) {
				this = global
			}
			v, err := method(this, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		})
	}
	must(global.SetPrototype(scope.proto))
	// goja gives the global object its own tag, "global"; the class's
	// inherited one is workerd's.
	must(global.DeleteSymbol(goja.SymToStringTag))
	setSlot(r.rt, global, &eventTarget{})
	must(global.DefineDataProperty("self", global, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))

	r.setGlobalFunction("reportError", 1, func(call goja.FunctionCall) goja.Value {
		r.reportErrorValue(call.Argument(0))
		return goja.Undefined()
	})

	extendable := r.classNamed("ExtendableEvent")
	r.newClass("TailEvent", 0, nil).extends(extendable).global()
	r.newClass("TraceEvent", 0, nil).extends(extendable).global()

	must(global.Delete("GoError"))
}

// reportErrorValue is reportError(): an "error" ErrorEvent at the global
// object, then, unless a listener cancelled it, the error printed as
// uncaught.
func (r *Realm) reportErrorValue(v goja.Value) {
	message := ""
	if o, ok := v.(*goja.Object); ok {
		if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
			message = m.String()
		}
	}
	if r.dispatch(r.rt.GlobalObject(), r.newErrorEvent(v, message)) {
		r.host.Log(LevelError, "Uncaught "+FormatError(v))
	}
}

// RefuseCodeGeneration replaces eval and the constructors of functions
// made from source text (Function, AsyncFunction, GeneratorFunction;
// goja has no async generators) with ones that throw workerd's EvalError. The
// replacements keep each constructor's prototype, so instanceof Function
// still holds.
func (r *Realm) RefuseCodeGeneration() {
	evalError := r.rt.Get("EvalError").(*goja.Object)
	// A constructor form, so that `new Function(…)` throws the EvalError
	// rather than "not a constructor".
	refuse := func(name string, length int) *goja.Object {
		f := r.rt.ToValue(func(goja.ConstructorCall) *goja.Object {
			panic(r.construct(evalError, errCodeGeneration))
		}).(*goja.Object)
		must(f.DefineDataProperty("name", r.rt.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
		must(f.DefineDataProperty("length", r.rt.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
		return f
	}
	global := r.rt.GlobalObject()
	must(global.DefineDataProperty("eval", refuse("eval", 1), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	for _, src := range []string{"(function(){})", "(async function(){})", "(function*(){})"} {
		fn, err := r.rt.RunString(src)
		must(err)
		proto := fn.(*goja.Object).Prototype()
		ctor := proto.Get("constructor").(*goja.Object)
		replacement := refuse(ctor.Get("name").String(), 1)
		must(replacement.DefineDataProperty("prototype", proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE))
		must(replacement.SetPrototype(ctor.Prototype()))
		must(proto.DefineDataProperty("constructor", replacement, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE))
		if src == "(function(){})" {
			must(global.DefineDataProperty("Function", replacement, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
		}
	}
}
