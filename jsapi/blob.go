package jsapi

// Blob and File (https://w3c.github.io/FileAPI/) as workerd has them: the
// bytes are held in memory and never change, so slices, Files made from a
// Blob and bodies made from either share them. The type is lower-cased, and
// dropped whole if it has a byte outside printable ASCII (workerd's
// normalisation). `endings` is refused with workerd's "not implemented"
// error; structuredClone refuses both classes, as workerd does.

import (
	"math"
	"time"

	"github.com/dop251/goja"
)

type blob struct {
	data []byte
	typ  string
}

// file is a Blob with a name and a modification time.
type file struct {
	blob
	name         string
	lastModified float64
}

// blobPart is implemented by the state of Blobs and Files.
type blobPart interface{ blobPart() *blob }

func (b *blob) blobPart() *blob { return b }

// normalizeBlobType lower-cases a type, or drops it if it has a byte
// outside U+0020..U+007F (a UTF-8 byte counts as outside).
func normalizeBlobType(t string) string {
	out := []byte(t)
	for i, c := range out {
		if c < 0x20 || c >= 0x80 {
			return ""
		}
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}

// slice returns the bytes between start and end, which count from the end
// when negative and are clamped, as Blob.slice takes them.
func (b *blob) slice(start, end int64) []byte {
	n := int64(len(b.data))
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start = max(0, min(start, n))
	end = max(start, min(end, n))
	return b.data[start:end]
}

func installBlob(r *Realm) {
	c := r.newClass("Blob", 0, func(call goja.ConstructorCall) any {
		data := r.blobParts(call.Argument(0), "Blob")
		return &blob{data: data, typ: r.blobOptionsType(call.Argument(1))}
	})
	get := func(this goja.Value) *blob { return unwrap[blobPart](r, this).blobPart() }
	c.getter("size", func(this goja.Value) goja.Value { return r.rt.ToValue(len(get(this).data)) })
	c.getter("type", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).typ) })
	c.method("slice", 0, func(call goja.FunctionCall) goja.Value {
		b := get(call.This)
		start, end := int64(0), int64(len(b.data))
		if v := call.Argument(0); !goja.IsUndefined(v) {
			start = toClampedInt(v)
		}
		if v := call.Argument(1); !goja.IsUndefined(v) {
			end = toClampedInt(v)
		}
		typ := ""
		if v := call.Argument(2); !goja.IsUndefined(v) {
			typ = normalizeBlobType(v.String())
		}
		return r.newBlob(&blob{data: b.slice(start, end), typ: typ})
	})
	c.method("arrayBuffer", 0, func(call goja.FunctionCall) goja.Value {
		b := get(call.This)
		return r.resolved(r.rt.ToValue(r.rt.NewArrayBuffer(append([]byte(nil), b.data...))))
	})
	c.method("bytes", 0, func(call goja.FunctionCall) goja.Value {
		b := get(call.This)
		return r.resolved(r.newUint8Array(append([]byte(nil), b.data...)))
	})
	c.method("text", 0, func(call goja.FunctionCall) goja.Value {
		b := get(call.This)
		return r.resolved(r.rt.ToValue(decodeUTF8Keep(b.data)))
	})
	c.method("stream", 0, func(call goja.FunctionCall) goja.Value {
		return r.newReadableStream(newBytesSource(get(call.This).data))
	})
	c.global()

	f := r.newClass("File", 2, func(call goja.ConstructorCall) any {
		if len(call.Arguments) < 2 {
			panic(r.newTypeError("Failed to construct 'File': constructor parameter 2 is not of type 'string'."))
		}
		data := r.blobParts(call.Argument(0), "File")
		name := call.Argument(1).String()
		opts := call.Argument(2)
		fl := &file{blob: blob{data: data, typ: r.blobOptionsType(opts)}, name: name, lastModified: nowMillis()}
		if o, ok := opts.(*goja.Object); ok {
			if v := o.Get("lastModified"); v != nil && !goja.IsUndefined(v) {
				fl.lastModified = v.ToFloat()
				if math.IsNaN(fl.lastModified) {
					fl.lastModified = 0
				}
			}
		}
		return fl
	}).extends(c)
	getFile := func(this goja.Value) *file { return unwrap[*file](r, this) }
	f.getter("name", func(this goja.Value) goja.Value { return r.rt.ToValue(getFile(this).name) })
	f.getter("lastModified", func(this goja.Value) goja.Value { return r.rt.ToValue(getFile(this).lastModified) })
	f.global()
}

func nowMillis() float64 { return float64(time.Now().UnixMilli()) }

// toClampedInt converts a slice index as Web IDL's long long does.
func toClampedInt(v goja.Value) int64 {
	f := v.ToFloat()
	if math.IsNaN(f) {
		return 0
	}
	return int64(max(min(f, math.MaxInt32), math.MinInt32))
}

// blobParts concatenates the parts of new Blob(parts): Blobs, buffers and
// anything else as its UTF-8 string.
func (r *Realm) blobParts(v goja.Value, className string) []byte {
	if goja.IsUndefined(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok || o.GetSymbol(goja.SymIterator) == nil || goja.IsUndefined(o.GetSymbol(goja.SymIterator)) {
		panic(r.newTypeError("Failed to construct '" + className + "': constructor parameter 1 is not of type 'Array'."))
	}
	var data []byte
	r.rt.ForOf(o, func(part goja.Value) bool {
		if bp, ok := stateOf(part).(blobPart); ok {
			data = append(data, bp.blobPart().data...)
		} else if b, ok := r.bufferSourceBytes(part); ok {
			data = append(data, b...)
		} else {
			data = append(data, encodeUTF8(r.toJSString(part))...)
		}
		return true
	})
	return data
}

// blobOptionsType reads the type of a BlobPropertyBag; endings is refused.
func (r *Realm) blobOptionsType(v goja.Value) string {
	o, ok := v.(*goja.Object)
	if !ok {
		return ""
	}
	if e := o.Get("endings"); e != nil && !goja.IsUndefined(e) {
		panic(r.NewError("The 'endings' field on 'Options' is not implemented."))
	}
	if t := o.Get("type"); t != nil && !goja.IsUndefined(t) {
		return normalizeBlobType(t.String())
	}
	return ""
}

func (r *Realm) newBlob(b *blob) *goja.Object { return r.newInstance("Blob", b) }

func (r *Realm) newFile(f *file) *goja.Object { return r.newInstance("File", f) }

// resolved returns a promise resolved with v.
func (r *Realm) resolved(v goja.Value) goja.Value {
	p, resolve, _ := r.rt.NewPromise()
	must(resolve(v))
	return r.rt.ToValue(p)
}
