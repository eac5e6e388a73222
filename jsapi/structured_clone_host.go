package jsapi

// The API objects structuredClone and MessagePort.postMessage copy, and the
// ones they refuse, as workerd's serializer does when it has no RPC context
// (jsg/ser.c++ and each type's serialize()):
//
//   - Headers keep their entries and their guard;
//   - Request and Response travel as workerd writes them, a URL and an
//     initializer dictionary (method, headers, redirect, cf, cache; status,
//     statusText, headers, cf), and are rebuilt by their constructors, so
//     a Response loses its url and redirected, and a nested cf is a copy;
//   - a body is a ReadableStream, which only RPC may send, so a Request or
//     Response with a body is refused, as are streams and AbortSignals;
//   - every other API object is refused with "Could not serialize object of
//     type …", naming its constructor (a subclass's own name);
//   - plain class instances of user code are copied as plain objects.
//
// The payloads are plain bytes and values: the copy is rebuilt from them in
// the same realm, however late (a MessagePort delivers in a later task).
// RPC copies these types over its own hook (rpc_value.go), bodies included,
// because it has somewhere to send the streams.

import (
	"errors"
	"fmt"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

// The host-object tags of a structured clone.
const (
	cloneTagHeaders uint32 = iota + 1
	cloneTagRequest
	cloneTagResponse
	cloneTagDOMException
)

// jsAPIClasses are the API classes written in JS (js/*.js). Go classes are
// recognised by their state; these by their prototypes, captured when the
// realm is installed, before user code can replace the globals.
var jsAPIClasses = []string{
	"ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamDefaultController",
	"ReadableByteStreamController", "ReadableStreamBYOBRequest", "WritableStreamDefaultWriter",
	"WritableStreamDefaultController", "TransformStream", "TransformStreamDefaultController",
	"CountQueuingStrategy", "ByteLengthQueuingStrategy", "IdentityTransformStream", "FixedLengthStream",
	"CompressionStream", "DecompressionStream", "TextEncoderStream", "TextDecoderStream",
}

// cloneHosts is what the clone hook needs to know about the realm.
type cloneHosts struct {
	domExceptionProto   *goja.Object
	writableStreamProto *goja.Object
	jsAPIProtos         map[*goja.Object]bool
}

// captureCloneHosts records the prototypes of the JS-written API classes.
// It runs at the end of install, when they all exist.
func (r *Realm) captureCloneHosts() {
	proto := func(name string) *goja.Object {
		ctor, ok := r.rt.GlobalObject().Get(name).(*goja.Object)
		if !ok {
			return nil
		}
		p, _ := ctor.Get("prototype").(*goja.Object)
		return p
	}
	r.clone.jsAPIProtos = map[*goja.Object]bool{}
	for _, name := range jsAPIClasses {
		if p := proto(name); p != nil {
			r.clone.jsAPIProtos[p] = true
		}
	}
	if crypto, ok := r.rt.GlobalObject().Get("crypto").(*goja.Object); ok {
		if ctor, ok := crypto.Get("DigestStream").(*goja.Object); ok {
			if p, ok := ctor.Get("prototype").(*goja.Object); ok {
				r.clone.jsAPIProtos[p] = true
			}
		}
	}
	r.clone.writableStreamProto = proto("WritableStream")
	r.clone.domExceptionProto = r.errs.domException.Get("prototype").(*goja.Object)
}

// cloneOptions are the serializer options of structuredClone and postMessage.
func (r *Realm) cloneOptions() *v8serial.Options {
	return &v8serial.Options{HostObject: r.writeCloneHost, ReadHostObject: r.readCloneHost, ErrorsToHost: true}
}

// structuredCloneBytes serializes v as structuredClone does; a value that
// cannot be cloned gives a DataCloneError DOMException.
func (r *Realm) structuredCloneBytes(v goja.Value) ([]byte, error) {
	data, err := v8serial.Serialize(r.rt, v, r.cloneOptions())
	var dce *v8serial.DataCloneError
	if errors.As(err, &dce) {
		return nil, &thrownError{r.newDOMException(dce.Message, "DataCloneError")}
	}
	return data, err
}

// structuredCloneValue rebuilds a value serialized by structuredCloneBytes.
func (r *Realm) structuredCloneValue(data []byte) (goja.Value, error) {
	return v8serial.Deserialize(r.rt, data, r.cloneOptions())
}

func dataCloneError(message string) error { return &v8serial.DataCloneError{Message: message} }

// writeCloneHost is the serializer's hook: it sees functions, proxies,
// promises, errors and class instances.
func (r *Realm) writeCloneHost(w *v8serial.HostWriter, o *goja.Object) (bool, error) {
	// Proxies and promises fail as V8 fails them; a proxy is not asked
	// anything (reading its slot would run its traps).
	if t := o.ExportType(); t == typeOfProxy || t == typeOfPromise {
		return false, nil
	}
	if o.ClassName() == "Error" {
		// DOMException is an API object in workerd, copied with its name,
		// message and stack; other errors are V8's.
		if !r.hasProto(o, func(p *goja.Object) bool { return p == r.clone.domExceptionProto }) {
			return false, nil
		}
		w.WriteUint32(cloneTagDOMException)
		for _, key := range []string{"name", "message", "stack"} {
			writeCloneString(w, propString(o, key))
		}
		return true, nil
	}
	switch s := stateOf(o).(type) {
	case nil:
	case *headers:
		w.WriteUint32(cloneTagHeaders)
		w.WriteUint32(uint32(s.guard))
		w.WriteUint32(uint32(len(s.fields)))
		for _, f := range s.fields {
			writeCloneString(w, f.name)
			writeCloneString(w, f.value)
		}
		return true, nil
	case *request:
		return true, r.writeClonedRequest(w, s)
	case *response:
		return true, r.writeClonedResponse(w, s)
	case *abortSignal:
		return false, dataCloneError("AbortSignal serialization is not enabled.")
	case *weakRef, *finalizationRegistry:
		// Language built-ins in V8, refused with V8's text.
		return false, dataCloneError(fmt.Sprintf("#<%s> could not be cloned.", constructorName(o)))
	default:
		return false, refuseClone(constructorName(o))
	}
	if _, ok := goja.AssertFunction(o); ok {
		return false, nil
	}
	switch {
	case r.isRpcTarget(o):
		return false, dataCloneError("Remote RPC references can only be serialized for RPC.")
	case r.isReadableStream(o):
		return false, dataCloneError("ReadableStream can only be serialized for RPC.")
	case r.hasProto(o, func(p *goja.Object) bool { return r.clone.jsAPIProtos[p] }):
		return false, refuseClone(constructorName(o))
	case r.hasProto(o, func(p *goja.Object) bool { return p == r.clone.writableStreamProto }):
		return false, dataCloneError("WritableStream can only be serialized for RPC.")
	}
	return false, nil
}

// hasProto reports whether a prototype on o's chain satisfies match.
func (r *Realm) hasProto(o *goja.Object, match func(*goja.Object) bool) bool {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if match(p) {
			return true
		}
	}
	return false
}

// writeClonedRequest writes workerd's Request payload: the URL, then the
// initializer the copy is constructed with.
func (r *Realm) writeClonedRequest(w *v8serial.HostWriter, req *request) error {
	if req.body != nil {
		return dataCloneError("ReadableStream can only be serialized for RPC.")
	}
	if req.signalGiven {
		return dataCloneError("AbortSignal serialization is not enabled.")
	}
	init := r.rt.NewObject()
	if req.method != "GET" {
		must(init.Set("method", req.method))
	}
	must(init.Set("headers", req.headers))
	must(init.Set("redirect", req.redirect))
	if cf := r.cfObject(req); cf != nil && !goja.IsUndefined(cf) {
		must(init.Set("cf", cf))
	}
	if req.cache != nil {
		must(init.Set("cache", req.cache))
	}
	w.WriteUint32(cloneTagRequest)
	writeCloneString(w, req.url)
	return w.WriteValue(init)
}

// writeClonedResponse writes workerd's Response payload: the initializer
// (status 0 standing for Response.error()).
func (r *Realm) writeClonedResponse(w *v8serial.HostWriter, res *response) error {
	if res.body != nil {
		return dataCloneError("ReadableStream can only be serialized for RPC.")
	}
	init := r.rt.NewObject()
	status := res.status
	if res.kind == "error" {
		status = 0
	}
	must(init.Set("status", status))
	must(init.Set("statusText", res.statusText))
	must(init.Set("headers", res.headers))
	if res.cf != nil && !goja.IsUndefined(res.cf) {
		must(init.Set("cf", res.cf))
	}
	if res.webSocket != nil {
		// Written as workerd writes it, and refused as a WebSocket.
		must(init.Set("webSocket", res.webSocket))
	}
	w.WriteUint32(cloneTagResponse)
	return w.WriteValue(init)
}

func writeCloneString(w *v8serial.HostWriter, s string) {
	w.WriteUint32(uint32(len(s)))
	w.WriteRawBytes([]byte(s))
}

func readCloneString(hr *v8serial.HostReader) (string, error) {
	n, err := hr.ReadUint32()
	if err != nil {
		return "", err
	}
	b, err := hr.ReadRawBytes(int(n))
	return string(b), err
}

// readCloneHost rebuilds what writeCloneHost wrote.
func (r *Realm) readCloneHost(hr *v8serial.HostReader) (*goja.Object, error) {
	tag, err := hr.ReadUint32()
	if err != nil {
		return nil, err
	}
	switch tag {
	case cloneTagHeaders:
		return r.readClonedHeaders(hr)
	case cloneTagRequest:
		url, err := readCloneString(hr)
		if err != nil {
			return nil, err
		}
		init, err := hr.ReadValue()
		if err != nil {
			return nil, err
		}
		var o *goja.Object
		err = r.tryJS(func() { o = r.newInstance("Request", r.constructRequest(r.rt.ToValue(url), init)) })
		return o, err
	case cloneTagDOMException:
		var fields [3]string
		for i := range fields {
			if fields[i], err = readCloneString(hr); err != nil {
				return nil, err
			}
		}
		e := r.newDOMException(fields[1], fields[0])
		must(e.Set("stack", fields[2]))
		return e, nil
	case cloneTagResponse:
		init, err := hr.ReadValue()
		if err != nil {
			return nil, err
		}
		initObj, ok := init.(*goja.Object)
		if !ok {
			return nil, errors.New("jsapi: cloned Response without its initializer")
		}
		var o *goja.Object
		err = r.tryJS(func() {
			if initObj.Get("status").ToInteger() == 0 {
				o = r.newInstance("Response", &response{headers: r.newHeadersObject(&headers{}), kind: "error"})
				return
			}
			o = r.newInstance("Response", r.constructResponse(goja.Null(), init))
		})
		return o, err
	}
	return nil, fmt.Errorf("jsapi: unknown structured clone host tag %d", tag)
}

func (r *Realm) readClonedHeaders(hr *v8serial.HostReader) (*goja.Object, error) {
	guard, err := hr.ReadUint32()
	if err != nil {
		return nil, err
	}
	n, err := hr.ReadUint32()
	if err != nil {
		return nil, err
	}
	h := &headers{guard: headerGuard(guard)}
	for range n {
		name, err := readCloneString(hr)
		if err != nil {
			return nil, err
		}
		value, err := readCloneString(hr)
		if err != nil {
			return nil, err
		}
		h.fields = append(h.fields, headerField{name: name, value: value})
	}
	return r.newHeadersObject(h), nil
}

// tryJS runs fn, turning a JS exception it throws into an error.
func (r *Realm) tryJS(fn func()) error {
	if ex := r.rt.Try(fn); ex != nil {
		return &thrownError{ex.Value()}
	}
	return nil
}
