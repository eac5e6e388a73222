package jsapi

import (
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// storageKey converts a JS string to the bytes workerd stores as a
// Durable Object storage key: UTF-8, except that a lone surrogate is
// written as its own three-byte sequence (V8's WriteUtf8 without
// REPLACE_INVALID_UTF8), not as U+FFFD. Read back, those bytes decode to
// three U+FFFD, as in workerd (conformance case kv-lone-surrogate-key).
func storageKey(v goja.Value) string {
	s := v.String()
	// goja turns a lone surrogate into U+FFFD when it makes a Go string, so
	// only a string holding U+FFFD can need the slow path.
	if !strings.ContainsRune(s, utf8.RuneError) {
		return s
	}
	js, ok := v.ToString().(goja.String)
	if !ok {
		return s
	}
	n := js.Length()
	b := make([]byte, 0, len(s))
	for i := 0; i < n; i++ {
		c := rune(js.CharAt(i))
		if c >= 0xD800 && c <= 0xDBFF && i+1 < n {
			if d := rune(js.CharAt(i + 1)); d >= 0xDC00 && d <= 0xDFFF {
				b = utf8.AppendRune(b, 0x10000+(c-0xD800)<<10+(d-0xDC00))
				i++
				continue
			}
		}
		if c >= 0xD800 && c <= 0xDFFF {
			b = append(b, byte(0xE0|c>>12), byte(0x80|(c>>6)&0x3F), byte(0x80|c&0x3F))
			continue
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}
