package jsapi

// SubtleCrypto (https://w3c.github.io/webcrypto/#subtlecrypto-interface)
// as workerd has it: the spec's methods plus timingSafeEqual. This file
// only converts arguments and results; the algorithms are in crypto_*.go.
//
// As in workerd, every operation runs synchronously and returns a settled
// promise; a failure (a bad argument included) rejects it. Errors are
// DOMExceptions named as the spec says (NotSupportedError,
// InvalidAccessError, OperationError…) with workerd's messages.

import (
	"bytes"
	"crypto/subtle"
	"strconv"

	"github.com/dop251/goja"
)

type subtleCrypto struct{}

func installSubtleCrypto(r *Realm) {
	c := r.newClass("SubtleCrypto", 0, nil)
	method := func(name string, length int, fn func(a subtleArgs) (goja.Value, error)) {
		c.method(name, length, func(call goja.FunctionCall) goja.Value {
			unwrap[*subtleCrypto](r, call.This)
			return r.settleNow(func() (goja.Value, error) {
				return fn(subtleArgs{r: r, method: name, args: call.Arguments})
			})
		})
	}
	method("encrypt", 3, func(a subtleArgs) (goja.Value, error) {
		return r.cipherOperation(a, usageEncrypt)
	})
	method("decrypt", 3, func(a subtleArgs) (goja.Value, error) {
		return r.cipherOperation(a, usageDecrypt)
	})
	method("sign", 3, func(a subtleArgs) (goja.Value, error) {
		p, k, data := a.algorithm(0), a.key(1), a.bytes(2)
		if err := validateOperation(k, p.name, usageSign); err != nil {
			return nil, err
		}
		if k.impl.sign == nil {
			return nil, notImplemented("sign", k)
		}
		return r.arrayBufferResult(k.impl.sign(k, p, data))
	})
	method("verify", 4, func(a subtleArgs) (goja.Value, error) {
		p, k, sig, data := a.algorithm(0), a.key(1), a.bytes(2), a.bytes(3)
		if err := validateOperation(k, p.name, usageVerify); err != nil {
			return nil, err
		}
		if k.impl.verify == nil {
			return nil, notImplemented("verify", k)
		}
		ok, err := k.impl.verify(k, p, sig, data)
		return r.rt.ToValue(ok), err
	})
	method("digest", 2, func(a subtleArgs) (goja.Value, error) {
		p, data := a.algorithm(0), a.bytes(1)
		d, err := lookupDigest(p.name)
		if err != nil {
			return nil, err
		}
		h := d.new()
		h.Write(data)
		return r.rt.ToValue(r.rt.NewArrayBuffer(h.Sum(nil))), nil
	})
	method("generateKey", 3, func(a subtleArgs) (goja.Value, error) {
		p, extractable, usages := a.algorithm(0), a.boolean(1), a.usages(2)
		impl := lookupAlgorithm(p.name)
		if impl == nil || impl.generate == nil {
			return nil, cryptoErr("NotSupportedError", "Unrecognized key generation algorithm \"%s\" requested.", p.name)
		}
		keys, err := impl.generate(impl, p, extractable, usages)
		if err != nil {
			return nil, err
		}
		if keys.key != nil {
			if keys.key.usages == 0 {
				return nil, cryptoErr("SyntaxError", "Secret/private CryptoKeys must have at least one usage.")
			}
			return r.newCryptoKey(keys.key), nil
		}
		if keys.privateKey.usages == 0 {
			return nil, cryptoErr("SyntaxError", "Attempt to generate asymmetric keys with no valid private key usages.")
		}
		pair := r.rt.NewObject()
		must(pair.Set("publicKey", r.newCryptoKey(keys.publicKey)))
		must(pair.Set("privateKey", r.newCryptoKey(keys.privateKey)))
		return pair, nil
	})
	method("deriveKey", 5, func(a subtleArgs) (goja.Value, error) {
		p, base, derived := a.algorithm(0), a.key(1), a.algorithm(2)
		extractable, usages := a.boolean(3), a.usages(4)
		if err := validateOperation(base, p.name, usageDeriveKey); err != nil {
			return nil, err
		}
		length, err := derivedKeyLength(derived)
		if err != nil {
			return nil, err
		}
		if base.impl.deriveBits == nil {
			return nil, notImplemented("deriveKey", base)
		}
		secret, err := base.impl.deriveBits(base, p, length)
		if err != nil {
			return nil, err
		}
		k, err := importKey("raw", keyData{bytes: secret}, derived, extractable, usages)
		if err != nil {
			return nil, err
		}
		return r.newCryptoKey(k), nil
	})
	method("deriveBits", 2, func(a subtleArgs) (goja.Value, error) {
		p, base := a.algorithm(0), a.key(1)
		var length *int
		if v := a.arg(2); !goja.IsUndefined(v) && !goja.IsNull(v) {
			n := int(v.ToInteger())
			if n < 0 {
				return nil, cryptoErr("TypeError", "deriveBits length must be an unsigned long integer.")
			}
			length = &n
		}
		if err := validateOperation(base, p.name, usageDeriveBits); err != nil {
			return nil, err
		}
		if base.impl.deriveBits == nil {
			return nil, notImplemented("deriveBits", base)
		}
		return r.arrayBufferResult(base.impl.deriveBits(base, p, length))
	})
	method("importKey", 5, func(a subtleArgs) (goja.Value, error) {
		format := a.str(0)
		data, err := a.importData(format, a.arg(1))
		if err != nil {
			return nil, err
		}
		p, extractable, usages := a.algorithm(2), a.boolean(3), a.usages(4)
		k, err := importKey(format, data, p, extractable, usages)
		if err != nil {
			return nil, err
		}
		return r.newCryptoKey(k), nil
	})
	method("exportKey", 2, func(a subtleArgs) (goja.Value, error) {
		format, k := a.str(0), a.key(1)
		exported, err := exportKey(format, k)
		if err != nil {
			return nil, err
		}
		if exported.jwk != nil {
			return r.jwkObject(exported.jwk), nil
		}
		return r.rt.ToValue(r.rt.NewArrayBuffer(exported.bytes)), nil
	})
	method("wrapKey", 4, func(a subtleArgs) (goja.Value, error) {
		format, k, wrapping, p := a.str(0), a.key(1), a.key(2), a.algorithm(3)
		if err := validateOperation(wrapping, p.name, usageWrapKey); err != nil {
			return nil, err
		}
		exported, err := exportKey(format, k)
		if err != nil {
			return nil, err
		}
		data := exported.bytes
		if exported.jwk != nil {
			data = marshalJWK(exported.jwk)
		}
		wrap := wrapping.impl.wrap
		if wrap == nil {
			wrap = wrapping.impl.encrypt
		}
		if wrap == nil {
			return nil, notImplemented("encrypt", wrapping)
		}
		return r.arrayBufferResult(wrap(wrapping, p, data))
	})
	method("unwrapKey", 7, func(a subtleArgs) (goja.Value, error) {
		format, wrapped, unwrapping := a.str(0), a.bytes(1), a.key(2)
		p, unwrappedAlg := a.algorithm(3), a.algorithm(4)
		extractable, usages := a.boolean(5), a.usages(6)
		if err := validateOperation(unwrapping, p.name, usageUnwrapKey); err != nil {
			return nil, err
		}
		unwrap := unwrapping.impl.unwrap
		if unwrap == nil {
			unwrap = unwrapping.impl.decrypt
		}
		if unwrap == nil {
			return nil, notImplemented("decrypt", unwrapping)
		}
		plain, err := unwrap(unwrapping, p, wrapped)
		if err != nil {
			return nil, err
		}
		data := keyData{bytes: plain}
		if format == "jwk" {
			if data.jwk, err = unmarshalJWK(plain); err != nil {
				return nil, err
			}
			data.bytes = nil
		}
		k, err := importKey(format, data, unwrappedAlg, extractable, usages)
		if err != nil {
			return nil, err
		}
		return r.newCryptoKey(k), nil
	})
	c.method("timingSafeEqual", 2, func(call goja.FunctionCall) goja.Value {
		unwrap[*subtleCrypto](r, call.This)
		a := subtleArgs{r: r, method: "timingSafeEqual", args: call.Arguments}
		x, y := a.bytes(0), a.bytes(1)
		if len(x) != len(y) {
			panic(r.newTypeError("Input buffers must have the same byte length."))
		}
		return r.rt.ToValue(subtle.ConstantTimeCompare(x, y) == 1)
	})
	c.global()
}

// settleNow runs an operation and returns a promise settled with its
// result, or rejected with what it returned or threw.
func (r *Realm) settleNow(fn func() (goja.Value, error)) goja.Value {
	p, resolve, reject := r.rt.NewPromise()
	var result goja.Value
	var err error
	if ex := r.rt.Try(func() { result, err = fn() }); ex != nil {
		must(reject(ex.Value()))
	} else if err != nil {
		must(reject(r.cryptoErrorValue(err)))
	} else {
		must(resolve(result))
	}
	return r.rt.ToValue(p)
}

// cryptoErrorValue converts an error of the crypto code to the JS error
// workerd throws.
func (r *Realm) cryptoErrorValue(err error) goja.Value {
	ce, ok := err.(*cryptoError)
	if !ok {
		return r.newDOMException(err.Error(), "OperationError")
	}
	switch ce.name {
	case "TypeError":
		return r.newTypeError(ce.message)
	case "Error":
		return r.NewError(ce.message)
	}
	return r.newDOMException(ce.message, ce.name)
}

func (r *Realm) arrayBufferResult(data []byte, err error) (goja.Value, error) {
	if err != nil {
		return nil, err
	}
	return r.rt.ToValue(r.rt.NewArrayBuffer(data)), nil
}

// cipherOperation is encrypt or decrypt.
func (r *Realm) cipherOperation(a subtleArgs, usage usageSet) (goja.Value, error) {
	p, k, data := a.algorithm(0), a.key(1), a.bytes(2)
	if err := validateOperation(k, p.name, usage); err != nil {
		return nil, err
	}
	op, name := k.impl.encrypt, "encrypt"
	if usage == usageDecrypt {
		op, name = k.impl.decrypt, "decrypt"
	}
	if op == nil {
		return nil, notImplemented(name, k)
	}
	return r.arrayBufferResult(op(k, p, data))
}

// validateOperation checks that the key is of the algorithm asked for and
// allows the usage (InvalidAccessError otherwise).
func validateOperation(k *cryptoKey, algorithm string, usage usageSet) error {
	if !equalFold(algorithm, k.algorithm.name) {
		return cryptoErr("InvalidAccessError", "Requested algorithm \"%s\" does not match this CryptoKey's algorithm \"%s\".", algorithm, k.algorithm.name)
	}
	if k.usages&usage == 0 {
		return cryptoErr("InvalidAccessError", "Requested key usage \"%s\" does not match any usage listed in this CryptoKey.", usage.name())
	}
	return nil
}

func notImplemented(op string, k *cryptoKey) error {
	if op == "deriveKey" || op == "deriveBits" {
		return cryptoErr("NotSupportedError", "The deriveKey and deriveBits operations are not implemented for \"%s\".", k.algorithm.name)
	}
	return cryptoErr("NotSupportedError", "The %s operation is not implemented for \"%s\".", op, k.algorithm.name)
}

// importKey is the import common to importKey, deriveKey and unwrapKey.
func importKey(format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	impl := lookupAlgorithm(p.name)
	if impl == nil || impl.importKey == nil {
		return nil, cryptoErr("NotSupportedError", "Unrecognized key import algorithm \"%s\" requested.", p.name)
	}
	k, err := impl.importKey(impl, format, data, p, extractable, usages)
	if err != nil {
		return nil, err
	}
	if k.usages == 0 && (k.typ == "secret" || k.typ == "private") {
		return nil, cryptoErr("SyntaxError", "Secret/private CryptoKeys must have at least one usage.")
	}
	return k, nil
}

func exportKey(format string, k *cryptoKey) (keyData, error) {
	if !k.extractable {
		return keyData{}, cryptoErr("InvalidAccessError", "Attempt to export non-extractable %s key.", k.algorithm.name)
	}
	if k.impl.export == nil {
		return keyData{}, cryptoErr("NotSupportedError", "Unrecognized or unsupported export of \"%s\" requested.", k.algorithm.name)
	}
	return k.impl.export(k, format)
}

// derivedKeyLength is the spec's "get key length" operation for
// deriveKey's derivedKeyType: nil for the KDFs, which derive keys of no
// fixed length.
func derivedKeyLength(p *algParams) (*int, error) {
	impl := lookupAlgorithm(p.name)
	name := ""
	if impl != nil {
		name = impl.name
	}
	switch name {
	case "AES-CTR", "AES-CBC", "AES-GCM", "AES-KW":
		if p.length == nil {
			return nil, cryptoErr("TypeError", "Missing field \"length\" in \"derivedKeyParams\".")
		}
		if !validAESLength(*p.length) {
			return nil, cryptoErr("OperationError", "Derived AES key must be 128, 192, or 256 bits in length but provided %d.", *p.length)
		}
		return p.length, nil
	case "HMAC":
		if p.length != nil {
			if *p.length > 0 {
				return p.length, nil
			}
			return nil, cryptoErr("TypeError", "HMAC key length must be a non-zero unsigned long integer.")
		}
		d, err := requireHash(p, "derivedKeyParams")
		if err != nil {
			return nil, err
		}
		n := d.blockSize * 8
		return &n, nil
	case "HKDF", "PBKDF2":
		return nil, nil
	}
	return nil, cryptoErr("NotSupportedError", "Unrecognized derived key type \"%s\" requested.", p.name)
}

func equalFold(a, b string) bool { return bytes.EqualFold([]byte(a), []byte(b)) }

// subtleArgs converts a SubtleCrypto method's arguments; a conversion
// failure throws the TypeError workerd's bindings throw.
type subtleArgs struct {
	r      *Realm
	method string
	args   []goja.Value
}

func (a subtleArgs) arg(i int) goja.Value {
	if i < len(a.args) {
		return a.args[i]
	}
	return goja.Undefined()
}

func (a subtleArgs) typeError(i int, typ string) *goja.Object {
	return a.r.newTypeError("Failed to execute '" + a.method + "' on 'SubtleCrypto': parameter " + strconv.Itoa(i+1) + " is not of type '" + typ + "'.")
}

// bytes converts a BufferSource argument, copied.
func (a subtleArgs) bytes(i int) []byte {
	data, ok := a.r.bufferSourceBytes(a.arg(i))
	if !ok {
		panic(a.typeError(i, "Array"))
	}
	return append([]byte{}, data...)
}

func (a subtleArgs) key(i int) *cryptoKey {
	k, ok := toCryptoKey(a.arg(i))
	if !ok {
		panic(a.typeError(i, "CryptoKey"))
	}
	return k
}

func (a subtleArgs) str(i int) string { return a.arg(i).String() }

func (a subtleArgs) boolean(i int) bool { return a.arg(i).ToBoolean() }

// usages converts a sequence<DOMString> of key usages.
func (a subtleArgs) usages(i int) []string {
	o, ok := a.arg(i).(*goja.Object)
	if !ok {
		panic(a.typeError(i, "Array"))
	}
	if _, ok := goja.AssertFunction(o.GetSymbol(goja.SymIterator)); !ok {
		panic(a.typeError(i, "Array"))
	}
	var out []string
	a.r.rt.ForOf(o, func(v goja.Value) bool {
		out = append(out, v.String())
		return true
	})
	return out
}

// algorithm normalizes an AlgorithmIdentifier: a name, or a dictionary
// with a name and the members of the algorithm's params.
func (a subtleArgs) algorithm(i int) *algParams {
	v := a.arg(i)
	o, ok := v.(*goja.Object)
	if !ok {
		return &algParams{name: v.String()}
	}
	r := a.r
	// A missing name converts as undefined does, to "undefined", which
	// no algorithm is called.
	p := &algParams{name: goja.Undefined().String()}
	if v := o.Get("name"); v != nil {
		p.name = v.String()
	}
	member := func(name string) goja.Value {
		m := o.Get(name)
		if m == nil || goja.IsUndefined(m) {
			return nil
		}
		return m
	}
	number := func(name string) *int {
		if m := member(name); m != nil {
			n := int(m.ToInteger())
			return &n
		}
		return nil
	}
	buffer := func(name string) []byte {
		m := member(name)
		if m == nil {
			return nil
		}
		data, ok := r.bufferSourceBytes(m)
		if !ok {
			panic(r.newTypeError("Failed to execute '" + a.method + "' on 'SubtleCrypto': member " + name + " is not of type 'BufferSource'."))
		}
		return append([]byte{}, data...)
	}
	if h := member("hash"); h != nil {
		if ho, ok := h.(*goja.Object); ok {
			p.hash = goja.Undefined().String()
			if v := ho.Get("name"); v != nil {
				p.hash = v.String()
			}
		} else {
			p.hash = h.String()
		}
	}
	if c := member("namedCurve"); c != nil {
		p.namedCurve = c.String()
	}
	p.length, p.tagLength = number("length"), number("tagLength")
	p.iterations, p.saltLength, p.modulus = number("iterations"), number("saltLength"), number("modulusLength")
	p.iv, p.additionalData, p.counter = buffer("iv"), buffer("additionalData"), buffer("counter")
	p.salt, p.info, p.label, p.publicExponent = buffer("salt"), buffer("info"), buffer("label"), buffer("publicExponent")
	if pub := member("public"); pub != nil {
		k, ok := toCryptoKey(pub)
		if !ok {
			panic(r.newTypeError("Failed to execute '" + a.method + "' on 'SubtleCrypto': member public is not of type 'CryptoKey'."))
		}
		p.public = k
	}
	return p
}

// importData converts importKey's keyData for the format.
func (a subtleArgs) importData(format string, v goja.Value) (keyData, error) {
	switch format {
	case "raw", "pkcs8", "spki":
		data, ok := a.r.bufferSourceBytes(v)
		if !ok {
			return keyData{}, cryptoErr("TypeError", "Import data provided for \"raw\", \"pkcs8\", or \"spki\" import formats must be a buffer source.")
		}
		return keyData{bytes: append([]byte{}, data...)}, nil
	case "jwk":
		o, ok := v.(*goja.Object)
		if !ok || a.r.isBufferSource(v) {
			return keyData{}, cryptoErr("TypeError", "Import data provided for \"jwk\" import format must be a JsonWebKey.")
		}
		return keyData{jwk: a.r.toJWK(o)}, nil
	}
	return keyData{}, cryptoErr("NotSupportedError", "Unrecognized key import format \"%s\".", format)
}

func (r *Realm) isBufferSource(v goja.Value) bool {
	_, ok := r.bufferSourceBytes(v)
	return ok
}

// toJWK converts a JsonWebKey dictionary.
func (r *Realm) toJWK(o *goja.Object) *jsonWebKey {
	j := &jsonWebKey{}
	if v := o.Get("kty"); v != nil && !goja.IsUndefined(v) {
		j.Kty = v.String()
	}
	for _, f := range j.stringFields() {
		if v := o.Get(f.name); v != nil && !goja.IsUndefined(v) {
			*f.v = strPtr(v.String())
		}
	}
	if v := o.Get("key_ops"); v != nil && !goja.IsUndefined(v) {
		j.hasKeyOps = true
		j.KeyOps = []string{}
		if ops, ok := v.(*goja.Object); ok {
			r.rt.ForOf(ops, func(op goja.Value) bool {
				j.KeyOps = append(j.KeyOps, op.String())
				return true
			})
		}
	}
	if v := o.Get("ext"); v != nil && !goja.IsUndefined(v) {
		ext := v.ToBoolean()
		j.Ext = &ext
	}
	if v := o.Get("oth"); v != nil && !goja.IsUndefined(v) {
		j.Oth = []any{}
	}
	return j
}

// jwkObject is an exported JWK as JS sees it, members in workerd's order.
func (r *Realm) jwkObject(j *jsonWebKey) *goja.Object {
	o := r.rt.NewObject()
	must(o.Set("kty", j.Kty))
	fields := j.stringFields()
	if j.Use != nil {
		must(o.Set("use", *j.Use))
	}
	if j.hasKeyOps {
		ops := make([]any, len(j.KeyOps))
		for i, op := range j.KeyOps {
			ops[i] = op
		}
		must(o.Set("key_ops", r.rt.NewArray(ops...)))
	}
	if j.Alg != nil {
		must(o.Set("alg", *j.Alg))
	}
	if j.Ext != nil {
		must(o.Set("ext", *j.Ext))
	}
	for _, f := range fields[2:] {
		if *f.v != nil {
			must(o.Set(f.name, **f.v))
		}
	}
	return o
}
