package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// openTemp opens a fresh storage file in a temporary directory. The DB is
// closed when the test ends, if the test did not close it.
func openTemp(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "do", "worker-Class", "0123abcd.sqlite")
	db, err := Open(path)
	require.NoError(t, err)
	t.Cleanup(func() {
		if err := db.Close(); err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("close: %v", err)
		}
	})
	return db, path
}

// execSQL runs SQL on the DB's own connection, standing in for the SQL API
// that will share it.
func execSQL(t *testing.T, db *DB, query string, args ...any) {
	t.Helper()
	queryRows(t, db, query, args...)
}

// tableNames lists the tables of the file as the DB's connection sees them.
func tableNames(t *testing.T, db *DB) []string {
	t.Helper()
	var names []string
	for _, r := range queryRows(t, db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
		names = append(names, r[0].(string))
	}
	return names
}

// committedKeys reads the keys of the file through a second, independent
// connection, which sees only committed transactions.
func committedKeys(t *testing.T, path string) []string {
	t.Helper()
	other, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer other.Close()
	var exists int
	require.NoError(t, other.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = '_cf_KV'").Scan(&exists))
	if exists == 0 {
		return nil
	}
	rows, err := other.Query("SELECT key FROM _cf_KV ORDER BY key")
	require.NoError(t, err)
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		require.NoError(t, rows.Scan(&k))
		keys = append(keys, k)
	}
	require.NoError(t, rows.Err())
	return keys
}

func keysOf(entries []Entry) []string {
	keys := []string{}
	for _, e := range entries {
		keys = append(keys, e.Key)
	}
	return keys
}

func TestKeyValueOps(t *testing.T) {
	type result struct {
		Value []byte
		OK    bool
		N     int
		Keys  []string
		Err   error
	}
	get := func(key string) func(*DB) result {
		return func(db *DB) result {
			v, ok, err := db.Get(key)
			return result{Value: v, OK: ok, Err: err}
		}
	}
	tests := []struct {
		name string
		seed []Entry
		run  func(*DB) result
		want result
	}{
		{"get on a fresh file", nil, get("a"), result{}},
		{"get missing key", []Entry{{"a", []byte("1")}}, get("b"), result{}},
		{"put then get", []Entry{{"a", []byte("1")}}, get("a"), result{Value: []byte("1"), OK: true}},
		{"put overwrites", []Entry{{"a", []byte("1")}, {"a", []byte("2")}}, get("a"), result{Value: []byte("2"), OK: true}},
		{"empty key", []Entry{{"", []byte("e")}}, get(""), result{Value: []byte("e"), OK: true}},
		{"key with NUL", []Entry{{"a\x00b", []byte("n")}, {"a", []byte("x")}}, get("a\x00b"), result{Value: []byte("n"), OK: true}},
		{"non-ASCII key", []Entry{{"ключ-😀", []byte("v")}}, get("ключ-😀"), result{Value: []byte("v"), OK: true}},
		{"invalid UTF-8 key bytes", []Entry{{"x\xed\xa0\x80", []byte("s")}}, get("x\xed\xa0\x80"), result{Value: []byte("s"), OK: true}},
		{"empty value exists", []Entry{{"a", []byte{}}}, get("a"), result{OK: true}},
		{"binary value", []Entry{{"a", []byte{0xff, 0x0f, 0x00, 0x01}}}, get("a"), result{Value: []byte{0xff, 0x0f, 0x00, 0x01}, OK: true}},
		{
			"delete existing", []Entry{{"a", []byte("1")}},
			func(db *DB) result {
				deleted, err := db.Delete("a")
				_, ok, _ := db.Get("a")
				return result{OK: deleted || ok, N: boolInt(deleted), Err: err}
			},
			result{OK: true, N: 1},
		},
		{
			"delete missing", []Entry{{"a", []byte("1")}},
			func(db *DB) result {
				deleted, err := db.Delete("b")
				return result{OK: deleted, Err: err}
			},
			result{},
		},
		{
			"delete on a fresh file", nil,
			func(db *DB) result {
				deleted, err := db.Delete("a")
				return result{OK: deleted || db.inTxn, Err: err}
			},
			result{},
		},
		{
			"get many: sorted, once each, missing left out",
			[]Entry{{"c", []byte("3")}, {"a", []byte("1")}, {"b", []byte("2")}},
			func(db *DB) result {
				es, err := db.GetMany([]string{"c", "missing", "a", "b", "a"})
				return result{Keys: keysOf(es), N: len(es), Err: err}
			},
			result{Keys: []string{"a", "b", "c"}, N: 3},
		},
		{
			"get many of nothing", []Entry{{"a", []byte("1")}},
			func(db *DB) result {
				es, err := db.GetMany(nil)
				return result{Keys: keysOf(es), Err: err}
			},
			result{Keys: []string{}},
		},
		{
			"put many: in order, the later duplicate wins", nil,
			func(db *DB) result {
				err := db.PutMany([]Entry{{"z", []byte("1")}, {"y", []byte("2")}, {"z", []byte("3")}})
				v, _, _ := db.Get("z")
				es, _ := db.List(ListOptions{})
				return result{Value: v, Keys: keysOf(es), Err: err}
			},
			result{Value: []byte("3"), Keys: []string{"y", "z"}},
		},
		{
			"delete many counts keys that existed, a repeated key once",
			[]Entry{{"a", []byte("1")}, {"b", []byte("2")}, {"c", []byte("3")}},
			func(db *DB) result {
				n, err := db.DeleteMany([]string{"a", "c", "x", "a"})
				es, _ := db.List(ListOptions{})
				return result{N: n, Keys: keysOf(es), Err: err}
			},
			result{N: 2, Keys: []string{"b"}},
		},
		{
			"delete many on a fresh file", nil,
			func(db *DB) result {
				n, err := db.DeleteMany([]string{"a"})
				return result{N: n, Err: err}
			},
			result{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTemp(t)
			for _, e := range tc.seed {
				require.NoError(t, db.Put(e.Key, e.Value))
			}
			got := tc.run(db)
			if len(got.Value) == 0 {
				got.Value = nil
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The limit on a row is SQLite's, with the value workerd sets, and the error
// is the one the JS layer shows.
func TestTooBig(t *testing.T) {
	db, _ := openTemp(t)
	require.NoError(t, db.Put("fits", make([]byte, SQLiteLengthLimit-64)))
	assert.ErrorIs(t, db.Put("big", make([]byte, SQLiteLengthLimit+1)), ErrTooBig)
	assert.ErrorIs(t, db.Put(strings.Repeat("k", SQLiteLengthLimit+1), []byte("v")), ErrTooBig)
	assert.Equal(t, "string or blob too big: SQLITE_TOOBIG", ErrTooBig.Error())

	// A failed batch leaves nothing of itself but keeps the turn's earlier
	// writes, and the turn can go on.
	require.NoError(t, db.Put("before", []byte("1")))
	err := db.PutMany([]Entry{{"b1", []byte("1")}, {"b2", make([]byte, SQLiteLengthLimit+1)}, {"b3", []byte("3")}})
	assert.ErrorIs(t, err, ErrTooBig)
	require.NoError(t, db.Put("after", []byte("2")))
	require.NoError(t, db.Commit())
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"after", "before", "fits"}, keysOf(es))
}

func TestImplicitTransaction(t *testing.T) {
	db, path := openTemp(t)

	// A write opens the transaction; reads of the same turn see it, other
	// connections do not until the commit.
	require.NoError(t, db.Put("a", []byte("1")))
	assert.True(t, db.inTxn)
	v, ok, err := db.Get("a")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []byte("1"), v)
	assert.Empty(t, committedKeys(t, path))
	require.NoError(t, db.Commit())
	assert.False(t, db.inTxn)
	assert.Equal(t, []string{"a"}, committedKeys(t, path))

	// Reads alone open nothing, and Commit without writes is a no-op.
	_, _, err = db.Get("a")
	require.NoError(t, err)
	_, err = db.List(ListOptions{})
	require.NoError(t, err)
	assert.False(t, db.inTxn)
	require.NoError(t, db.Commit())

	// Writes coalesce: several writes, one transaction, all rolled back
	// together.
	require.NoError(t, db.Put("b", []byte("2")))
	ok, err = db.Delete("a")
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, db.PutMany([]Entry{{"c", []byte("3")}}))
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c"}, keysOf(es))
	require.NoError(t, db.Rollback())
	assert.False(t, db.inTxn)
	es, err = db.List(ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, keysOf(es))
	require.NoError(t, db.Rollback(), "a rollback without a transaction is a no-op")
}

// A commit that fails loses the turn's writes and leaves no transaction
// open. An unread INSERT ... RETURNING cursor is how wrangler dev makes the
// implicit commit fail (conformance notes), and SQLite does the same here.
func TestFailedCommitRollsBack(t *testing.T) {
	db, path := openTemp(t)
	execSQL(t, db, "CREATE TABLE t (a)")
	require.NoError(t, db.Put("kept", []byte("1")))
	require.NoError(t, db.Commit())

	require.NoError(t, db.Put("lost", []byte("2")))
	rows, err := db.Exec("INSERT INTO t VALUES (1), (2) RETURNING a")
	require.NoError(t, err)
	defer rows.Close()
	assert.ErrorContains(t, db.Commit(), "SQL statements in progress")
	assert.False(t, db.inTxn)
	_, ok, err := db.Get("lost")
	require.NoError(t, err)
	assert.False(t, ok)
	rows.Close()
	assert.Equal(t, []string{"kept"}, committedKeys(t, path))

	require.NoError(t, db.Put("next", []byte("3")))
	require.NoError(t, db.Commit())
	assert.Equal(t, []string{"kept", "next"}, committedKeys(t, path))
}

// After some errors (SQLITE_FULL, SQLITE_IOERR...) SQLite rolls the
// transaction back by itself; Rollback must still succeed.
func TestRollbackAfterSQLiteEndedTransaction(t *testing.T) {
	db, _ := openTemp(t)
	require.NoError(t, db.Put("a", []byte("1")))
	execSQL(t, db, "ROLLBACK")
	require.NoError(t, db.Rollback())
	assert.False(t, db.inTxn)
	require.NoError(t, db.Put("b", []byte("2")))
	require.NoError(t, db.Commit())
}

// _cf_KV appears with the first write, in its transaction, as in workerd:
// user SQL must not find it before.
func TestKVTableCreatedByFirstWrite(t *testing.T) {
	db, path := openTemp(t)
	assert.Empty(t, tableNames(t, db))

	require.NoError(t, db.Put("a", []byte("1")))
	assert.Equal(t, []string{"_cf_KV"}, tableNames(t, db))
	require.NoError(t, db.Rollback())
	assert.Empty(t, tableNames(t, db), "the rollback drops the table it created")
	_, ok, err := db.Get("a")
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, db.Put("b", []byte("2")))
	require.NoError(t, db.Commit())
	assert.Equal(t, []string{"b"}, committedKeys(t, path))
}

func TestCommitPersistsAcrossReopen(t *testing.T) {
	db, path := openTemp(t)
	require.NoError(t, db.Put("committed", []byte("1")))
	require.NoError(t, db.Commit())
	require.NoError(t, db.Put("pending", []byte("2")))
	require.NoError(t, db.Close(), "close commits what is pending")

	for _, m := range []func(*DB) error{
		func(db *DB) error { return db.Put("x", nil) },
		func(db *DB) error { _, _, err := db.Get("x"); return err },
		func(db *DB) error { _, err := db.GetMany([]string{"x"}); return err },
		func(db *DB) error { return db.PutMany([]Entry{{"x", nil}}) },
		func(db *DB) error { _, err := db.Delete("x"); return err },
		func(db *DB) error { _, err := db.DeleteMany([]string{"x"}); return err },
		func(db *DB) error { _, err := db.List(ListOptions{}); return err },
		func(db *DB) error { return db.DeleteAll() },
		func(db *DB) error { return db.Commit() },
		func(db *DB) error { return db.Rollback() },
		func(db *DB) error { _, err := db.Size(); return err },
		func(db *DB) error { _, _, err := db.Alarm(); return err },
		func(db *DB) error { return db.SetAlarm(time.Now()) },
		func(db *DB) error { return db.DeleteAlarm() },
		func(db *DB) error { _, _, err := db.ObjectName(); return err },
		func(db *DB) error { return db.SetObjectName("n") },
		func(db *DB) error { return db.Close() },
	} {
		assert.ErrorIs(t, m(db), ErrClosed)
	}

	db, err := Open(path)
	require.NoError(t, err)
	defer db.Close()
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"committed", "pending"}, keysOf(es))
}

func TestDeleteAll(t *testing.T) {
	db, path := openTemp(t)
	require.NoError(t, db.PutMany([]Entry{{"a", []byte("1")}, {"b", []byte("2")}}))
	require.NoError(t, db.SetAlarm(time.UnixMilli(4102444800000)))
	require.NoError(t, db.SetObjectName("obj"))
	execSQL(t, db, "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)")
	execSQL(t, db, "CREATE INDEX users_name ON users(name)")
	execSQL(t, db, "CREATE VIEW names AS SELECT name FROM users")
	execSQL(t, db, "INSERT INTO users (name) VALUES ('x')")
	require.NoError(t, db.Commit())
	require.NoError(t, db.Put("pending", []byte("3")))

	require.NoError(t, db.DeleteAll())
	assert.False(t, db.inTxn, "the open transaction was discarded")
	assert.Empty(t, tableNames(t, db), "user tables, sqlite_sequence and workerd's tables are gone")
	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, es)
	_, ok, err := db.Alarm()
	require.NoError(t, err)
	assert.False(t, ok)
	_, ok, err = db.ObjectName()
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Empty(t, committedKeys(t, path), "effective at once, not at the next commit")

	assert.Equal(t, "wal", queryOne(t, db, "PRAGMA journal_mode"))

	// The object goes on with a fresh file.
	require.NoError(t, db.Put("c", []byte("4")))
	require.NoError(t, db.Commit())
	require.NoError(t, db.Close())
	db, err = Open(path)
	require.NoError(t, err)
	defer db.Close()
	es, err = db.List(ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, keysOf(es))
}

func TestAlarm(t *testing.T) {
	db, _ := openTemp(t)
	_, ok, err := db.Alarm()
	require.NoError(t, err)
	assert.False(t, ok)

	// Deleting an alarm that was never set writes nothing.
	require.NoError(t, db.DeleteAlarm())
	assert.False(t, db.inTxn)
	assert.Empty(t, tableNames(t, db))

	at := time.Date(2100, 1, 1, 0, 0, 0, 123456789, time.UTC)
	require.NoError(t, db.SetAlarm(at))
	got, ok, err := db.Alarm()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.True(t, at.Equal(got), "got %v", got)
	raw := queryOne(t, db, "SELECT value FROM _cf_METADATA WHERE key = 1")
	assert.Equal(t, at.UnixNano(), raw, "nanoseconds since the epoch, as workerd stores it")
	require.NoError(t, db.Commit())

	// Setting the same time again writes nothing.
	require.NoError(t, db.SetAlarm(at))
	assert.False(t, db.inTxn)

	require.NoError(t, db.DeleteAlarm())
	assert.True(t, db.inTxn)
	_, ok, err = db.Alarm()
	require.NoError(t, err)
	assert.False(t, ok)
	raw = queryOne(t, db, "SELECT value FROM _cf_METADATA WHERE key = 1")
	assert.Nil(t, raw, "a deleted alarm is a NULL value, as workerd writes it")
}

func TestObjectName(t *testing.T) {
	db, path := openTemp(t)
	_, ok, err := db.ObjectName()
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, db.SetObjectName("room-😀"))
	require.NoError(t, db.SetObjectName("room-😀"), "wrangler rewrites it at every construction")
	require.NoError(t, db.Close())

	db, err = Open(path)
	require.NoError(t, err)
	defer db.Close()
	name, ok, err := db.ObjectName()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "room-😀", name)
	assert.Equal(t, int64(1), queryOne(t, db, "SELECT count(*) FROM __miniflare_do_name"))
}

func TestSize(t *testing.T) {
	db, _ := openTemp(t)
	before, err := db.Size()
	require.NoError(t, err)
	assert.Positive(t, before)
	for i := range 50 {
		require.NoError(t, db.Put(strings.Repeat("k", i+1), make([]byte, 1000)))
	}
	after, err := db.Size()
	require.NoError(t, err)
	assert.Greater(t, after, before, "uncommitted writes count: the connection sees them")
	assert.Zero(t, after%4096)
	require.NoError(t, db.Commit())
}

// The connection is set up as workerd sets up a DO's database (but for
// synchronous, see connect), and a new file syncs nothing until its first
// commit.
func TestConnectionSettings(t *testing.T) {
	db, path := openTemp(t)
	assert.Equal(t, "0", fmt.Sprint(queryOne(t, db, "PRAGMA synchronous")), "OFF until the first commit")
	require.NoError(t, db.Put("k", []byte("v")))
	require.NoError(t, db.Commit())
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "1", // NORMAL
		"busy_timeout": "5000",
		"foreign_keys": "1",
		"cache_size":   "-16384",
		"page_size":    "4096",
		"encoding":     "UTF-8",
	} {
		assert.Equal(t, want, fmt.Sprint(queryOne(t, db, "PRAGMA "+pragma)), pragma)
	}
	for _, l := range connLimits {
		got := sqlite3.Xsqlite3_limit(db.c.tls, db.c.db, int32(l.id), -1)
		assert.Equal(t, l.value, int(got), "limit %d", l.id)
	}
	assert.Equal(t, int32(100), sqlite3.Xsqlite3_limit(db.c.tls, db.c.db, sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, -1))
	// Defensive mode: SQL cannot edit the schema table directly.
	require.NoError(t, db.c.exec("PRAGMA writable_schema = ON"))
	assert.ErrorContains(t, db.c.exec("UPDATE sqlite_master SET sql = '' WHERE 0"), "may not be modified")

	// A file that exists is opened with NORMAL at once.
	require.NoError(t, db.Close())
	again, err := Open(path)
	require.NoError(t, err)
	defer again.Close()
	assert.Equal(t, "1", fmt.Sprint(queryOne(t, again, "PRAGMA synchronous")))
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "c.sqlite")
	db, err := Open(path)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, err = os.Stat(path)
	assert.NoError(t, err, "Open creates the file and its parent directories")

	// Not a DSN any more: any file name works.
	db, err = Open(filepath.Join(dir, "what?.sqlite"))
	require.NoError(t, err)
	require.NoError(t, db.Close())
}
