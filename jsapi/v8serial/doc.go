// Package v8serial owns structured clone for goja values in V8's ValueSerializer wire format: the
// bytes v8::ValueSerializer writes (Node's v8.Serializer, workerd's storage and RPC), header FF 0F
// (format version 15). One codec serves Durable Object storage values (wrangler dev keeps `_cf_KV`
// values in exactly this format, so kindling and wrangler read each other's files), values crossing
// between isolates (JS RPC arguments and results) and the global structuredClone. It only converts
// between values and bytes; DOMException, transfer lists and size limits belong to its callers.
//
// The format reference is V8's src/objects/value-serializer.cc (tags and per-type layout). Node's
// v8.Serializer is the oracle: testdata/gen.js records its bytes and the tests require the same.
//
// Written as V8 writes them: undefined, null, booleans, numbers (an int32 as a zigzag varint 'I',
// anything else as a little-endian double 'N'), BigInt, strings (Latin-1 '"' when every UTF-16 code
// unit fits a byte, UTF-16 'c' otherwise, padded so the characters start at an even offset), Boolean,
// Number, String and BigInt wrapper objects, Date, RegExp, plain objects, dense ('A') and sparse ('a')
// arrays, Map, Set, ArrayBuffer, every typed array goja has and DataView (the buffer first, then a 'V'
// view record), Error ('r': prototype, message, stack, then cause, the order current V8 and workerd
// use), and back-references ('^') for cycles and shared objects. Getters run; prototypes, symbol keys
// and non-enumerable properties are dropped.
//
// Functions, symbols, WeakMap, WeakSet, Promise, Proxy, arguments objects, iterators, generators,
// the global object and detached ArrayBuffers fail with a *DataCloneError carrying V8's message, the
// one workerd shows. Options.HostObject and Options.ReadHostObject let the embedder encode functions,
// proxies and class instances (its API objects among them) as V8 host objects, as workerd does for
// Request, Headers and RPC stubs. Without a reader, host objects are read as Node's v8.serialize writes
// typed arrays, so Node's output is readable too.
//
// Reading accepts format versions 1 to 15: UTF-8 strings ('S'), uint32 numbers ('U'), padding, the
// object-count hint ('?'), resizable ArrayBuffers ('~', read as fixed-length ones), the pre-14 view
// record without flags, and an Error's cause before its stack (Node 20's order). Corrupt or truncated
// input is an error wrapping ErrInvalid, never a panic.
//
// Not supported: SharedArrayBuffer, transferred ArrayBuffers ('t'), shared objects ('p'), WebAssembly
// modules and memories, Float16Array (goja has none), the headerless version-0 format and Chromium's
// broken version-13 mode. goja hands out property keys as Go strings, so a key with a lone surrogate
// comes back with U+FFFD (string values keep them).
//
// Where V8's output depends on its heap layout rather than on the value, this package picks the layout
// of a freshly built value: a number is 'I' whenever it is an int32 (Node's Smi range; a V8 built
// with pointer compression has 31-bit Smis and writes 2^30 to 2^31-1 as 'N'); an array is dense exactly when it has no
// holes (V8 also writes `new Array(n).fill(x)` sparse); a dense array of numbers that are not all
// int32 is written entirely as doubles, as V8 stores it. Both forms read back the same anywhere.
//
// Intrinsics the codec needs (Map, Date, RegExp, the Error constructors, typed arrays, Map and Set
// iteration) are looked up on the global object, so a script that replaces those globals changes what
// Serialize and Deserialize see.
package v8serial
