package jsapi

// The Body mixin of Request and Response
// (https://fetch.spec.whatwg.org/#body-mixin): extracting a body from the
// values a constructor accepts, and consuming it once with text(), json(),
// arrayBuffer() or bytes().
//
// A body is either bytes known up front (what JS code builds) or a Go
// reader (an incoming HTTP request, a response crossing from another
// isolate), read on a goroutine so the loop never blocks on the network.
//
// Missing: the body as a ReadableStream (request.body, stream bodies),
// blob() and formData(); they come with the streams, Blob and FormData APIs.

import (
	"bytes"
	"io"

	"github.com/dop251/goja"
)

type body struct {
	data   []byte
	reader io.ReadCloser // nil when the whole body is in data
	used   bool
}

// bytesReader is the io.ReadCloser handed to Go for a body held in memory;
// a receiver that knows this type takes the bytes without reading.
type bytesReader struct {
	*bytes.Reader
	data []byte
}

func newBytesReader(b []byte) *bytesReader { return &bytesReader{bytes.NewReader(b), b} }

func (*bytesReader) Close() error { return nil }

// Bytes returns the whole body.
func (b *bytesReader) Bytes() []byte { return b.data }

// bodyFromReader wraps a body coming from Go. A nil reader means no body.
func bodyFromReader(rc io.ReadCloser) *body {
	if rc == nil {
		return nil
	}
	if br, ok := rc.(*bytesReader); ok {
		return &body{data: br.data}
	}
	return &body{reader: rc}
}

// reader hands the body to Go and marks it used.
func (b *body) export() io.ReadCloser {
	if b == nil {
		return nil
	}
	b.used = true
	if b.reader != nil {
		return b.reader
	}
	return newBytesReader(b.data)
}

// extractBody converts a constructor's body argument
// (https://fetch.spec.whatwg.org/#concept-bodyinit-extract). It returns nil
// for null or undefined, and the Content-Type the body implies, if any.
func (r *Realm) extractBody(v goja.Value) (*body, string) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, ""
	}
	if data, ok := r.bufferSourceBytes(v); ok {
		return &body{data: bytes.Clone(data)}, ""
	}
	if o, ok := v.(*goja.Object); ok {
		if sp := r.urlSearchParamsString(o); sp != nil {
			return &body{data: []byte(*sp)}, "application/x-www-form-urlencoded;charset=UTF-8"
		}
	}
	return &body{data: []byte(v.String())}, "text/plain;charset=UTF-8"
}

// bufferSourceBytes returns the bytes viewed by an ArrayBuffer or an
// ArrayBufferView, without copying.
func (r *Realm) bufferSourceBytes(v goja.Value) ([]byte, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	switch x := o.Export().(type) {
	case goja.ArrayBuffer:
		return x.Bytes(), true
	}
	if !r.isArrayBufferView(o) {
		return nil, false
	}
	buf, ok := o.Get("buffer").Export().(goja.ArrayBuffer)
	if !ok {
		return nil, false
	}
	off := o.Get("byteOffset").ToInteger()
	n := o.Get("byteLength").ToInteger()
	return buf.Bytes()[off : off+n], true
}

func (r *Realm) isArrayBufferView(o *goja.Object) bool {
	res, err := r.isViewFn(goja.Undefined(), o)
	return err == nil && res.ToBoolean()
}

var errBodyUsed = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice."

// consume reads the whole body once and settles a promise with convert's
// result. A body of a single read is consumed synchronously; a Go reader
// is drained on a goroutine and the promise settles on the loop.
func (r *Realm) consume(b *body, convert func(data []byte) goja.Value) goja.Value {
	p, resolve, reject := r.rt.NewPromise()
	if b == nil {
		settle(r, resolve, reject, func() goja.Value { return convert(nil) })
		return r.rt.ToValue(p)
	}
	if b.used {
		must(reject(r.newTypeError(errBodyUsed)))
		return r.rt.ToValue(p)
	}
	b.used = true
	if b.reader == nil {
		settle(r, resolve, reject, func() goja.Value { return convert(b.data) })
		return r.rt.ToValue(p)
	}
	enqueue := r.loop.Reserve()
	rc := b.reader
	go func() {
		data, err := io.ReadAll(rc)
		rc.Close()
		enqueue(func() {
			if err != nil {
				must(reject(r.newTypeError("Network connection lost.")))
				return
			}
			settle(r, resolve, reject, func() goja.Value { return convert(data) })
		})
	}()
	return r.rt.ToValue(p)
}

// settle resolves with fn's result, or rejects with what fn throws.
func settle(r *Realm, resolve, reject func(any) error, fn func() goja.Value) {
	var result goja.Value
	if ex := r.rt.Try(func() { result = fn() }); ex != nil {
		must(reject(ex.Value()))
		return
	}
	must(resolve(result))
}

// addBodyMethods installs the Body mixin on a Request or Response class;
// get returns the object's body slot.
func (r *Realm) addBodyMethods(c *class, get func(this goja.Value) **body) {
	c.getter("bodyUsed", func(this goja.Value) goja.Value {
		b := *get(this)
		return r.rt.ToValue(b != nil && b.used)
	})
	c.getter("body", func(this goja.Value) goja.Value {
		if *get(this) == nil {
			return goja.Null()
		}
		panic(r.newTypeError("kindling does not support body streams yet: read the body with text(), json(), arrayBuffer() or bytes()"))
	})
	c.method("text", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This), func(data []byte) goja.Value { return r.rt.ToValue(decodeUTF8(data)) })
	})
	c.method("json", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This), func(data []byte) goja.Value {
			v, err := r.jsonParse(goja.Undefined(), r.rt.ToValue(decodeUTF8(data)))
			if err != nil {
				panic(err)
			}
			return v
		})
	})
	c.method("arrayBuffer", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This), func(data []byte) goja.Value {
			return r.rt.ToValue(r.rt.NewArrayBuffer(bytes.Clone(data)))
		})
	})
	c.method("bytes", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This), func(data []byte) goja.Value {
			return r.newUint8Array(bytes.Clone(data))
		})
	})
}
