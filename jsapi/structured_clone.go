package jsapi

// structuredClone (https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone),
// a serialize/deserialize round trip through the V8 wire format of
// jsapi/v8serial, the codec storage and RPC use, so all three accept and
// refuse the same values with the same DataCloneError texts. The API
// objects it copies or refuses are in structured_clone_host.go.
//
// The transfer option takes ArrayBuffers, which come out of the clone with
// their contents and are detached in the original; as in workerd, listing
// one twice is accepted, and anything else is refused with "Object is not
// transferable".
//
// Missing: transferring MessagePorts (there are none yet).

import (
	"github.com/dop251/goja"
)

func installStructuredClone(r *Realm) {
	r.setGlobalFunction("structuredClone", 1, func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'structuredClone' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'JsValue'."))
		}
		var transfer []goja.ArrayBuffer
		if opts := r.dictionary(call.Argument(1), "Failed to execute 'structuredClone' on 'ServiceWorkerGlobalScope': parameter 2 is not of type 'StructuredCloneOptions'."); opts != nil {
			transfer = r.transferList(opts.Get("transfer"))
		}
		for _, ab := range transfer {
			if ab.Detached() {
				panic(r.newDOMException("An ArrayBuffer is detached and could not be transferred.", "DataCloneError"))
			}
		}
		data, err := r.structuredCloneBytes(call.Argument(0))
		if err != nil {
			panic(r.ExceptionValue(err))
		}
		clone, err := r.structuredCloneValue(data)
		if err != nil {
			panic(r.ExceptionValue(err))
		}
		// The clone already owns copies of the bytes; transferring is
		// detaching the originals.
		for _, ab := range transfer {
			ab.Detach()
		}
		return clone
	})
}

// transferList converts the transfer option: undefined, or an array of
// ArrayBuffers.
func (r *Realm) transferList(v goja.Value) []goja.ArrayBuffer {
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Array" {
		panic(r.newTypeError("Incorrect type for the 'transfer' field on 'StructuredCloneOptions': the provided value is not of type 'Array'."))
	}
	var out []goja.ArrayBuffer
	r.rt.ForOf(o, func(item goja.Value) bool {
		o, ok := item.(*goja.Object)
		// ExportType first: exporting a plain object would run its getters.
		if !ok || o.ExportType() != typeOfArrayBuffer {
			panic(r.newTypeError("Object is not transferable"))
		}
		out = append(out, o.Export().(goja.ArrayBuffer))
		return true
	})
	return out
}
