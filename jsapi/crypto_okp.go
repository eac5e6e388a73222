package jsapi

// Ed25519 and X25519 (https://w3c.github.io/webcrypto/#ed25519,
// #x25519) on crypto/ed25519 and crypto/ecdh, with workerd's checks and
// messages (the EdDsaKey part of its ec.c++). Keys are "OKP" in JWK form
// (RFC 8037).

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
)

func newOKPAlgorithm(name string) *algorithmImpl {
	a := &algorithmImpl{name: name, generate: generateOKP, importKey: importOKP, export: exportOKP}
	if name == "Ed25519" {
		a.sign, a.verify = ed25519Sign, ed25519Verify
	} else {
		a.deriveBits = x25519DeriveBits
	}
	return a
}

func okpUsages(name string) usageSet {
	if name == "X25519" {
		return derivationKeyUsages
	}
	return usageSign | usageVerify
}

func generateOKP(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error) {
	set, err := validateUsages(a.name, usageGenerate, usages, okpUsages(a.name))
	if err != nil {
		return generatedKeys{}, err
	}
	alg := keyAlgorithm{name: a.name}
	if a.name == "Ed25519" {
		pub, priv, _ := ed25519.GenerateKey(rand.Reader)
		return newAsymmetricPair(a, alg, pub, priv, extractable, set), nil
	}
	priv, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return generatedKeys{}, cryptoErr("OperationError", "Error generating X25519 key")
	}
	return newAsymmetricPair(a, alg, priv.PublicKey(), priv, extractable, set), nil
}

func importOKP(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	var imp asymmetricImport
	var err error
	if format == "raw" {
		if data.bytes == nil {
			return nil, cryptoErr("DataError", "Expected raw EC key but instead got a JSON Web Key.")
		}
		allowed := usageVerify
		if a.name == "X25519" {
			allowed = 0
		}
		set, err := validateUsages(a.name, usageImportPublic, usages, allowed)
		if err != nil {
			return nil, err
		}
		if len(data.bytes) != 32 {
			return nil, cryptoErr("DataError", "%s raw keys must be exactly 32-bytes (provided %d).", a.name, len(data.bytes))
		}
		key, err := okpPublicKey(a.name, data.bytes)
		if err != nil {
			return nil, err
		}
		imp = asymmetricImport{key: key, typ: "public", usages: set}
	} else {
		imp, err = importAsymmetric(a.name, format, data, extractable, usages, okpUsages(a.name), asymmetricFormats{
			readJWK:    func(j *jsonWebKey) (any, bool, error) { return readOKPJWK(a.name, j) },
			checkSPKI:  func(key any) (any, error) { return checkOKPKey(a.name, key, false) },
			checkPKCS8: func(key any) (any, error) { return checkOKPKey(a.name, key, true) },
		})
		if err != nil {
			return nil, err
		}
	}
	return &cryptoKey{impl: a, algorithm: keyAlgorithm{name: a.name}, typ: imp.typ, extractable: extractable,
		usages: imp.usages, asymmetric: imp.key}, nil
}

func okpPublicKey(name string, raw []byte) (any, error) {
	if name == "Ed25519" {
		return ed25519.PublicKey(append([]byte{}, raw...)), nil
	}
	pub, err := ecdh.X25519().NewPublicKey(raw)
	if err != nil {
		return nil, cryptoErr("DataError", "Failed to construct X25519 public key")
	}
	return pub, nil
}

// checkOKPKey accepts a key parsed from SPKI or PKCS #8 if it is one of
// the algorithm's.
func checkOKPKey(name string, key any, private bool) (any, error) {
	switch k := key.(type) {
	case ed25519.PublicKey, ed25519.PrivateKey:
		if name == "Ed25519" {
			return k, nil
		}
	case *ecdh.PublicKey:
		if name == "X25519" && k.Curve() == ecdh.X25519() {
			return k, nil
		}
	case *ecdh.PrivateKey:
		if name == "X25519" && k.Curve() == ecdh.X25519() {
			return k, nil
		}
	}
	if private {
		return nil, cryptoErr("DataError", "Invalid PKCS8 input.")
	}
	return nil, cryptoErr("DataError", "Invalid SPKI input.")
}

// readOKPJWK reads an "OKP" JWK; for a private key "x" is not checked
// against "d", as in workerd.
func readOKPJWK(name string, j *jsonWebKey) (any, bool, error) {
	if j.Kty != "OKP" {
		return nil, false, cryptoErr("DataError", "%s \"jwk\" key imports requires a JSON Web Key with Key Type parameter \"kty\" (\"%s\") equal to \"OKP\".", name, j.Kty)
	}
	if j.Crv == nil {
		return nil, false, cryptoErr("DataError", "Missing field \"crv\" for %s key.", name)
	}
	if *j.Crv != name {
		return nil, false, cryptoErr("NotSupportedError", "Only %s is supported but \"%s\" was requested.", name, *j.Crv)
	}
	if j.Alg != nil && name == "Ed25519" && *j.Alg != "EdDSA" {
		return nil, false, cryptoErr("DataError", "JSON Web Key Algorithm parameter \"alg\" (\"%s\") does not match requested Ed25519 curve.", *j.Alg)
	}
	x, err := decodeJWKBytes(j.X, "Invalid "+name+" key in JSON WebKey; missing or invalid public key component (\"x\").")
	if err != nil {
		return nil, false, err
	}
	if len(x) != 32 {
		return nil, false, cryptoErr("DataError", "Invalid length %d for public key", len(x))
	}
	if j.D == nil {
		key, err := okpPublicKey(name, x)
		return key, false, err
	}
	d, err := decodeJWKBytes(j.D, "Invalid "+name+" key in JSON Web Key; missing or invalid private key component (\"d\").")
	if err != nil {
		return nil, false, err
	}
	if len(d) != 32 {
		return nil, false, cryptoErr("DataError", "Invalid length %d for private key", len(d))
	}
	if name == "Ed25519" {
		return ed25519.NewKeyFromSeed(d), true, nil
	}
	priv, err := ecdh.X25519().NewPrivateKey(d)
	if err != nil {
		return nil, false, cryptoErr("DataError", "Failed to construct X25519 private key")
	}
	return priv, true, nil
}

// okpRaw returns the raw public key, and the raw private key (the seed for
// Ed25519) if k is private.
func okpRaw(k *cryptoKey) (public, private []byte) {
	switch key := k.asymmetric.(type) {
	case ed25519.PrivateKey:
		return key.Public().(ed25519.PublicKey), key.Seed()
	case ed25519.PublicKey:
		return key, nil
	case *ecdh.PrivateKey:
		return key.PublicKey().Bytes(), key.Bytes()
	case *ecdh.PublicKey:
		return key.Bytes(), nil
	}
	return nil, nil
}

func exportOKP(k *cryptoKey, format string) (keyData, error) {
	public, private := okpRaw(k)
	switch format {
	case "raw":
		if k.typ != "public" {
			return keyData{}, cryptoErr("InvalidAccessError", "Raw export of %s keys is only allowed for public keys.", k.algorithm.name)
		}
		return keyData{bytes: append([]byte{}, public...)}, nil
	case "jwk":
		j := &jsonWebKey{Kty: "OKP", Crv: strPtr(k.algorithm.name), X: b64url(public)}
		if k.algorithm.name == "Ed25519" {
			j.Alg = strPtr("EdDSA")
		}
		if private != nil {
			j.D = b64url(private)
		}
		return exportJWK(k, j), nil
	}
	return exportAsymmetricDER(k, format)
}

func ed25519Sign(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if k.typ != "private" {
		return nil, cryptoErr("InvalidAccessError", "Asymmetric signing requires a private key.")
	}
	return ed25519.Sign(k.asymmetric.(ed25519.PrivateKey), data), nil
}

func ed25519Verify(k *cryptoKey, p *algParams, sig, data []byte) (bool, error) {
	if k.typ != "public" {
		return false, cryptoErr("InvalidAccessError", "Asymmetric verification requires a public key.")
	}
	if len(sig) != ed25519.SignatureSize {
		return false, cryptoErr("OperationError", "Invalid %s signature length %d", k.algorithm.name, len(sig))
	}
	return ed25519.Verify(k.asymmetric.(ed25519.PublicKey), data, sig), nil
}

func x25519DeriveBits(k *cryptoKey, p *algParams, length *int) ([]byte, error) {
	peer, err := checkDerivePeer(k, p)
	if err != nil {
		return nil, err
	}
	if length != nil && *length > 256 {
		return nil, cryptoErr("OperationError", "Derived key length (%d bits) is too long (should be at most 256 bits).", *length)
	}
	secret, err := k.asymmetric.(*ecdh.PrivateKey).ECDH(peer.asymmetric.(*ecdh.PublicKey))
	if err != nil {
		// crypto/ecdh refuses an all-zero shared secret (a small-order point).
		return nil, cryptoErr("OperationError", "Detected small order secure curve points, aborting EDDH derivation")
	}
	return truncateBits(secret, length)
}
