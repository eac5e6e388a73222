package jsapi

import (
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// storageKey converts a key of the storage APIs to the bytes workerd stores:
// JavaScript's ToString, in UTF-8, with a lone surrogate written as its own
// three-byte sequence (WTF-8, what V8 produces) rather than replaced by
// U+FFFD. Read back, each of those bytes decodes as U+FFFD, as in wrangler
// dev (do/kv-lone-surrogate-key-*).
func (r *Realm) storageKey(v goja.Value) string {
	js := r.toJSString(v)
	s := js.String()
	if !strings.ContainsRune(s, utf8.RuneError) {
		return s // no lone surrogate was replaced
	}
	n := js.Length()
	b := make([]byte, 0, len(s))
	for i := 0; i < n; i++ {
		c := rune(js.CharAt(i))
		if c >= 0xD800 && c <= 0xDBFF && i+1 < n {
			if lo := rune(js.CharAt(i + 1)); lo >= 0xDC00 && lo <= 0xDFFF {
				b = utf8.AppendRune(b, 0x10000+(c-0xD800)<<10+(lo-0xDC00))
				i++
				continue
			}
		}
		if c >= 0xD800 && c <= 0xDFFF {
			b = append(b, 0xE0|byte(c>>12), 0x80|byte(c>>6)&0x3F, 0x80|byte(c)&0x3F)
			continue
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}
