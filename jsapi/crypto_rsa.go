package jsapi

// RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP
// (https://w3c.github.io/webcrypto/#rsassa-pkcs1 … #rsa-oaep) on
// crypto/rsa, with workerd's checks and messages (its rsa.c++). The hash
// is a property of the key, fixed when it is made.
//
// Go's crypto/rsa differs from BoringSSL in two ways users can meet: it
// generates keys with the exponent 65537 only, and refuses keys shorter
// than 1024 bits; both give an OperationError saying so.

import (
	"crypto/rand"
	"crypto/rsa"
	"math/big"
	"slices"
	"strings"
)

func newRSAAlgorithm(name string) *algorithmImpl {
	a := &algorithmImpl{name: name, generate: generateRSA, importKey: importRSA, export: exportRSA}
	switch name {
	case "RSASSA-PKCS1-v1_5":
		a.sign, a.verify = rsaPKCS1Sign, rsaPKCS1Verify
	case "RSA-PSS":
		a.sign, a.verify = rsaPSSSign, rsaPSSVerify
	case "RSA-OAEP":
		a.encrypt, a.decrypt = rsaOAEPEncrypt, rsaOAEPDecrypt
	}
	return a
}

func rsaUsages(name string) usageSet {
	if name == "RSA-OAEP" {
		return usageEncrypt | usageDecrypt | usageWrapKey | usageUnwrapKey
	}
	return usageSign | usageVerify
}

// goRSAError explains what Go's crypto/rsa refused.
func goRSAError(err error) error {
	if strings.Contains(err.Error(), "insecure") || strings.Contains(err.Error(), "1024") {
		return cryptoErr("OperationError", "RSA keys shorter than 1024 bits are not supported by kindling (Go's crypto/rsa refuses them).")
	}
	return cryptoErr("OperationError", "RSA operation failed.")
}

func generateRSA(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error) {
	if p.publicExponent == nil {
		return generatedKeys{}, cryptoErr("TypeError", "Missing field \"publicExponent\" in \"algorithm\".")
	}
	d, err := requireHash(p, "algorithm")
	if err != nil {
		return generatedKeys{}, err
	}
	if p.modulus == nil {
		return generatedKeys{}, cryptoErr("TypeError", "Missing field \"modulusLength\" in \"algorithm\".")
	}
	bits := *p.modulus
	if bits <= 0 {
		return generatedKeys{}, cryptoErr("OperationError", "modulusLength must be greater than zero (requested %d).", bits)
	}
	set, err := validateUsages(a.name, usageGenerate, usages, rsaUsages(a.name))
	if err != nil {
		return generatedKeys{}, err
	}
	if bits%8 != 0 || bits < 256 || bits > 16384 {
		return generatedKeys{}, cryptoErr("OperationError", "The modulus length must be a multiple of 8 and between 256 and 16k, but %d was requested.", bits)
	}
	e := new(big.Int).SetBytes(p.publicExponent)
	if !e.IsUint64() || e.Uint64() > 1<<32 {
		return generatedKeys{}, cryptoErr("OperationError", "The \"publicExponent\" must be either 3 or 65537, but got a number larger than 2^32.")
	}
	switch e.Uint64() {
	case 65537:
	case 3:
		return generatedKeys{}, cryptoErr("OperationError", "kindling cannot generate RSA keys with the public exponent 3 (Go's crypto/rsa uses 65537).")
	default:
		return generatedKeys{}, cryptoErr("OperationError", "The \"publicExponent\" must be either 3 or 65537, but got %d.", e.Uint64())
	}
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return generatedKeys{}, goRSAError(err)
	}
	alg := keyAlgorithm{name: a.name, modulusLength: bits, publicExponent: slices.Clone(p.publicExponent), hash: d.name}
	return newAsymmetricPair(a, alg, &priv.PublicKey, priv, extractable, set), nil
}

// rsaJWKAlgorithms maps a JWK "alg" to the hash it implies.
var rsaJWKAlgorithms = map[string]string{
	"RS1": "SHA-1", "RS256": "SHA-256", "RS384": "SHA-384", "RS512": "SHA-512",
	"PS1": "SHA-1", "PS256": "SHA-256", "PS384": "SHA-384", "PS512": "SHA-512",
	"RSA-OAEP": "SHA-1", "RSA-OAEP-256": "SHA-256", "RSA-OAEP-384": "SHA-384", "RSA-OAEP-512": "SHA-512",
}

func importRSA(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	d, err := requireHash(p, "algorithm")
	if err != nil {
		return nil, err
	}
	check := func(key any) (any, error) {
		switch key.(type) {
		case *rsa.PublicKey, *rsa.PrivateKey:
			return key, nil
		}
		return nil, cryptoErr("DataError", "Input was not an RSA key")
	}
	imp, err := importAsymmetric(a.name, format, data, extractable, usages, rsaUsages(a.name), asymmetricFormats{
		readJWK: func(j *jsonWebKey) (any, bool, error) {
			if j.Kty != "RSA" {
				return nil, false, cryptoErr("DataError", "RSASSA-PKCS1-v1_5 \"jwk\" key import requires a JSON Web Key with Key Type parameter \"kty\" (\"%s\") equal to \"RSA\".", j.Kty)
			}
			if j.Alg != nil {
				hash, ok := rsaJWKAlgorithms[*j.Alg]
				if !ok {
					return nil, false, cryptoErr("NotSupportedError", "Unrecognized or unimplemented algorithm \"%s\" listed in JSON Web Key Algorithm parameter.", *j.Alg)
				}
				if hash != d.name {
					return nil, false, cryptoErr("DataError", "JSON Web Key Algorithm parameter \"alg\" (\"%s\") does not match requested hash algorithm \"%s\".", *j.Alg, *j.Alg)
				}
			}
			return readRSAJWK(j)
		},
		checkSPKI:  check,
		checkPKCS8: check,
	})
	if err != nil {
		return nil, err
	}
	pub := rsaPublic(imp.key)
	alg := keyAlgorithm{name: a.name, modulusLength: pub.N.BitLen(), publicExponent: big.NewInt(int64(pub.E)).Bytes(), hash: d.name}
	return &cryptoKey{impl: a, algorithm: alg, typ: imp.typ, extractable: extractable, usages: imp.usages, asymmetric: imp.key}, nil
}

// readRSAJWK reads an "RSA" JWK (RFC 7518 section 6.3). Go recomputes the
// CRT values from d, p and q.
func readRSAJWK(j *jsonWebKey) (any, bool, error) {
	field := func(v *string, what string) (*big.Int, error) {
		if v == nil {
			return nil, cryptoErr("Error", "Invalid RSA key in JSON Web Key; missing or invalid %s.", what)
		}
		b, err := decodeJWKBytes(v, "Invalid RSA key in JSON Web Key")
		if err != nil {
			return nil, cryptoErr("Error", "Invalid RSA key in JSON Web Key")
		}
		return new(big.Int).SetBytes(b), nil
	}
	n, err := field(j.N, "Modulus parameter (\"n\")")
	if err != nil {
		return nil, false, err
	}
	e, err := field(j.E, "Exponent parameter (\"e\")")
	if err != nil {
		return nil, false, err
	}
	if !e.IsInt64() || e.Int64() > 1<<31-1 {
		return nil, false, cryptoErr("DataError", "Invalid RSA key in JSON Web Key; failed to set key parameters")
	}
	pub := rsa.PublicKey{N: n, E: int(e.Int64())}
	if j.D == nil {
		return &pub, false, nil
	}
	var parts [6]*big.Int
	for i, f := range []struct {
		v    *string
		what string
	}{
		{j.D, "Private Exponent parameter (\"d\")"}, {j.P, "First Prime Factor parameter (\"p\")"},
		{j.Q, "Second Prime Factor parameter (\"q\")"}, {j.DP, "First Factor CRT Exponent parameter (\"dp\")"},
		{j.DQ, "Second Factor CRT Exponent parameter (\"dq\")"}, {j.QI, "First CRT Coefficient parameter (\"qi\")"},
	} {
		if parts[i], err = field(f.v, f.what); err != nil {
			return nil, false, err
		}
	}
	priv := &rsa.PrivateKey{PublicKey: pub, D: parts[0], Primes: []*big.Int{parts[1], parts[2]}}
	if err := priv.Validate(); err != nil {
		return nil, false, cryptoErr("DataError", "Invalid RSA key in JSON Web Key")
	}
	priv.Precompute()
	return priv, true, nil
}

func rsaPublic(key any) *rsa.PublicKey {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return &k.PublicKey
	case *rsa.PublicKey:
		return k
	}
	return nil
}

// rsaJWKAlg is the JWK "alg" of a key: RS256, PS384, RSA-OAEP-256…
func rsaJWKAlg(k *cryptoKey) (string, error) {
	hash := k.algorithm.hash
	if !strings.HasPrefix(hash, "SHA") {
		return "", cryptoErr("NotSupportedError", "JWK export not supported for hash algorithm \"%s\".", hash)
	}
	bits := hash[4:]
	switch k.algorithm.name {
	case "RSA-PSS":
		return "PS" + bits, nil
	case "RSA-OAEP":
		if hash == "SHA-1" {
			return "RSA-OAEP", nil
		}
		return "RSA-OAEP-" + bits, nil
	}
	return "RS" + bits, nil
}

func exportRSA(k *cryptoKey, format string) (keyData, error) {
	switch format {
	case "jwk":
		alg, err := rsaJWKAlg(k)
		if err != nil {
			return keyData{}, err
		}
		pub := rsaPublic(k.asymmetric)
		j := &jsonWebKey{Kty: "RSA", Alg: &alg, N: b64url(pub.N.Bytes()), E: b64url(big.NewInt(int64(pub.E)).Bytes())}
		if priv, ok := k.asymmetric.(*rsa.PrivateKey); ok {
			j.D = b64url(priv.D.Bytes())
			j.P, j.Q = b64url(priv.Primes[0].Bytes()), b64url(priv.Primes[1].Bytes())
			j.DP, j.DQ = b64url(priv.Precomputed.Dp.Bytes()), b64url(priv.Precomputed.Dq.Bytes())
			j.QI = b64url(priv.Precomputed.Qinv.Bytes())
		}
		return exportJWK(k, j), nil
	case "raw":
		return keyData{}, cryptoErr("InvalidAccessError", "Cannot export \"%s\" in \"raw\" format.", k.algorithm.name)
	}
	return exportAsymmetricDER(k, format)
}

// rsaDigest hashes data with the key's hash.
func rsaDigest(k *cryptoKey, data []byte) (digestAlgorithm, []byte, error) {
	d, err := lookupDigest(k.algorithm.hash)
	if err != nil {
		return d, nil, err
	}
	h := d.new()
	h.Write(data)
	return d, h.Sum(nil), nil
}

func rsaPKCS1Sign(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "Asymmetric signing requires a private key.")
	}
	d, sum, err := rsaDigest(k, data)
	if err != nil {
		return nil, err
	}
	priv := k.asymmetric.(*rsa.PrivateKey)
	if d.size+32 > priv.Size() {
		return nil, cryptoErr("OperationError", "key too small for signing with given digest, need at least %dbits.", 8*(d.size+32))
	}
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, d.id, sum)
	if err != nil {
		return nil, goRSAError(err)
	}
	return sig, nil
}

func rsaPKCS1Verify(k *cryptoKey, p *algParams, sig, data []byte) (bool, error) {
	if k.typ != "public" {
		return false, cryptoErr("InvalidAccessError", "Asymmetric verification requires a public key.")
	}
	d, sum, err := rsaDigest(k, data)
	if err != nil {
		return false, err
	}
	return rsa.VerifyPKCS1v15(k.asymmetric.(*rsa.PublicKey), d.id, sum, sig) == nil, nil
}

func pssSalt(p *algParams) (int, error) {
	if p.saltLength == nil {
		return 0, cryptoErr("TypeError", "Failed to provide salt for RSA-PSS key operation which requires a salt")
	}
	if *p.saltLength < 0 {
		return 0, cryptoErr("DataError", "SaltLength for RSA-PSS must be non-negative (provided %d).", *p.saltLength)
	}
	return *p.saltLength, nil
}

func rsaPSSSign(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "Asymmetric signing requires a private key.")
	}
	salt, err := pssSalt(p)
	if err != nil {
		return nil, err
	}
	d, sum, err := rsaDigest(k, data)
	if err != nil {
		return nil, err
	}
	priv := k.asymmetric.(*rsa.PrivateKey)
	if d.size+2 > priv.Size() {
		return nil, cryptoErr("OperationError", "key too small for signing with given digest")
	}
	if salt > priv.Size()-d.size-2 {
		return nil, cryptoErr("OperationError", "key too small for signing with given digest and salt length")
	}
	sig, err := rsa.SignPSS(rand.Reader, priv, d.id, sum, &rsa.PSSOptions{SaltLength: salt, Hash: d.id})
	if err != nil {
		return nil, goRSAError(err)
	}
	return sig, nil
}

func rsaPSSVerify(k *cryptoKey, p *algParams, sig, data []byte) (bool, error) {
	if k.typ != "public" {
		return false, cryptoErr("InvalidAccessError", "Asymmetric verification requires a public key.")
	}
	salt, err := pssSalt(p)
	if err != nil {
		return false, err
	}
	d, sum, err := rsaDigest(k, data)
	if err != nil {
		return false, err
	}
	return rsa.VerifyPSS(k.asymmetric.(*rsa.PublicKey), d.id, sum, sig, &rsa.PSSOptions{SaltLength: salt, Hash: d.id}) == nil, nil
}

func rsaOAEPEncrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "public" {
		return nil, cryptoErr("InvalidAccessError", "Encryption/key wrapping only works with public keys, not \"%s\".", k.typ)
	}
	d, err := lookupDigest(k.algorithm.hash)
	if err != nil {
		return nil, err
	}
	out, err := rsa.EncryptOAEP(d.new(), rand.Reader, k.asymmetric.(*rsa.PublicKey), data, p.label)
	if err != nil {
		return nil, cryptoErr("OperationError", "RSA-OAEP failed encrypt/decrypt.")
	}
	return out, nil
}

func rsaOAEPDecrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "Decryption/key unwrapping only works with private keys, not \"%s\".", k.typ)
	}
	d, err := lookupDigest(k.algorithm.hash)
	if err != nil {
		return nil, err
	}
	out, err := rsa.DecryptOAEP(d.new(), rand.Reader, k.asymmetric.(*rsa.PrivateKey), data, p.label)
	if err != nil {
		return nil, cryptoErr("OperationError", "RSA-OAEP failed encrypt/decrypt.")
	}
	return out, nil
}
