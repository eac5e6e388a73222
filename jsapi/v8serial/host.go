package v8serial

import (
	"github.com/dop251/goja"
)

// Options configures Serialize and Deserialize. A nil *Options means the defaults.
//
// Host objects are V8's escape hatch for values the engine does not know: the tag '\\' followed by a
// payload only the embedder understands. workerd uses it for its API types (Request, Headers, RPC
// stubs, functions passed over RPC), writing each payload with the same primitives HostWriter offers
// (v8::ValueSerializer's WriteUint32/WriteUint64/WriteDouble/WriteRawBytes/WriteValue), so an embedder
// can reproduce those encodings byte for byte.
type Options struct {
	// HostObject is consulted, before the default handling, for functions, proxies, promises, and objects
	// whose prototype is neither Object.prototype nor null and that are not one of the built-in types the
	// codec knows: class instances, including API objects built as JS classes. Plain objects and the
	// other built-ins never reach it, mirroring where V8 asks its delegate; promises are offered too
	// because a host may build objects of its own on them (workerd's RpcPromise is a host object).
	//
	// Returning handled=true means the object's payload was written with w; it is then encoded as a host
	// object and its identity is kept (a second occurrence becomes a back-reference). Returning
	// handled=false, having written nothing, falls back to the default: class instances are copied as
	// plain objects, functions, proxies and promises fail with a DataCloneError. A non-nil error aborts Serialize
	// and is returned as is (return a *DataCloneError to refuse a value the way workerd does).
	HostObject func(w *HostWriter, obj *goja.Object) (handled bool, err error)

	// NullPrototypeToHost offers objects with a null prototype to HostObject as well, as class
	// instances. V8 does so for an embedder that does not treat class instances as plain objects
	// (workerd's RPC serializer), where only objects whose prototype is Object.prototype are plain.
	NullPrototypeToHost bool

	// ReadHostObject reads one host object payload and returns the object it stands for. It must read
	// exactly what the matching HostObject wrote. When nil, host objects are read in the encoding Node's
	// v8.serialize gives typed arrays and DataViews (type index, byte length, bytes), so Node's output
	// stays readable.
	ReadHostObject func(r *HostReader) (*goja.Object, error)
}

// HostWriter appends a host object's payload to the value being serialized.
type HostWriter struct {
	s *serializer
}

// WriteUint32 writes v as a varint.
func (w *HostWriter) WriteUint32(v uint32) { w.s.buf = appendVarint(w.s.buf, uint64(v)) }

// WriteUint64 writes v as a varint.
func (w *HostWriter) WriteUint64(v uint64) { w.s.buf = appendVarint(w.s.buf, v) }

// WriteDouble writes the 8 bytes of v, little-endian.
func (w *HostWriter) WriteDouble(v float64) { w.s.buf = appendDouble(w.s.buf, v) }

// WriteRawBytes writes b unchanged; the reader must know its length.
func (w *HostWriter) WriteRawBytes(b []byte) { w.s.buf = append(w.s.buf, b...) }

// WriteValue writes a nested value with the full codec. Objects it has already written become
// back-references, across the whole serialization.
func (w *HostWriter) WriteValue(v goja.Value) error { return w.s.writeValue(v) }

// HostReader reads a host object's payload from the value being deserialized.
type HostReader struct {
	d *deserializer
}

// Runtime is the runtime the value is being built in.
func (r *HostReader) Runtime() *goja.Runtime { return r.d.rt }

// ReadUint32 reads a varint written by WriteUint32.
func (r *HostReader) ReadUint32() (uint32, error) { return r.d.in.readUint32() }

// ReadUint64 reads a varint written by WriteUint64.
func (r *HostReader) ReadUint64() (uint64, error) { return r.d.in.readVarint(64) }

// ReadDouble reads 8 bytes written by WriteDouble.
func (r *HostReader) ReadDouble() (float64, error) { return r.d.in.readDouble() }

// ReadRawBytes returns the next n bytes. The slice aliases the input: copy it to keep it.
func (r *HostReader) ReadRawBytes(n int) ([]byte, error) {
	if n < 0 {
		return nil, r.d.in.errorf("negative length %d", n)
	}
	return r.d.in.readRaw(uint64(n))
}

// ReadValue reads a nested value written by WriteValue.
func (r *HostReader) ReadValue() (goja.Value, error) { return r.d.readValue() }

// nodeViewTypes lists the constructors in the order Node's DefaultSerializer numbers them when it writes
// an ArrayBufferView as a host object; index 10 is Node's Buffer, read as a Uint8Array.
var nodeViewTypes = [...]struct {
	ctor     string
	elemSize uint32
}{
	{"Int8Array", 1}, {"Uint8Array", 1}, {"Uint8ClampedArray", 1}, {"Int16Array", 2}, {"Uint16Array", 2},
	{"Int32Array", 4}, {"Uint32Array", 4}, {"Float32Array", 4}, {"Float64Array", 8}, {"DataView", 1},
	{"Uint8Array", 1}, {"BigInt64Array", 8}, {"BigUint64Array", 8},
}

// readNodeHostObject reads the payload Node's v8.serialize writes for an ArrayBufferView: the view's
// type index, its byte length and its bytes. The view gets a fresh buffer of exactly those bytes.
func readNodeHostObject(r *HostReader) (*goja.Object, error) {
	in := &r.d.in
	index, err := in.readUint32()
	if err != nil {
		return nil, err
	}
	if int(index) >= len(nodeViewTypes) {
		return nil, in.errorf("unknown Node host object type %d", index)
	}
	t := nodeViewTypes[index]
	n, err := in.readUint32()
	if err != nil {
		return nil, err
	}
	if n%t.elemSize != 0 {
		return nil, in.errorf("%s byte length %d is not a multiple of %d", t.ctor, n, t.elemSize)
	}
	raw, err := in.readRaw(uint64(n))
	if err != nil {
		return nil, err
	}
	buf := r.d.rt.ToValue(r.d.rt.NewArrayBuffer(append([]byte(nil), raw...)))
	return r.d.construct(t.ctor, buf, r.d.rt.ToValue(0), r.d.rt.ToValue(n/t.elemSize))
}
