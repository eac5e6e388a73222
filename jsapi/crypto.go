package jsapi

// The crypto global (https://w3c.github.io/webcrypto/#crypto-interface):
// getRandomValues and randomUUID, from crypto/rand. getRandomValues takes
// integer typed arrays only (a "TypeMismatchError" DOMException otherwise)
// and at most 65536 bytes ("QuotaExceededError"), with workerd's messages.
//
// crypto.subtle is in subtle_crypto.go, CryptoKey in crypto_key.go,
// crypto.DigestStream in digest_stream.go.

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"

	"github.com/dop251/goja"
)

// randomValuesQuota is the most bytes getRandomValues fills in one call.
const randomValuesQuota = 65536

type cryptoObject struct{ subtle *goja.Object }

// newUUID returns a random (version 4) UUID in its canonical text form.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	b[6] = b[6]&0x0F | 0x40 // version 4
	b[8] = b[8]&0x3F | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func installCrypto(r *Realm) {
	installSubtleCrypto(r)
	installCryptoKey(r)

	c := r.newClass("Crypto", 0, nil)
	get := func(this goja.Value) *cryptoObject { return unwrap[*cryptoObject](r, this) }
	c.getter("subtle", func(this goja.Value) goja.Value { return get(this).subtle })
	c.method("getRandomValues", 1, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		view, ok := call.Argument(0).(*goja.Object)
		var data []byte
		if ok && r.isArrayBufferView(view) {
			data, ok = viewBytes(view)
		} else {
			ok = false
		}
		if !ok {
			panic(r.newTypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'JsArrayBufferView'."))
		}
		switch typedArrayName(view) {
		case "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
			"Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array":
		default:
			panic(r.newDOMException("ArrayBufferView argument to getRandomValues() must be an integer-typed view.", "TypeMismatchError"))
		}
		if len(data) > randomValuesQuota {
			panic(r.newDOMException("getRandomValues() only accepts buffers of size <= 64K but provided "+strconv.Itoa(len(data))+" bytes.", "QuotaExceededError"))
		}
		if _, err := rand.Read(data); err != nil {
			panic(err)
		}
		return view
	})
	c.method("randomUUID", 0, func(call goja.FunctionCall) goja.Value {
		get(call.This)
		return r.rt.ToValue(newUUID())
	})
	c.global()

	crypto := r.newInstance("Crypto", &cryptoObject{subtle: r.newInstance("SubtleCrypto", &subtleCrypto{})})
	// An enumerable, writable data property, as workerd's lazy globals are.
	must(r.rt.GlobalObject().DefineDataProperty("crypto", crypto, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
}
