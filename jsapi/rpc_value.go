package jsapi

// Values crossing between isolates in an RPC call: arguments and results.
// They are structured-cloned in V8's format (jsapi/v8serial) with the rules
// workerd's RPC serializer adds (api/worker-rpc.c++, jsg/ser.c++):
//
//   - functions and RpcTarget instances are not copied but passed by
//     reference: the receiver gets a stub whose calls come back here;
//   - a stub received earlier travels as a new reference to its object;
//   - Request, Response and Headers are copied, bodies included;
//   - any other class instance (and a null-prototype object) is refused
//     with "Could not serialize object of type …";
//   - a value may not exceed 32 MiB.
//
// What cannot be bytes (the references, the request bodies) travels beside
// the bytes in RPCValue.Externals, named in the data by index.

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

// RPCValue is a serialized argument list or result.
type RPCValue struct {
	Data []byte
	// Externals are what the data refers to by index: a *Capability for
	// each stub, an *HTTPRequest, *HTTPResponse or *headers.
	Externals []any
}

// Release drops what a value holds when it will not be delivered: its
// references and its bodies.
func (v *RPCValue) Release() {
	if v == nil {
		return
	}
	for _, e := range v.Externals {
		switch e := e.(type) {
		case *Capability:
			e.Release()
		case *HTTPRequest:
			if e.Body != nil {
				_ = e.Body.Close()
			}
		case *HTTPResponse:
			if e.Body != nil {
				_ = e.Body.Close()
			}
		}
	}
	v.Externals = nil
}

// maxRPCSize is workerd's MAX_JS_RPC_MESSAGE_SIZE.
const maxRPCSize = 32 << 20

// The host-object tags of the RPC wire, each followed by an index into
// Externals.
const (
	rpcTagStub uint32 = iota + 1
	rpcTagRequest
	rpcTagResponse
	rpcTagHeaders
)

// serializeRPC serializes v for RPC. A value that cannot be sent gives a
// thrown JS error (a DataCloneError DOMException, mostly). The stubs v
// contains are listed in *sent, if given: the value carries new references
// to their objects, and the caller may dispose the originals (workerd's
// ownership transfer).
func (r *Realm) serializeRPC(v goja.Value, sent *disposalGroup) (*RPCValue, error) {
	out := &RPCValue{}
	data, err := v8serial.Serialize(r.rt, v, &v8serial.Options{
		HostObject:          func(w *v8serial.HostWriter, o *goja.Object) (bool, error) { return r.writeRPCHost(out, sent, w, o) },
		NullPrototypeToHost: true,
	})
	if err != nil {
		out.Release()
		var dce *v8serial.DataCloneError
		if errors.As(err, &dce) {
			return nil, &thrownError{r.newDOMException(dce.Message, "DataCloneError")}
		}
		return nil, err
	}
	if len(data) > maxRPCSize {
		out.Release()
		return nil, &thrownError{r.NewError(fmt.Sprintf("Serialized RPC arguments or return values are limited to 32MiB, but the size of this value was: %d bytes.", len(data)))}
	}
	out.Data = data
	return out, nil
}

// writeRPCHost is the serializer's host-object hook: it sees functions,
// proxies and every object that is not plain.
func (r *Realm) writeRPCHost(out *RPCValue, sent *disposalGroup, w *v8serial.HostWriter, o *goja.Object) (bool, error) {
	external := func(tag uint32, e any) (bool, error) {
		w.WriteUint32(tag)
		w.WriteUint32(uint32(len(out.Externals)))
		out.Externals = append(out.Externals, e)
		return true, nil
	}
	if o.ExportType() == typeOfProxy {
		// A user's Proxy is asked nothing but its prototype chain, as
		// workerd does: it may stand for a plain object, a function or an
		// RpcTarget, which are passed by reference.
		allowInstanceProperties, ok := r.stubbable(o)
		if !ok {
			return false, &thrownError{r.newDOMException("Proxy could not be serialized because it is not a valid RPC receiver type. The Proxy must emulate either a plain object or an RpcTarget, as indicated by the Proxy's prototype chain.", "DataCloneError")}
		}
		return external(rpcTagStub, r.export(o, allowInstanceProperties))
	}
	if o.ExportType() == typeOfPromise {
		// A pending call's RpcPromise is refused as workerd refuses its
		// JsRpcPromise; other promises fail as V8 fails them.
		if _, ok := r.asRpcPromise(o); ok {
			return false, refuseClone("RpcPromise")
		}
		return false, nil
	}
	switch s := stateOf(o).(type) {
	case nil:
	case *rpcStub:
		c, err := s.capability()
		if err != nil {
			return false, &thrownError{r.NewError(err.Error())}
		}
		sent.add(s)
		return external(rpcTagStub, c.Dup())
	case *request:
		return external(rpcTagRequest, r.ToHTTPRequest(o, goja.Undefined()))
	case *response:
		return external(rpcTagResponse, r.ToHTTPResponse(o))
	case *headers:
		return external(rpcTagHeaders, s.clone())
	default:
		// DurableObject and service stubs, RpcProperty, and the API
		// objects that have no serialized form.
		return false, refuseClone(typeName(o))
	}
	if _, ok := goja.AssertFunction(o); ok {
		return external(rpcTagStub, r.export(o, true))
	}
	if r.isRpcTarget(o) {
		return external(rpcTagStub, r.export(o, false))
	}
	return false, refuseClone(constructorName(o))
}

// refuseClone is workerd's error for a class instance RPC cannot send.
func refuseClone(typeName string) error {
	return &v8serial.DataCloneError{Message: fmt.Sprintf("Could not serialize object of type %q. This type does not support serialization.", typeName)}
}

// typeName is the name of an API object's class, as its toStringTag says.
func typeName(o *goja.Object) string {
	if tag, ok := o.GetSymbol(goja.SymToStringTag).(goja.String); ok {
		return tag.String()
	}
	return constructorName(o)
}

// deserializeRPC rebuilds a value sent by another isolate. The stubs it
// creates join group (nil: they belong to nobody), which their owner
// disposes as a whole.
func (r *Realm) deserializeRPC(v *RPCValue, group *disposalGroup) (goja.Value, error) {
	if len(v.Externals) == 0 {
		return v8serial.Deserialize(r.rt, v.Data, nil)
	}
	claimed := make([]bool, len(v.Externals))
	result, err := v8serial.Deserialize(r.rt, v.Data, &v8serial.Options{
		ReadHostObject: func(hr *v8serial.HostReader) (*goja.Object, error) {
			tag, err := hr.ReadUint32()
			if err != nil {
				return nil, err
			}
			i, err := hr.ReadUint32()
			if err != nil {
				return nil, err
			}
			if int(i) >= len(v.Externals) || claimed[i] {
				return nil, fmt.Errorf("jsapi: RPC value refers to external %d of %d", i, len(v.Externals))
			}
			claimed[i] = true
			switch e := v.Externals[i].(type) {
			case *Capability:
				if tag == rpcTagStub {
					return r.newRpcStub(e, group), nil
				}
			case *HTTPRequest:
				if tag == rpcTagRequest {
					return r.NewRequest(e), nil
				}
			case *HTTPResponse:
				if tag == rpcTagResponse {
					return r.NewResponse(e), nil
				}
			case *headers:
				if tag == rpcTagHeaders {
					return r.newHeadersObject(e), nil
				}
			}
			return nil, fmt.Errorf("jsapi: RPC external %d is a %T, not tag %d", i, v.Externals[i], tag)
		},
	})
	// What the value did not claim (all of it, on failure) is released.
	for i, e := range v.Externals {
		if !claimed[i] {
			(&RPCValue{Externals: []any{e}}).Release()
		}
	}
	v.Externals = nil
	return result, err
}
