package jsapi

// atob and btoa (https://html.spec.whatwg.org/multipage/webappapis.html#atob).
// atob is the forgiving-base64 decode: ASCII whitespace is ignored, one or
// two "=" may end input whose length is a multiple of 4, the unused bits of
// the last character need not be zero. Failures are "InvalidCharacterError"
// DOMExceptions with workerd's texts.
//
// Missing: nothing.

import (
	"encoding/base64"
	"strings"

	"github.com/dop251/goja"
)

const (
	atobError = "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)"
	btoaError = "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range."
)

// forgivingBase64Decode implements the Infra standard's forgiving-base64
// decode; ok is false on failure.
func forgivingBase64Decode(s string) ([]byte, bool) {
	s = strings.Map(func(c rune) rune {
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
			return -1
		}
		return c
	}, s)
	if len(s)%4 == 0 {
		if strings.HasSuffix(s, "==") {
			s = s[:len(s)-2]
		} else if strings.HasSuffix(s, "=") {
			s = s[:len(s)-1]
		}
	}
	if len(s)%4 == 1 {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	// The non-strict decoder ignores the spare bits of the last character,
	// as the standard asks ("Zh" decodes like "Zg").
	out, err := base64.RawStdEncoding.DecodeString(s)
	return out, err == nil
}

func installBase64(r *Realm) {
	r.setGlobalFunction("btoa", 1, func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'btoa' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'JsString'."))
		}
		s := r.toJSString(call.Argument(0))
		data := make([]byte, s.Length())
		for i := range data {
			c := s.CharAt(i)
			if c > 0xFF {
				panic(r.newDOMException(btoaError, "InvalidCharacterError"))
			}
			data[i] = byte(c)
		}
		return r.rt.ToValue(base64.StdEncoding.EncodeToString(data))
	})
	r.setGlobalFunction("atob", 1, func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to execute 'atob' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'string'."))
		}
		data, ok := forgivingBase64Decode(call.Argument(0).String())
		if !ok {
			panic(r.newDOMException(atobError, "InvalidCharacterError"))
		}
		return r.latin1String(data)
	})
}

// latin1String returns the JS string whose code units are the bytes of data.
func (r *Realm) latin1String(data []byte) goja.Value {
	units := make([]uint16, len(data))
	for i, b := range data {
		units[i] = uint16(b)
	}
	return goja.StringFromUTF16(units)
}
