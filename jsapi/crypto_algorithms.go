package jsapi

// The Web Crypto algorithms (https://w3c.github.io/webcrypto/#algorithm-overview)
// kindling implements, each as a table of operations on plain Go values, as
// workerd's CryptoKey::Impl subclasses are; subtle_crypto.go converts the
// JS arguments and dispatches here. Algorithm and hash names match case-
// insensitively and are reported in their registered spelling.

import (
	"crypto"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"
)

// algParams is a normalized algorithm dictionary: the members any of the
// Web Crypto dictionaries (AesGcmParams, HmacImportParams, EcdhKeyDeriveParams…)
// may carry. An absent member is nil (or "" for strings).
type algParams struct {
	name       string
	hash       string
	namedCurve string
	length     *int
	tagLength  *int
	iterations *int
	saltLength *int
	modulus    *int
	// BufferSource members, copied; nil when absent.
	iv, additionalData, counter, salt, info, label, publicExponent []byte
	public                                                         *cryptoKey
}

// keyData is what importKey takes: bytes for "raw", "pkcs8" and "spki", a
// JSON Web Key for "jwk".
type keyData struct {
	bytes []byte
	jwk   *jsonWebKey
}

// generatedKeys is what generateKey makes: one secret key or a pair.
type generatedKeys struct {
	key                   *cryptoKey
	publicKey, privateKey *cryptoKey
}

// algorithmImpl is one algorithm's operations; nil ones are not
// implemented by the algorithm.
type algorithmImpl struct {
	name       string
	generate   func(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error)
	importKey  func(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error)
	export     func(k *cryptoKey, format string) (keyData, error)
	encrypt    func(k *cryptoKey, p *algParams, data []byte) ([]byte, error)
	decrypt    func(k *cryptoKey, p *algParams, data []byte) ([]byte, error)
	sign       func(k *cryptoKey, p *algParams, data []byte) ([]byte, error)
	verify     func(k *cryptoKey, p *algParams, sig, data []byte) (bool, error)
	deriveBits func(k *cryptoKey, p *algParams, length *int) ([]byte, error)
	// wrap and unwrap default to encrypt and decrypt.
	wrap, unwrap func(k *cryptoKey, p *algParams, data []byte) ([]byte, error)
}

var algorithms = map[string]*algorithmImpl{}

func registerAlgorithm(a *algorithmImpl) { algorithms[strings.ToUpper(a.name)] = a }

func init() {
	for _, name := range []string{"AES-CTR", "AES-CBC", "AES-GCM", "AES-KW"} {
		registerAlgorithm(newAESAlgorithm(name))
	}
	registerAlgorithm(hmacAlgorithm)
	registerAlgorithm(newKDFAlgorithm("PBKDF2", pbkdf2DeriveBits))
	registerAlgorithm(newKDFAlgorithm("HKDF", hkdfDeriveBits))
	registerAlgorithm(newECAlgorithm("ECDSA"))
	registerAlgorithm(newECAlgorithm("ECDH"))
	registerAlgorithm(newOKPAlgorithm("Ed25519"))
	registerAlgorithm(newOKPAlgorithm("X25519"))
	for _, name := range []string{"RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"} {
		registerAlgorithm(newRSAAlgorithm(name))
	}
}

func lookupAlgorithm(name string) *algorithmImpl { return algorithms[strings.ToUpper(name)] }

// digestAlgorithm is a hash subtle.digest and the keyed algorithms accept.
type digestAlgorithm struct {
	name      string
	new       func() hash.Hash
	size      int
	blockSize int
	id        crypto.Hash
}

// digests are the hashes workerd accepts, MD5 included (it is not Web
// Crypto, but workerd offers it rather than leave people to slow JS ones).
var digests = []digestAlgorithm{
	{"SHA-1", sha1.New, sha1.Size, sha1.BlockSize, crypto.SHA1},
	{"SHA-256", sha256.New, sha256.Size, sha256.BlockSize, crypto.SHA256},
	{"SHA-384", sha512.New384, sha512.Size384, sha512.BlockSize, crypto.SHA384},
	{"SHA-512", sha512.New, sha512.Size, sha512.BlockSize, crypto.SHA512},
	{"MD5", md5.New, md5.Size, md5.BlockSize, crypto.MD5},
}

func lookupDigest(name string) (digestAlgorithm, error) {
	for _, d := range digests {
		if strings.EqualFold(d.name, name) {
			return d, nil
		}
	}
	return digestAlgorithm{}, cryptoErr("NotSupportedError", "Unrecognized or unimplemented digest algorithm requested.")
}

// requireHash returns the algorithm's hash member, normalized.
func requireHash(p *algParams, dictionary string) (digestAlgorithm, error) {
	if p.hash == "" {
		return digestAlgorithm{}, cryptoErr("TypeError", "Missing field \"hash\" in \"%s\".", dictionary)
	}
	return lookupDigest(p.hash)
}

// newAsymmetricPair builds the two halves of a generated key pair: the
// public key is always extractable, each half gets the usages its type
// allows.
func newAsymmetricPair(a *algorithmImpl, alg keyAlgorithm, public, private any, extractable bool, usages usageSet) generatedKeys {
	return generatedKeys{
		publicKey: &cryptoKey{impl: a, algorithm: alg, typ: "public", extractable: true,
			usages: usages & publicKeyUsages, asymmetric: public},
		privateKey: &cryptoKey{impl: a, algorithm: alg, typ: "private", extractable: extractable,
			usages: usages & privateKeyUsages, asymmetric: private},
	}
}
