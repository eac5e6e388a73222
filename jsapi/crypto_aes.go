package jsapi

// AES-GCM, AES-CBC, AES-CTR and AES-KW
// (https://w3c.github.io/webcrypto/#aes-ctr … #aes-kw) on crypto/aes and
// crypto/cipher, with workerd's checks and messages (its aes.c++).

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

func newAESAlgorithm(name string) *algorithmImpl {
	a := &algorithmImpl{name: name, generate: generateAES, importKey: importAES, export: exportAES}
	switch name {
	case "AES-GCM":
		a.encrypt, a.decrypt = aesGCMEncrypt, aesGCMDecrypt
	case "AES-CBC":
		a.encrypt, a.decrypt = aesCBCEncrypt, aesCBCDecrypt
	case "AES-CTR":
		a.encrypt, a.decrypt = aesCTR, aesCTR
	case "AES-KW":
		a.wrap, a.unwrap = aesKWWrap, aesKWUnwrap
	}
	return a
}

// aesUsages are the usages an AES key may have: AES-KW only wraps.
func aesUsages(name string) usageSet {
	if name == "AES-KW" {
		return usageWrapKey | usageUnwrapKey
	}
	return usageEncrypt | usageDecrypt | usageWrapKey | usageUnwrapKey
}

func validAESLength(bits int) bool { return bits == 128 || bits == 192 || bits == 256 }

func generateAES(a *algorithmImpl, p *algParams, extractable bool, usages []string) (generatedKeys, error) {
	set, err := validateUsages(a.name, usageGenerate, usages, aesUsages(a.name))
	if err != nil {
		return generatedKeys{}, err
	}
	if p.length == nil {
		return generatedKeys{}, cryptoErr("TypeError", "Missing field \"length\" in \"algorithm\".")
	}
	if !validAESLength(*p.length) {
		return generatedKeys{}, cryptoErr("OperationError", "Generated AES key length must be 128, 192, or 256 bits but requested %d.", *p.length)
	}
	secret := make([]byte, *p.length/8)
	rand.Read(secret)
	return generatedKeys{key: newAESKey(a, secret, extractable, set)}, nil
}

func newAESKey(a *algorithmImpl, secret []byte, extractable bool, usages usageSet) *cryptoKey {
	return &cryptoKey{impl: a, algorithm: keyAlgorithm{name: a.name, length: len(secret) * 8},
		typ: "secret", extractable: extractable, usages: usages, secret: secret}
}

func importAES(a *algorithmImpl, format string, data keyData, p *algParams, extractable bool, usages []string) (*cryptoKey, error) {
	set, err := validateUsages(a.name, usageImportSecret, usages, aesUsages(a.name))
	if err != nil {
		return nil, err
	}
	var secret []byte
	switch format {
	case "raw":
		secret = data.bytes
		if !validAESLength(len(secret) * 8) {
			return nil, cryptoErr("DataError", "Imported AES key length must be 128, 192, or 256 bits but provided %d.", len(secret)*8)
		}
	case "jwk":
		if secret, err = importSymmetricJWK(a.name, data.jwk, extractable, usages); err != nil {
			return nil, err
		}
	default:
		return nil, cryptoErr("NotSupportedError", "Unrecognized key import format \"%s\".", format)
	}
	return newAESKey(a, secret, extractable, set), nil
}

// importSymmetricJWK reads an AES key from a JWK (RFC 7518 section 6.4).
func importSymmetricJWK(name string, j *jsonWebKey, extractable bool, usages []string) ([]byte, error) {
	if j.Kty != "oct" {
		return nil, cryptoErr("DataError", "Symmetric \"jwk\" key import requires a JSON Web Key with Key Type parameter \"kty\" equal to \"oct\" (encountered \"%s\").", j.Kty)
	}
	secret, err := decodeJWKBytes(j.K, "Symmetric \"jwk\" key import requires a base64Url encoding of the key.")
	if err != nil {
		return nil, err
	}
	if !validAESLength(len(secret) * 8) {
		return nil, cryptoErr("DataError", "Imported AES key length must be 128, 192, or 256 bits but provided %d.", len(secret)*8)
	}
	if j.Alg != nil {
		expected := "A" + strconv.Itoa(len(secret)*8) + strings.TrimPrefix(name, "AES-")
		if *j.Alg != expected {
			return nil, cryptoErr("DataError", "Symmetric \"jwk\" key contains invalid \"alg\" value \"%s\", expected \"%s\".", *j.Alg, expected)
		}
	}
	if len(usages) > 0 && j.Use != nil && *j.Use != "enc" {
		return nil, cryptoErr("DataError", "Symmetric \"jwk\" key must have a \"use\" of \"enc\", not \"%s\".", *j.Use)
	}
	if err := checkSymmetricKeyOps(j, usages); err != nil {
		return nil, err
	}
	if j.Ext != nil && !*j.Ext && extractable {
		return nil, cryptoErr("DataError", "\"jwk\" key has value \"false\", for \"ext\" that is incompatible with import extractability value \"true\".")
	}
	return secret, nil
}

// checkSymmetricKeyOps refuses a key_ops with duplicates or without one of
// the usages asked for (RFC 7517 section 4.3).
func checkSymmetricKeyOps(j *jsonWebKey, usages []string) error {
	if !j.hasKeyOps {
		return nil
	}
	ops := slices.Clone(j.KeyOps)
	slices.Sort(ops)
	for i := 1; i < len(ops); i++ {
		if ops[i] == ops[i-1] {
			return cryptoErr("DataError", "Symmetric \"jwk\" key contains duplicate value \"%s\", in \"key_op\".", ops[i])
		}
	}
	for _, u := range usages {
		if !slices.Contains(ops, u) {
			return cryptoErr("DataError", "\"jwk\" key missing usage \"%s\", in \"key_ops\".", u)
		}
	}
	return nil
}

func exportAES(k *cryptoKey, format string) (keyData, error) {
	switch format {
	case "raw":
		return keyData{bytes: slices.Clone(k.secret)}, nil
	case "jwk":
		alg := "A" + strconv.Itoa(len(k.secret)*8) + strings.TrimPrefix(k.algorithm.name, "AES-")
		return exportJWK(k, &jsonWebKey{Kty: "oct", K: b64url(k.secret), Alg: &alg}), nil
	}
	return keyData{}, cryptoErr("NotSupportedError", "%s key only supports exporting \"raw\" & \"jwk\", not \"%s\".", k.algorithm.name, format)
}

func aesBlock(k *cryptoKey) cipher.Block {
	b, err := aes.NewCipher(k.secret)
	if err != nil {
		panic(err) // the key's length was checked when it was made
	}
	return b
}

// decryptionFailed is workerd's error for a ciphertext that does not
// authenticate or unpad.
func decryptionFailed(inputLen, outputLen int, alg string) error {
	return cryptoErr("OperationError", "Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was %d, output length expected to be %d for %s", inputLen, outputLen, alg)
}

// gcmParams checks AES-GCM's iv and tagLength (in bits, 128 by default).
func gcmParams(p *algParams) (iv []byte, tagBytes int, err error) {
	if p.iv == nil {
		return nil, 0, cryptoErr("TypeError", "Missing field \"iv\" in \"algorithm\".")
	}
	if len(p.iv) == 0 {
		return nil, 0, cryptoErr("OperationError", "AES-GCM IV must not be empty.")
	}
	tagLength := 128
	if p.tagLength != nil {
		tagLength = *p.tagLength
	}
	switch tagLength {
	case 32, 64, 96, 104, 112, 120, 128:
	default:
		return nil, 0, cryptoErr("OperationError", "Invalid AES-GCM tag length %d.", tagLength)
	}
	return p.iv, tagLength / 8, nil
}

func newGCM(k *cryptoKey, iv []byte) cipher.AEAD {
	gcm, err := cipher.NewGCMWithNonceSize(aesBlock(k), len(iv))
	if err != nil {
		panic(err)
	}
	return gcm
}

// aesGCMEncrypt seals with the full 16-byte tag and keeps the leftmost
// tagLength bits, which is what a shorter GCM tag is (NIST SP 800-38D).
func aesGCMEncrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	iv, tagBytes, err := gcmParams(p)
	if err != nil {
		return nil, err
	}
	if uint64(len(data)) > 1<<39-256 {
		return nil, cryptoErr("OperationError", "AES-GCM can only encrypt up to 2^39 - 256 bytes of plaintext at a time, but requested %d bytes.", len(data))
	}
	sealed := newGCM(k, iv).Seal(nil, iv, data, p.additionalData)
	return sealed[:len(data)+tagBytes], nil
}

func aesGCMDecrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	iv, tagBytes, err := gcmParams(p)
	if err != nil {
		return nil, err
	}
	if len(data) < tagBytes {
		return nil, cryptoErr("OperationError", "Ciphertext length of %d bits must be greater than or equal to the size of the AES-GCM tag length of %d bits.", len(data)*8, tagBytes*8)
	}
	gcm := newGCM(k, iv)
	ct, tag := data[:len(data)-tagBytes], data[len(data)-tagBytes:]
	if tagBytes == gcm.Overhead() {
		pt, err := gcm.Open(nil, iv, data, p.additionalData)
		if err != nil {
			return nil, decryptionFailed(len(ct), len(ct), "AES-GCM")
		}
		return pt, nil
	}
	// A truncated tag: GCM encrypts by XOR with a keystream, so sealing the
	// ciphertext yields the plaintext; sealing that again gives the full
	// tag to compare the given prefix with.
	pt := gcm.Seal(nil, iv, ct, nil)[:len(ct)]
	full := gcm.Seal(nil, iv, pt, p.additionalData)
	if subtle.ConstantTimeCompare(full[len(ct):len(ct)+tagBytes], tag) != 1 {
		return nil, decryptionFailed(len(ct), len(ct), "AES-GCM")
	}
	return pt, nil
}

func aesCBCEncrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if p.iv == nil {
		return nil, cryptoErr("TypeError", "Missing field \"iv\" in \"algorithm\".")
	}
	if len(p.iv) != aes.BlockSize {
		return nil, cryptoErr("OperationError", "AES-CBC IV must be 16 bytes long (provided %d bytes).", len(p.iv))
	}
	// PKCS#7 padding (RFC 5652 section 6.3).
	pad := aes.BlockSize - len(data)%aes.BlockSize
	out := append(slices.Clone(data), make([]byte, pad)...)
	for i := len(data); i < len(out); i++ {
		out[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(aesBlock(k), p.iv).CryptBlocks(out, out)
	return out, nil
}

func aesCBCDecrypt(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if p.iv == nil {
		return nil, cryptoErr("TypeError", "Missing field \"iv\" in \"algorithm\".")
	}
	if len(p.iv) != aes.BlockSize {
		return nil, cryptoErr("OperationError", "AES-CBC IV must be 16 bytes long (provided %d).", len(p.iv))
	}
	// What BoringSSL's update step would have produced before failing:
	// every whole block but the last, held back for the padding.
	produced := 0
	if len(data) > 0 {
		produced = (len(data) - 1) / aes.BlockSize * aes.BlockSize
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, decryptionFailed(len(data), produced, "AES-CBC")
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(aesBlock(k), p.iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, decryptionFailed(len(data), produced, "AES-CBC")
	}
	for _, b := range out[len(out)-pad:] {
		if int(b) != pad {
			return nil, decryptionFailed(len(data), produced, "AES-CBC")
		}
	}
	return out[:len(out)-pad], nil
}

// aesCTR encrypts and decrypts: the rightmost `length` bits of the counter
// block count blocks and wrap to zero, the rest stays fixed; a message
// longer than the counter can count is refused rather than reuse a block.
func aesCTR(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if p.counter == nil {
		return nil, cryptoErr("TypeError", "Missing \"counter\" member in \"algorithm\".")
	}
	if len(p.counter) != aes.BlockSize {
		return nil, cryptoErr("OperationError", "Counter must have length of 16 bytes (provided %d).", len(p.counter))
	}
	if p.length == nil {
		return nil, cryptoErr("TypeError", "Missing \"length\" member in \"algorithm\".")
	}
	bits := *p.length
	if bits <= 0 || bits > 128 {
		return nil, cryptoErr("OperationError", "Invalid counter of %d bits length provided.", bits)
	}
	blocks := new(big.Int).SetInt64(int64((len(data) + aes.BlockSize - 1) / aes.BlockSize))
	if blocks.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(bits))) > 0 {
		return nil, cryptoErr("OperationError", "Counter block values will repeat.")
	}
	block := aesBlock(k)
	counter := slices.Clone(p.counter)
	out := make([]byte, len(data))
	var stream [aes.BlockSize]byte
	for off := 0; off < len(data); off += aes.BlockSize {
		block.Encrypt(stream[:], counter)
		end := min(off+aes.BlockSize, len(data))
		subtle.XORBytes(out[off:end], data[off:end], stream[:end-off])
		incrementCounter(counter, bits)
	}
	return out, nil
}

// incrementCounter adds one to the rightmost bits of block, modulo 2^bits.
func incrementCounter(block []byte, bits int) {
	hi := binary.BigEndian.Uint64(block[:8])
	lo := binary.BigEndian.Uint64(block[8:])
	mask := func(n int) uint64 {
		if n >= 64 {
			return ^uint64(0)
		}
		return 1<<n - 1
	}
	loBits, hiBits := min(bits, 64), max(bits-64, 0)
	next := (lo + 1) & mask(loBits)
	carry := loBits == 64 && lo == ^uint64(0)
	lo = lo&^mask(loBits) | next
	if hiBits > 0 && carry {
		hi = hi&^mask(hiBits) | (hi+1)&mask(hiBits)
	}
	binary.BigEndian.PutUint64(block[:8], hi)
	binary.BigEndian.PutUint64(block[8:], lo)
}

// aesKWDefaultIV is RFC 3394's initial value.
var aesKWDefaultIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

// aesKWWrap is RFC 3394 section 2.2.1.
func aesKWWrap(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if len(data)%8 != 0 {
		return nil, cryptoErr("OperationError", "Unwrapped key bit length must be a multiple of 64 bits but unwrapped key has a length of %d bits.", len(data)*8)
	}
	if len(data) < 16 {
		return nil, cryptoErr("OperationError", "Unwrapped key has length %d bytes but it should be greater than or equal to 16 and less than or equal to 18446744073709551607", len(data))
	}
	block := aesBlock(k)
	n := len(data) / 8
	out := make([]byte, 8+len(data))
	copy(out, aesKWDefaultIV[:])
	copy(out[8:], data)
	var b [16]byte
	for j := 0; j <= 5; j++ {
		for i := 1; i <= n; i++ {
			copy(b[:8], out[:8])
			copy(b[8:], out[8*i:8*i+8])
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(out[:8], binary.BigEndian.Uint64(b[:8])^t)
			copy(out[8*i:8*i+8], b[8:])
		}
	}
	return out, nil
}

// aesKWUnwrap is RFC 3394 section 2.2.2, checking the initial value.
func aesKWUnwrap(k *cryptoKey, p *algParams, data []byte) ([]byte, error) {
	if len(data)%8 != 0 {
		return nil, cryptoErr("OperationError", "Provided a wrapped key to unwrap that is %d bits which isn't a multiple of 64 bits.", len(data)*8)
	}
	if len(data) < 24 {
		return nil, cryptoErr("OperationError", "Provided a wrapped key to unwrap this is %d bits that is less than the minimal length of 192 bits.", len(data)*8)
	}
	block := aesBlock(k)
	n := len(data)/8 - 1
	out := slices.Clone(data)
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(out[:8])^t)
			copy(b[8:], out[8*i:8*i+8])
			block.Decrypt(b[:], b[:])
			copy(out[:8], b[:8])
			copy(out[8*i:8*i+8], b[8:])
		}
	}
	if subtle.ConstantTimeCompare(out[:8], aesKWDefaultIV[:]) != 1 {
		return nil, cryptoErr("OperationError", "AES-KW key unwrapping failed.")
	}
	return out[8:], nil
}
