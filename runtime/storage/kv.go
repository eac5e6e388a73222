package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

const kvTable = "_cf_KV"

// kvDDL creates _cf_KV. sqlite_master keeps the statement's text from the
// table name onwards, and user SQL can read it there, so the whitespace is
// workerd's (util/sqlite-kv.c++): the stored schema is byte for byte the one
// wrangler dev writes.
//
// key has SQLite's default BINARY collation, memcmp on the UTF-8 bytes, so
// lists come out in UTF-8 byte order as workerd's do, which is also how Go
// compares strings.
const kvDDL = "CREATE TABLE IF NOT EXISTS _cf_KV (\n" +
	"        key TEXT PRIMARY KEY,\n" +
	"        value BLOB\n" +
	"      ) WITHOUT ROWID"

// kvStmts are the KV statements, prepared once per connection once _cf_KV
// exists: a put costs a few microseconds, parsing its SQL would cost as much
// again. If the table is dropped by a rollback and created again, SQLite
// prepares them anew on their next run by itself.
type kvStmts struct {
	get, put, del *stmt
	// list[reverse][bounded]: the range is key >= ?1 [AND key < ?2], LIMIT
	// -1 means none. A missing end needs its own statement: binding a
	// sentinel "highest key" is impossible, and an OR would keep a reverse
	// scan from starting at the end of the range.
	list [2][2]*stmt
}

func prepareKV(c *conn) (*kvStmts, error) {
	s := &kvStmts{}
	for _, p := range []struct {
		dst   **stmt
		query string
	}{
		{&s.get, "SELECT value FROM _cf_KV WHERE key = ?1"},
		{&s.put, "INSERT INTO _cf_KV (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
		{&s.del, "DELETE FROM _cf_KV WHERE key = ?1"},
		{&s.list[0][0], "SELECT key, value FROM _cf_KV WHERE key >= ?1 ORDER BY key LIMIT ?3"},
		{&s.list[0][1], "SELECT key, value FROM _cf_KV WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT ?3"},
		{&s.list[1][0], "SELECT key, value FROM _cf_KV WHERE key >= ?1 ORDER BY key DESC LIMIT ?3"},
		{&s.list[1][1], "SELECT key, value FROM _cf_KV WHERE key >= ?1 AND key < ?2 ORDER BY key DESC LIMIT ?3"},
	} {
		st, err := c.prepareTrusted(p.query)
		if err != nil {
			return nil, fmt.Errorf("storage: prepare: %w", err)
		}
		*p.dst = st
	}
	return s, nil
}

// Entry is one key and its serialized value.
type Entry struct {
	Key   string
	Value []byte
}

// Get returns the value stored under key.
func (db *DB) Get(key string) (value []byte, ok bool, err error) {
	if db.err != nil {
		return nil, false, db.err
	}
	if !db.hasKV {
		return nil, false, nil
	}
	q := db.kv.get
	defer q.reset()
	if err := q.bind(1, key); err != nil {
		return nil, false, fmt.Errorf("storage: get: %w", err)
	}
	row, err := q.step()
	if err != nil {
		return nil, false, fmt.Errorf("storage: get: %w", err)
	}
	if !row {
		return nil, false, nil
	}
	return q.columnBlob(0), true, nil
}

// GetMany returns the entries of the keys that exist, sorted by key, each key
// once however often it was asked for: the Map that get(keys) resolves to.
func (db *DB) GetMany(keys []string) ([]Entry, error) {
	if db.err != nil {
		return nil, db.err
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var out []Entry
	for _, k := range sorted {
		v, ok, err := db.Get(k)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, Entry{Key: k, Value: v})
		}
	}
	return out, nil
}

// ensureKV opens the implicit transaction and creates _cf_KV in it if the
// file has none yet.
func (db *DB) ensureKV() error {
	if err := db.beginWrite(); err != nil {
		return err
	}
	if db.hasKV {
		return nil
	}
	if err := db.c.exec(kvDDL); err != nil {
		return fmt.Errorf("storage: create %s: %w", kvTable, err)
	}
	db.hasKV = true
	if db.kv == nil {
		kv, err := prepareKV(db.c)
		if err != nil {
			return err
		}
		db.kv = kv
	}
	return nil
}

// Put stores value under key. A key, value or row over SQLiteLengthLimit
// fails with ErrTooBig.
func (db *DB) Put(key string, value []byte) error {
	if err := db.ensureKV(); err != nil {
		return err
	}
	return db.put(key, value)
}

func (db *DB) put(key string, value []byte) error {
	// A nil value is bound as an empty BLOB, never as NULL.
	if value == nil {
		value = []byte{}
	}
	if err := db.kv.put.exec(key, value); err != nil {
		return writeErr("put", err)
	}
	return nil
}

// PutMany stores the entries in order (a later duplicate key wins), all or
// none: if one fails, the others of the batch are undone while earlier writes
// of the turn stay.
func (db *DB) PutMany(entries []Entry) error {
	if err := db.ensureKV(); err != nil {
		return err
	}
	return db.batch(func() error {
		for _, e := range entries {
			if err := db.put(e.Key, e.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

// Delete removes key and reports whether it existed.
func (db *DB) Delete(key string) (bool, error) {
	if db.err != nil {
		return false, db.err
	}
	// Deleting from a table that does not exist changes nothing, and must not
	// create the table nor open a transaction.
	if !db.hasKV {
		return false, nil
	}
	if err := db.beginWrite(); err != nil {
		return false, err
	}
	return db.delete(key)
}

func (db *DB) delete(key string) (bool, error) {
	if err := db.kv.del.exec(key); err != nil {
		return false, fmt.Errorf("storage: delete: %w", err)
	}
	return db.c.changes() > 0, nil
}

// DeleteMany removes the keys, all or none, and returns how many existed. A
// key given twice counts once, as the second delete finds nothing.
func (db *DB) DeleteMany(keys []string) (int, error) {
	if db.err != nil {
		return 0, db.err
	}
	if !db.hasKV || len(keys) == 0 {
		return 0, nil
	}
	if err := db.beginWrite(); err != nil {
		return 0, err
	}
	count := 0
	err := db.batch(func() error {
		for _, k := range keys {
			deleted, err := db.delete(k)
			if err != nil {
				return err
			}
			if deleted {
				count++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}

// batch runs fn in a savepoint inside the open implicit transaction and
// undoes what fn did if it fails.
func (db *DB) batch(fn func() error) error {
	if err := db.savepoint.exec(); err != nil {
		return fmt.Errorf("storage: savepoint: %w", err)
	}
	if err := fn(); err != nil {
		// ROLLBACK TO keeps the savepoint open; RELEASE ends it.
		errUndo := db.rollbackTo.exec()
		errRelease := db.release.exec()
		if errUndo != nil || errRelease != nil {
			return errors.Join(err, errUndo, errRelease)
		}
		return err
	}
	if err := db.release.exec(); err != nil {
		return fmt.Errorf("storage: release savepoint: %w", err)
	}
	return nil
}

// ListOptions select a range of keys, with the semantics of
// ctx.storage.list(). The zero value lists everything.
type ListOptions struct {
	// Start is the first key included; empty means from the first key.
	Start string
	// StartAfter is a key after which the list starts: it is excluded.
	// With Start also set, the later of the two bounds applies; the JS
	// layer refuses to set both, as workerd does.
	StartAfter string
	// End is the first key excluded.
	End string
	// Prefix, if not empty, keeps only keys that start with it.
	Prefix string
	// HasStartAfter and HasEnd tell an empty StartAfter or End from an unset
	// one; a non-empty value applies either way. An empty End lists nothing,
	// an empty StartAfter skips only the empty key.
	HasStartAfter, HasEnd bool
	// Reverse lists in descending order; with Limit it keeps the last keys
	// of the range.
	Reverse bool
	// Limit is the most entries returned; 0 or less means no limit (the JS
	// layer refuses a limit that is not positive).
	Limit int
}

// keyRange turns the options into a half-open range [start, end) as
// workerd's compileListOptions does (api/actor-state.c++). ok is false when
// the range is empty.
func (o ListOptions) keyRange() (start, end string, bounded, ok bool) {
	start = o.Start
	if o.HasStartAfter || o.StartAfter != "" {
		// The first key after k in byte order is k followed by a NUL byte.
		if after := o.StartAfter + "\x00"; after > start {
			start = after
		}
	}
	if o.HasEnd || o.End != "" {
		end, bounded = o.End, true
	}
	if o.Prefix != "" {
		if start < o.Prefix {
			start = o.Prefix
		}
		if pEnd, pBounded := prefixEnd(o.Prefix); pBounded && (!bounded || pEnd < end) {
			end, bounded = pEnd, true
		}
	}
	if bounded && end <= start {
		return "", "", false, false
	}
	return start, end, bounded, true
}

// prefixEnd returns the first key after every key that starts with prefix:
// the prefix with its last byte incremented, once trailing 0xff bytes (which
// cannot be incremented) are dropped. A prefix of only 0xff bytes has no such
// key, bounded is then false.
func prefixEnd(prefix string) (end string, bounded bool) {
	p := strings.TrimRight(prefix, "\xff")
	if p == "" {
		return "", false
	}
	return p[:len(p)-1] + string([]byte{p[len(p)-1] + 1}), true
}

// List returns the entries in the range the options select, in key order
// (descending with Reverse).
func (db *DB) List(opts ListOptions) ([]Entry, error) {
	if db.err != nil {
		return nil, db.err
	}
	start, end, bounded, ok := opts.keyRange()
	if !ok || !db.hasKV {
		return nil, nil
	}
	limit := int64(-1)
	if opts.Limit > 0 {
		limit = int64(opts.Limit)
	}
	rev, bnd := 0, 0
	if opts.Reverse {
		rev = 1
	}
	if bounded {
		bnd = 1
	}
	q := db.kv.list[rev][bnd]
	defer q.reset()
	for i, a := range []any{start, end, limit} {
		if err := q.bind(i+1, a); err != nil {
			return nil, fmt.Errorf("storage: list: %w", err)
		}
	}
	var out []Entry
	if opts.Limit > 0 && opts.Limit <= 1024 {
		out = make([]Entry, 0, opts.Limit)
	}
	for {
		row, err := q.step()
		if err != nil {
			return nil, fmt.Errorf("storage: list: %w", err)
		}
		if !row {
			return out, nil
		}
		out = append(out, Entry{Key: q.columnText(0), Value: q.columnBlob(1)})
	}
}
