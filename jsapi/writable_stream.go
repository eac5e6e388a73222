package jsapi

// The Go end of Go-backed WritableStreams (the writable side of an
// IdentityTransformStream, a FixedLengthStream, a CompressionStream…), and
// the reverse trip of a body: a ReadableStream built in JS, read by the loop
// chunk by chunk into Go — into an io.Pipe the dev server or another isolate
// reads, or into a buffer for text() and its siblings.
//
// Each chunk is copied once, into memory the sink owns (JS may reuse its
// buffer as soon as the write settles), and a write to a pipe settles only
// when the other end has taken the bytes: that is the backpressure that
// keeps a 100 MB body from being held whole.

import (
	"io"

	"github.com/dop251/goja"
)

// byteSink is where a stream's bytes go in Go.
type byteSink interface {
	// write takes the bytes of p (which JS may reuse once write returns:
	// the sink copies what it keeps) and returns undefined when they are
	// taken at once or a promise settled once they are written.
	write(r *Realm, p []byte) goja.Value
	// close ends the bytes; it returns undefined or a promise.
	close(r *Realm) goja.Value
	// abort ends the bytes with an error.
	abort(err error)
}

// writerSink writes to an io.WriteCloser (a pipe, a compressor in front of
// one) on a goroutine, so the loop never waits for the reader.
type writerSink struct {
	w io.WriteCloser
}

func (s *writerSink) write(r *Realm, p []byte) goja.Value {
	p = append([]byte(nil), p...)
	return r.goAsync(func() error {
		_, err := s.w.Write(p)
		return err
	})
}

func (s *writerSink) close(r *Realm) goja.Value { return r.goAsync(s.w.Close) }

func (s *writerSink) abort(err error) { go closeWithError(s.w, err) }

// collectSink gathers a whole body in memory, for the Body methods that
// need all of it.
type collectSink struct {
	data []byte
}

func (s *collectSink) write(r *Realm, p []byte) goja.Value {
	s.data = append(s.data, p...)
	return goja.Undefined()
}

func (s *collectSink) close(r *Realm) goja.Value { return goja.Undefined() }

func (s *collectSink) abort(error) {}

// goAsync runs fn on a goroutine and returns a promise settled on the loop
// with its outcome.
func (r *Realm) goAsync(fn func() error) goja.Value {
	p, settle := r.settledFromGo()
	go func() { settle(fn()) }()
	return p
}

// settledFromGo returns a promise and the func, callable once from any
// goroutine, that settles it on the loop: resolved with undefined for a
// nil error, else rejected with the error as a stream error.
func (r *Realm) settledFromGo() (goja.Value, func(error)) {
	p, resolve, reject := r.rt.NewPromise()
	enqueue := r.loop.Reserve()
	return r.rt.ToValue(p), func(err error) {
		enqueue(func() {
			if err != nil {
				must(reject(r.streamErrorValue(err)))
				return
			}
			must(resolve(goja.Undefined()))
		})
	}
}

// sinkWrite is host.sinkWrite(sink, bytes): streams.js has checked that
// the chunk is a Uint8Array.
func (r *Realm) sinkWrite(call goja.FunctionCall) goja.Value {
	sink := call.Argument(0).Export().(byteSink)
	data, ok := r.bufferSourceBytes(call.Argument(1))
	if !ok {
		panic(r.newTypeError("This WritableStream only supports writing byte types."))
	}
	return sink.write(r, data)
}

func (r *Realm) sinkClose(call goja.FunctionCall) goja.Value {
	return call.Argument(0).Export().(byteSink).close(r)
}

func (r *Realm) sinkAbort(call goja.FunctionCall) goja.Value {
	sink := call.Argument(0).Export().(byteSink)
	sink.abort(r.goError(call.Argument(1), errCanceled))
	return goja.Undefined()
}

// newWritableStream returns a WritableStream writing into sink.
func (r *Realm) newWritableStream(sink byteSink, highWaterMark int) *goja.Object {
	return r.callHook(r.streams.newGoWritable, r.rt.ToValue(sink), r.rt.ToValue(highWaterMark)).(*goja.Object)
}

// notBytes is workerd's text for a body stream that gives something other
// than bytes.
const notBytes = "This ReadableStream did not return bytes."

// pumpStream returns a reader of what stream (locked from now on) gives,
// read by the loop as fast as the reader takes it (see bodyPipe). If the
// reader closes early, the stream is canceled.
func (r *Realm) pumpStream(stream goja.Value) io.ReadCloser {
	pipe := newBodyPipe()
	done := r.callHook(r.streams.pipeToGo, stream, r.rt.ToValue(byteSink(pipe)), r.rt.ToValue(notBytes))
	// A failure has already reached the reader through the pipe.
	r.then(done.(*goja.Object), func(goja.Value) {}, func(goja.Value) {})
	return pipe
}

// collectStream reads a whole stream (locked from now on) and calls done
// with its bytes, or with what it failed with.
func (r *Realm) collectStream(stream goja.Value, done func(data []byte, failure goja.Value)) {
	sink := &collectSink{}
	finished := r.callHook(r.streams.pipeToGo, stream, r.rt.ToValue(byteSink(sink)), r.rt.ToValue(notBytes))
	r.Await(finished, func(goja.Value) { done(sink.data, nil) }, func(e goja.Value) { done(nil, e) })
}
