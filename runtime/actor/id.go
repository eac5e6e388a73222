// Package actor owns Durable Object identity and scheduling in plain Go:
// namespaces and their ids (derived exactly as workerd derives them, so
// wrangler dev and kindling address the same objects and files), and the
// input gate that decides when an instance may receive its next event.
//
// It does not know about JavaScript; runtime/isolate runs the instances.
package actor

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

// ID identifies one object of a namespace: 16 bytes that name it and a
// 16-byte MAC over them with the namespace's key, which is how
// idFromString recognises ids of its own namespace.
type ID struct {
	raw   [32]byte
	name  string
	named bool
}

// String returns the id as 64 lower-case hex digits.
func (id ID) String() string { return hex.EncodeToString(id.raw[:]) }

// Name returns the name an idFromName id was derived from.
func (id ID) Name() (string, bool) { return id.name, id.named }

// Errors of IDFromString, with workerd's texts.
var (
	ErrIDFormat     = errors.New("Invalid Durable Object ID: must be 64 hex digits")
	ErrIDNamespace  = errors.New("Durable Object ID is not valid for this namespace.")
	ErrJurisdiction = errors.New("Jurisdiction restrictions are not implemented in workerd.")
)

// idKey derives a namespace's key from its unique key
// ("<worker name>-<class name>"), as workerd's ActorIdFactoryImpl does for
// local namespaces.
func idKey(uniqueKey string) [32]byte { return sha256.Sum256([]byte(uniqueKey)) }

func mac(key [32]byte, data []byte) []byte {
	h := hmac.New(sha256.New, key[:])
	h.Write(data)
	return h.Sum(nil)
}

// idFromName derives the id of a named object: the name's MAC, then the
// MAC of that.
func idFromName(key [32]byte, name string) ID {
	id := ID{name: name, named: true}
	copy(id.raw[:16], mac(key, []byte(name)))
	copy(id.raw[16:], mac(key, id.raw[:16]))
	return id
}

func newUniqueID(key [32]byte) ID {
	var id ID
	if _, err := rand.Read(id.raw[:16]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	copy(id.raw[16:], mac(key, id.raw[:16]))
	return id
}

func idFromString(key [32]byte, s string) (ID, error) {
	var id ID
	if len(s) != 64 {
		return id, ErrIDFormat
	}
	if _, err := hex.Decode(id.raw[:], []byte(strings.ToLower(s))); err != nil {
		return id, ErrIDFormat
	}
	if !hmac.Equal(id.raw[16:], mac(key, id.raw[:16])[:16]) {
		return id, ErrIDNamespace
	}
	return id, nil
}
