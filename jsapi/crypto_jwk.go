package jsapi

// JSON Web Keys (RFC 7517, RFC 7518) as Web Crypto imports and exports
// them, and the import of asymmetric keys in the "jwk", "spki" and "pkcs8"
// formats with workerd's checks (importAsymmetricForWebCrypto in its
// keys.c++).

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
)

// jsonWebKey is the JsonWebKey dictionary; absent members are nil.
type jsonWebKey struct {
	Kty    string   `json:"kty"`
	Use    *string  `json:"use,omitempty"`
	KeyOps []string `json:"key_ops,omitempty"`
	Alg    *string  `json:"alg,omitempty"`
	Ext    *bool    `json:"ext,omitempty"`
	Crv    *string  `json:"crv,omitempty"`
	X      *string  `json:"x,omitempty"`
	Y      *string  `json:"y,omitempty"`
	D      *string  `json:"d,omitempty"`
	N      *string  `json:"n,omitempty"`
	E      *string  `json:"e,omitempty"`
	P      *string  `json:"p,omitempty"`
	Q      *string  `json:"q,omitempty"`
	DP     *string  `json:"dp,omitempty"`
	DQ     *string  `json:"dq,omitempty"`
	QI     *string  `json:"qi,omitempty"`
	Oth    []any    `json:"oth,omitempty"`
	K      *string  `json:"k,omitempty"`
	// hasKeyOps tells an empty key_ops from an absent one.
	hasKeyOps bool
}

// stringFields lists the string members in the order workerd's JsonWebKey
// declares them, which is the order an exported JWK's properties have.
func (j *jsonWebKey) stringFields() []struct {
	name string
	v    **string
} {
	return []struct {
		name string
		v    **string
	}{
		{"use", &j.Use}, {"alg", &j.Alg}, {"crv", &j.Crv}, {"x", &j.X}, {"y", &j.Y}, {"d", &j.D},
		{"n", &j.N}, {"e", &j.E}, {"p", &j.P}, {"q", &j.Q}, {"dp", &j.DP}, {"dq", &j.DQ}, {"qi", &j.QI}, {"k", &j.K},
	}
}

func strPtr(s string) *string { return &s }

func b64url(b []byte) *string { return strPtr(base64.RawURLEncoding.EncodeToString(b)) }

// decodeJWKBytes decodes a base64url member, refusing a missing or invalid
// one with message (a DataError). Padding is tolerated, as BoringSSL's
// decoder does.
func decodeJWKBytes(v *string, message string) ([]byte, error) {
	if v == nil {
		return nil, cryptoErr("DataError", "%s", message)
	}
	s := strings.TrimRight(*v, "=")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, cryptoErr("DataError", "%s", message)
	}
	return b, nil
}

// exportJWK finishes an exported key: key_ops from the usages and ext
// true (only extractable keys are exported).
func exportJWK(k *cryptoKey, jwk *jsonWebKey) keyData {
	jwk.KeyOps = k.usages.names()
	jwk.hasKeyOps = true
	ext := true
	jwk.Ext = &ext
	return keyData{jwk: jwk}
}

// marshalJWK serializes a JWK as wrapKey wraps it, members in workerd's
// order.
func marshalJWK(j *jsonWebKey) []byte {
	var b bytes.Buffer
	b.WriteString(`{"kty":`)
	writeJSONString(&b, j.Kty)
	field := func(name string, v any) {
		b.WriteString(`,"` + name + `":`)
		data, _ := json.Marshal(v)
		b.Write(data)
	}
	if j.Use != nil {
		field("use", *j.Use)
	}
	if j.hasKeyOps || j.KeyOps != nil {
		ops := j.KeyOps
		if ops == nil {
			ops = []string{}
		}
		field("key_ops", ops)
	}
	if j.Alg != nil {
		field("alg", *j.Alg)
	}
	if j.Ext != nil {
		field("ext", *j.Ext)
	}
	for _, f := range j.stringFields()[2:] {
		if *f.v != nil {
			field(f.name, **f.v)
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

func writeJSONString(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}

// unmarshalJWK parses an unwrapped "jwk" key.
func unmarshalJWK(data []byte) (*jsonWebKey, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, cryptoErr("DataError", "Missing \"kty\" field or corrupt JSON unwrapping key?")
	}
	var j jsonWebKey
	if err := json.Unmarshal(data, &j); err != nil || raw["kty"] == nil {
		return nil, cryptoErr("DataError", "Missing \"kty\" field or corrupt JSON unwrapping key?")
	}
	_, j.hasKeyOps = raw["key_ops"]
	return &j, nil
}

// asymmetricImport is an imported public or private key before it becomes
// a CryptoKey.
type asymmetricImport struct {
	key    any
	typ    string
	usages usageSet
}

// asymmetricFormats parse one algorithm's keys: readJWK returns the key a
// JWK holds and whether it is private; parseSPKI and parsePKCS8 take the
// key Go's x509 package returned and check it is of the algorithm.
type asymmetricFormats struct {
	readJWK    func(j *jsonWebKey) (key any, private bool, err error)
	checkSPKI  func(key any) (any, error)
	checkPKCS8 func(key any) (any, error)
}

// importAsymmetric imports a key in the "jwk", "spki" or "pkcs8" format,
// validating usages against allowed (narrowed to what a public or private
// key may have) and a JWK's use, key_ops and ext members.
func importAsymmetric(name, format string, data keyData, extractable bool, usages []string, allowed usageSet, f asymmetricFormats) (asymmetricImport, error) {
	switch format {
	case "jwk":
		j := data.jwk
		if j == nil {
			return asymmetricImport{}, cryptoErr("DataError", "JSON Web Key import requires a JSON Web Key object.")
		}
		var set usageSet
		var err error
		typ := "public"
		if j.D != nil {
			typ = "private"
			if set, err = validateUsages(name, usageImportPrivate, usages, allowed&privateKeyUsages); err != nil {
				return asymmetricImport{}, err
			}
			if j.Oth != nil {
				return asymmetricImport{}, cryptoErr("NotSupportedError", "Multi-prime private keys not supported.")
			}
		} else {
			mask := allowed & publicKeyUsages
			if name == "ECDH" {
				// Without workerd's strict_crypto flag, a public ECDH JWK
				// may carry the derivation usages of the private key.
				mask = allowed & derivationKeyUsages
			}
			if set, err = validateUsages(name, usageImportPublic, usages, mask); err != nil {
				return asymmetricImport{}, err
			}
		}
		if err := checkJWKUse(name, j, usages); err != nil {
			return asymmetricImport{}, err
		}
		if j.Ext != nil && extractable && !*j.Ext {
			return asymmetricImport{}, cryptoErr("DataError", "Cannot create an extractable CryptoKey from an unextractable JSON Web Key.")
		}
		key, _, err := f.readJWK(j)
		if err != nil {
			return asymmetricImport{}, err
		}
		return asymmetricImport{key: key, typ: typ, usages: set}, nil
	case "spki":
		if data.bytes == nil {
			return asymmetricImport{}, cryptoErr("DataError", "SPKI import requires an ArrayBuffer.")
		}
		parsed, err := x509.ParsePKIXPublicKey(data.bytes)
		if err != nil {
			return asymmetricImport{}, cryptoErr("DataError", "Invalid SPKI input.")
		}
		key, err := f.checkSPKI(parsed)
		if err != nil {
			return asymmetricImport{}, err
		}
		mask := allowed & publicKeyUsages
		if name == "ECDH" {
			mask = 0
		}
		set, err := validateUsages(name, usageImportPublic, usages, mask)
		if err != nil {
			return asymmetricImport{}, err
		}
		return asymmetricImport{key: key, typ: "public", usages: set}, nil
	case "pkcs8":
		if data.bytes == nil {
			return asymmetricImport{}, cryptoErr("DataError", "PKCS8 import requires an ArrayBuffer.")
		}
		parsed, err := x509.ParsePKCS8PrivateKey(data.bytes)
		if err != nil {
			return asymmetricImport{}, cryptoErr("DataError", "Invalid PKCS8 input.")
		}
		key, err := f.checkPKCS8(parsed)
		if err != nil {
			return asymmetricImport{}, err
		}
		set, err := validateUsages(name, usageImportPrivate, usages, allowed&privateKeyUsages)
		if err != nil {
			return asymmetricImport{}, err
		}
		return asymmetricImport{key: key, typ: "private", usages: set}, nil
	}
	return asymmetricImport{}, cryptoErr("NotSupportedError", "Unrecognized key import format \"%s\".", format)
}

// checkJWKUse applies RFC 7517's rules on "use" and "key_ops" as workerd
// does: use must fit the algorithm, key_ops must not repeat and must hold
// the usages asked for.
func checkJWKUse(name string, j *jsonWebKey, usages []string) error {
	expectedUse, op0, op1 := "sig", "sign", "verify"
	switch name {
	case "RSA-OAEP":
		expectedUse, op0, op1 = "enc", "encrypt", "wrapKey"
	case "ECDH", "X25519":
		expectedUse, op0, op1 = "enc", "unused", "unused"
	}
	if len(usages) > 0 && j.Use != nil && *j.Use != expectedUse {
		return cryptoErr("DataError", "Asymmetric \"jwk\" key import with usages requires a JSON Web Key with Public Key Use parameter \"use\" (\"%s\") equal to \"sig\".", *j.Use)
	}
	if !j.hasKeyOps {
		return nil
	}
	ops := slices.Clone(j.KeyOps)
	slices.Sort(ops)
	if len(slices.Compact(slices.Clone(ops))) != len(ops) {
		return cryptoErr("DataError", "A JSON Web Key's Key Operations parameter (\"key_ops\") must not contain duplicates.")
	}
	if j.Use != nil {
		if *j.Use != expectedUse {
			return cryptoErr("DataError", "Asymmetric \"jwk\" import requires a JSON Web Key with Public Key Use \"use\" (\"%s\") equal to \"%s\".", *j.Use, expectedUse)
		}
		for _, op := range ops {
			if name == "ECDH" || name == "X25519" {
				return cryptoErr("DataError", "A JSON Web Key should have either a Public Key Use parameter (\"use\") or a Key Operations parameter (\"key_ops\"); otherwise, the parameters must be consistent with each other. For public %s keys, there are no valid usages,so keys with a non-empty \"key_ops\" parameter are not allowed.", name)
			}
			if op != op0 && op != op1 {
				return cryptoErr("DataError", "A JSON Web Key should have either a Public Key Use parameter (\"use\") or a Key Operations parameter (\"key_ops\"); otherwise, the parameters must be consistent with each other. A Public Key Use for %s would allow a Key Operations array with only \"%s\" and/or \"%s\" values (not \"%s\").", name, op0, op1, op)
			}
		}
	}
	for _, u := range usages {
		if !slices.Contains(ops, u) {
			return cryptoErr("DataError", "All specified key usages must be present in the JSON Web Key's Key Operations parameter (\"key_ops\").")
		}
	}
	return nil
}
