// Package storage owns the storage of one Durable Object instance: one SQLite
// file per object, laid out exactly as workerd (and so `wrangler dev`) writes
// it, so that a user can switch between wrangler dev and kindling on the same
// .wrangler/state folder. The caller computes the path
// (.wrangler/state/v3/do/<worker>-<Class>/<hexid>.sqlite).
//
// The package works on bytes: keys are Go strings holding the UTF-8 bytes the
// JS layer produced, values are already-serialized structured clones. It must
// not import goja: the JS layer converts values and owns workerd's texts for
// argument errors.
//
// What a DO's file holds (workerd util/sqlite-kv.{h,c++}, util/sqlite-metadata.{h,c++},
// io/actor-sqlite.c++, server/server.c++; checked against files written by
// wrangler 4.86.0, workerd 1.20260426.1, see testdata/):
//
//   - journal_mode WAL, set by server.c++ on every DO database and again after
//     a reset; page size 4096 and UTF-8 are SQLite's defaults, left alone.
//   - _cf_KV(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID: the KV API. It is
//     created by the first KV write, inside that write's transaction, not when
//     the file is opened: before that, user SQL sees "no such table: _cf_KV"
//     (conformance case do/sql-cf-table-names-refused).
//   - _cf_METADATA(key INTEGER PRIMARY KEY, value BLOB): row 1 is the alarm
//     time in nanoseconds since the Unix epoch (NULL when deleted), created by
//     the first alarm change.
//   - __miniflare_do_name(id INTEGER PRIMARY KEY, name TEXT): not workerd's but
//     wrangler's. Its DO wrapper (miniflare do-wrapper.worker.ts) writes row 1
//     = ctx.id.name from the constructor of every object made by idFromName
//     or getByName, through ctx.storage.sql, so only for SQLite-backed classes.
//   - every table, index, view and trigger that user SQL created.
//
// Names starting with _cf_ are workerd's; its SQL authorizer hides them from
// user SQL, so they never clash with user tables.
//
// A DB is used only by the goroutine running the owning object's event loop:
// it has no locking of its own, and needs none beyond what database/sql does.
package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

// Invariant: implicit transactions (write coalescing).
//
// The first write after a commit opens a transaction (BEGIN). Every later read
// and write joins it, and Commit, which the actor calls at the end of each
// event-loop turn, commits it. So:
//
//   - Writes made without an intervening await commit together, atomically.
//     This is what workerd's ActorSqlite does: its first write opens a
//     transaction and schedules the commit for the next turn of the KJ event
//     loop, which JS code between two awaits cannot reach.
//   - Reads see the turn's uncommitted writes: there is one connection, and the
//     transaction is on it.
//   - The output gate releases a turn's response only after Commit returned, so
//     nothing leaves the object that refers to state that could still be lost.
//     If Commit fails, the actor discards that output and resets the object,
//     as workerd breaks the output gate.
//   - Rollback discards the open transaction, for a turn that must not take
//     effect.
//
// DeleteAll is the exception: like workerd's reset, it rolls back the open
// transaction and replaces the file at once, outside any transaction.

// connPragmas are set on the connection when it opens.
//   - journal_mode(WAL): what workerd uses (server.c++), so both can open the
//     file. The mode is stored in the file header.
//   - synchronous(NORMAL): workerd keeps SQLite's default, FULL, which syncs
//     the WAL on every commit. NORMAL syncs only at checkpoints: a commit
//     survives a crash of the process (the crash test kills one), and can only
//     be lost to an OS crash or power cut. It makes an autocommit write about
//     20 times faster. It is a per-connection setting, not stored in the file.
//   - foreign_keys(ON): workerd builds SQLite with SQLITE_DEFAULT_FOREIGN_KEYS=1
//     (build/BUILD.sqlite3), so user SQL gets enforced foreign keys by default.
//   - cache_size(-16384): up to 16 MiB of pages per object instead of SQLite's
//     2 MiB. Past the cache, every page a query touches is a read() through
//     modernc's libc, and a table outgrowing 2 MiB made the sql benchmark's
//     count(*) per insert ten times slower (568 req/s instead of 5,900 at 32
//     connections). The cache fills only as pages are read, so small objects
//     cost no more.
//
// Set before them: a busy timeout of 5 s, to wait instead of failing at once
// while another process holds the lock (an SQLite browser, or a wrangler dev
// on the same state folder: workerd uses SQLite's native locking on disk);
// and SQLITE_DBCONFIG_DEFENSIVE, which workerd enables on every database
// (util/sqlite.c++ setupSecurity) to stop SQL from corrupting the file on
// purpose (writable_schema and the like).
const connPragmas = "PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384"

const busyTimeoutMillis = 5000

// connLimits are the sqlite3_limit values workerd sets on every database
// connection (util/sqlite.c++ setupSecurity). They are connection settings,
// so they are applied here, where the connection is opened; the KV API feels
// only SQLITE_LIMIT_LENGTH, the rest bound what user SQL may do.
var connLimits = []struct{ id, value int }{
	{sqlite3.SQLITE_LIMIT_LENGTH, SQLiteLengthLimit},
	{sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100000},
	{sqlite3.SQLITE_LIMIT_COLUMN, 100},
	{sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 100},
	{sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 5},
	{sqlite3.SQLITE_LIMIT_VDBE_OP, 25000},
	{sqlite3.SQLITE_LIMIT_FUNCTION_ARG, 127},
	{sqlite3.SQLITE_LIMIT_ATTACHED, 0},
	{sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 50},
	{sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100},
	{sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 10},
	{sqlite3.SQLITE_LIMIT_WORKER_THREADS, 0},
}

// ErrClosed is returned by every method of a DB after Close.
var ErrClosed = errors.New("storage: database is closed")

// ErrTooBig is returned by a write whose key, value or row exceeds
// SQLiteLengthLimit. Its text is what workerd shows the user for SQLITE_TOOBIG
// (conformance case do/kv-value-size-limit), so the JS layer can throw
// Error(ErrTooBig.Error()) as is.
var ErrTooBig = errors.New("string or blob too big: SQLITE_TOOBIG")

// DB is the storage of one Durable Object instance. See the package comment
// for who may call it, and the invariant above for its transactions.
type DB struct {
	// newFile is set from opening a file that did not exist until its
	// first commit: see connect.
	newFile bool
	path    string

	c *conn // the one connection; the transaction lives on it

	// err is set once the DB cannot be used: ErrClosed after Close, or the
	// failure that left it without a connection.
	err error

	// inTxn is set while the implicit transaction (BEGIN) is open. txn
	// tracks the savepoints of transaction() and transactionSync() inside it.
	inTxn bool
	txn   txnState

	// onWrite, if set, is called before every write: the owner marks the
	// object as having a commit to do at the end of the turn.
	onWrite func()

	// Which of workerd's and wrangler's tables exist in the file as this
	// connection sees it, counting uncommitted creations. kv is prepared once
	// _cf_KV exists, and kept if a rollback drops the table again.
	hasKV, hasMeta, hasName bool
	kv                      *kvStmts

	// Statements that need no table, prepared once per connection.
	begin, commit, rollback        *stmt
	savepoint, release, rollbackTo *stmt

	// sql holds the prepared statements of user SQL (sql.go).
	sql sqlState
}

// Open opens the storage file at path, creating it and its parent
// directories if missing, and returns a DB with exactly one connection.
// Tables are not created until they are first written, as workerd does.
func Open(path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	db := &DB{path: abs}
	if err := db.connect(); err != nil {
		return nil, err
	}
	return db, nil
}

// OnWrite registers fn to be called before every write.
func (db *DB) OnWrite(fn func()) { db.onWrite = fn }

// connect opens the connection, applies workerd's settings, prepares the
// statements that need no table and learns which tables exist.
func (db *DB) connect() (err error) {
	c, err := openConn(db.path)
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", db.path, err)
	}
	db.c = c
	defer func() {
		if err != nil {
			db.disconnect()
			err = fmt.Errorf("storage: open %s: %w", db.path, err)
		}
	}()
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, busyTimeoutMillis)
	if err := c.configBool(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, true); err != nil {
		return err
	}
	// A new file starts with synchronous OFF until its first commit.
	// Switching a new database to WAL and creating its WAL otherwise costs
	// five fsyncs (journal, directory, database, WAL, directory), about
	// 5 ms per new Durable Object here, for nothing a process crash could
	// lose: the writes are in the kernel once write() returns, and under
	// NORMAL a commit is not synced either. Only an OS crash during the
	// first turn of a new object could lose more than under NORMAL.
	pragmas := connPragmas
	if info, err := os.Stat(db.path); err != nil || info.Size() == 0 {
		db.newFile = true
		pragmas = strings.Replace(pragmas, "synchronous = NORMAL", "synchronous = OFF", 1)
	}
	if err := c.exec(pragmas); err != nil {
		return err
	}
	for _, l := range connLimits {
		c.limit(l.id, l.value)
	}
	for _, s := range []struct {
		dst   **stmt
		query string
	}{
		// IMMEDIATE takes the write lock at once, so busy_timeout applies to
		// it; a deferred transaction that read first could not wait for a
		// lock another process took meanwhile. The first statement of the
		// transaction is a write anyway.
		{&db.begin, "BEGIN IMMEDIATE"},
		{&db.commit, "COMMIT"},
		{&db.rollback, "ROLLBACK"},
		// Batch writes nest in the implicit transaction as a savepoint, so a
		// failed batch leaves earlier writes of the turn in place. The _cf_
		// prefix keeps the name out of user SQL's way.
		{&db.savepoint, "SAVEPOINT _cf_batch"},
		{&db.release, "RELEASE _cf_batch"},
		{&db.rollbackTo, "ROLLBACK TO _cf_batch"},
	} {
		if *s.dst, err = c.prepareTrusted(s.query); err != nil {
			return err
		}
	}
	return db.loadSchema()
}

// disconnect closes the connection, which finalizes every statement and
// discards an open transaction.
func (db *DB) disconnect() error {
	db.sql.drop()
	db.begin, db.commit, db.rollback, db.savepoint, db.release, db.rollbackTo = nil, nil, nil, nil, nil, nil
	db.kv = nil
	db.hasKV, db.hasMeta, db.hasName, db.inTxn = false, false, false, false
	db.txn = txnState{}
	err := db.c.close()
	db.c = nil
	return err
}

// loadSchema reads which of workerd's and wrangler's tables exist, and
// prepares the KV statements if _cf_KV does.
func (db *DB) loadSchema() error {
	q, err := db.c.prepareTrusted("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_cf_KV', '_cf_METADATA', '__miniflare_do_name')")
	if err != nil {
		return fmt.Errorf("storage: read schema: %w", err)
	}
	defer q.finalize()
	db.hasKV, db.hasMeta, db.hasName = false, false, false
	for {
		row, err := q.step()
		if err != nil {
			return fmt.Errorf("storage: read schema: %w", err)
		}
		if !row {
			break
		}
		switch q.columnText(0) {
		case kvTable:
			db.hasKV = true
		case metaTable:
			db.hasMeta = true
		case nameTable:
			db.hasName = true
		}
	}
	if db.hasKV && db.kv == nil {
		db.kv, err = prepareKV(db.c)
	}
	return err
}

// beginWrite makes sure the implicit transaction is open before a write, and
// tells the owner that the turn has a commit to do.
func (db *DB) beginWrite() error {
	if db.err != nil {
		return db.err
	}
	if db.onWrite != nil {
		db.onWrite()
	}
	if db.inTxn {
		return nil
	}
	if err := db.begin.exec(); err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	db.inTxn = true
	return nil
}

// Commit ends the implicit transaction, if one is open. If it fails the
// transaction is rolled back: the turn's writes are lost, and the caller must
// not release the turn's output.
//
// While a transaction() is open (it spans turns), Commit does nothing: its
// writes commit with the turn in which it ends.
func (db *DB) Commit() error {
	if db.err != nil {
		return db.err
	}
	defer db.sql.releaseAbandoned()
	if !db.inTxn || db.txn.explicit > 0 {
		return nil
	}
	if err := db.commit.exec(); err != nil {
		// A failed COMMIT can leave the transaction open (SQLITE_BUSY, or a
		// statement still running); close it so the next turn starts clean.
		return errors.Join(fmt.Errorf("storage: commit: %w", err), db.Rollback())
	}
	db.inTxn = false
	if db.newFile {
		db.newFile = false
		return db.c.exec("PRAGMA synchronous = NORMAL")
	}
	return nil
}

// Rollback discards the implicit transaction, if one is open, including
// tables it created and open transaction() and transactionSync() savepoints.
func (db *DB) Rollback() error {
	if db.err != nil {
		return db.err
	}
	db.txn = txnState{}
	if !db.inTxn {
		return nil
	}
	db.inTxn = false
	db.sql.endCursors()
	// SQLite may already have rolled back by itself after some errors
	// (SQLITE_FULL, SQLITE_IOERR...), which makes ROLLBACK fail with "no
	// transaction is active"; either way none is open now.
	err := db.rollback.exec()
	if err != nil && db.c.inTransaction() {
		return fmt.Errorf("storage: rollback: %w", err)
	}
	// Tables created by the transaction are gone again.
	return db.loadSchema()
}

// Close commits what is pending (but an unfinished transaction()), then
// closes the file. After Close every method returns ErrClosed.
func (db *DB) Close() error {
	if db.err != nil {
		if db.err == ErrClosed {
			return ErrClosed
		}
		db.err = ErrClosed
		return nil
	}
	// A transaction() still open is not done: its writes are all the
	// implicit transaction holds (it began by committing the rest), and they
	// must not become durable half-way.
	var errCommit error
	if db.txn.explicit > 0 {
		errCommit = db.Rollback()
	} else {
		errCommit = db.Commit()
	}
	errClose := db.disconnect()
	db.err = ErrClosed
	if err := errors.Join(errCommit, errClose); err != nil {
		return fmt.Errorf("storage: close: %w", err)
	}
	return nil
}

// ErrDeleteAllInTransaction is deleteAll() inside transaction(), with
// workerd's text.
var ErrDeleteAllInTransaction = errors.New("Cannot call deleteAll() within a transaction")

// DeleteAll deletes every key and, as workerd's deleteAll does, everything
// else in the file: user tables, the alarm, wrangler's object name. Like
// workerd's SqliteDatabase::reset, it discards the open transaction, closes
// the database and replaces the file with an empty one. That takes effect at
// once, not at the next Commit; later writes open a new transaction. Cursors
// of user SQL still open end there.
//
// The caller re-applies what must survive: workerd writes the alarm back
// unless the delete_all_deletes_alarm compatibility flag is on.
func (db *DB) DeleteAll() error {
	if db.err != nil {
		return db.err
	}
	if db.txn.explicit > 0 || db.txn.sync > 0 {
		return ErrDeleteAllInTransaction
	}
	if db.onWrite != nil {
		db.onWrite()
	}
	// Closing the last connection checkpoints the WAL into the file and
	// removes it.
	if err := db.disconnect(); err != nil {
		db.err = fmt.Errorf("storage: deleteAll: %w", err)
		return db.err
	}
	// The WAL and its index go first: a WAL left behind next to a new, empty
	// file would be replayed into it and bring deleted data back. Should the
	// process die between two removals, what is left is the old database,
	// whole.
	for _, suffix := range []string{"-wal", "-shm", "-journal", ""} {
		if err := os.Remove(db.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			db.err = fmt.Errorf("storage: deleteAll: %w", err)
			return db.err
		}
	}
	if err := db.connect(); err != nil {
		db.err = fmt.Errorf("storage: deleteAll: %w", err)
		return db.err
	}
	return nil
}

// Size returns the bytes of the database in use, as ctx.storage.sql.databaseSize
// reports it (api/sql.c++): (page_count - freelist_count) * page_size.
func (db *DB) Size() (int64, error) {
	if db.err != nil {
		return 0, db.err
	}
	var size int64
	_, err := db.c.queryRow("SELECT ((SELECT page_count FROM pragma_page_count) - (SELECT freelist_count FROM pragma_freelist_count))"+
		" * (SELECT page_size FROM pragma_page_size)", nil, func(s *stmt) { size = s.columnInt64(0) })
	if err != nil {
		return 0, fmt.Errorf("storage: size: %w", err)
	}
	return size, nil
}

// writeErr turns SQLITE_TOOBIG into ErrTooBig and wraps other errors of a
// write.
func writeErr(op string, err error) error {
	if isCode(err, sqlite3.SQLITE_TOOBIG) {
		return ErrTooBig
	}
	return fmt.Errorf("storage: %s: %w", op, err)
}
