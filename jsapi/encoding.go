package jsapi

// TextEncoder and TextDecoder (https://encoding.spec.whatwg.org/#interface-textdecoder)
// as workerd has them. Every label of the Encoding Standard is recognised
// (a label is trimmed of ASCII whitespace and matched without case); the
// "replacement" encoding and unknown labels are refused with a RangeError
// naming the label as given.
//
// UTF-8 and UTF-16 are decoded here, with workerd's quirk for UTF-16: a
// chunk of whole code units that does not end inside a surrogate pair is
// returned as is, lone surrogates included, while anything else (an odd
// byte, a pair split across chunks) goes through a decoder that replaces
// them, as ICU does. windows-1252 (which latin1 and ascii name) maps bytes
// 0x80-0x9F the WHATWG way, undefined ones to the C1 controls. The other
// legacy encodings are decoded with golang.org/x/text.
//
// Missing: for the legacy encodings other than windows-1252, `fatal` is
// approximated (input that decodes to U+FFFD counts as an error), and
// TextEncoderStream/TextDecoderStream come with streams.

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// decodedText is what a decoder produces: UTF-8 text, or UTF-16 code units
// for the UTF-16 decoders, whose output may hold lone surrogates a Go
// string cannot carry.
type decodedText struct {
	s     string
	units []uint16
	utf16 bool
}

// textDecoder decodes a byte stream chunk by chunk. decode returns ok=false
// when fatal is set and the input is malformed; flush ends the stream
// (incomplete sequences become errors) and resets the decoder.
type textDecoder interface {
	decode(in []byte, flush bool) (out decodedText, ok bool)
}

// newTextDecoder returns the decoder for an encoding name from
// encodingForLabel.
func newTextDecoder(name string, fatal, ignoreBOM bool) textDecoder {
	switch name {
	case "utf-8":
		return &utf8Decoder{fatal: fatal, ignoreBOM: ignoreBOM}
	case "utf-16le":
		return &utf16Decoder{fatal: fatal, ignoreBOM: ignoreBOM}
	case "utf-16be":
		return &utf16Decoder{fatal: fatal, ignoreBOM: ignoreBOM, bigEndian: true}
	case "windows-1252":
		return &windows1252Decoder{fatal: fatal}
	}
	return newLegacyDecoder(name, fatal)
}

// encodingForLabel returns the canonical name of the encoding a label
// designates, or "" if workerd refuses it.
func encodingForLabel(label string) string {
	l := strings.ToLower(strings.Trim(label, "\t\n\f\r "))
	for i := 0; i < len(l); i++ {
		if l[i] >= utf8.RuneSelf {
			return ""
		}
	}
	enc, err := htmlindex.Get(l)
	if err != nil {
		return ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil || name == "replacement" {
		return ""
	}
	return name
}

// utf8Decoder is the Encoding Standard's UTF-8 decoder, which replaces each
// maximal subpart of an ill-formed sequence with one U+FFFD.
type utf8Decoder struct {
	fatal, ignoreBOM bool
	// The state of a sequence cut by the end of a chunk.
	codePoint              rune
	bytesSeen, bytesNeeded int
	lower, upper           byte
	// bomDone is set once the stream produced its first character, after
	// which a U+FEFF is content.
	bomDone bool
}

func (d *utf8Decoder) reset() {
	*d = utf8Decoder{fatal: d.fatal, ignoreBOM: d.ignoreBOM}
}

func (d *utf8Decoder) decode(in []byte, flush bool) (decodedText, bool) {
	var b strings.Builder
	b.Grow(len(in))
	ok := true
	fail := func() {
		ok = false
		b.WriteRune(utf8.RuneError)
	}
	for i := 0; i < len(in); i++ {
		c := in[i]
		if d.bytesNeeded == 0 {
			d.lower, d.upper = 0x80, 0xBF
			switch {
			case c < 0x80:
				b.WriteByte(c)
			case c >= 0xC2 && c <= 0xDF:
				d.bytesNeeded, d.codePoint = 1, rune(c&0x1F)
			case c >= 0xE0 && c <= 0xEF:
				if c == 0xE0 {
					d.lower = 0xA0
				} else if c == 0xED {
					d.upper = 0x9F
				}
				d.bytesNeeded, d.codePoint = 2, rune(c&0x0F)
			case c >= 0xF0 && c <= 0xF4:
				if c == 0xF0 {
					d.lower = 0x90
				} else if c == 0xF4 {
					d.upper = 0x8F
				}
				d.bytesNeeded, d.codePoint = 3, rune(c&0x07)
			default:
				fail()
			}
			continue
		}
		if c < d.lower || c > d.upper {
			// The byte is not part of the sequence: the sequence so far is
			// one error, and the byte starts over.
			d.codePoint, d.bytesNeeded, d.bytesSeen, d.lower, d.upper = 0, 0, 0, 0x80, 0xBF
			fail()
			i--
			continue
		}
		d.lower, d.upper = 0x80, 0xBF
		d.codePoint = d.codePoint<<6 | rune(c&0x3F)
		d.bytesSeen++
		if d.bytesSeen == d.bytesNeeded {
			b.WriteRune(d.codePoint)
			d.codePoint, d.bytesNeeded, d.bytesSeen = 0, 0, 0
		}
	}
	if flush && d.bytesNeeded != 0 {
		fail()
	}
	s := b.String()
	if !d.bomDone && len(s) > 0 {
		d.bomDone = true
		if !d.ignoreBOM {
			s = strings.TrimPrefix(s, "\uFEFF")
		}
	}
	if flush || (!ok && d.fatal) {
		d.reset()
	}
	if !ok && d.fatal {
		return decodedText{}, false
	}
	return decodedText{s: s}, true
}

// utf16Decoder decodes UTF-16LE or UTF-16BE.
type utf16Decoder struct {
	fatal, ignoreBOM, bigEndian bool
	// pending holds a byte or a lead surrogate cut by the end of a chunk.
	pending []byte
	bomDone bool
}

func (d *utf16Decoder) unit(b []byte) uint16 {
	if d.bigEndian {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

func (d *utf16Decoder) decode(in []byte, flush bool) (decodedText, bool) {
	var units []uint16
	ok := true
	if len(d.pending) == 0 && len(in)%2 == 0 && len(in) > 0 &&
		(flush || !isLeadSurrogate(d.unit(in[len(in)-2:]))) {
		// workerd's fast path: whole code units, not ending inside a pair,
		// are returned as they are, lone surrogates included.
		units = make([]uint16, len(in)/2)
		for i := range units {
			units[i] = d.unit(in[2*i:])
		}
	} else {
		data := append(d.pending, in...)
		d.pending = nil
		units = make([]uint16, 0, len(data)/2+1)
		i := 0
	units:
		for ; i+1 < len(data); i += 2 {
			u := d.unit(data[i:])
			switch {
			case isLeadSurrogate(u):
				if i+3 >= len(data) {
					if !flush {
						// Wait for the trail surrogate (and any odd byte).
						d.pending = append([]byte(nil), data[i:]...)
						i = len(data)
						break units
					}
					units = append(units, 0xFFFD)
					ok = false
					continue
				}
				if next := d.unit(data[i+2:]); isTrailSurrogate(next) {
					units = append(units, u, next)
					i += 2
				} else {
					units = append(units, 0xFFFD)
					ok = false
				}
			case isTrailSurrogate(u):
				units = append(units, 0xFFFD)
				ok = false
			default:
				units = append(units, u)
			}
		}
		if i < len(data) {
			if flush {
				units = append(units, 0xFFFD)
				ok = false
			} else {
				d.pending = append([]byte(nil), data[i:]...)
			}
		}
	}
	if !d.bomDone && len(units) > 0 {
		d.bomDone = true
		if !d.ignoreBOM && units[0] == 0xFEFF {
			units = units[1:]
		}
	}
	if flush || (!ok && d.fatal) {
		d.pending, d.bomDone = nil, false
	}
	if !ok && d.fatal {
		return decodedText{}, false
	}
	return decodedText{units: units, utf16: true}, true
}

func isLeadSurrogate(u uint16) bool  { return u >= 0xD800 && u <= 0xDBFF }
func isTrailSurrogate(u uint16) bool { return u >= 0xDC00 && u <= 0xDFFF }

// windows1252High maps bytes 0x80-0x9F; the Encoding Standard keeps the
// five bytes windows-1252 leaves undefined as the C1 controls.
var windows1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// windows1252Decoder decodes windows-1252, which never fails: every byte
// is a character. Like workerd, it keeps U+FEFF (there is no BOM to strip).
type windows1252Decoder struct{ fatal bool }

func (d *windows1252Decoder) decode(in []byte, flush bool) (decodedText, bool) {
	var b strings.Builder
	b.Grow(len(in))
	for _, c := range in {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(windows1252High[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return decodedText{s: b.String()}, true
}

// legacyDecoder decodes the other legacy encodings with x/text, keeping an
// incomplete multi-byte sequence for the next chunk.
type legacyDecoder struct {
	t       transform.Transformer
	fatal   bool
	pending []byte
}

func newLegacyDecoder(name string, fatal bool) textDecoder {
	// workerd decodes gbk with its gb18030 decoder, a superset.
	if name == "gbk" {
		name = "gb18030"
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		panic("jsapi: no decoder for " + name)
	}
	return &legacyDecoder{t: enc.NewDecoder(), fatal: fatal}
}

func (d *legacyDecoder) decode(in []byte, flush bool) (decodedText, bool) {
	src := append(d.pending, in...)
	d.pending = nil
	out := make([]byte, 0, len(src)*3/2+8)
	buf := make([]byte, 4096)
	for {
		nDst, nSrc, err := d.t.Transform(buf, src, flush)
		out = append(out, buf[:nDst]...)
		src = src[nSrc:]
		if err == transform.ErrShortDst {
			continue
		}
		if err == transform.ErrShortSrc && !flush {
			d.pending = append([]byte(nil), src...)
		}
		break
	}
	if flush {
		d.t.Reset()
	}
	s := string(out)
	if d.fatal && strings.ContainsRune(s, utf8.RuneError) {
		d.t.Reset()
		d.pending = nil
		return decodedText{}, false
	}
	return decodedText{s: s}, true
}

// encodeUTF8 encodes UTF-16 code units as UTF-8, each lone surrogate as
// U+FFFD (the USVString conversion TextEncoder applies).
func encodeUTF8(s goja.String) []byte {
	n := s.Length()
	out := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		c := rune(s.CharAt(i))
		if isLeadSurrogate(uint16(c)) && i+1 < n && isTrailSurrogate(s.CharAt(i+1)) {
			c = 0x10000 + (c-0xD800)<<10 + rune(s.CharAt(i+1)) - 0xDC00
			i++
		} else if c >= 0xD800 && c <= 0xDFFF {
			c = utf8.RuneError
		}
		out = utf8.AppendRune(out, c)
	}
	return out
}

// encodeUTF8Into writes as much of s as fits in dst without splitting a
// character, and returns the UTF-16 code units read and bytes written.
func encodeUTF8Into(s goja.String, dst []byte) (read, written int) {
	n := s.Length()
	for read < n {
		c := rune(s.CharAt(read))
		units := 1
		if isLeadSurrogate(uint16(c)) && read+1 < n && isTrailSurrogate(s.CharAt(read+1)) {
			c = 0x10000 + (c-0xD800)<<10 + rune(s.CharAt(read+1)) - 0xDC00
			units = 2
		} else if c >= 0xD800 && c <= 0xDFFF {
			c = utf8.RuneError
		}
		size := utf8.RuneLen(c)
		if written+size > len(dst) {
			break
		}
		utf8.EncodeRune(dst[written:], c)
		written += size
		read += units
	}
	return read, written
}

// textDecoderObject is the Go state of a TextDecoder.
type textDecoderObject struct {
	encoding         string
	fatal, ignoreBOM bool
	dec              textDecoder
}

// textEncoderObject is the Go state of a TextEncoder (it has none).
type textEncoderObject struct{}

func installEncoding(r *Realm) {
	enc := r.newClass("TextEncoder", 0, func(call goja.ConstructorCall) any { return &textEncoderObject{} })
	enc.method("encode", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*textEncoderObject](r, call.This)
		input := call.Argument(0)
		if goja.IsUndefined(input) {
			return r.newUint8Array([]byte{})
		}
		return r.newUint8Array(encodeUTF8(r.toJSString(input)))
	})
	enc.method("encodeInto", 2, func(call goja.FunctionCall) goja.Value {
		unwrap[*textEncoderObject](r, call.This)
		src := r.toJSString(call.Argument(0))
		dst, ok := r.uint8ArrayBytes(call.Argument(1))
		if !ok {
			panic(r.newTypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'JsUint8Array'."))
		}
		read, written := encodeUTF8Into(src, dst)
		res := r.rt.NewObject()
		must(res.Set("read", read))
		must(res.Set("written", written))
		return res
	})
	enc.getter("encoding", func(this goja.Value) goja.Value {
		unwrap[*textEncoderObject](r, this)
		return r.rt.ToValue("utf-8")
	})
	enc.global()

	dec := r.newClass("TextDecoder", 0, func(call goja.ConstructorCall) any {
		d := &textDecoderObject{encoding: "utf-8"}
		if label := call.Argument(0); !goja.IsUndefined(label) {
			d.encoding = encodingForLabel(label.String())
			if d.encoding == "" {
				panic(r.newRangeError(`"` + label.String() + `" is not a valid encoding.`))
			}
		}
		if opts := r.dictionary(call.Argument(1), "Failed to construct 'TextDecoder': constructor parameter 2 is not of type 'TextDecoderConstructorOptions'."); opts != nil {
			if v := opts.Get("fatal"); v != nil {
				d.fatal = v.ToBoolean()
			}
			if v := opts.Get("ignoreBOM"); v != nil {
				d.ignoreBOM = v.ToBoolean()
			}
		}
		d.dec = newTextDecoder(d.encoding, d.fatal, d.ignoreBOM)
		return d
	})
	get := func(this goja.Value) *textDecoderObject { return unwrap[*textDecoderObject](r, this) }
	dec.method("decode", 0, func(call goja.FunctionCall) goja.Value {
		d := get(call.This)
		var input []byte
		if v := call.Argument(0); !goja.IsUndefined(v) {
			b, ok := r.bufferSourceBytes(v)
			if !ok {
				panic(r.newTypeError("Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'Array'."))
			}
			input = b
		}
		stream := false
		if opts := r.dictionary(call.Argument(1), "Failed to execute 'decode' on 'TextDecoder': parameter 2 is not of type 'TextDecodeOptions'."); opts != nil {
			if v := opts.Get("stream"); v != nil {
				stream = v.ToBoolean()
			}
		}
		out, ok := d.dec.decode(input, !stream)
		if !ok {
			panic(r.newTypeError("Failed to decode input."))
		}
		return r.decodedValue(out)
	})
	dec.getter("encoding", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).encoding) })
	dec.getter("fatal", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).fatal) })
	dec.getter("ignoreBOM", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).ignoreBOM) })
	dec.global()
}

// toJSString is the ToString of the language: v as a JS string, its UTF-16
// code units intact (a Go string would turn lone surrogates into U+FFFD).
func (r *Realm) toJSString(v goja.Value) goja.String {
	if o, ok := v.(*goja.Object); ok {
		v = o.ToString() // the primitive toString or valueOf gave
	}
	switch x := v.(type) {
	case goja.String:
		return x
	case *goja.Symbol:
		panic(r.newTypeError("Cannot convert a Symbol value to a string"))
	}
	return r.rt.ToValue(v.String()).(goja.String)
}

// decodedValue converts a decoder's output to a JS string.
func (r *Realm) decodedValue(t decodedText) goja.Value {
	if t.utf16 {
		return goja.StringFromUTF16(t.units)
	}
	return r.rt.ToValue(t.s)
}

// viewBytes returns the bytes an ArrayBufferView covers, aliasing its
// buffer.
func viewBytes(view *goja.Object) ([]byte, bool) {
	buf, ok := view.Get("buffer").(*goja.Object)
	if !ok || buf.ExportType() != typeOfArrayBuffer {
		return nil, false
	}
	ab := buf.Export().(goja.ArrayBuffer)
	data := ab.Bytes()
	off, n := view.Get("byteOffset").ToInteger(), view.Get("byteLength").ToInteger()
	if off < 0 || n < 0 || off+n > int64(len(data)) {
		return nil, false
	}
	return data[off : off+n], true
}

// typedArrayName returns the name of a typed array's constructor
// ("Uint8Array", "Float64Array"…), or "" if o is not a typed array.
func typedArrayName(o *goja.Object) string {
	name, ok := typedArrayNames[o.ExportType()]
	if !ok {
		return ""
	}
	// %TypedArray%.prototype[@@toStringTag] tells Uint8Array from
	// Uint8ClampedArray (both export []uint8); an array whose prototype
	// chain was cut loses it, and counts as a Uint8Array.
	if tag, ok := o.GetSymbol(goja.SymToStringTag).(goja.String); ok {
		return tag.String()
	}
	return name
}

// typedArrayNames maps the slice type a typed array exports as to its kind.
var typedArrayNames = map[reflect.Type]string{
	typeUint8Slice: "Uint8Array", typeInt8Slice: "Int8Array", typeUint16Slice: "Uint16Array",
	typeInt16Slice: "Int16Array", typeUint32Slice: "Uint32Array", typeInt32Slice: "Int32Array",
	typeFloat32Slice: "Float32Array", typeFloat64Slice: "Float64Array",
	typeInt64Slice: "BigInt64Array", typeUint64Slice: "BigUint64Array",
}

var (
	typeUint8Slice   = reflect.TypeOf([]uint8(nil))
	typeInt8Slice    = reflect.TypeOf([]int8(nil))
	typeUint16Slice  = reflect.TypeOf([]uint16(nil))
	typeInt16Slice   = reflect.TypeOf([]int16(nil))
	typeUint32Slice  = reflect.TypeOf([]uint32(nil))
	typeInt32Slice   = reflect.TypeOf([]int32(nil))
	typeFloat32Slice = reflect.TypeOf([]float32(nil))
	typeFloat64Slice = reflect.TypeOf([]float64(nil))
	typeInt64Slice   = reflect.TypeOf([]int64(nil))
	typeUint64Slice  = reflect.TypeOf([]uint64(nil))
)

// uint8ArrayBytes returns the bytes of a Uint8Array (not any other view,
// Uint8ClampedArray included), aliasing its buffer.
func (r *Realm) uint8ArrayBytes(v goja.Value) ([]byte, bool) {
	o, ok := v.(*goja.Object)
	if !ok || typedArrayName(o) != "Uint8Array" {
		return nil, false
	}
	return viewBytes(o)
}
