package jsapi

// ReadableStream, WritableStream, TransformStream and the queuing
// strategies (https://streams.spec.whatwg.org/). The state machines are JS
// (js/streams.js, which lists where workerd departs from the standard);
// this file installs them and owns the Go end of Go-backed readable
// streams: a source of bytes (a request or response body, the readable side
// of a pipe) that a stream pulls chunk by chunk.
//
// A Go source is read only when JS reads: each pull reads at most one
// chunk, on a goroutine for a reader, so a body of any size flows through
// with a chunk or two in memory. When JS hands an unread Go-backed stream
// back to Go (new Response(request.body)), Go takes the source itself and
// the bytes never enter the isolate.

import (
	"errors"
	"io"

	"github.com/dop251/goja"
)

// chunkSize is the most a Go source returns per read when the reader does
// not bring its own buffer.
const chunkSize = 64 << 10

// streamHooks are the functions of js/streams.js that Go calls.
type streamHooks struct {
	newGoReadable, newGoWritable, newUsedStream  goja.Callable
	isReadableStream, isLocked, isDisturbed, tee goja.Callable
	takeGoSource, pipeToGo                       goja.Callable
}

func installStreams(r *Realm) {
	factory, ok := goja.AssertFunction(r.runPrelude("streams.js"))
	if !ok {
		panic("jsapi: streams.js did not evaluate to a function")
	}
	host := r.rt.NewObject()
	set := func(name string, length int, fn func(goja.FunctionCall) goja.Value) {
		must(host.Set(name, r.function(name, length, fn)))
	}
	set("sourceRead", 2, r.sourceRead)
	set("sourceCancel", 2, r.sourceCancel)
	set("sinkWrite", 2, r.sinkWrite)
	set("sinkClose", 1, r.sinkClose)
	set("sinkAbort", 2, r.sinkAbort)
	exportsValue, err := factory(goja.Undefined(), host)
	if err != nil {
		panic(err)
	}
	exports := exportsValue.(*goja.Object)
	hook := func(name string) goja.Callable {
		fn, ok := goja.AssertFunction(exports.Get(name))
		if !ok {
			panic("jsapi: streams.js has no hook " + name)
		}
		return fn
	}
	r.streams = &streamHooks{
		newGoReadable:    hook("newGoReadable"),
		newGoWritable:    hook("newGoWritable"),
		newUsedStream:    hook("newUsedStream"),
		isReadableStream: hook("isReadableStream"),
		isLocked:         hook("isLocked"),
		isDisturbed:      hook("isDisturbed"),
		tee:              hook("tee"),
		takeGoSource:     hook("takeGoSource"),
		pipeToGo:         hook("pipeToGo"),
	}
	classes := exports.Get("classes").(*goja.Object)
	for _, name := range classes.Keys() {
		ctor := classes.Get(name)
		r.ctors[name] = ctor.(*goja.Object)
		must(r.rt.GlobalObject().DefineDataProperty(name, ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
	installTransformStreams(r, exports)
}

// callHook calls a streams.js hook; the hooks throw only for bugs or for
// errors the caller turns into exceptions anyway.
func (r *Realm) callHook(fn goja.Callable, args ...goja.Value) goja.Value {
	v, err := fn(goja.Undefined(), args...)
	if err != nil {
		panic(err)
	}
	return v
}

// isReadableStream reports whether v is a ReadableStream.
func (r *Realm) isReadableStream(v goja.Value) bool {
	return r.callHook(r.streams.isReadableStream, v).ToBoolean()
}

func (r *Realm) streamLocked(stream goja.Value) bool {
	return r.callHook(r.streams.isLocked, stream).ToBoolean()
}

func (r *Realm) streamDisturbed(stream goja.Value) bool {
	return r.callHook(r.streams.isDisturbed, stream).ToBoolean()
}

// newReadableStream returns a ReadableStream reading src.
func (r *Realm) newReadableStream(src *byteSource) *goja.Object {
	return r.callHook(r.streams.newGoReadable, r.rt.ToValue(src)).(*goja.Object)
}

// takeSource returns the Go source of a Go-backed stream no JS code has
// read, locking the stream; nil for any other stream.
func (r *Realm) takeSource(stream goja.Value) *byteSource {
	v := r.callHook(r.streams.takeGoSource, stream)
	src, _ := v.Export().(*byteSource)
	return src
}

// teeStream splits a stream in two (ReadableStream.prototype.tee).
func (r *Realm) teeStream(stream goja.Value) (goja.Value, goja.Value) {
	branches := r.callHook(r.streams.tee, stream).(*goja.Object)
	return branches.Get("0"), branches.Get("1")
}

// byteSource is the Go end of a Go-backed ReadableStream: bytes in memory
// (a body JS code built) or a reader (a body coming from the network or
// from another isolate, the readable side of a pipe), read ahead by a
// goroutine once JS reads it.
type byteSource struct {
	data []byte        // what is left of an in-memory source
	rc   io.ReadCloser // nil for an in-memory source
	ra   *readAhead    // reading rc, from the first read on
	// size is the number of bytes the source will give, -1 if unknown.
	size int64
	done bool
}

func newBytesSource(data []byte) *byteSource {
	return &byteSource{data: data, size: int64(len(data))}
}

func newReaderSource(rc io.ReadCloser, size int64) *byteSource {
	return &byteSource{rc: rc, size: size}
}

// sourceRead is host.sourceRead(src, max): it resolves to the next chunk
// (a Uint8Array the reader owns, of at most max bytes, or chunkSize if max
// is 0), or to undefined at the end of the source.
func (r *Realm) sourceRead(call goja.FunctionCall) goja.Value {
	src := call.Argument(0).Export().(*byteSource)
	max := int(call.Argument(1).ToInteger())
	if max <= 0 || max > chunkSize {
		max = chunkSize
	}
	p, resolve, reject := r.rt.NewPromise()
	settle := func(chunk []byte, err error) {
		switch {
		case len(chunk) > 0:
			must(resolve(r.newUint8Array(chunk)))
		case err == nil || err == io.EOF:
			src.done = true
			must(resolve(goja.Undefined()))
		default:
			src.done = true
			must(reject(r.streamErrorValue(err)))
		}
	}
	switch {
	case src.done:
		settle(nil, io.EOF)
	case src.rc == nil:
		n := min(max, len(src.data))
		// A copy: the bytes may be shared with a clone of the body, and the
		// reader owns the chunk it gets.
		chunk := append([]byte(nil), src.data[:n]...)
		src.data = src.data[n:]
		settle(chunk, io.EOF)
	default:
		if src.ra == nil {
			src.ra = newReadAhead(src.rc)
		}
		src.ra.read(max, settle, func() func([]byte, error) {
			enqueue := r.loop.Reserve()
			return func(chunk []byte, err error) { enqueue(func() { settle(chunk, err) }) }
		})
	}
	return r.rt.ToValue(p)
}

// sourceCancel is host.sourceCancel(src, reason): the stream is canceled,
// the source is not read any more.
func (r *Realm) sourceCancel(call goja.FunctionCall) goja.Value {
	src := call.Argument(0).Export().(*byteSource)
	src.done = true
	src.data = nil
	if src.rc != nil {
		reason := r.goError(call.Argument(1), errCanceled)
		if src.ra != nil {
			src.ra.cancel(reason)
		} else {
			go closeWithError(src.rc, reason)
		}
	}
	return goja.Undefined()
}

var errCanceled = errors.New("the stream was canceled")

// closeWithError closes c, telling the other end of a pipe why.
func closeWithError(c io.Closer, err error) {
	if p, ok := c.(interface{ CloseWithError(error) error }); ok {
		_ = p.CloseWithError(err)
		return
	}
	_ = c.Close()
}
