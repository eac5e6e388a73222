package jsapi

// The built-in modules a bundle imports. The bundler turns
// `import … from "cloudflare:workers"` into a call of the function stored at
// globalThis[Symbol.for("kindling.require")], which returns these objects.

import (
	"encoding/base64"

	"github.com/dop251/goja"
)

// BuiltinModules lists the module names the bundler may leave to the realm.
var BuiltinModules = []string{"cloudflare:workers", "kindling:bytes"}

func installModules(r *Realm) {
	classes := r.runPrelude("cloudflare_workers.js").(*goja.Object)
	workers := r.rt.NewObject()
	for _, name := range []string{"DurableObject", "WorkerEntrypoint", "WorkflowEntrypoint", "RpcTarget"} {
		must(workers.Set(name, classes.Get(name)))
	}
	must(workers.Set("env", r.rt.NewObject()))
	must(workers.Set("waitUntil", r.function("waitUntil", 1, func(call goja.FunctionCall) goja.Value {
		return goja.Undefined()
	})))
	r.modules["cloudflare:workers"] = workers
	r.durableObjectClass = classes.Get("DurableObject").(*goja.Object)
	r.workerEntrypointClass = classes.Get("WorkerEntrypoint").(*goja.Object)

	// kindling:bytes decodes a Data module (wrangler's rule for .bin files)
	// into the ArrayBuffer its default export is.
	r.modules["kindling:bytes"] = r.function("bytes", 1, func(call goja.FunctionCall) goja.Value {
		data, err := base64.StdEncoding.DecodeString(call.Argument(0).String())
		must(err)
		return r.rt.ToValue(r.rt.NewArrayBuffer(data))
	})

	require := r.function("require", 1, func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		m, ok := r.modules[name]
		if !ok {
			panic(r.newTypeError("No such module \"" + name + "\"."))
		}
		return m
	})
	key, err := r.rt.RunString(`Symbol.for("kindling.require")`)
	must(err)
	must(r.rt.GlobalObject().DefineDataPropertySymbol(key.(*goja.Symbol), require, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE))
}

// SetEnv makes env the value of `env` exported by cloudflare:workers.
func (r *Realm) SetEnv(env *goja.Object) {
	must(r.modules["cloudflare:workers"].(*goja.Object).Set("env", env))
}

// IsDurableObject reports whether v is an instance of the DurableObject base
// class of cloudflare:workers.
func (r *Realm) IsDurableObject(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && r.rt.InstanceOf(o, r.durableObjectClass)
}

// IsWorkerEntrypointClass reports whether v is a class extending
// WorkerEntrypoint (a class-based default export).
func (r *Realm) IsWorkerEntrypointClass(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	proto, ok := o.Get("prototype").(*goja.Object)
	if !ok {
		return false
	}
	wproto := r.workerEntrypointClass.Get("prototype").(*goja.Object)
	for p := proto; p != nil; p = p.Prototype() {
		if p == wproto {
			return true
		}
	}
	return false
}
