package jsapi

import (
	"unicode/utf8"

	"github.com/dop251/goja"
)

// intrinsics are built-in functions captured when the realm is created, so
// the APIs keep working if user code replaces or deletes the globals.
type intrinsics struct {
	jsonParse, jsonStringify, isView goja.Callable
	uint8Array                       *goja.Object
	iteratorProto                    *goja.Object
	mapCtor                          *goja.Object
	mapSet                           goja.Callable
}

func (r *Realm) captureIntrinsics() {
	rt := r.rt
	json := rt.Get("JSON").(*goja.Object)
	callable := func(o *goja.Object, name string) goja.Callable {
		fn, ok := goja.AssertFunction(o.Get(name))
		if !ok {
			panic("jsapi: missing intrinsic " + name)
		}
		return fn
	}
	r.in.jsonParse = callable(json, "parse")
	r.in.jsonStringify = callable(json, "stringify")
	r.in.isView = callable(rt.Get("ArrayBuffer").(*goja.Object), "isView")
	r.in.uint8Array = rt.Get("Uint8Array").(*goja.Object)
	r.in.mapCtor = rt.Get("Map").(*goja.Object)
	r.in.mapSet = callable(r.in.mapCtor.Get("prototype").(*goja.Object), "set")
	arrayIter, err := rt.RunString("Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))")
	if err != nil {
		panic(err)
	}
	r.in.iteratorProto = arrayIter.(*goja.Object)
}

func (r *Realm) jsonParse(this, text goja.Value) (goja.Value, error) {
	return r.in.jsonParse(this, text)
}

func (r *Realm) jsonStringify(this, v goja.Value) (goja.Value, error) {
	return r.in.jsonStringify(this, v)
}

func (r *Realm) isViewFn(this goja.Value, v goja.Value) (goja.Value, error) {
	return r.in.isView(this, v)
}

// newUint8Array returns a Uint8Array over data (not copied).
func (r *Realm) newUint8Array(data []byte) goja.Value {
	buf := r.rt.NewArrayBuffer(data)
	o, err := r.rt.New(r.in.uint8Array, r.rt.ToValue(buf))
	if err != nil {
		panic(err)
	}
	return o
}

// decodeUTF8 decodes bytes as the Encoding Standard's "UTF-8 decode" does:
// a leading BOM is dropped and each maximal invalid subsequence becomes
// U+FFFD.
func decodeUTF8(data []byte) string {
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		data = data[3:]
	}
	return decodeUTF8Keep(data)
}

// decodeUTF8Keep decodes bytes as UTF-8 keeping a leading BOM (as V8's
// String::NewFromUtf8 does, which Blob.text uses in workerd).
func decodeUTF8Keep(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	out := make([]rune, 0, len(data))
	for i := 0; i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		if c == utf8.RuneError && size <= 1 {
			// Skip the rest of a truncated sequence as one error, as the
			// standard's decoder does, not byte by byte.
			size = invalidPrefixLength(data[i:])
		}
		out = append(out, c)
		i += size
	}
	return string(out)
}

// invalidPrefixLength returns how many bytes of b form one maximal
// subpart of an ill-formed sequence (at least 1).
func invalidPrefixLength(b []byte) int {
	lead := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		need = 1
	case lead == 0xE0:
		need, lo = 2, 0xA0
	case lead >= 0xE1 && lead <= 0xEC, lead == 0xEE, lead == 0xEF:
		need = 2
	case lead == 0xED:
		need, hi = 2, 0x9F
	case lead == 0xF0:
		need, lo = 3, 0x90
	case lead >= 0xF1 && lead <= 0xF3:
		need = 3
	case lead == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		if b[n] < lo || b[n] > hi {
			return n
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}

// iterator is the state of an API iterator (Headers Iterator…): a fixed
// list produced lazily by at.
type iterator struct {
	n, next int
	at      func(i int) goja.Value
}

// newIterator returns an iterator object whose prototype is the named
// iterator class (created on first use, inheriting %IteratorPrototype%).
func (r *Realm) newIterator(tag string, n int, at func(i int) goja.Value) *goja.Object {
	proto, ok := r.protos[tag]
	if !ok {
		proto = r.rt.CreateObject(r.in.iteratorProto)
		must(proto.DefineDataProperty("next", r.function("next", 0, func(call goja.FunctionCall) goja.Value {
			it := unwrap[*iterator](r, call.This)
			res := r.rt.NewObject()
			if it.next >= it.n {
				must(res.Set("value", goja.Undefined()))
				must(res.Set("done", true))
				return res
			}
			v := it.at(it.next)
			it.next++
			must(res.Set("value", v))
			must(res.Set("done", false))
			return res
		}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
		must(proto.DefineDataPropertySymbol(goja.SymToStringTag, r.rt.ToValue(tag), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
		r.protos[tag] = proto
	}
	o := r.rt.CreateObject(proto)
	setSlot(r.rt, o, &iterator{n: n, at: at})
	return o
}
