package jsapi

// crypto.DigestStream, workerd's WritableStream that hashes what is
// written to it (js/digest_stream.js subclasses the global WritableStream;
// the hashing is Go's). Besides the digests of subtle.digest it takes
// "crc32" and "crc32c", as workerd does.

import (
	"hash"
	"hash/crc32"
	"strings"

	"github.com/dop251/goja"
)

// newStreamHasher returns the hash for a DigestStream algorithm.
func newStreamHasher(name string) (hash.Hash, error) {
	switch strings.ToLower(name) {
	case "crc32":
		return crc32.NewIEEE(), nil
	case "crc32c":
		return crc32.New(crc32.MakeTable(crc32.Castagnoli)), nil
	}
	d, err := lookupDigest(name)
	if err != nil {
		return nil, err
	}
	return d.new(), nil
}

func installDigestStream(r *Realm) {
	install, ok := goja.AssertFunction(r.runPrelude("digest_stream.js"))
	if !ok {
		panic("jsapi: digest_stream.js did not evaluate to a function")
	}
	newHasher := r.function("newHasher", 1, func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0)
		if o, ok := name.(*goja.Object); ok {
			name = o.Get("name")
			if name == nil {
				name = goja.Undefined()
			}
		}
		h, err := newStreamHasher(name.String())
		if err != nil {
			panic(r.cryptoErrorValue(err))
		}
		hasher := r.rt.NewObject()
		must(hasher.Set("update", r.function("update", 1, func(call goja.FunctionCall) goja.Value {
			data, _ := r.bufferSourceBytes(call.Argument(0))
			h.Write(data)
			return r.rt.ToValue(len(data))
		})))
		// A CRC's Sum is its value big-endian, as workerd gives it.
		must(hasher.Set("finish", r.function("finish", 0, func(call goja.FunctionCall) goja.Value {
			return r.rt.ToValue(r.rt.NewArrayBuffer(h.Sum(nil)))
		})))
		return hasher
	})
	_, err := install(goja.Undefined(), newHasher, r.protos["Crypto"])
	must(err)
}
