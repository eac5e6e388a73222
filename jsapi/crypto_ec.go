package jsapi

// ECDSA and ECDH on the NIST curves P-256, P-384 and P-521
// (https://w3c.github.io/webcrypto/#ecdsa, #ecdh) on crypto/ecdsa and
// crypto/ecdh, with workerd's checks and messages (its ec.c++). Both keep
// their material as *ecdsa.PrivateKey / *ecdsa.PublicKey; ECDH converts at
// derivation time. Signatures are r‖s of fixed width, as Web Crypto wants,
// not ASN.1.

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"strings"
)

type ecCurve struct {
	name   string
	curve  elliptic.Curve
	rsSize int // bytes of r and of s in a signature, and of a JWK coordinate
}

var ecCurves = []ecCurve{
	{"P-256", elliptic.P256(), 32},
	{"P-384", elliptic.P384(), 48},
	{"P-521", elliptic.P521(), 66},
}

func lookupCurve(name string) (ecCurve, error) {
	for _, c := range ecCurves {
		if strings.EqualFold(c.name, name) {
			return c, nil
		}
	}
	return ecCurve{}, cryptoErr("NotSupportedError", "Unrecognized or unimplemented EC curve \"%s\" requested.", name)
}

func curveOf(c elliptic.Curve) ecCurve {
	for _, e := range ecCurves {
		if e.curve == c {
			return e
		}
	}
	return ecCurve{}
}

func newECAlgorithm(name string) *algorithmImpl {
	a := &algorithmImpl{name: name, generate: generateEC, importKey: importEC, export: exportEC}
	if name == "ECDSA" {
		a.sign, a.verify = ecdsaSign, ecdsaVerify
	} else {
		a.deriveBits = ecdhDeriveBits
	}
	return a
}

func requireCurve(p *algParams) (ecCurve, error) {
	if p.namedCurve == "" {
		return ecCurve{}, cryptoErr("TypeError", "Missing field \"namedCurve\" in \"algorithm\".")
	}
	return lookupCurve(p.namedCurve)
}

// ecUsages is what an ECDSA or ECDH key pair may be used for.
func ecUsages(name string) usageSet {
	if name == "ECDH" {
		return derivationKeyUsages
	}
	return usageSign | usageVerify
}

func generateEC(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error) {
	set, err := validateUsages(a.name, usageGenerate, usages, ecUsages(a.name))
	if err != nil {
		return generatedKeys{}, err
	}
	c, err := requireCurve(p)
	if err != nil {
		return generatedKeys{}, err
	}
	priv, err := ecdsa.GenerateKey(c.curve, rand.Reader)
	if err != nil {
		return generatedKeys{}, cryptoErr("OperationError", "Error generating EC \"%s\" key", p.namedCurve)
	}
	pair := newAsymmetricPair(a, keyAlgorithm{name: a.name, namedCurve: c.name}, &priv.PublicKey, priv, extractable, set)
	if a.name == "ECDH" {
		// An ECDH public key has no usage: the peer's key is a parameter.
		pair.publicKey.usages = 0
	}
	return pair, nil
}

func importEC(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	c, err := requireCurve(p)
	if err != nil {
		return nil, err
	}
	var imp asymmetricImport
	if format == "raw" {
		if data.bytes == nil {
			return nil, cryptoErr("DataError", "Expected raw EC key but instead got a JSON Web Key.")
		}
		allowed := usageVerify
		if a.name == "ECDH" {
			// Without workerd's strict_crypto flag a raw ECDH public key
			// may carry the derivation usages.
			allowed = derivationKeyUsages
		}
		set, err := validateUsages(a.name, usageImportPublic, usages, allowed)
		if err != nil {
			return nil, err
		}
		pub, err := parseECPoint(c, data.bytes)
		if err != nil {
			return nil, err
		}
		imp = asymmetricImport{key: pub, typ: "public", usages: set}
	} else {
		check := func(key any) (any, error) {
			switch k := key.(type) {
			case *ecdsa.PublicKey:
				return k, nil
			case *ecdsa.PrivateKey:
				return k, nil
			}
			return nil, cryptoErr("DataError", "Input was not an EC key")
		}
		imp, err = importAsymmetric(a.name, format, data, extractable, usages, ecUsages(a.name), asymmetricFormats{
			readJWK:    func(j *jsonWebKey) (any, bool, error) { return readECJWK(a.name, c, j) },
			checkSPKI:  check,
			checkPKCS8: check,
		})
		if err != nil {
			return nil, err
		}
	}
	var curve elliptic.Curve
	switch k := imp.key.(type) {
	case *ecdsa.PublicKey:
		curve = k.Curve
	case *ecdsa.PrivateKey:
		curve = k.Curve
	}
	if curve != c.curve {
		if a.name == "ECDH" {
			return nil, cryptoErr("DataError", "\"algorithm.namedCurve\" \"%s\", does not match the curve specified by the input key data.", p.namedCurve)
		}
		return nil, cryptoErr("DataError", "\"algorithm.namedCurve\" \"%s\" does not match the curve specified by the input key data.", p.namedCurve)
	}
	return &cryptoKey{impl: a, algorithm: keyAlgorithm{name: a.name, namedCurve: c.name}, typ: imp.typ,
		extractable: extractable, usages: imp.usages, asymmetric: imp.key}, nil
}

// parseECPoint reads a raw public key: an uncompressed or compressed
// X9.62 point on the curve.
func parseECPoint(c ecCurve, raw []byte) (*ecdsa.PublicKey, error) {
	if len(raw) > 0 && (raw[0] == 2 || raw[0] == 3) {
		x, y := elliptic.UnmarshalCompressed(c.curve, raw)
		if x == nil {
			return nil, cryptoErr("DataError", "Failed to import raw EC key data.")
		}
		raw = elliptic.Marshal(c.curve, x, y) //nolint:staticcheck // a point already checked to be on the curve
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(c.curve, raw)
	if err != nil {
		return nil, cryptoErr("DataError", "Failed to import raw EC key data.")
	}
	return pub, nil
}

// readECJWK reads an "EC" JWK (RFC 7518 section 6.2). As in workerd, its
// "crv" is not checked: the coordinates must lie on the requested curve.
func readECJWK(name string, c ecCurve, j *jsonWebKey) (any, bool, error) {
	if j.Kty != "EC" {
		return nil, false, cryptoErr("DataError", "Elliptic curve \"jwk\" key import requires a JSON Web Key with Key Type parameter \"kty\" (\"%s\") equal to \"EC\".", j.Kty)
	}
	if j.Alg != nil && name == "ECDSA" {
		want := map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[*j.Alg]
		if want == "" {
			return nil, false, cryptoErr("NotSupportedError", "Unrecognized or unimplemented algorithm \"%s\" listed in JSON Web Key Algorithm parameter.", *j.Alg)
		}
		if want != c.name {
			return nil, false, cryptoErr("DataError", "JSON Web Key Algorithm parameter \"alg\" (\"%s\") does not match requested curve.", *j.Alg)
		}
	}
	x, err := decodeJWKBytes(j.X, "Invalid EC key in JSON Web Key; missing \"x\".")
	if err != nil {
		return nil, false, err
	}
	y, err := decodeJWKBytes(j.Y, "Invalid EC key in JSON Web Key; missing \"y\".")
	if err != nil {
		return nil, false, err
	}
	point := append([]byte{4}, leftPad(x, c.rsSize)...)
	point = append(point, leftPad(y, c.rsSize)...)
	pub, err := ecdsa.ParseUncompressedPublicKey(c.curve, point)
	if err != nil || len(x) > c.rsSize || len(y) > c.rsSize {
		return nil, false, cryptoErr("DataError", "Invalid EC key in JSON Web Key")
	}
	if j.D == nil {
		return pub, false, nil
	}
	d, err := decodeJWKBytes(j.D, "Invalid EC key in JSON Web Key; missing or invalid private key component (\"d\").")
	if err != nil {
		return nil, false, err
	}
	priv, err := ecdsa.ParseRawPrivateKey(c.curve, leftPad(d, c.rsSize))
	if err != nil || !priv.PublicKey.Equal(pub) {
		return nil, false, cryptoErr("DataError", "Invalid EC key in JSON Web Key")
	}
	return priv, true, nil
}

func leftPad(b []byte, n int) []byte {
	if len(b) >= n {
		return b
	}
	return append(make([]byte, n-len(b)), b...)
}

func ecPublic(k *cryptoKey) *ecdsa.PublicKey {
	switch key := k.asymmetric.(type) {
	case *ecdsa.PrivateKey:
		return &key.PublicKey
	case *ecdsa.PublicKey:
		return key
	}
	return nil
}

func exportEC(k *cryptoKey, format string) (keyData, error) {
	pub := ecPublic(k)
	switch format {
	case "raw":
		if k.typ != "public" {
			return keyData{}, cryptoErr("InvalidAccessError", "Raw export of elliptic curve keys is only allowed for public keys.")
		}
		raw, err := pub.Bytes()
		if err != nil {
			return keyData{}, cryptoErr("OperationError", "Failed to convert to serialize EC key")
		}
		return keyData{bytes: raw}, nil
	case "jwk":
		c := curveOf(pub.Curve)
		raw, _ := pub.Bytes()
		j := &jsonWebKey{Kty: "EC", Crv: strPtr(c.name), X: b64url(raw[1 : 1+c.rsSize]), Y: b64url(raw[1+c.rsSize:])}
		if priv, ok := k.asymmetric.(*ecdsa.PrivateKey); ok {
			d, err := priv.Bytes()
			if err != nil {
				return keyData{}, cryptoErr("OperationError", "Error getting private key material for JSON Web Key export")
			}
			j.D = b64url(d)
		}
		return exportJWK(k, j), nil
	}
	return exportAsymmetricDER(k, format)
}

// exportAsymmetricDER exports a key as PKCS #8 (private keys) or SPKI
// (public keys).
func exportAsymmetricDER(k *cryptoKey, format string) (keyData, error) {
	switch format {
	case "pkcs8":
		if k.typ != "private" {
			return keyData{}, cryptoErr("InvalidAccessError", "Asymmetric pkcs8 export requires private key (not \"%s\").", k.typ)
		}
		der, err := x509.MarshalPKCS8PrivateKey(k.asymmetric)
		if err != nil {
			return keyData{}, cryptoErr("OperationError", "Private key export failed.")
		}
		return keyData{bytes: der}, nil
	case "spki":
		if k.typ != "public" {
			return keyData{}, cryptoErr("InvalidAccessError", "Asymmetric spki export requires public key (not \"%s\").", k.typ)
		}
		der, err := x509.MarshalPKIXPublicKey(k.asymmetric)
		if err != nil {
			return keyData{}, cryptoErr("OperationError", "Public key export failed.")
		}
		return keyData{bytes: der}, nil
	}
	return keyData{}, cryptoErr("InvalidAccessError", "Cannot export \"%s\" in \"%s\" format.", k.algorithm.name, format)
}

func ecdsaHash(p *algParams) (digestAlgorithm, error) {
	if p.hash == "" {
		return digestAlgorithm{}, cryptoErr("TypeError", "Missing \"hash\" in AlgorithmIdentifier. (ECDSA requires that the hash algorithm be specified at call time rather than on the key. This differs from other WebCrypto algorithms for historical reasons.)")
	}
	return lookupDigest(p.hash)
}

func ecdsaSign(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "Asymmetric signing requires a private key.")
	}
	d, err := ecdsaHash(p)
	if err != nil {
		return nil, err
	}
	h := d.new()
	h.Write(data)
	der, err := ecdsa.SignASN1(rand.Reader, k.asymmetric.(*ecdsa.PrivateKey), h.Sum(nil))
	if err != nil {
		return nil, cryptoErr("OperationError", "Signing failed.")
	}
	var sig struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &sig); err != nil {
		return nil, cryptoErr("OperationError", "Signing failed.")
	}
	size := curveOf(k.asymmetric.(*ecdsa.PrivateKey).Curve).rsSize
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

func ecdsaVerify(k *cryptoKey, p *algParams, sig, data []byte) (bool, error) {
	if k.typ != "public" {
		return false, cryptoErr("InvalidAccessError", "Asymmetric verification requires a public key.")
	}
	d, err := ecdsaHash(p)
	if err != nil {
		return false, err
	}
	pub := ecPublic(k)
	size := curveOf(pub.Curve).rsSize
	if len(sig) != 2*size {
		return false, nil
	}
	der, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])})
	if err != nil {
		return false, nil
	}
	h := d.new()
	h.Write(data)
	return ecdsa.VerifyASN1(pub, h.Sum(nil), der), nil
}

// checkDerivePeer applies workerd's checks on deriveBits' `public` member
// for ECDH and X25519.
func checkDerivePeer(k *cryptoKey, p *algParams) (*cryptoKey, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "The deriveBits operation is only valid for a private key, not \"%s\".", k.typ)
	}
	peer := p.public
	if peer == nil {
		return nil, cryptoErr("TypeError", "Missing field \"public\" in \"derivedKeyParams\".")
	}
	if peer.typ != "public" {
		return nil, cryptoErr("InvalidAccessError", "The provided key has type \"%s\", not \"public\"", peer.typ)
	}
	if peer.algorithm.name != k.algorithm.name {
		return nil, cryptoErr("InvalidAccessError", "Private key for derivation is using \"%s\" while public key is using \"%s\".", k.algorithm.name, peer.algorithm.name)
	}
	return peer, nil
}

// truncateBits keeps the first length bits of secret (all of it for a
// nil length), as ECDH and X25519 deriveBits return them.
func truncateBits(secret []byte, length *int) ([]byte, error) {
	bits := len(secret) * 8
	if length != nil {
		bits = *length
	}
	if bits > len(secret)*8 {
		return nil, cryptoErr("OperationError", "Derived key length (%d bits) is too long (should be at most %d bits).", bits, len(secret)*8)
	}
	out := bytes.Clone(secret[:(bits+7)/8])
	trimKeyBits(out, bits)
	return out, nil
}

func ecdhDeriveBits(k *cryptoKey, p *algParams, length *int) ([]byte, error) {
	peer, err := checkDerivePeer(k, p)
	if err != nil {
		return nil, err
	}
	if peer.algorithm.namedCurve != k.algorithm.namedCurve {
		return nil, cryptoErr("InvalidAccessError", "Private key for derivation is using curve \"%s\" while public key is using \"%s\".", k.algorithm.namedCurve, peer.algorithm.namedCurve)
	}
	priv, err := k.asymmetric.(*ecdsa.PrivateKey).ECDH()
	if err != nil {
		return nil, cryptoErr("OperationError", "Failed to generate shared ECDH secret.")
	}
	pub, err := ecPublic(peer).ECDH()
	if err != nil {
		return nil, cryptoErr("OperationError", "Failed to generate shared ECDH secret.")
	}
	secret, err := priv.ECDH(pub)
	if err != nil {
		return nil, cryptoErr("OperationError", "Failed to generate shared ECDH secret.")
	}
	return truncateBits(secret, length)
}
