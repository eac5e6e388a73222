package jsapi

// The Body mixin of Request and Response
// (https://fetch.spec.whatwg.org/#body-mixin), as workerd's Body class,
// which both inherit from: extracting a body from what a constructor
// accepts, request.body/response.body as a ReadableStream, and consuming
// it once with text(), json(), arrayBuffer(), bytes(), blob() or
// formData().
//
// A body is a stream end to end, but it only becomes a JS ReadableStream
// when JS asks for one (.body, clone of a streamed body) or gives one:
//   - bytes known up front (a string, a buffer, a Blob, FormData) are kept
//     as bytes, consumed and sent without a stream (the fast path RPC and
//     small responses take);
//   - a Go reader (an incoming request, a response from another isolate)
//     is read on a goroutine when consumed, or handed on to Go as is;
//   - a stream is read chunk by chunk; when it is still a Go-backed stream
//     nobody has read (new Response(request.body)), Go takes its source
//     back and the bytes never enter the isolate.

import (
	"bytes"
	"io"

	"github.com/dop251/goja"
)

type body struct {
	// Until stream is set, the body is data (bytes known up front) or
	// reader (a Go stream not yet seen by JS).
	data   []byte
	reader io.ReadCloser
	size   int64 // the reader's length, -1 if unknown
	// stream is the body as a ReadableStream, once there is one.
	stream *goja.Object
	// used is set when the body was consumed without a stream.
	used bool
}

// bodyHolder is what the Body mixin's methods need from a Request or
// Response.
type bodyHolder interface {
	bodySlot() **body
	headerList() *headers
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

// sizedReader is a Go body whose length is known (a FixedLengthStream):
// the dev server sends it as the Content-Length.
type sizedReader struct {
	io.ReadCloser
	size int64
}

// Size returns the number of bytes the body has.
func (s sizedReader) Size() int64 { return s.size }

// bodyFromReader wraps a body coming from Go. A nil reader means no body.
func bodyFromReader(rc io.ReadCloser) *body {
	if rc == nil {
		return nil
	}
	switch x := rc.(type) {
	case *bytesReader:
		return &body{data: x.data}
	case sizedReader:
		return &body{reader: x.ReadCloser, size: x.size}
	}
	return &body{reader: rc, size: -1}
}

var errBodyUsed = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice."

const (
	errLocked          = "This ReadableStream is currently locked to a reader."
	errDisturbedAsBody = "This ReadableStream is disturbed (has already been read from), and cannot be used as a body."
)

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
		switch s := stateOf(o).(type) {
		case blobPart:
			b := s.blobPart()
			return &body{data: b.data}, b.typ
		case *formData:
			boundary := newBoundary()
			return &body{data: r.serializeFormData(s, boundary)}, "multipart/form-data; boundary=" + boundary
		}
		if r.isReadableStream(o) {
			if r.streamDisturbed(o) {
				panic(r.newTypeError(errDisturbedAsBody))
			}
			if r.streamLocked(o) {
				panic(r.newTypeError(errLocked))
			}
			return &body{stream: o}, ""
		}
		if sp := r.urlSearchParamsString(o); sp != nil {
			return &body{data: []byte(*sp)}, "application/x-www-form-urlencoded;charset=UTF-8"
		}
	}
	return &body{data: encodeUTF8(r.toJSString(v))}, "text/plain;charset=UTF-8"
}

// empty reports whether the body is known to have no bytes (a null-body
// status accepts such a body).
func (b *body) empty() bool {
	return b == nil || b.stream == nil && b.reader == nil && len(b.data) == 0
}

// streamOf returns the body as a ReadableStream, making one if needed, or
// null for no body.
func (r *Realm) streamOf(b *body) goja.Value {
	if b == nil {
		return goja.Null()
	}
	if b.stream == nil {
		switch {
		case b.used:
			b.stream = r.callHook(r.streams.newUsedStream).(*goja.Object)
		case b.reader != nil:
			b.stream = r.newReadableStream(newReaderSource(b.reader, b.size))
		default:
			b.stream = r.newReadableStream(newBytesSource(b.data))
		}
		b.data, b.reader = nil, nil
	}
	return b.stream
}

func (r *Realm) bodyUsed(b *body) bool {
	if b == nil {
		return false
	}
	if b.stream != nil {
		return r.streamDisturbed(b.stream)
	}
	return b.used
}

// consume reads the whole body once and settles a promise with convert's
// result: at once for bytes, on a goroutine for a Go reader, chunk by
// chunk for a stream built in JS.
func (r *Realm) consume(b *body, convert func(data []byte) goja.Value) goja.Value {
	p, resolve, reject := r.rt.NewPromise()
	finish := func(data []byte) { settle(r, resolve, reject, func() goja.Value { return convert(data) }) }
	switch {
	case b == nil:
		finish(nil)
	case b.stream == nil && b.used:
		must(reject(r.newTypeError(errBodyUsed)))
	case b.stream == nil && b.reader == nil:
		b.used = true
		finish(b.data)
	case b.stream == nil:
		b.used = true
		r.readAllAsync(b.reader, finish, reject)
	case r.streamDisturbed(b.stream):
		must(reject(r.newTypeError(errBodyUsed)))
	case r.streamLocked(b.stream):
		must(reject(r.newTypeError(errLocked)))
	default:
		if src := r.takeSource(b.stream); src != nil {
			if src.rc == nil {
				finish(src.data)
			} else {
				r.readAllAsync(src.rc, finish, reject)
			}
			break
		}
		r.collectStream(b.stream, func(data []byte, failure goja.Value) {
			if failure != nil {
				must(reject(failure))
				return
			}
			finish(data)
		})
	}
	return r.rt.ToValue(p)
}

// readAllAsync reads a Go reader to its end on a goroutine.
func (r *Realm) readAllAsync(rc io.ReadCloser, finish func([]byte), reject func(any) error) {
	enqueue := r.loop.Reserve()
	go func() {
		data, err := io.ReadAll(rc)
		rc.Close()
		enqueue(func() {
			if err != nil {
				must(reject(r.streamErrorValue(err)))
				return
			}
			finish(data)
		})
	}()
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

// exportBody hands the body to Go (a response to the dev server, a request
// or response crossing to another isolate) and marks it used. It throws
// what workerd throws for a stream that cannot be a body.
func (r *Realm) exportBody(b *body) io.ReadCloser {
	if b == nil {
		return nil
	}
	if b.stream == nil {
		if b.used {
			panic(r.newTypeError(errBodyUsed))
		}
		b.used = true
		if b.reader != nil {
			return sized(b.reader, b.size)
		}
		return newBytesReader(b.data)
	}
	if r.streamDisturbed(b.stream) {
		panic(r.newTypeError(errDisturbedAsBody))
	}
	if r.streamLocked(b.stream) {
		panic(r.newTypeError(errLocked))
	}
	if rc := r.takeGoReader(b.stream); rc != nil {
		return rc
	}
	return r.pumpStream(b.stream)
}

// takeGoReader takes the Go reader out of a Go-backed stream (which then
// reads as used); nil for a stream built in JS.
func (r *Realm) takeGoReader(stream *goja.Object) io.ReadCloser {
	src := r.takeSource(stream)
	switch {
	case src == nil:
		return nil
	case src.rc == nil:
		return newBytesReader(src.data)
	}
	return sized(src.rc, src.size)
}

func sized(rc io.ReadCloser, size int64) io.ReadCloser {
	if size < 0 {
		return rc
	}
	return sizedReader{rc, size}
}

// takeBody moves a body to a new Request made from another (new
// Request(request, init)): the new one reads it, the old one is used.
func (r *Realm) takeBody(b *body) *body {
	if b == nil {
		return nil
	}
	if r.bodyUsed(b) {
		panic(r.newTypeError(errBodyUsed))
	}
	moved := *b
	*b = body{used: true}
	return &moved
}

// teeBody splits a body so that both the original and a clone can be read
// (Request.clone, Response.clone).
func (r *Realm) teeBody(b *body) *body {
	if b == nil {
		return nil
	}
	if r.bodyUsed(b) || b.stream != nil && r.streamLocked(b.stream) {
		panic(r.newTypeError("This ReadableStream is currently locked to a reader,"))
	}
	if b.stream == nil && b.reader == nil {
		// Bytes are never written to: both bodies share them.
		return &body{data: b.data}
	}
	branch1, branch2 := r.teeStream(r.streamOf(b))
	b.stream = branch1.(*goja.Object)
	return &body{stream: branch2.(*goja.Object)}
}

// installBody installs the Body class that Request and Response extend.
func installBody(r *Realm) *class {
	c := r.newClass("Body", 0, nil)
	get := func(this goja.Value) bodyHolder { return unwrap[bodyHolder](r, this) }
	c.getter("body", func(this goja.Value) goja.Value { return r.streamOf(*get(this).bodySlot()) })
	c.getter("bodyUsed", func(this goja.Value) goja.Value { return r.rt.ToValue(r.bodyUsed(*get(this).bodySlot())) })
	c.method("arrayBuffer", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This).bodySlot(), func(data []byte) goja.Value {
			return r.rt.ToValue(r.rt.NewArrayBuffer(bytes.Clone(data)))
		})
	})
	c.method("bytes", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This).bodySlot(), func(data []byte) goja.Value {
			return r.newUint8Array(bytes.Clone(data))
		})
	})
	c.method("text", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This).bodySlot(), func(data []byte) goja.Value { return r.rt.ToValue(decodeUTF8(data)) })
	})
	c.method("json", 0, func(call goja.FunctionCall) goja.Value {
		return r.consume(*get(call.This).bodySlot(), func(data []byte) goja.Value {
			v, err := r.jsonParse(goja.Undefined(), r.rt.ToValue(decodeUTF8(data)))
			if err != nil {
				panic(err)
			}
			return v
		})
	})
	c.method("blob", 0, func(call goja.FunctionCall) goja.Value {
		h := get(call.This)
		contentType, _ := h.headerList().get("content-type")
		return r.consume(*h.bodySlot(), func(data []byte) goja.Value {
			return r.newBlob(&blob{data: bytes.Clone(data), typ: contentType})
		})
	})
	c.method("formData", 0, func(call goja.FunctionCall) goja.Value {
		h := get(call.This)
		b := *h.bodySlot()
		contentType, ok := h.headerList().get("content-type")
		if r.bodyUsed(b) {
			return r.rejectedPromise(r.newTypeError(errBodyUsed))
		}
		if !ok {
			return r.rejectedPromise(r.newTypeError("Parsing a Body as FormData requires a Content-Type header."))
		}
		return r.consume(b, func(data []byte) goja.Value {
			fd, err := parseFormData(data, contentType)
			if err != nil {
				panic(r.newTypeError(err.Error()))
			}
			return r.newFormDataObject(r.formDataFromParts(fd))
		})
	})
	c.global()
	return c
}

// rejectedPromise returns a promise rejected with e.
func (r *Realm) rejectedPromise(e goja.Value) goja.Value {
	p, _, reject := r.rt.NewPromise()
	must(reject(e))
	return r.rt.ToValue(p)
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
