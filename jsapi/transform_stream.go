package jsapi

// IdentityTransformStream and FixedLengthStream, workerd's byte pipes: what
// is written to the writable side is read from the readable side, each
// write settling once a read has taken its bytes (an io.Pipe). A
// FixedLengthStream also checks the number of bytes: more than announced
// fails the readable side with "Attempt to write too many bytes through a
// FixedLengthStream.", fewer by close() with "FixedLengthStream did not see
// all expected bytes before close().", and the length is the body's
// Content-Length when the readable side is sent.
//
// The JS classes, with CompressionStream and the text streams, are in
// js/transform_streams.js.

import (
	"io"

	"github.com/dop251/goja"
)

func installTransformStreams(r *Realm, streams *goja.Object) {
	factory, ok := goja.AssertFunction(r.runPrelude("transform_streams.js"))
	if !ok {
		panic("jsapi: transform_streams.js did not evaluate to a function")
	}
	host := r.rt.NewObject()
	must(host.Set("identityPipe", r.function("identityPipe", 1, func(call goja.FunctionCall) goja.Value {
		src, sink := identityPipe(call.Argument(0).ToInteger())
		return r.rt.NewArray(src, sink)
	})))
	must(host.Set("compressionPipe", r.function("compressionPipe", 2, func(call goja.FunctionCall) goja.Value {
		src, sink := compressionPipe(call.Argument(0).String(), call.Argument(1).ToBoolean())
		return r.rt.NewArray(src, sink)
	})))
	classes, err := factory(goja.Undefined(), streams, host)
	if err != nil {
		panic(err)
	}
	obj := classes.(*goja.Object)
	for _, name := range obj.Keys() {
		ctor := obj.Get(name)
		r.ctors[name] = ctor.(*goja.Object)
		must(r.rt.GlobalObject().DefineDataProperty(name, ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
}

// identityPipe returns the two Go ends of an IdentityTransformStream, or of
// a FixedLengthStream when length is not negative.
func identityPipe(length int64) (*byteSource, byteSink) {
	pr, pw := io.Pipe()
	if length < 0 {
		return newReaderSource(pr, -1), &writerSink{w: pw}
	}
	return newReaderSource(&fixedLengthReader{pr: pr, left: length}, length), &writerSink{w: pw}
}

// fixedLengthReader reads a pipe that must carry exactly left more bytes.
type fixedLengthReader struct {
	pr   *io.PipeReader
	left int64
}

func (f *fixedLengthReader) Read(p []byte) (int, error) {
	n, err := f.pr.Read(p)
	if int64(n) > f.left {
		e := newStreamTypeError("Attempt to write too many bytes through a FixedLengthStream.")
		f.pr.CloseWithError(e)
		return 0, e
	}
	f.left -= int64(n)
	if err == io.EOF && f.left > 0 {
		e := newStreamTypeError("FixedLengthStream did not see all expected bytes before close().")
		return n, e
	}
	return n, err
}

func (f *fixedLengthReader) Close() error { return f.pr.Close() }

func (f *fixedLengthReader) CloseWithError(err error) error { return f.pr.CloseWithError(err) }
