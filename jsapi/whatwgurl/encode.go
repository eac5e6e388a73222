package whatwgurl

import (
	"strings"
	"unicode/utf8"
)

// encodeSet is a percent-encode set (https://url.spec.whatwg.org/#percent-encoded-bytes)
// over ASCII; every non-ASCII byte is always encoded.
type encodeSet [128]bool

func newSet(parent *encodeSet, extra string) *encodeSet {
	var s encodeSet
	if parent != nil {
		s = *parent
	} else {
		// The C0 control percent-encode set: C0 controls and DEL (bytes
		// above 0x7E are outside the table and always encoded).
		for c := 0; c < 0x20; c++ {
			s[c] = true
		}
		s[0x7F] = true
	}
	for i := 0; i < len(extra); i++ {
		s[extra[i]] = true
	}
	return &s
}

var (
	c0ControlSet    = newSet(nil, "")
	fragmentSet     = newSet(c0ControlSet, " \"<>`")
	querySet        = newSet(c0ControlSet, " \"#<>")
	specialQuerySet = newSet(querySet, "'")
	pathSet         = newSet(querySet, "?`{}")
	userinfoSet     = newSet(pathSet, "/:;=@[\\]^|")
	componentSet    = newSet(userinfoSet, "$%&+,")
	formSet         = newSet(componentSet, "!'()~")
)

func (s *encodeSet) has(b byte) bool { return b >= 0x80 || s[b] }

const upperHex = "0123456789ABCDEF"

// percentEncodeRune is UTF-8 percent-encoding of one code point.
func percentEncodeRune(c rune, set *encodeSet) string {
	if c < 0x80 && !set.has(byte(c)) {
		return string(c)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], c)
	var b strings.Builder
	for _, x := range buf[:n] {
		if set.has(x) {
			b.WriteByte('%')
			b.WriteByte(upperHex[x>>4])
			b.WriteByte(upperHex[x&15])
		} else {
			b.WriteByte(x)
		}
	}
	return b.String()
}

// percentEncodeString UTF-8 percent-encodes every code point of s.
func percentEncodeString(s string, set *encodeSet) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		x := s[i]
		if set.has(x) {
			b.WriteByte('%')
			b.WriteByte(upperHex[x>>4])
			b.WriteByte(upperHex[x&15])
		} else {
			b.WriteByte(x)
		}
	}
	return b.String()
}

// EncodeUserinfo percent-encodes a username or password, as the setters do.
func EncodeUserinfo(s string) string { return percentEncodeString(s, userinfoSet) }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentDecode decodes %XX sequences, leaving malformed ones as they are.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// decodeUTF8Lossy is "UTF-8 decode without BOM or fail" made lossy, as the
// Encoding Standard's decoder is: each maximal subpart of an ill-formed
// sequence becomes one U+FFFD.
func decodeUTF8Lossy(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			size = maximalSubpart(b)
		}
		out.WriteRune(r)
		b = b[size:]
	}
	return out.String()
}

// maximalSubpart is the length of the ill-formed sequence at the start of
// b that the decoder replaces as one (Unicode 3.9, table 3-7).
func maximalSubpart(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF)
	need := 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b) && b[n] >= lo && b[n] <= hi; n++ {
		lo, hi = 0x80, 0xBF
	}
	return n
}
