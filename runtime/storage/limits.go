package storage

// Limits of the Durable Object storage API. Only SQLiteLengthLimit is
// enforced here, by SQLite itself. The others are production limits that
// workerd checks above the storage layer (io/actor-cache.c++, for KV-backed
// classes only); they are exported so the JS layer checks them with workerd's
// texts where it decides to. wrangler dev does not: it runs both kinds of
// class on SQLite, and accepts a 2049-byte key, a 129-key batch and a value
// over 128 KiB on a KV-backed class (conformance cases do/kv-key-2049-bytes,
// do/kv-batch-128-limit, do/kv-value-size-limit).
const (
	// MaxKeySize is the largest key in bytes of UTF-8: workerd
	// io/actor-storage.h MAX_KEY_SIZE, documented at 2 KiB.
	MaxKeySize = 2048

	// MaxBatchKeys is the most keys one get, put or delete may name:
	// workerd io/actor-storage.capnp ActorStorage.maxKeys.
	MaxBatchKeys = 128

	// MaxKVValueSize is the advertised value limit of KV-backed classes:
	// workerd io/actor-storage.h ADVERTISED_MAX_VALUE_SIZE, documented at
	// 128 KiB. The error message names this number.
	MaxKVValueSize = 128 * 1024

	// EnforcedMaxKVValueSize is the serialized value size workerd actually
	// refuses above (ENFORCED_MAX_VALUE_SIZE): 34 bytes of slack for the V8
	// serialization header and tags, so a value of exactly MaxKVValueSize
	// bytes still fits.
	EnforcedMaxKVValueSize = MaxKVValueSize + 34

	// MaxSQLiteKeyValueSize is the documented limit of key plus value for
	// SQLite-backed classes (durable-objects/platform/limits: 2 MB). workerd
	// does not check it as such; SQLiteLengthLimit is what stops a write.
	MaxSQLiteKeyValueSize = 2 * 1024 * 1024

	// SQLiteLengthLimit is the SQLITE_LIMIT_LENGTH workerd sets on every
	// database (util/sqlite.c++ setupSecurity): the largest string, blob or
	// row, in bytes. Anything larger fails with SQLITE_TOOBIG (ErrTooBig
	// here), for a KV value (row: key, value and a few bytes of header) as
	// for user SQL. The value is the one in wrangler 4.86.0's workerd
	// (1.20260426.1), set in September 2024 and measured: zeroblob(2200000)
	// passes, zeroblob(2200001) fails. workerd raised it to 4 MiB in August
	// 2026; follow when the reference wrangler does.
	SQLiteLengthLimit = 2_200_000
)
