package jsapi

// PBKDF2 and HKDF (https://w3c.github.io/webcrypto/#pbkdf2,
// https://w3c.github.io/webcrypto/#hkdf) on crypto/pbkdf2 and crypto/hkdf.
// Their keys are secrets imported in "raw" form only, never extractable,
// and only derive. As in workerd run locally, PBKDF2 has no iteration cap
// (the deployed platform refuses more than 100000).

import (
	"crypto/hkdf"
	"crypto/pbkdf2"
	"slices"
)

func newKDFAlgorithm(name string, derive func(k *cryptoKey, p *algParams, length *int) ([]byte, error)) *algorithmImpl {
	return &algorithmImpl{name: name, importKey: importKDF, deriveBits: derive}
}

func importKDF(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	set, err := validateUsages(a.name, usageImportSecret, usages, derivationKeyUsages)
	if err != nil {
		return nil, err
	}
	if extractable {
		return nil, cryptoErr("SyntaxError", "%s key cannot be extractable.", a.name)
	}
	if format != "raw" {
		if a.name == "HKDF" {
			return nil, cryptoErr("NotSupportedError", "HKDF key must be imported in \"raw\" format (requested \"%s\")", format)
		}
		return nil, cryptoErr("NotSupportedError", "%s key must be imported in \"raw\" format (requested \"%s\").", a.name, format)
	}
	return &cryptoKey{impl: a, algorithm: keyAlgorithm{name: a.name}, typ: "secret", usages: set,
		secret: slices.Clone(data.bytes)}, nil
}

// maxKDFBytes is the most a single HKDF expansion can produce (RFC 5869:
// 255 blocks of the hash), a limit workerd applies to PBKDF2 too.
func maxKDFBytes(d digestAlgorithm) int { return 255 * d.size }

func pbkdf2DeriveBits(k *cryptoKey, p *algParams, length *int) ([]byte, error) {
	d, err := requireHash(p, "algorithm")
	if err != nil {
		return nil, err
	}
	if p.salt == nil {
		return nil, cryptoErr("TypeError", "Missing field \"salt\" in \"algorithm\".")
	}
	if p.iterations == nil {
		return nil, cryptoErr("TypeError", "Missing field \"iterations\" in \"algorithm\".")
	}
	if length == nil {
		return nil, cryptoErr("OperationError", "PBKDF2 cannot derive a key with null length.")
	}
	if *length%8 != 0 {
		return nil, cryptoErr("OperationError", "PBKDF2 requires a derived key length that is a multiple of eight (requested %d).", *length)
	}
	if *p.iterations <= 0 {
		return nil, cryptoErr("OperationError", "PBKDF2 requires a positive iteration count (requested %d).", *p.iterations)
	}
	if *length/8 > maxKDFBytes(d) {
		return nil, cryptoErr("OperationError", "Pbkdf2 failed: derived key length exceeds maximum for this hash")
	}
	if *length == 0 {
		return []byte{}, nil
	}
	out, err := pbkdf2.Key(d.new, string(k.secret), p.salt, *p.iterations, *length/8)
	if err != nil {
		return nil, cryptoErr("OperationError", "PBKDF2 deriveBits failed.")
	}
	return out, nil
}

func hkdfDeriveBits(k *cryptoKey, p *algParams, length *int) ([]byte, error) {
	d, err := requireHash(p, "algorithm")
	if err != nil {
		return nil, err
	}
	if p.salt == nil {
		return nil, cryptoErr("TypeError", "Missing field \"salt\" in \"algorithm\".")
	}
	if p.info == nil {
		return nil, cryptoErr("TypeError", "Missing field \"info\" in \"algorithm\".")
	}
	if length == nil {
		return nil, cryptoErr("OperationError", "HKDF cannot derive a key with null length.")
	}
	if *length%8 != 0 {
		return nil, cryptoErr("OperationError", "HKDF requires a derived key length that is a multiple of eight (requested %d).", *length)
	}
	if *length == 0 {
		return []byte{}, nil
	}
	out, err := hkdf.Key(d.new, k.secret, p.salt, string(p.info), *length/8)
	if err != nil {
		return nil, cryptoErr("OperationError", "HKDF deriveBits failed.")
	}
	return out, nil
}
