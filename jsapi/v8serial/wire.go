package v8serial

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// This file holds the byte-level vocabulary of the format: tags, varints, doubles and the bounds-checked
// reader. It knows nothing about goja.

// formatVersion is the version Serialize writes. workerd pins its storage serializer to 15 as well, so
// that older runtimes keep reading what newer ones write.
const formatVersion = 15

// Value tags (SerializationTag in value-serializer.cc). Tags V8 defines but this package neither writes
// nor reads (shared array buffers, transfers, shared objects, WebAssembly) are left out: reading one is
// an "unsupported tag" error.
const (
	tagVersion              = 0xFF
	tagPadding              = 0x00
	tagVerifyObjectCount    = '?'
	tagTheHole              = '-'
	tagUndefined            = '_'
	tagNull                 = '0'
	tagTrue                 = 'T'
	tagFalse                = 'F'
	tagInt32                = 'I'
	tagUint32               = 'U'
	tagDouble               = 'N'
	tagBigInt               = 'Z'
	tagUTF8String           = 'S'
	tagOneByteString        = '"'
	tagTwoByteString        = 'c'
	tagObjectReference      = '^'
	tagBeginJSObject        = 'o'
	tagEndJSObject          = '{'
	tagBeginSparseJSArray   = 'a'
	tagEndSparseJSArray     = '@'
	tagBeginDenseJSArray    = 'A'
	tagEndDenseJSArray      = '$'
	tagDate                 = 'D'
	tagTrueObject           = 'y'
	tagFalseObject          = 'x'
	tagNumberObject         = 'n'
	tagBigIntObject         = 'z'
	tagStringObject         = 's'
	tagRegExp               = 'R'
	tagBeginJSMap           = ';'
	tagEndJSMap             = ':'
	tagBeginJSSet           = '\''
	tagEndJSSet             = ','
	tagArrayBuffer          = 'B'
	tagResizableArrayBuffer = '~'
	tagArrayBufferView      = 'V'
	tagHostObject           = '\\'
	tagError                = 'r'
)

// Sub-tags of an ArrayBufferView record (ArrayBufferViewTag).
const (
	viewInt8         = 'b'
	viewUint8        = 'B'
	viewUint8Clamped = 'C'
	viewInt16        = 'w'
	viewUint16       = 'W'
	viewInt32        = 'd'
	viewUint32       = 'D'
	viewFloat32      = 'f'
	viewFloat64      = 'F'
	viewBigInt64     = 'q'
	viewBigUint64    = 'Q'
	viewDataView     = '?'
)

// Sub-tags of an Error record (ErrorTag).
const (
	errEvalErrorPrototype      = 'E'
	errRangeErrorPrototype     = 'R'
	errReferenceErrorPrototype = 'F'
	errSyntaxErrorPrototype    = 'S'
	errTypeErrorPrototype      = 'T'
	errURIErrorPrototype       = 'U'
	errMessage                 = 'm'
	errCause                   = 'c'
	errStack                   = 's'
	errEnd                     = '.'
)

// RegExp flag bits as V8 stores them (JSRegExp::Flags), in the order of RegExp.prototype.flags.
var regExpFlagBits = [...]struct {
	bit  uint32
	char byte
}{
	{128, 'd'}, {1, 'g'}, {2, 'i'}, {4, 'm'}, {32, 's'}, {16, 'u'}, {256, 'v'}, {8, 'y'},
}

// bigIntMaxByteLength bounds the digit storage a BigInt header may announce (V8's LengthBits field is
// 30 bits wide).
const bigIntMaxByteLength = 1<<30 - 1

// ErrInvalid is wrapped by every error Deserialize returns for bytes it cannot read: truncated or corrupt
// data, an unsupported version or tag, or a value goja refuses to build.
var ErrInvalid = errors.New("v8serial: unable to deserialize cloned data")

// errTruncated is returned for data that ends too early. It is preallocated because the reader also
// meets the end of data when it merely looks ahead after the last value.
var errTruncated = fmt.Errorf("%w: unexpected end of data", ErrInvalid)

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// appendZigZag writes an int32 the way protobuf writes sint32: 0, -1, 1, -2 become 0, 1, 2, 3.
func appendZigZag(b []byte, v int32) []byte {
	return appendVarint(b, uint64(uint32(v<<1)^uint32(v>>31)))
}

// canonicalNaN is the only NaN V8 has (a quiet NaN with an empty payload); Go's math.NaN(), which goja
// uses, has a payload bit set.
const canonicalNaN = 0x7FF8000000000000

// appendDouble writes the IEEE 754 bits little-endian. V8 writes host byte order; every platform workerd
// and Node ship on is little-endian, so that is what files on disk contain.
func appendDouble(b []byte, f float64) []byte {
	bits := math.Float64bits(f)
	if f != f {
		bits = canonicalNaN
	}
	return binary.LittleEndian.AppendUint64(b, bits)
}

// needsTwoBytePadding reports whether a padding byte must precede a two-byte string whose tag would be
// written at offset off: V8 aligns the UTF-16 payload to an even offset so that readers can use the
// characters in place.
func needsTwoBytePadding(off, byteLen int) bool {
	return (off+1+varintLen(uint64(byteLen)))&1 == 1
}

// decoder reads the wire format with bounds checks; every method fails instead of reading past the end.
type decoder struct {
	data []byte
	pos  int
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrInvalid, fmt.Sprintf(format, args...), d.pos)
}

func (d *decoder) readByte() (byte, error) {
	if d.pos >= len(d.data) {
		return 0, errTruncated
	}
	b := d.data[d.pos]
	d.pos++
	return b, nil
}

// peekTag returns the next tag without consuming it, skipping padding.
func (d *decoder) peekTag() (byte, error) {
	for p := d.pos; p < len(d.data); p++ {
		if d.data[p] != tagPadding {
			return d.data[p], nil
		}
	}
	return 0, errTruncated
}

// readTag consumes padding and the tag after it.
func (d *decoder) readTag() (byte, error) {
	for {
		b, err := d.readByte()
		if err != nil || b != tagPadding {
			return b, err
		}
	}
}

// readVarint reads a base-128 varint of at most maxBits bits. Longer encodings are rejected: V8 never
// writes them, and accepting them would let corrupt data hide behind silently dropped bits.
func (d *decoder) readVarint(maxBits uint) (uint64, error) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if shift >= maxBits {
			return 0, d.errorf("varint longer than %d bits", maxBits)
		}
		b, err := d.readByte()
		if err != nil {
			return 0, err
		}
		v |= uint64(b&0x7F) << shift
		if b < 0x80 {
			if maxBits < 64 {
				v &= 1<<maxBits - 1
			}
			return v, nil
		}
	}
}

func (d *decoder) readUint32() (uint32, error) {
	v, err := d.readVarint(32)
	return uint32(v), err
}

func (d *decoder) readZigZag() (int32, error) {
	u, err := d.readUint32()
	return int32(u>>1) ^ -int32(u&1), err
}

func (d *decoder) readDouble() (float64, error) {
	b, err := d.readRaw(8)
	if err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b)), nil
}

// readRaw returns the next n bytes without copying them.
func (d *decoder) readRaw(n uint64) ([]byte, error) {
	if n > uint64(len(d.data)-d.pos) {
		return nil, d.errorf("length %d exceeds the %d bytes left", n, len(d.data)-d.pos)
	}
	b := d.data[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return b, nil
}
