package storage

// User SQL: ctx.storage.sql.exec(), with the semantics of workerd's
// SqlStorage (api/sql.c++) over SqliteDatabase (util/sqlite.c++):
//
//   - A query string may hold several statements. All but the last run when
//     exec() is called (one step each: rows they return are dropped) and may
//     not have parameters; the bindings and the returned cursor belong to
//     the last one.
//   - A statement that may write opens the implicit transaction before it
//     runs, so every exec() of a turn commits together.
//   - exec() runs the first step at once; the cursor steps on as it is
//     read, and always one row ahead, so that a cursor read to its last row
//     is finished even if nobody asks for the end.
//   - Statements are cached per query string (LRU, 1 MiB of SQL text, as
//     workerd): the next exec() of the same string reuses the compiled
//     statement and runs the earlier statements of a multi-statement string
//     again from their compiled form. A cached statement still in use by an
//     unfinished cursor is compiled again as a one-off.
//
// The cursor of a statement that writes and was not read to its end keeps
// the statement running: the turn's COMMIT then fails ("SQL statements in
// progress") and the turn's writes are lost, as in wrangler dev
// (do/sql-unread-returning-cursor). Cursors that JavaScript dropped unfinished
// are reset after the next commit (releaseAbandoned), once the garbage
// collector has found them.

import (
	"container/list"
	"errors"
	"runtime"
	"sync"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// maxCachedSQL is the most SQL text the statement cache holds
// (workerd SQL_STATEMENT_CACHE_MAX_SIZE).
const maxCachedSQL = 1 << 20

// Errors of Exec with workerd's texts.
var (
	ErrNoStatement     = errors.New("SQL code did not contain a statement.")
	ErrWrongBindings   = errors.New("Wrong number of parameter bindings for SQL query.")
	ErrMultiStatParams = errors.New("When executing multiple SQL statements in a single call, only the last statement can have parameters.")
)

// sqlState is the user SQL side of a DB.
type sqlState struct {
	cache map[string]*cachedStmt
	lru   list.List // of *cachedStmt, least recently used first
	size  int       // bytes of SQL text in the cache

	// oneOffs are the statements compiled while their cached twin was busy;
	// each lives as long as its cursor.
	oneOffs map[*cachedStmt]struct{}

	// gen counts the connections the DB has had, and the rollbacks: a cursor
	// made before has lost its statement.
	gen uint64

	abandoned struct {
		sync.Mutex
		cursors []abandonedCursor
	}
}

// cachedStmt is a compiled query string.
type cachedStmt struct {
	query   string
	prelude []*stmt // the statements before the last, run again on every exec
	last    *stmt
	lastSQL string // the text of last
	inUse   bool   // a cursor is reading last
	elem    *list.Element
	stats   *programStats // of last, computed when a count is first asked for
}

type abandonedCursor struct {
	gen   uint64
	st    *stmt
	entry *cachedStmt
}

// endCursors ends every unfinished cursor, after a rollback: a statement
// the rollback aborted must not hold the next commit back. Cached
// statements stay compiled; one-offs are finalized.
func (s *sqlState) endCursors() {
	s.gen++
	for _, e := range s.cache {
		if e.inUse {
			e.last.reset()
			e.last.clearBindings()
			e.inUse = false
		}
	}
	for e := range s.oneOffs {
		e.finalize()
	}
	s.oneOffs = nil
}

// drop forgets every compiled statement; the connection is closing and
// finalizes them.
func (s *sqlState) drop() {
	s.oneOffs = nil
	s.cache = nil
	s.lru.Init()
	s.size = 0
	s.gen++
}

func (s *sqlState) add(e *cachedStmt) {
	if s.cache == nil {
		s.cache = make(map[string]*cachedStmt)
	}
	s.cache[e.query] = e
	e.elem = s.lru.PushBack(e)
	s.size += len(e.query)
	for s.size > maxCachedSQL && s.lru.Len() > 1 {
		old := s.lru.Front().Value.(*cachedStmt)
		s.lru.Remove(old.elem)
		delete(s.cache, old.query)
		s.size -= len(old.query)
		// A statement still read by a cursor lives on as a one-off.
		old.elem = nil
		if old.inUse {
			if s.oneOffs == nil {
				s.oneOffs = make(map[*cachedStmt]struct{})
			}
			s.oneOffs[old] = struct{}{}
		} else {
			old.finalize()
		}
	}
}

func (e *cachedStmt) finalize() {
	for _, p := range e.prelude {
		p.finalize()
	}
	e.last.finalize()
}

// abandon queues the statement of a cursor the garbage collector found
// unfinished. It runs on the finalizer goroutine: it only queues.
func (s *sqlState) abandon(c *Cursor) {
	s.abandoned.Lock()
	s.abandoned.cursors = append(s.abandoned.cursors, abandonedCursor{gen: c.gen, st: c.st, entry: c.entry})
	s.abandoned.Unlock()
}

// releaseAbandoned resets the statements of abandoned cursors, returning
// cached ones to the cache.
func (s *sqlState) releaseAbandoned() {
	s.abandoned.Lock()
	queued := s.abandoned.cursors
	s.abandoned.cursors = nil
	s.abandoned.Unlock()
	for _, a := range queued {
		if a.gen != s.gen {
			continue // the connection that had it is closed
		}
		a.st.reset()
		a.st.clearBindings()
		a.entry.inUse = false
		if a.entry.elem == nil {
			a.entry.finalize() // a one-off, or evicted meanwhile
			delete(s.oneOffs, a.entry)
		}
	}
}

// Exec runs query with the given bindings (nil, int64, float64, string or
// []byte each) and returns a cursor on the last statement's rows.
func (db *DB) Exec(query string, args ...any) (*Cursor, error) {
	if db.err != nil {
		return nil, db.err
	}
	e, cached := db.sql.cache[query]
	if cached && !e.inUse {
		db.sql.lru.MoveToBack(e.elem)
		for _, p := range e.prelude {
			if err := db.runIntermediate(p); err != nil {
				return nil, err
			}
		}
	} else {
		fresh, err := db.compile(query)
		if err != nil {
			return nil, err
		}
		if !cached {
			db.sql.add(fresh)
		} else {
			if db.sql.oneOffs == nil {
				db.sql.oneOffs = make(map[*cachedStmt]struct{})
			}
			db.sql.oneOffs[fresh] = struct{}{}
		}
		e = fresh
	}
	st := e.last
	if len(args) != st.paramCount() {
		db.giveBack(e)
		return nil, ErrWrongBindings
	}
	if !st.readOnly() {
		if err := db.beginWrite(); err != nil {
			db.giveBack(e)
			return nil, err
		}
	}
	for i, a := range args {
		if err := st.bind(i+1, a); err != nil {
			st.clearBindings()
			db.giveBack(e)
			return nil, err
		}
	}
	cur := &Cursor{db: db, gen: db.sql.gen, st: st, entry: e, changesBefore: db.c.totalChanges()}
	e.inUse = true
	st.status(0, true) // steps of loops that are not full scans
	st.status(sqlite3.SQLITE_STMTSTATUS_FULLSCAN_STEP, true)
	n := st.columnCount()
	cur.columns = make([]string, n)
	for i := range cur.columns {
		cur.columns[i] = st.columnName(i)
	}
	if err := cur.step(); err != nil {
		return nil, err
	}
	if cur.hasRow && n == 1 && st.columnType(0) == sqlite3.SQLITE_INTEGER {
		cur.firstInt = st.columnInt64(0)
	}
	if !cur.done {
		runtime.SetFinalizer(cur, func(c *Cursor) { c.db.sql.abandon(c) })
	}
	return cur, nil
}

// giveBack returns a statement that did not run to the cache, or finalizes
// it if it was a one-off.
func (db *DB) giveBack(e *cachedStmt) {
	e.last.reset()
	e.inUse = false
	if e.elem == nil {
		e.finalize()
		delete(db.sql.oneOffs, e)
	}
}

// compile compiles query. Every statement but the last runs at once, as it
// is compiled: a statement can only be compiled once those before it ran
// (CREATE TABLE t ...; INSERT INTO t ...).
func (db *DB) compile(query string) (*cachedStmt, error) {
	src, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(db.c.tls, src)
	e := &cachedStmt{query: query}
	fail := func(err error) (*cachedStmt, error) {
		e.finalize()
		return nil, err
	}
	off := 0
	for {
		start := off
		db.c.untrusted = true
		st, used, err := db.c.prepare(src+uintptr(off), len(query)-off, sqlite3.SQLITE_PREPARE_PERSISTENT)
		db.c.untrusted = false
		if err != nil {
			return fail(err)
		}
		if st == nil {
			return fail(ErrNoStatement)
		}
		off += used
		for off < len(query) && isSpace(query[off]) {
			off++
		}
		if off == len(query) {
			e.last, e.lastSQL = st, query[start:off]
			if !st.readOnly() {
				// Before it runs: a CREATE TABLE cannot be compiled again
				// once the table exists.
				e.stats, _ = analyzeProgram(db.c, e.lastSQL)
			}
			return e, nil
		}
		e.prelude = append(e.prelude, st)
		if st.paramCount() != 0 {
			return fail(ErrMultiStatParams)
		}
		if err := db.runIntermediate(st); err != nil {
			return fail(err)
		}
	}
}

// isSpace is the whitespace workerd skips between statements.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f'
}

// runIntermediate runs one statement before the last of a query string:
// one step, its rows dropped.
func (db *DB) runIntermediate(st *stmt) error {
	if !st.readOnly() {
		if err := db.beginWrite(); err != nil {
			return err
		}
	}
	db.c.untrusted = true
	_, err := st.step()
	db.c.untrusted = false
	st.reset()
	return err
}

// Cursor reads the rows of one Exec. It is used on the DB's goroutine only.
type Cursor struct {
	db      *DB
	gen     uint64
	st      *stmt       // nil once done
	entry   *cachedStmt // where st comes from
	columns []string
	hasRow  bool // a row is loaded and not read yet
	done    bool

	// What rows read and written are computed from (see RowsRead).
	changesBefore int64 // total_changes() when the statement started
	firstInt      int64 // the first row's value, if one integer column
	nexts         int64 // loop steps, once done
	changes       int64 // rows changed, once done
	stats         *programStats
}

// Columns returns the names of the result columns, duplicates included.
func (c *Cursor) Columns() []string { return c.columns }

// HasRow reports whether a row is loaded: the Column methods read it.
func (c *Cursor) HasRow() bool { return c.hasRow && c.live() }

// live reports whether the statement still exists: DeleteAll or a reset of
// the object closes the connection under an unfinished cursor.
func (c *Cursor) live() bool {
	if c.done {
		return false
	}
	if c.gen != c.db.sql.gen || c.db.err != nil {
		c.done, c.hasRow, c.st = true, false, nil
		runtime.SetFinalizer(c, nil)
		return false
	}
	return true
}

// ColumnType is the storage class of column i of the loaded row:
// sqlite3.SQLITE_INTEGER, _FLOAT, _TEXT, _BLOB or _NULL.
func (c *Cursor) ColumnType(i int) int    { return c.st.columnType(i) }
func (c *Cursor) ColumnInt64(i int) int64 { return c.st.columnInt64(i) }
func (c *Cursor) ColumnFloat(i int) float64 {
	return c.st.columnFloat(i)
}
func (c *Cursor) ColumnText(i int) string { return c.st.columnText(i) }
func (c *Cursor) ColumnBlob(i int) []byte { return c.st.columnBlob(i) }

// Advance drops the loaded row and loads the next one, if any.
func (c *Cursor) Advance() error {
	if !c.live() {
		return nil
	}
	return c.step()
}

func (c *Cursor) step() error {
	c.db.c.untrusted = true
	row, err := c.st.step()
	c.db.c.untrusted = false
	c.hasRow = row
	if err != nil || !row {
		c.finish()
	}
	return err
}

// Close ends the statement before its last row.
func (c *Cursor) Close() {
	if c.live() {
		c.finish()
	}
}

// finish records the counts and gives the statement back.
func (c *Cursor) finish() {
	c.nexts = c.st.status(0, false) + c.st.status(sqlite3.SQLITE_STMTSTATUS_FULLSCAN_STEP, false)
	c.st.reset()
	c.st.clearBindings()
	c.changes = c.db.c.totalChanges() - c.changesBefore
	if c.stats == nil && c.entry.stats != nil {
		c.stats = c.entry.stats
	}
	c.db.giveBack(c.entry)
	c.done, c.hasRow, c.st = true, false, nil
	runtime.SetFinalizer(c, nil)
}
