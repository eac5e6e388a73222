package v8serial

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"time"
	"unicode/utf16"

	"github.com/dop251/goja"
)

// maxDepth bounds how deeply objects may nest, in both directions. V8 gives up somewhere between 3,000
// and 5,000 levels (its stack limit); the bound here is higher so that anything V8 wrote can be read,
// and low enough that a hostile buffer cannot exhaust the goroutine stack.
const maxDepth = 10000

var errTooDeep = fmt.Errorf("v8serial: objects nested more than %d levels deep", maxDepth)

// The Go types goja's ExportType reports. They classify values without exporting them: goja keeps
// Map, Set, Promise, ArrayBuffer and typed arrays under the class name "Object", and ExportType is the
// cheapest public signal that tells them apart.
var (
	typeInt64       = reflect.TypeOf(int64(0))
	typeFloat64     = reflect.TypeOf(float64(0))
	typeBool        = reflect.TypeOf(false)
	typeString      = reflect.TypeOf("")
	typeBigInt      = reflect.TypeOf((*big.Int)(nil))
	typeProxy       = reflect.TypeOf(goja.Proxy{})
	typePromise     = reflect.TypeOf((*goja.Promise)(nil))
	typeArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeMapEntries  = reflect.TypeOf([][2]any(nil))
	typeSetElements = reflect.TypeOf([]any(nil))
)

// typedArrayTags maps the slice type a typed array exports as to its view sub-tag. Uint8Array and
// Uint8ClampedArray both export []uint8; Symbol.toStringTag tells them apart.
var typedArrayTags = map[reflect.Type]byte{
	reflect.TypeOf([]uint8(nil)):   viewUint8,
	reflect.TypeOf([]int8(nil)):    viewInt8,
	reflect.TypeOf([]uint16(nil)):  viewUint16,
	reflect.TypeOf([]int16(nil)):   viewInt16,
	reflect.TypeOf([]uint32(nil)):  viewUint32,
	reflect.TypeOf([]int32(nil)):   viewInt32,
	reflect.TypeOf([]float32(nil)): viewFloat32,
	reflect.TypeOf([]float64(nil)): viewFloat64,
	reflect.TypeOf([]int64(nil)):   viewBigInt64,
	reflect.TypeOf([]uint64(nil)):  viewBigUint64,
}

// Serialize encodes v the way V8's ValueSerializer does, header included. It runs JS (getters) in rt
// and must be called on the goroutine that owns rt. A value that cannot be cloned yields a
// *DataCloneError; an exception thrown by a getter is returned as the *goja.Exception.
func Serialize(rt *goja.Runtime, v goja.Value, opts *Options) ([]byte, error) {
	s := serializer{rt: rt, buf: make([]byte, 0, 64)}
	if opts != nil {
		s.hook = opts.HostObject
		s.nullProtoToHost = opts.NullPrototypeToHost
	}
	s.buf = append(s.buf, tagVersion, formatVersion)
	var err error
	if ex := rt.Try(func() { err = s.writeValue(v) }); ex != nil {
		return nil, ex
	}
	if err != nil {
		return nil, err
	}
	return s.buf, nil
}

type serializer struct {
	rt   *goja.Runtime
	hook func(*HostWriter, *goja.Object) (bool, error)
	// nullProtoToHost sends null-prototype objects to hook as class instances.
	nullProtoToHost bool
	buf             []byte

	// ids numbers every object written so far, in order, for back-references. V8 numbers objects the
	// same way, so the ids in our output match Node's.
	ids   map[*goja.Object]uint32
	depth int

	// objectProto is Object.prototype, the mark of a plain object. known holds the other built-ins the
	// serializer needs, looked up the first time an object has another prototype or is a Map or Set.
	objectProto *goja.Object
	known       *intrinsics

	// pending collects Map and Set contents before they are written (V8 copies them first as well, so
	// that getters run while writing cannot change what is written). The collectors append to it.
	pending                    []goja.Value
	mapCollector, setCollector goja.Value
}

type intrinsics struct {
	dataView, weakMap, weakSet, iterator *goja.Object
	mapForEach, setForEach               goja.Callable
}

func (s *serializer) writeValue(v goja.Value) error {
	switch v := v.(type) {
	case *goja.Object:
		return s.writeObject(v)
	case goja.String:
		s.writeString(v)
		return nil
	case *goja.Symbol:
		return uncloneable(v)
	case nil:
		s.buf = append(s.buf, tagUndefined)
		return nil
	}
	switch v.ExportType() {
	case typeInt64:
		s.writeInt(v.ToInteger())
	case typeFloat64:
		s.writeNumber(v.ToFloat())
	case typeBool:
		if v.ToBoolean() {
			s.buf = append(s.buf, tagTrue)
		} else {
			s.buf = append(s.buf, tagFalse)
		}
	case typeBigInt:
		s.buf = append(s.buf, tagBigInt)
		return s.writeBigIntContents(v.Export().(*big.Int))
	default:
		if goja.IsNull(v) {
			s.buf = append(s.buf, tagNull)
		} else {
			s.buf = append(s.buf, tagUndefined)
		}
	}
	return nil
}

// writeInt writes an integer as a Smi when it fits in 32 bits (Node's Smi range) and as a double
// otherwise, which is how V8 represents the same number.
func (s *serializer) writeInt(i int64) {
	if i >= math.MinInt32 && i <= math.MaxInt32 {
		s.buf = append(s.buf, tagInt32)
		s.buf = appendZigZag(s.buf, int32(i))
		return
	}
	s.buf = append(s.buf, tagDouble)
	s.buf = appendDouble(s.buf, float64(i))
}

func (s *serializer) writeNumber(f float64) {
	if i := int32(f); float64(i) == f && (i != 0 || !math.Signbit(f)) {
		s.buf = append(s.buf, tagInt32)
		s.buf = appendZigZag(s.buf, i)
		return
	}
	s.buf = append(s.buf, tagDouble)
	s.buf = appendDouble(s.buf, f)
}

// writeBigIntContents writes V8's BigInt layout: a bitfield (sign in bit 0, digit byte length above
// it) followed by the magnitude as little-endian 64-bit digits.
func (s *serializer) writeBigIntContents(x *big.Int) error {
	mag := x.Bytes()
	n := (len(mag) + 7) / 8 * 8
	if n > bigIntMaxByteLength {
		return &DataCloneError{Message: "BigInt too big to be cloned."}
	}
	bitfield := uint64(n) << 1
	if x.Sign() < 0 {
		bitfield |= 1
	}
	s.buf = appendVarint(s.buf, bitfield)
	for i := len(mag) - 1; i >= 0; i-- {
		s.buf = append(s.buf, mag[i])
	}
	for i := len(mag); i < n; i++ {
		s.buf = append(s.buf, 0)
	}
	return nil
}

// writeString writes a goja string with its tag: one byte per character when every UTF-16 code unit
// fits in Latin-1 (as V8 stores such strings), two bytes per code unit otherwise.
func (s *serializer) writeString(str goja.String) {
	n := str.Length()
	// goja keeps ASCII strings as Go strings, so String() costs nothing for them; any other character
	// makes the UTF-8 form longer than the UTF-16 one.
	if g := str.String(); len(g) == n && isASCII(g) {
		s.writeOneByte(g)
		return
	}
	latin1 := true
	for i := 0; i < n; i++ {
		if str.CharAt(i) > 0xFF {
			latin1 = false
			break
		}
	}
	if latin1 {
		s.buf = append(s.buf, tagOneByteString)
		s.buf = appendVarint(s.buf, uint64(n))
		for i := 0; i < n; i++ {
			s.buf = append(s.buf, byte(str.CharAt(i)))
		}
		return
	}
	s.beginTwoByte(n)
	for i := 0; i < n; i++ {
		c := str.CharAt(i)
		s.buf = append(s.buf, byte(c), byte(c>>8))
	}
}

// writeGoString writes a property key, which goja hands out as a Go string.
func (s *serializer) writeGoString(str string) {
	if isASCII(str) {
		s.writeOneByte(str)
		return
	}
	units, latin1 := 0, true
	for _, r := range str {
		if r > 0xFF {
			latin1 = false
		}
		if r > 0xFFFF {
			units += 2
		} else {
			units++
		}
	}
	if latin1 {
		s.buf = append(s.buf, tagOneByteString)
		s.buf = appendVarint(s.buf, uint64(units))
		for _, r := range str {
			s.buf = append(s.buf, byte(r))
		}
		return
	}
	s.beginTwoByte(units)
	for _, r := range str {
		if r > 0xFFFF {
			hi, lo := utf16.EncodeRune(r)
			s.buf = append(s.buf, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
		} else {
			s.buf = append(s.buf, byte(r), byte(r>>8))
		}
	}
}

func (s *serializer) writeOneByte(ascii string) {
	s.buf = append(s.buf, tagOneByteString)
	s.buf = appendVarint(s.buf, uint64(len(ascii)))
	s.buf = append(s.buf, ascii...)
}

// beginTwoByte writes the padding (if needed), tag and length of a string of units UTF-16 code units.
func (s *serializer) beginTwoByte(units int) {
	if needsTwoBytePadding(len(s.buf), 2*units) {
		s.buf = append(s.buf, tagPadding)
	}
	s.buf = append(s.buf, tagTwoByteString)
	s.buf = appendVarint(s.buf, uint64(2*units))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// objKind is what an object is written as.
type objKind uint8

const (
	kindPlain         objKind = iota // own enumerable string-keyed properties
	kindClassInstance                // as kindPlain, unless the host hook takes it
	kindHostOnly                     // functions, proxies, promises: the host hook or a DataCloneError
	kindUncloneable
	kindArray
	kindDate
	kindRegExp
	kindError
	kindNumberObject
	kindStringObject
	kindBooleanObject
	kindBigIntObject
	kindMap
	kindSet
	kindArrayBuffer
	kindView
)

func (s *serializer) writeObject(o *goja.Object) error {
	if id, ok := s.ids[o]; ok {
		s.buf = append(s.buf, tagObjectReference)
		s.buf = appendVarint(s.buf, uint64(id))
		return nil
	}
	if s.depth >= maxDepth {
		return errTooDeep
	}
	s.depth++
	defer func() { s.depth-- }()

	kind, viewTag := s.classify(o)
	if kind == kindView {
		return s.writeView(o, viewTag)
	}
	s.assignID(o)
	switch kind {
	case kindPlain:
		return s.writePlainObject(o)
	case kindClassInstance:
		if handled, err := s.tryHost(o); handled || err != nil {
			return err
		}
		return s.writePlainObject(o)
	case kindHostOnly:
		if handled, err := s.tryHost(o); handled || err != nil {
			return err
		}
		return uncloneable(o)
	case kindArray:
		return s.writeArray(o)
	case kindDate:
		ms := math.NaN()
		if t, ok := o.Export().(time.Time); ok {
			ms = float64(t.UnixMilli())
		}
		s.buf = append(s.buf, tagDate)
		s.buf = appendDouble(s.buf, ms)
	case kindRegExp:
		s.writeRegExp(o)
	case kindError:
		return s.writeError(o)
	case kindNumberObject:
		f, ok := o.Export().(float64)
		if !ok {
			f = float64(o.Export().(int64))
		}
		s.buf = append(s.buf, tagNumberObject)
		s.buf = appendDouble(s.buf, f)
	case kindStringObject:
		s.buf = append(s.buf, tagStringObject)
		s.writeString(s.toString(o))
	case kindBooleanObject:
		if o.Export().(bool) {
			s.buf = append(s.buf, tagTrueObject)
		} else {
			s.buf = append(s.buf, tagFalseObject)
		}
	case kindBigIntObject:
		s.buf = append(s.buf, tagBigIntObject)
		return s.writeBigIntContents(o.Export().(*big.Int))
	case kindMap:
		return s.writeCollection(o, true)
	case kindSet:
		return s.writeCollection(o, false)
	case kindArrayBuffer:
		ab := o.Export().(goja.ArrayBuffer)
		if ab.Detached() {
			return &DataCloneError{Message: errDetachedBuffer}
		}
		data := ab.Bytes()
		s.buf = append(s.buf, tagArrayBuffer)
		s.buf = appendVarint(s.buf, uint64(len(data)))
		s.buf = append(s.buf, data...)
	default:
		return uncloneable(o)
	}
	return nil
}

func (s *serializer) assignID(o *goja.Object) {
	if s.ids == nil {
		s.ids = make(map[*goja.Object]uint32)
	}
	s.ids[o] = uint32(len(s.ids))
}

// classify decides how o is written, from its class name and export type, without running JS except
// for the Symbol.toStringTag getter that separates Uint8Array from Uint8ClampedArray.
func (s *serializer) classify(o *goja.Object) (objKind, byte) {
	t := o.ExportType()
	if t == typeProxy {
		return kindHostOnly, 0
	}
	if _, ok := goja.AssertFunction(o); ok {
		return kindHostOnly, 0
	}
	if o == s.rt.GlobalObject() { // V8's global proxy is an exotic object
		return kindUncloneable, 0
	}
	switch o.ClassName() {
	case "Object":
		switch t {
		case typeArrayBuffer:
			return kindArrayBuffer, 0
		case typeMapEntries:
			return kindMap, 0
		case typeSetElements:
			return kindSet, 0
		case typeBigInt:
			return kindBigIntObject, 0
		case typePromise: // the host may know promises of its own
			return kindHostOnly, 0
		case typeString: // a Symbol wrapper
			return kindUncloneable, 0
		}
		if tag, ok := typedArrayTags[t]; ok {
			if tag == viewUint8 && s.toString(o.GetSymbol(goja.SymToStringTag)).String() == "Uint8ClampedArray" {
				tag = viewUint8Clamped
			}
			return kindView, tag
		}
		return s.classifyByPrototype(o)
	case "Array":
		return kindArray, 0
	case "Date":
		return kindDate, 0
	case "RegExp":
		return kindRegExp, 0
	case "Error":
		return kindError, 0
	case "Number":
		if t == typeInt64 || t == typeFloat64 {
			return kindNumberObject, 0
		}
	case "String":
		return kindStringObject, 0
	case "Boolean":
		if t == typeBool {
			return kindBooleanObject, 0
		}
	case "Arguments":
		return kindUncloneable, 0
	}
	// Math, JSON and Go values wrapped by ToValue are written as plain objects.
	return kindPlain, 0
}

// classifyByPrototype sorts out objects goja gives no class of their own: plain objects, class
// instances, and the built-ins found by walking the prototype chain (DataView, which is cloneable;
// WeakMap, WeakSet, iterators and generators, which are not).
func (s *serializer) classifyByPrototype(o *goja.Object) (objKind, byte) {
	proto := o.Prototype()
	if s.objectProto == nil {
		// Object.prototype ends the global object's prototype chain (which
		// may pass through ServiceWorkerGlobalScope and EventTarget first);
		// walking it allocates nothing.
		p := s.rt.GlobalObject()
		for p.Prototype() != nil {
			p = p.Prototype()
		}
		s.objectProto = p
	}
	if proto == s.objectProto || (proto == nil && !s.nullProtoToHost) {
		return kindPlain, 0
	}
	if proto == nil {
		return kindClassInstance, 0
	}
	known := s.lookupIntrinsics()
	for p := proto; p != nil && p != s.objectProto; p = p.Prototype() {
		switch p {
		case known.dataView:
			return kindView, viewDataView
		case known.weakMap, known.weakSet, known.iterator:
			return kindUncloneable, 0
		}
	}
	return kindClassInstance, 0
}

// lookupIntrinsics finds the built-in prototypes and methods the serializer needs beyond
// Object.prototype. They come from the global object, except %IteratorPrototype%, which only an
// iterator leads to.
func (s *serializer) lookupIntrinsics() *intrinsics {
	if s.known != nil {
		return s.known
	}
	p := &intrinsics{
		dataView: globalPrototype(s.rt, "DataView"),
		weakMap:  globalPrototype(s.rt, "WeakMap"),
		weakSet:  globalPrototype(s.rt, "WeakSet"),
	}
	if values, ok := goja.AssertFunction(s.rt.NewArray().GetSymbol(goja.SymIterator)); ok {
		if it, err := values(s.rt.NewArray()); err == nil {
			if arrayIteratorProto := it.ToObject(s.rt).Prototype(); arrayIteratorProto != nil {
				p.iterator = arrayIteratorProto.Prototype()
			}
		}
	}
	if m := globalPrototype(s.rt, "Map"); m != nil {
		p.mapForEach, _ = goja.AssertFunction(m.Get("forEach"))
	}
	if set := globalPrototype(s.rt, "Set"); set != nil {
		p.setForEach, _ = goja.AssertFunction(set.Get("forEach"))
	}
	s.known = p
	return p
}

func globalPrototype(rt *goja.Runtime, name string) *goja.Object {
	if ctor, ok := rt.Get(name).(*goja.Object); ok {
		if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
			return proto
		}
	}
	return nil
}

// tryHost offers o to the embedder's hook. The host-object tag is written first so that the payload
// follows it directly, and taken back when the hook declines.
func (s *serializer) tryHost(o *goja.Object) (bool, error) {
	if s.hook == nil {
		return false, nil
	}
	mark := len(s.buf)
	s.buf = append(s.buf, tagHostObject)
	handled, err := s.hook(&HostWriter{s: s}, o)
	if err != nil {
		return false, err
	}
	if !handled {
		if len(s.buf) != mark+1 {
			return false, errors.New("v8serial: Options.HostObject wrote a payload but returned handled=false")
		}
		s.buf = s.buf[:mark]
	}
	return handled, nil
}

func (s *serializer) writePlainObject(o *goja.Object) error {
	s.buf = append(s.buf, tagBeginJSObject)
	n, err := s.writeProperties(o, o.Keys())
	if err != nil {
		return err
	}
	s.buf = append(s.buf, tagEndJSObject)
	s.buf = appendVarint(s.buf, uint64(n))
	return nil
}

// writeProperties writes key/value pairs and returns how many it wrote. Values are read with Get, so
// getters run; a property a getter deleted in the meantime is skipped, as V8 skips it.
func (s *serializer) writeProperties(o *goja.Object, keys []string) (uint32, error) {
	var n uint32
	for _, k := range keys {
		v := o.Get(k)
		if v == nil {
			continue
		}
		if idx, ok := arrayIndex(k); ok {
			s.writeInt(int64(idx)) // V8 keeps integer keys as numbers
		} else {
			s.writeGoString(k)
		}
		if err := s.writeValue(v); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// arrayIndex reports whether k is the canonical form of an array index (0 to 2^32-2), the keys V8
// stores as elements and writes as numbers.
func arrayIndex(k string) (uint32, bool) {
	if k == "" || len(k) > 10 || (k[0] == '0' && len(k) > 1) {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if v > math.MaxUint32-1 {
		return 0, false
	}
	return uint32(v), true
}

// writeArray writes a dense array when every index below length is present ('A': the elements, then
// the other properties) and a sparse one otherwise ('a': only the present keys). V8 decides by the
// array's elements kind, which for arrays built without holes comes to the same thing.
func (s *serializer) writeArray(o *goja.Object) error {
	keys := o.Keys()
	length := uint32(o.Get("length").ToInteger())
	// goja lists the index keys first and in ascending order, as the spec's property order requires, so
	// the array is dense exactly when that run counts length keys.
	indices := 0
	for indices < len(keys) {
		if _, ok := arrayIndex(keys[indices]); !ok {
			break
		}
		indices++
	}
	idxKeys, names := keys[:indices], keys[indices:]
	if uint32(indices) != length {
		return s.writeSparseArray(o, idxKeys, names, length)
	}

	s.buf = append(s.buf, tagBeginDenseJSArray)
	s.buf = appendVarint(s.buf, uint64(length))
	start := len(s.buf)
	allNumbers, anyInt, anyDouble := true, false, false
	for _, k := range idxKeys {
		v := o.Get(k)
		if v == nil { // deleted by a getter while writing: too late to go sparse
			s.buf = append(s.buf, tagTheHole)
			allNumbers = false
			continue
		}
		at := len(s.buf)
		if err := s.writeValue(v); err != nil {
			return err
		}
		switch s.buf[at] {
		case tagInt32:
			anyInt = true
		case tagDouble:
			anyDouble = true
		default:
			allNumbers = false
		}
	}
	if allNumbers && anyInt && anyDouble {
		// V8 stores an array of numbers that are not all Smis as raw doubles and writes every element
		// as 'N', the integral ones included.
		s.buf = rewriteAsDoubles(s.buf, start)
	}
	n, err := s.writeProperties(o, names)
	if err != nil {
		return err
	}
	s.buf = append(s.buf, tagEndDenseJSArray)
	s.buf = appendVarint(s.buf, uint64(n))
	s.buf = appendVarint(s.buf, uint64(length))
	return nil
}

func (s *serializer) writeSparseArray(o *goja.Object, idxKeys, names []string, length uint32) error {
	s.buf = append(s.buf, tagBeginSparseJSArray)
	s.buf = appendVarint(s.buf, uint64(length))
	n, err := s.writeProperties(o, idxKeys)
	if err != nil {
		return err
	}
	m, err := s.writeProperties(o, names)
	if err != nil {
		return err
	}
	s.buf = append(s.buf, tagEndSparseJSArray)
	s.buf = appendVarint(s.buf, uint64(n+m))
	s.buf = appendVarint(s.buf, uint64(length))
	return nil
}

// rewriteAsDoubles turns the run of 'I' and 'N' elements from start on into all 'N'.
func rewriteAsDoubles(buf []byte, start int) []byte {
	in := decoder{data: buf, pos: start}
	out := make([]byte, 0, (len(buf)-start)*9)
	for in.pos < len(buf) {
		tag, _ := in.readByte()
		var f float64
		if tag == tagInt32 {
			i, _ := in.readZigZag()
			f = float64(i)
		} else {
			f, _ = in.readDouble()
		}
		out = append(out, tagDouble)
		out = appendDouble(out, f)
	}
	return append(buf[:start], out...)
}

func (s *serializer) writeRegExp(o *goja.Object) {
	var flags uint32
	for _, c := range []byte(s.toString(o.Get("flags")).String()) {
		for _, f := range regExpFlagBits {
			if f.char == c {
				flags |= f.bit
			}
		}
	}
	s.buf = append(s.buf, tagRegExp)
	s.writeString(s.toString(o.Get("source")))
	s.buf = appendVarint(s.buf, uint64(flags))
}

// writeError writes what V8 keeps of an Error: which built-in prototype its name points to, the own
// message, the stack if it is a string, and the own cause. Other properties, and names that are not
// a built-in error type, are lost: the copy is a plain Error.
func (s *serializer) writeError(o *goja.Object) error {
	var hasMessage, hasCause bool
	for _, name := range o.GetOwnPropertyNames() {
		switch name {
		case "message":
			hasMessage = true
		case "cause":
			hasCause = true
		}
	}
	s.buf = append(s.buf, tagError)
	switch s.toString(o.Get("name")).String() {
	case "EvalError":
		s.buf = append(s.buf, errEvalErrorPrototype)
	case "RangeError":
		s.buf = append(s.buf, errRangeErrorPrototype)
	case "ReferenceError":
		s.buf = append(s.buf, errReferenceErrorPrototype)
	case "SyntaxError":
		s.buf = append(s.buf, errSyntaxErrorPrototype)
	case "TypeError":
		s.buf = append(s.buf, errTypeErrorPrototype)
	case "URIError":
		s.buf = append(s.buf, errURIErrorPrototype)
	}
	if hasMessage {
		s.buf = append(s.buf, errMessage)
		s.writeString(s.toString(o.Get("message")))
	}
	if stack, ok := o.Get("stack").(goja.String); ok {
		s.buf = append(s.buf, errStack)
		s.writeString(stack)
	}
	// Current V8 (and so workerd) writes the cause after the stack, so that a reader has the Error in
	// hand before a cause that refers back to it; Node 20's V8 wrote it before the stack.
	if hasCause {
		s.buf = append(s.buf, errCause)
		if err := s.writeValue(o.Get("cause")); err != nil {
			return err
		}
	}
	s.buf = append(s.buf, errEnd)
	return nil
}

// writeCollection writes a Map (key/value pairs) or a Set. The contents are collected through the
// intrinsic forEach first, then written.
func (s *serializer) writeCollection(o *goja.Object, isMap bool) error {
	known := s.lookupIntrinsics()
	forEach, collector := known.setForEach, s.setCollector
	if isMap {
		forEach, collector = known.mapForEach, s.mapCollector
	}
	if forEach == nil {
		return uncloneable(o)
	}
	if collector == nil {
		collector = s.newCollector(isMap)
	}
	start := len(s.pending)
	if _, err := forEach(o, collector); err != nil {
		return err
	}
	end := len(s.pending)
	begin, finish := byte(tagBeginJSSet), byte(tagEndJSSet)
	if isMap {
		begin, finish = tagBeginJSMap, tagEndJSMap
	}
	s.buf = append(s.buf, begin)
	// Writing an element may collect a nested collection's contents after end; indexing (rather than
	// ranging over a slice taken now) stays valid when that grows s.pending.
	for i := start; i < end; i++ {
		if err := s.writeValue(s.pending[i]); err != nil {
			return err
		}
	}
	s.pending = s.pending[:start]
	s.buf = append(s.buf, finish)
	s.buf = appendVarint(s.buf, uint64(end-start))
	return nil
}

func (s *serializer) newCollector(isMap bool) goja.Value {
	if isMap {
		s.mapCollector = s.rt.ToValue(func(call goja.FunctionCall) goja.Value {
			s.pending = append(s.pending, call.Argument(1), call.Argument(0))
			return goja.Undefined()
		})
		return s.mapCollector
	}
	s.setCollector = s.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		s.pending = append(s.pending, call.Argument(0))
		return goja.Undefined()
	})
	return s.setCollector
}

// writeView writes a typed array or DataView: its buffer first (or a reference to it), then the view
// record. V8 numbers the buffer before the view, and a reader builds the view over the buffer it has
// just read.
func (s *serializer) writeView(o *goja.Object, tag byte) error {
	buffer, ok := o.Get("buffer").(*goja.Object)
	if !ok || buffer.ExportType() != typeArrayBuffer {
		return uncloneable(o)
	}
	if err := s.writeObject(buffer); err != nil {
		return err
	}
	s.assignID(o)
	s.buf = append(s.buf, tagArrayBufferView, tag)
	s.buf = appendVarint(s.buf, uint64(o.Get("byteOffset").ToInteger()))
	s.buf = appendVarint(s.buf, uint64(o.Get("byteLength").ToInteger()))
	// Flags: goja has no resizable buffers, so a view is never length-tracking nor backed by one.
	s.buf = append(s.buf, 0)
	return nil
}

// toString converts a value the way String(v) does. A string (or what an object converts to) keeps
// goja's UTF-16 form, lone surrogates included.
func (s *serializer) toString(v goja.Value) goja.String {
	if v == nil {
		v = goja.Undefined()
	}
	if o, ok := v.(*goja.Object); ok {
		v = o.ToString()
	}
	if str, ok := v.(goja.String); ok {
		return str
	}
	return s.rt.ToValue(v.String()).(goja.String)
}
