package jsapi

// HMAC (https://w3c.github.io/webcrypto/#hmac) on crypto/hmac, with
// workerd's checks and messages (its digest.c++). Any digest workerd
// accepts may key an HMAC, MD5 included; only SHA ones export as JWK.

import (
	"crypto/hmac"
	"crypto/rand"
	"slices"
	"strings"
)

var hmacAlgorithm = &algorithmImpl{
	name:      "HMAC",
	generate:  generateHMAC,
	importKey: importHMAC,
	export:    exportHMAC,
	sign:      hmacSign,
	verify: func(k *cryptoKey, p *algParams, sig, data []byte) (bool, error) {
		mac, err := hmacSign(k, p, data)
		return err == nil && hmac.Equal(mac, sig), err
	},
}

// trimKeyBits zeroes the bits of the last byte beyond a key of bits bits.
func trimKeyBits(key []byte, bits int) {
	if extra := len(key)*8 - bits; extra > 0 {
		key[len(key)-1] &= byte(0xFF << extra)
	}
}

func generateHMAC(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error) {
	d, err := requireHash(p, "algorithm")
	if err != nil {
		return generatedKeys{}, err
	}
	set, err := validateUsages("HMAC", usageGenerate, usages, usageSign|usageVerify)
	if err != nil {
		return generatedKeys{}, err
	}
	length := d.blockSize * 8
	if p.length != nil {
		length = *p.length
	}
	if length <= 0 {
		return generatedKeys{}, cryptoErr("OperationError", "HMAC key length must be a non-zero unsigned long integer (requested %d).", length)
	}
	key := make([]byte, (length+7)/8)
	rand.Read(key)
	trimKeyBits(key, length)
	return generatedKeys{key: newHMACKey(a, key, d.name, length, extractable, set)}, nil
}

func newHMACKey(a *algorithmImpl, key []byte, hash string, length int, extractable bool, usages usageSet) *cryptoKey {
	return &cryptoKey{impl: a, algorithm: keyAlgorithm{name: "HMAC", hash: hash, length: length},
		typ: "secret", extractable: extractable, usages: usages, secret: key}
}

func importHMAC(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	set, err := validateUsages("HMAC", usageImportSecret, usages, usageSign|usageVerify)
	if err != nil {
		return nil, err
	}
	if p.hash == "" {
		return nil, cryptoErr("TypeError", "Missing field \"hash\" in \"algorithm\".")
	}
	var key []byte
	switch format {
	case "raw":
		key = data.bytes
	case "jwk":
		j := data.jwk
		if j.Kty != "oct" {
			return nil, cryptoErr("DataError", "HMAC \"jwk\" key import requires a JSON Web Key with Key Type parameter (\"kty\") equal to \"oct\" (encountered \"%s\").", j.Kty)
		}
		if key, err = decodeJWKBytes(j.K, "HMAC \"jwk\" key import requires a base64Url encoding of the key"); err != nil {
			return nil, err
		}
		if j.Alg != nil {
			if !strings.HasPrefix(strings.ToUpper(p.hash), "SHA-") {
				return nil, cryptoErr("NotSupportedError", "Unrecognized or unimplemented hash algorithm requested%s", *j.Alg)
			}
			expected := "HS" + p.hash[4:]
			if *j.Alg != expected {
				return nil, cryptoErr("DataError", "HMAC \"jwk\" key import specifies \"alg\" that is incompatible with the hash name (encountered \"%s\", expected \"%s\").", *j.Alg, expected)
			}
		}
	default:
		return nil, cryptoErr("NotSupportedError", "Unrecognized key import format \"%s\".", format)
	}
	size := len(key) * 8
	length := size
	if p.length != nil {
		length = *p.length
	}
	if length == 0 || length > size || length <= size-8 {
		return nil, cryptoErr("DataError", "Imported HMAC key length (%d) must be a non-zero value up to 7 bits less than, and no greater than, the bit length of the raw key data (%d).", length, size)
	}
	d, err := lookupDigest(p.hash)
	if err != nil {
		return nil, err
	}
	key = slices.Clone(key)
	trimKeyBits(key, length)
	return newHMACKey(a, key, d.name, length, extractable, set), nil
}

func exportHMAC(k *cryptoKey, format string) (keyData, error) {
	switch format {
	case "raw":
		return keyData{bytes: slices.Clone(k.secret)}, nil
	case "jwk":
		if !strings.HasPrefix(k.algorithm.hash, "SHA-") {
			return keyData{}, cryptoErr("NotSupportedError", "Unimplemented JWK key export format for key algorithm \"%s\".", k.algorithm.hash)
		}
		alg := "HS" + k.algorithm.hash[4:]
		return exportJWK(k, &jsonWebKey{Kty: "oct", K: b64url(k.secret), Alg: &alg}), nil
	}
	return keyData{}, cryptoErr("NotSupportedError", "Unimplemented key export format \"%s\".", format)
}

func hmacSign(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	d, err := lookupDigest(k.algorithm.hash)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(d.new, k.secret)
	mac.Write(data)
	return mac.Sum(nil), nil
}
