package v8serial

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/dop251/goja"
)

// Deserialize decodes bytes written by Serialize, V8, Node or workerd into a value of rt. It must be
// called on the goroutine that owns rt. Errors for unreadable input wrap ErrInvalid (an error from
// Options.ReadHostObject is returned as is); trailing bytes after the value are ignored, as V8 ignores
// them.
func Deserialize(rt *goja.Runtime, data []byte, opts *Options) (goja.Value, error) {
	d := deserializer{rt: rt, in: decoder{data: data}}
	if opts != nil {
		d.readHost = opts.ReadHostObject
	}
	if err := d.readHeader(); err != nil {
		return nil, err
	}
	var v goja.Value
	var err error
	if ex := rt.Try(func() { v, err = d.readValue() }); ex != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, ex)
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

type deserializer struct {
	rt       *goja.Runtime
	in       decoder
	readHost func(*HostReader) (*goja.Object, error)
	version  uint32
	depth    int

	// objects holds every object read so far by id, for back-references. An entry with a nil obj is an
	// object still being read; only a dense array can be referenced in that state (see readDenseArray).
	objects []objectSlot

	globals        map[string]*goja.Object
	mapSet, setAdd goja.Callable
}

type objectSlot struct {
	obj       *goja.Object
	lazyArray bool
}

func (d *deserializer) readHeader() error {
	tag, err := d.in.readByte()
	if err != nil {
		return err
	}
	if tag != tagVersion {
		d.in.pos--
		return d.in.errorf("missing version header")
	}
	if d.version, err = d.in.readUint32(); err != nil {
		return err
	}
	// Version 0 is the headerless stack-based format of old Blink; nothing this project meets writes it.
	if d.version == 0 || d.version > formatVersion {
		return d.in.errorf("unsupported format version %d", d.version)
	}
	return nil
}

func (d *deserializer) readValue() (goja.Value, error) {
	if d.depth >= maxDepth {
		return nil, d.in.errorf("objects nested more than %d levels deep", maxDepth)
	}
	d.depth++
	v, err := d.readTagged()
	d.depth--
	if err != nil {
		return nil, err
	}
	// A view record follows the buffer it views (a quirk V8 keeps from its old stack-based format).
	if tag, err := d.in.peekTag(); err == nil && tag == tagArrayBufferView {
		if buf, ok := v.(*goja.Object); ok && buf.ExportType() == typeArrayBuffer {
			_, _ = d.in.readTag()
			return d.readView(buf)
		}
	}
	return v, nil
}

func (d *deserializer) readTagged() (goja.Value, error) {
	tag, err := d.in.readTag()
	if err != nil {
		return nil, err
	}
	switch tag {
	case tagVerifyObjectCount: // an old hint, safe to ignore
		if _, err := d.in.readUint32(); err != nil {
			return nil, err
		}
		return d.readValue()
	case tagUndefined:
		return goja.Undefined(), nil
	case tagNull:
		return goja.Null(), nil
	case tagTrue:
		return d.rt.ToValue(true), nil
	case tagFalse:
		return d.rt.ToValue(false), nil
	case tagInt32:
		i, err := d.in.readZigZag()
		return d.rt.ToValue(int64(i)), err
	case tagUint32:
		u, err := d.in.readUint32()
		return d.rt.ToValue(int64(u)), err
	case tagDouble:
		f, err := d.in.readDouble()
		return d.rt.ToValue(f), err
	case tagBigInt:
		x, err := d.readBigIntContents()
		if err != nil {
			return nil, err
		}
		return d.rt.ToValue(x), nil
	case tagUTF8String:
		return d.readUTF8String()
	case tagOneByteString:
		return d.readOneByteString()
	case tagTwoByteString:
		return d.readTwoByteString()
	case tagObjectReference:
		return d.readReference()
	case tagBeginJSObject:
		return d.readPlainObject()
	case tagBeginSparseJSArray:
		return d.readSparseArray()
	case tagBeginDenseJSArray:
		return d.readDenseArray()
	case tagDate:
		f, err := d.in.readDouble()
		if err != nil {
			return nil, err
		}
		date, err := d.construct("Date", d.rt.ToValue(f))
		if err != nil {
			return nil, err
		}
		return d.register(date), nil
	case tagTrueObject, tagFalseObject, tagNumberObject, tagBigIntObject, tagStringObject:
		return d.readPrimitiveWrapper(tag)
	case tagRegExp:
		return d.readRegExp()
	case tagBeginJSMap:
		return d.readCollection(true)
	case tagBeginJSSet:
		return d.readCollection(false)
	case tagArrayBuffer:
		return d.readArrayBuffer(false)
	case tagResizableArrayBuffer:
		return d.readArrayBuffer(true)
	case tagError:
		return d.readError()
	case tagHostObject:
		return d.readHostObject()
	}
	d.in.pos--
	return nil, d.in.errorf("unsupported tag %q", tag)
}

func (d *deserializer) readBigIntContents() (*big.Int, error) {
	bitfield, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	digits, err := d.in.readRaw(uint64(bitfield>>1) & bigIntMaxByteLength)
	if err != nil {
		return nil, err
	}
	mag := make([]byte, len(digits))
	for i, b := range digits {
		mag[len(mag)-1-i] = b
	}
	x := new(big.Int).SetBytes(mag)
	if bitfield&1 != 0 {
		x.Neg(x)
	}
	return x, nil
}

func (d *deserializer) readUTF8String() (goja.Value, error) {
	n, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	raw, err := d.in.readRaw(uint64(n))
	if err != nil {
		return nil, err
	}
	return d.rt.ToValue(string(raw)), nil // invalid sequences read as U+FFFD, as in V8
}

func (d *deserializer) readOneByteString() (goja.Value, error) {
	n, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	raw, err := d.in.readRaw(uint64(n))
	if err != nil {
		return nil, err
	}
	if isASCII(string(raw)) {
		return d.rt.ToValue(string(raw)), nil
	}
	units := make([]uint16, len(raw))
	for i, b := range raw {
		units[i] = uint16(b) // Latin-1 is the first 256 code points
	}
	return goja.StringFromUTF16(units), nil
}

func (d *deserializer) readTwoByteString() (goja.Value, error) {
	n, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	if n%2 != 0 {
		return nil, d.in.errorf("two-byte string of odd byte length %d", n)
	}
	raw, err := d.in.readRaw(uint64(n))
	if err != nil {
		return nil, err
	}
	units := make([]uint16, n/2)
	for i := range units {
		units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
	}
	return goja.StringFromUTF16(units), nil
}

// readString reads the string inside a RegExp or String object: a tagged string since version 12,
// raw UTF-8 before.
func (d *deserializer) readString() (goja.String, error) {
	var v goja.Value
	var err error
	if d.version < 12 {
		v, err = d.readUTF8String()
	} else {
		v, err = d.readValue()
	}
	if err != nil {
		return nil, err
	}
	str, ok := v.(goja.String)
	if !ok {
		return nil, d.in.errorf("expected a string")
	}
	return str, nil
}

func (d *deserializer) register(o *goja.Object) *goja.Object {
	d.objects = append(d.objects, objectSlot{obj: o})
	return o
}

// reserve takes the next id for an object that can only be created once its contents are read.
func (d *deserializer) reserve(lazyArray bool) int {
	d.objects = append(d.objects, objectSlot{lazyArray: lazyArray})
	return len(d.objects) - 1
}

func (d *deserializer) readReference() (goja.Value, error) {
	id, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	if int(id) >= len(d.objects) {
		return nil, d.in.errorf("reference to unknown object %d", id)
	}
	slot := &d.objects[id]
	if slot.obj == nil {
		if !slot.lazyArray {
			return nil, d.in.errorf("reference to object %d before it is complete", id)
		}
		slot.obj = d.rt.NewArray()
	}
	return slot.obj, nil
}

func (d *deserializer) readPlainObject() (goja.Value, error) {
	o := d.register(d.rt.NewObject())
	n, err := d.readProperties(o, tagEndJSObject)
	if err != nil {
		return nil, err
	}
	if err := d.expectCount(n); err != nil {
		return nil, err
	}
	return o, nil
}

// readProperties reads key/value pairs up to endTag and defines them on o as own data properties
// (defining, unlike assigning, cannot reach a setter such as Object.prototype.__proto__).
func (d *deserializer) readProperties(o *goja.Object, endTag byte) (uint32, error) {
	for n := uint32(0); ; n++ {
		tag, err := d.in.peekTag()
		if err != nil {
			return 0, err
		}
		if tag == endTag {
			_, _ = d.in.readTag()
			return n, nil
		}
		key, value, err := d.readProperty()
		if err != nil {
			return 0, err
		}
		if err := d.define(o, key, value); err != nil {
			return 0, err
		}
	}
}

func (d *deserializer) readProperty() (string, goja.Value, error) {
	k, err := d.readValue()
	if err != nil {
		return "", nil, err
	}
	if !goja.IsString(k) && !goja.IsNumber(k) {
		return "", nil, d.in.errorf("property key is not a string or number")
	}
	v, err := d.readValue()
	if err != nil {
		return "", nil, err
	}
	return k.String(), v, nil // numbers become their canonical string, as keys do in JS
}

func (d *deserializer) define(o *goja.Object, key string, v goja.Value) error {
	if err := o.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// expectCount reads the property or element count that closes an object and checks it.
func (d *deserializer) expectCount(n uint32) error {
	want, err := d.in.readUint32()
	if err != nil {
		return err
	}
	if want != n {
		return d.in.errorf("count %d does not match the %d read", want, n)
	}
	return nil
}

func (d *deserializer) readSparseArray() (goja.Value, error) {
	length, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	a := d.register(d.rt.NewArray())
	if err := a.Set("length", length); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	n, err := d.readProperties(a, tagEndSparseJSArray)
	if err != nil {
		return nil, err
	}
	if err := d.expectCount(n); err != nil {
		return nil, err
	}
	if err := d.expectCount(length); err != nil {
		return nil, err
	}
	return a, nil
}

// readDenseArray collects the elements first and builds the array from them in one call, which in goja
// is about ten times cheaper than defining them one by one. Until then the array's id is reserved; an element that
// refers back to the array gets an empty one, which is filled in place at the end.
func (d *deserializer) readDenseArray() (goja.Value, error) {
	length, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	// Every element takes at least a byte, which bounds what a corrupt length can make us allocate.
	if uint64(length) > uint64(len(d.in.data)-d.in.pos) {
		return nil, d.in.errorf("dense array length %d exceeds the data", length)
	}
	id := d.reserve(true)
	items := make([]any, length)
	var holes []uint32
	for i := range items {
		if tag, err := d.in.peekTag(); err == nil && tag == tagTheHole {
			_, _ = d.in.readTag()
			holes = append(holes, uint32(i))
			continue
		}
		v, err := d.readValue()
		if err != nil {
			return nil, err
		}
		if d.version < 11 && goja.IsUndefined(v) {
			holes = append(holes, uint32(i)) // before version 11 a hole was written as undefined
			continue
		}
		items[i] = v
	}
	type property struct {
		key   string
		value goja.Value
	}
	var props []property
	for {
		tag, err := d.in.peekTag()
		if err != nil {
			return nil, err
		}
		if tag == tagEndDenseJSArray {
			_, _ = d.in.readTag()
			break
		}
		key, value, err := d.readProperty()
		if err != nil {
			return nil, err
		}
		props = append(props, property{key, value})
	}
	if err := d.expectCount(uint32(len(props))); err != nil {
		return nil, err
	}
	if err := d.expectCount(length); err != nil {
		return nil, err
	}

	a := d.objects[id].obj
	if a == nil {
		a = d.rt.NewArray(items...)
		d.objects[id].obj = a
		for _, i := range holes {
			if err := a.Delete(strconv.FormatUint(uint64(i), 10)); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
			}
		}
	} else {
		for i, v := range items {
			if v != nil {
				if err := d.define(a, strconv.Itoa(i), v.(goja.Value)); err != nil {
					return nil, err
				}
			}
		}
		if err := a.Set("length", length); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	for _, p := range props {
		if err := d.define(a, p.key, p.value); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (d *deserializer) readPrimitiveWrapper(tag byte) (goja.Value, error) {
	var v goja.Value
	switch tag {
	case tagTrueObject:
		v = d.rt.ToValue(true)
	case tagFalseObject:
		v = d.rt.ToValue(false)
	case tagNumberObject:
		f, err := d.in.readDouble()
		if err != nil {
			return nil, err
		}
		v = d.rt.ToValue(f)
	case tagBigIntObject:
		x, err := d.readBigIntContents()
		if err != nil {
			return nil, err
		}
		v = d.rt.ToValue(x)
	case tagStringObject:
		s, err := d.readString()
		if err != nil {
			return nil, err
		}
		v = s
	}
	return d.register(v.ToObject(d.rt)), nil
}

func (d *deserializer) readRegExp() (goja.Value, error) {
	id := d.reserve(false)
	source, err := d.readString()
	if err != nil {
		return nil, err
	}
	bits, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	var flags []byte
	for _, f := range regExpFlagBits {
		if bits&f.bit != 0 {
			flags = append(flags, f.char)
			bits &^= f.bit
		}
	}
	if bits != 0 { // includes V8's experimental "linear" flag, which no engine here supports
		return nil, d.in.errorf("unknown RegExp flags %#x", bits)
	}
	re, err := d.construct("RegExp", source, d.rt.ToValue(string(flags)))
	if err != nil {
		return nil, err
	}
	d.objects[id].obj = re
	return re, nil
}

// readCollection reads a Map (key/value pairs) or a Set, adding the entries through the intrinsic set
// and add methods, as V8 does.
func (d *deserializer) readCollection(isMap bool) (goja.Value, error) {
	name, endTag := "Set", byte(tagEndJSSet)
	if isMap {
		name, endTag = "Map", tagEndJSMap
	}
	coll, err := d.construct(name)
	if err != nil {
		return nil, err
	}
	d.register(coll)
	add, err := d.collectionAdder(isMap)
	if err != nil {
		return nil, err
	}
	var n uint32
	for {
		tag, err := d.in.peekTag()
		if err != nil {
			return nil, err
		}
		if tag == endTag {
			_, _ = d.in.readTag()
			break
		}
		entry, err := d.readValue()
		if err != nil {
			return nil, err
		}
		args := []goja.Value{entry}
		if isMap {
			value, err := d.readValue()
			if err != nil {
				return nil, err
			}
			args = append(args, value)
		}
		if _, err := add(coll, args...); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		n += uint32(len(args))
	}
	if err := d.expectCount(n); err != nil {
		return nil, err
	}
	return coll, nil
}

// collectionAdder returns Map.prototype.set or Set.prototype.add, looked up once per Deserialize.
func (d *deserializer) collectionAdder(isMap bool) (goja.Callable, error) {
	cached, name, method := &d.setAdd, "Set", "add"
	if isMap {
		cached, name, method = &d.mapSet, "Map", "set"
	}
	if *cached != nil {
		return *cached, nil
	}
	ctor, err := d.global(name)
	if err != nil {
		return nil, err
	}
	if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
		if fn, ok := goja.AssertFunction(proto.Get(method)); ok {
			*cached = fn
			return fn, nil
		}
	}
	return nil, fmt.Errorf("%w: %s.prototype.%s is not a function", ErrInvalid, name, method)
}

// readArrayBuffer reads an ArrayBuffer. goja has no resizable buffers, so a resizable one becomes a
// fixed-length buffer of its current length.
func (d *deserializer) readArrayBuffer(resizable bool) (goja.Value, error) {
	n, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	if resizable {
		maxLength, err := d.in.readUint32()
		if err != nil {
			return nil, err
		}
		if n > maxLength {
			return nil, d.in.errorf("ArrayBuffer length %d exceeds its maximum %d", n, maxLength)
		}
	}
	raw, err := d.in.readRaw(uint64(n))
	if err != nil {
		return nil, err
	}
	data := make([]byte, n)
	copy(data, raw)
	return d.register(d.rt.ToValue(d.rt.NewArrayBuffer(data)).(*goja.Object)), nil
}

// viewTypes maps a view sub-tag to its constructor and element size.
var viewTypes = map[byte]struct {
	ctor     string
	elemSize uint32
}{
	viewInt8: {"Int8Array", 1}, viewUint8: {"Uint8Array", 1}, viewUint8Clamped: {"Uint8ClampedArray", 1},
	viewInt16: {"Int16Array", 2}, viewUint16: {"Uint16Array", 2}, viewInt32: {"Int32Array", 4},
	viewUint32: {"Uint32Array", 4}, viewFloat32: {"Float32Array", 4}, viewFloat64: {"Float64Array", 8},
	viewBigInt64: {"BigInt64Array", 8}, viewBigUint64: {"BigUint64Array", 8}, viewDataView: {"DataView", 1},
}

func (d *deserializer) readView(buf *goja.Object) (goja.Value, error) {
	sub, err := d.in.readVarint(8)
	if err != nil {
		return nil, err
	}
	offset, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	n, err := d.in.readUint32()
	if err != nil {
		return nil, err
	}
	// Version 14 added flags (length-tracking, backed by a resizable buffer). Without resizable buffers
	// in goja they cannot be honoured; the view keeps the length it had when written.
	if d.version >= 14 {
		if _, err := d.in.readUint32(); err != nil {
			return nil, err
		}
	}
	bufLen := uint32(len(buf.Export().(goja.ArrayBuffer).Bytes()))
	if offset > bufLen || n > bufLen-offset {
		return nil, d.in.errorf("view [%d, +%d) outside its %d-byte buffer", offset, n, bufLen)
	}
	t, ok := viewTypes[byte(sub)]
	if !ok {
		return nil, d.in.errorf("unsupported view type %q", byte(sub))
	}
	if offset%t.elemSize != 0 || n%t.elemSize != 0 {
		return nil, d.in.errorf("%s offset %d or length %d not a multiple of %d", t.ctor, offset, n, t.elemSize)
	}
	length := n / t.elemSize
	view, err := d.construct(t.ctor, buf, d.rt.ToValue(offset), d.rt.ToValue(length))
	if err != nil {
		return nil, err
	}
	return d.register(view), nil
}

// readError rebuilds an Error: the constructor its prototype tag names, the message, the stack and
// the cause. The tags after the prototype are accepted in any order, because Node 20 writes the cause
// before the stack; the Error is created before its cause is read so the cause can refer back to it.
func (d *deserializer) readError() (goja.Value, error) {
	id := d.reserve(false)
	ctor := "Error"
	tag, err := d.readErrorTag()
	if err != nil {
		return nil, err
	}
	if name, ok := errorConstructors[tag]; ok {
		ctor = name
		if tag, err = d.readErrorTag(); err != nil {
			return nil, err
		}
	}
	var message goja.Value
	var stack goja.Value = goja.Undefined()
	var e *goja.Object
	create := func() error {
		var args []goja.Value
		if message != nil {
			args = append(args, message)
		}
		o, err := d.construct(ctor, args...)
		if err != nil {
			return err
		}
		e = o
		d.objects[id].obj = e
		// V8 replaces the stack with what was written, undefined when nothing was: a copy does not
		// carry a stack trace of the place it was deserialized.
		return d.defineHidden(e, "stack", stack)
	}
	for {
		switch tag {
		case errMessage:
			if e != nil {
				return nil, d.in.errorf("Error message after its cause")
			}
			if message, err = d.readString(); err != nil {
				return nil, err
			}
		case errStack:
			if stack, err = d.readString(); err != nil {
				return nil, err
			}
			if e != nil {
				if err := d.defineHidden(e, "stack", stack); err != nil {
					return nil, err
				}
			}
		case errCause:
			if e == nil {
				if err := create(); err != nil {
					return nil, err
				}
			}
			cause, err := d.readValue()
			if err != nil {
				return nil, err
			}
			if err := d.defineHidden(e, "cause", cause); err != nil {
				return nil, err
			}
		case errEnd:
			if e == nil {
				if err := create(); err != nil {
					return nil, err
				}
			}
			return e, nil
		default:
			return nil, d.in.errorf("unknown Error sub-tag %q", tag)
		}
		if tag, err = d.readErrorTag(); err != nil {
			return nil, err
		}
	}
}

// errorConstructors maps an Error prototype sub-tag to its constructor; without one, an Error is read as
// a plain Error.
var errorConstructors = map[byte]string{
	errEvalErrorPrototype: "EvalError", errRangeErrorPrototype: "RangeError",
	errReferenceErrorPrototype: "ReferenceError", errSyntaxErrorPrototype: "SyntaxError",
	errTypeErrorPrototype: "TypeError", errURIErrorPrototype: "URIError",
}

func (d *deserializer) readErrorTag() (byte, error) {
	t, err := d.in.readVarint(8)
	return byte(t), err
}

// defineHidden defines a writable, configurable, non-enumerable data property, the shape of an
// Error's own stack and cause.
func (d *deserializer) defineHidden(o *goja.Object, key string, v goja.Value) error {
	if err := o.DefineDataProperty(key, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

func (d *deserializer) readHostObject() (goja.Value, error) {
	id := d.reserve(false)
	read := d.readHost
	if read == nil {
		read = readNodeHostObject
	}
	o, err := read(&HostReader{d: d})
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, d.in.errorf("Options.ReadHostObject returned no object")
	}
	d.objects[id].obj = o
	return o, nil
}

// global returns a constructor from the global object, looked up once per Deserialize.
func (d *deserializer) global(name string) (*goja.Object, error) {
	if o, ok := d.globals[name]; ok {
		return o, nil
	}
	o, ok := d.rt.Get(name).(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not defined", ErrInvalid, name)
	}
	if d.globals == nil {
		d.globals = make(map[string]*goja.Object)
	}
	d.globals[name] = o
	return o, nil
}

// construct calls new on the global constructor name.
func (d *deserializer) construct(name string, args ...goja.Value) (*goja.Object, error) {
	ctor, err := d.global(name)
	if err != nil {
		return nil, err
	}
	o, err := d.rt.New(ctor, args...)
	if err != nil {
		return nil, fmt.Errorf("%w: new %s: %w", ErrInvalid, name, err)
	}
	return o, nil
}
