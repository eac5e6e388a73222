package jsapi

// CryptoKey (https://w3c.github.io/webcrypto/#cryptokey-interface): the
// key material of one algorithm with its type, extractability and usages.
// Only the runtime creates keys (generateKey, importKey, deriveKey,
// unwrapKey); `new CryptoKey()` is an illegal constructor, as in workerd.
//
// The Go side (cryptoKey) holds the material and the algorithm that owns
// it; the JS object caches its `algorithm` and `usages` views, so
// `key.algorithm === key.algorithm` as the spec's internal slots make it.

import (
	"fmt"
	"strings"

	"github.com/dop251/goja"
)

// usageSet is a set of key usages, one bit each, in the order workerd
// lists them (which is the order of key.usages and a JWK's key_ops).
type usageSet uint8

const (
	usageEncrypt usageSet = 1 << iota
	usageDecrypt
	usageSign
	usageVerify
	usageDeriveKey
	usageDeriveBits
	usageWrapKey
	usageUnwrapKey
)

var usageNames = []string{"encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"}

// The usages a public or private half of a key pair may have, and those of
// a key-derivation key.
const (
	publicKeyUsages     = usageEncrypt | usageVerify | usageWrapKey
	privateKeyUsages    = usageDecrypt | usageSign | usageUnwrapKey | usageDeriveKey | usageDeriveBits
	derivationKeyUsages = usageDeriveKey | usageDeriveBits
)

func usageByName(name string) usageSet {
	for i, n := range usageNames {
		if n == name {
			return 1 << i
		}
	}
	return 0
}

func (s usageSet) names() []string {
	var out []string
	for i, n := range usageNames {
		if s&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

func (s usageSet) name() string { return strings.Join(s.names(), ",") }

// usageContext says what a key is being made for, in the words of
// workerd's "Attempt to <op> <alg> key with invalid usage" error.
type usageContext string

const (
	usageGenerate      usageContext = "generate"
	usageImportSecret  usageContext = "import secret"
	usageImportPublic  usageContext = "import public"
	usageImportPrivate usageContext = "import private"
)

// validateUsages converts the usages asked for, refusing any outside
// allowed (a SyntaxError DOMException).
func validateUsages(alg string, ctx usageContext, requested []string, allowed usageSet) (usageSet, error) {
	var set usageSet
	for _, u := range requested {
		bit := usageByName(u)
		if bit == 0 || bit&allowed == 0 {
			return 0, cryptoErr("SyntaxError", "Attempt to %s %s key with invalid usage \"%s\".", ctx, alg, u)
		}
		set |= bit
	}
	return set, nil
}

// cryptoError is a Web Crypto failure: the DOMException name it is thrown
// as ("TypeError" for a plain TypeError) and workerd's message.
type cryptoError struct{ name, message string }

func (e *cryptoError) Error() string { return e.name + ": " + e.message }

func cryptoErr(name, format string, args ...any) *cryptoError {
	return &cryptoError{name: name, message: fmt.Sprintf(format, args...)}
}

// keyAlgorithm is a key's [[algorithm]]: the KeyAlgorithm dictionary of its
// kind (AesKeyAlgorithm, HmacKeyAlgorithm, EcKeyAlgorithm,
// RsaHashedKeyAlgorithm…); members that do not apply are zero.
type keyAlgorithm struct {
	name           string
	length         int    // AES, HMAC
	hash           string // HMAC, RSA
	namedCurve     string // ECDSA, ECDH
	modulusLength  int    // RSA
	publicExponent []byte // RSA
}

// cryptoKey is the Go side of a CryptoKey.
type cryptoKey struct {
	impl        *algorithmImpl
	algorithm   keyAlgorithm
	typ         string // "secret", "public" or "private"
	extractable bool
	usages      usageSet
	// secret is the material of a secret key; asymmetric is that of a
	// public or private key (*ecdsa.PrivateKey, ed25519.PublicKey…).
	secret     []byte
	asymmetric any
}

// cryptoKeyObject is the state of a CryptoKey JS object.
type cryptoKeyObject struct {
	key               *cryptoKey
	algorithm, usages *goja.Object
}

func installCryptoKey(r *Realm) {
	c := r.newClass("CryptoKey", 0, nil)
	get := func(this goja.Value) *cryptoKeyObject { return unwrap[*cryptoKeyObject](r, this) }
	c.getter("type", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).key.typ) })
	c.getter("extractable", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).key.extractable) })
	c.getter("algorithm", func(this goja.Value) goja.Value {
		o := get(this)
		if o.algorithm == nil {
			o.algorithm = r.keyAlgorithmObject(o.key.algorithm)
		}
		return o.algorithm
	})
	c.getter("usages", func(this goja.Value) goja.Value {
		o := get(this)
		if o.usages == nil {
			names := o.key.usages.names()
			vals := make([]any, len(names))
			for i, n := range names {
				vals[i] = n
			}
			o.usages = r.rt.NewArray(vals...)
		}
		return o.usages
	})
	c.global()
}

// newCryptoKey wraps k in a CryptoKey object.
func (r *Realm) newCryptoKey(k *cryptoKey) *goja.Object {
	return r.newInstance("CryptoKey", &cryptoKeyObject{key: k})
}

// toCryptoKey returns the key of a CryptoKey object.
func toCryptoKey(v goja.Value) (*cryptoKey, bool) {
	o, ok := stateOf(v).(*cryptoKeyObject)
	if !ok {
		return nil, false
	}
	return o.key, true
}

// keyAlgorithmObject builds the JS view of a key's algorithm, with the
// members of its dictionary type in the order workerd defines them.
func (r *Realm) keyAlgorithmObject(a keyAlgorithm) *goja.Object {
	o := r.rt.NewObject()
	must(o.Set("name", a.name))
	if a.namedCurve != "" {
		must(o.Set("namedCurve", a.namedCurve))
	}
	if a.modulusLength != 0 {
		must(o.Set("modulusLength", a.modulusLength))
		must(o.Set("publicExponent", r.newUint8Array(append([]byte{}, a.publicExponent...))))
	}
	if a.hash != "" {
		h := r.rt.NewObject()
		must(h.Set("name", a.hash))
		must(o.Set("hash", h))
	}
	if a.length != 0 {
		must(o.Set("length", a.length))
	}
	return o
}
