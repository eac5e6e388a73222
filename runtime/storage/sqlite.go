package storage

// The SQLite connection of a DB, driven through modernc's C API
// (modernc.org/sqlite/lib) rather than database/sql: the SQL API needs what
// database/sql hides (the unparsed tail of a multi-statement string, error
// offsets, statement status counters, whether a statement is read-only, an
// authorizer that can tell the package's own statements from the user's),
// and a statement that runs on every request is cheaper without the
// database/sql layers in between.
//
// Memory: modernc's SQLite is C translated to Go, with its own heap
// (libc.Xmalloc). Strings and blobs going in are copied to that heap first;
// results are copied out to Go memory before the statement moves on.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// conn is one open SQLite connection. Like a DB, it is used only by the
// goroutine running the owning object's event loop.
type conn struct {
	tls *libc.TLS
	db  uintptr // sqlite3*
	key uintptr // this conn's entry in conns, handed to SQLite's callbacks

	// untrusted is set while a user statement is compiled or stepped: the
	// authorizer then applies workerd's rules (see authorizer.go). The
	// package's own statements run trusted.
	untrusted bool
	// authErr is the error the authorizer refused a statement with, when it
	// has a better text than SQLite's "not authorized".
	authErr error

	// stmts are the statements prepared and not yet finalized, which close
	// finalizes. (Not every statement of the connection: FTS5, for one,
	// prepares and finalizes its own.)
	stmts map[*stmt]struct{}

	// scratch is a buffer on SQLite's heap that bound strings and blobs are
	// copied through; SQLite copies them again (SQLITE_TRANSIENT), so one
	// buffer serves every binding.
	scratch    uintptr
	scratchCap int
}

// conns maps the key SQLite passes to callbacks back to its conn: SQLite's
// heap cannot hold a Go pointer.
var conns = struct {
	sync.RWMutex
	next uintptr
	m    map[uintptr]*conn
}{m: make(map[uintptr]*conn)}

func lookupConn(key uintptr) *conn {
	conns.RLock()
	c := conns.m[key]
	conns.RUnlock()
	return c
}

const ptrSize = int(unsafe.Sizeof(uintptr(0)))

// sqliteTransient is SQLITE_TRANSIENT, ((sqlite3_destructor_type)-1): SQLite
// copies the value before the bind call returns.
const sqliteTransient = ^uintptr(0)

// cFunc returns the pointer SQLite calls a Go function through: modernc's
// translated C calls a function pointer as a pointer to a Go func value, and
// the value of a top-level func is static, so the pointer stays valid.
func cFunc[F any](f *F) uintptr { return *(*uintptr)(unsafe.Pointer(f)) }

// readPtr reads a pointer that SQLite stored at p (an out parameter).
func readPtr(p uintptr) uintptr {
	b := libc.GoBytes(p, ptrSize)
	if ptrSize == 8 {
		return uintptr(binary.NativeEndian.Uint64(b))
	}
	return uintptr(binary.NativeEndian.Uint32(b))
}

// openConn opens the database file at path, read-write, creating it if
// missing, and installs the authorizer. The caller applies pragmas and
// limits. The connection is opened without its own mutex: like the libc
// TLS it is given, it is used by one goroutine at a time, and SQLite's
// locking on every call was about 5% of a statement loop.
func openConn(path string) (*conn, error) {
	c := &conn{tls: libc.NewTLS(), stmts: make(map[*stmt]struct{})}
	name, err := libc.CString(path)
	if err != nil {
		c.tls.Close()
		return nil, err
	}
	defer libc.Xfree(c.tls, name)
	out := c.tls.Alloc(ptrSize)
	defer c.tls.Free(ptrSize)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, out, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	c.db = readPtr(out)
	if rc != sqlite3.SQLITE_OK {
		err := c.errorFor(rc)
		if c.db != 0 {
			sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		}
		c.tls.Close()
		return nil, err
	}
	sqlite3.Xsqlite3_extended_result_codes(c.tls, c.db, 1)

	conns.Lock()
	conns.next++
	c.key = conns.next
	conns.m[c.key] = c
	conns.Unlock()
	authorize := authorizerCallback
	if rc := sqlite3.Xsqlite3_set_authorizer(c.tls, c.db, cFunc(&authorize), c.key); rc != sqlite3.SQLITE_OK {
		err := c.errorFor(rc)
		c.close()
		return nil, err
	}
	return c, nil
}

// close finalizes every statement still prepared and closes the database.
func (c *conn) close() error {
	if c.db == 0 {
		return nil
	}
	for s := range c.stmts {
		s.finalize()
	}
	rc := sqlite3.Xsqlite3_close_v2(c.tls, c.db)
	var err error
	if rc != sqlite3.SQLITE_OK {
		err = c.errorFor(rc)
	}
	conns.Lock()
	delete(conns.m, c.key)
	conns.Unlock()
	if c.scratch != 0 {
		libc.Xfree(c.tls, c.scratch)
		c.scratch, c.scratchCap = 0, 0
	}
	c.db = 0
	c.tls.Close()
	return err
}

// limit sets a sqlite3_limit value.
func (c *conn) limit(id, value int) {
	sqlite3.Xsqlite3_limit(c.tls, c.db, int32(id), int32(value))
}

// configBool sets a boolean sqlite3_db_config option.
func (c *conn) configBool(op int32, on bool) error {
	v := int32(0)
	if on {
		v = 1
	}
	// The arguments travel as a C va_list: an int and a NULL int* (the old
	// value is not wanted).
	va := libc.NewVaList(v, uintptr(0))
	defer libc.Xfree(c.tls, va)
	if rc := sqlite3.Xsqlite3_db_config(c.tls, c.db, op, va); rc != sqlite3.SQLITE_OK {
		return c.errorFor(rc)
	}
	return nil
}

// toC copies b to the scratch buffer and returns its address there. A
// non-zero address is returned for an empty b too: SQLite binds a NULL
// pointer as NULL, not as an empty string or blob.
func (c *conn) toC(b []byte) uintptr {
	if len(b) > c.scratchCap || c.scratch == 0 {
		if c.scratch != 0 {
			libc.Xfree(c.tls, c.scratch)
		}
		n := max(len(b), 256)
		c.scratch = libc.Xmalloc(c.tls, types.Size_t(n))
		c.scratchCap = n
	}
	copy(libc.GoBytes(c.scratch, len(b)), b)
	return c.scratch
}

// exec runs trusted SQL (any number of statements, no bindings), for the
// package's own DDL, pragmas and transaction control.
func (c *conn) exec(query string) error {
	zSQL, err := libc.CString(query)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, zSQL)
	if rc := sqlite3.Xsqlite3_exec(c.tls, c.db, zSQL, 0, 0, 0); rc != sqlite3.SQLITE_OK {
		return c.errorFor(rc)
	}
	return nil
}

// stmt is one prepared statement.
type stmt struct {
	c *conn
	p uintptr // sqlite3_stmt*
}

// prepare compiles the first statement of the SQL at src (n bytes on
// SQLite's heap) and returns it with the number of bytes it used. s is nil
// when the SQL holds no statement (only whitespace or comments).
func (c *conn) prepare(src uintptr, n int, flags uint32) (s *stmt, used int, err error) {
	out := c.tls.Alloc(2 * ptrSize)
	defer c.tls.Free(2 * ptrSize)
	c.authErr = nil
	rc := sqlite3.Xsqlite3_prepare_v3(c.tls, c.db, src, int32(n), flags, out, out+uintptr(ptrSize))
	if rc != sqlite3.SQLITE_OK {
		if rc&0xff == sqlite3.SQLITE_AUTH && c.authErr != nil {
			return nil, 0, c.authErr
		}
		return nil, 0, c.errorFor(rc)
	}
	used = int(readPtr(out+uintptr(ptrSize)) - src)
	if p := readPtr(out); p != 0 {
		s = &stmt{c: c, p: p}
		c.stmts[s] = struct{}{}
	}
	return s, used, nil
}

// prepareTrusted compiles one statement of the package's own, to be kept.
func (c *conn) prepareTrusted(query string) (*stmt, error) {
	src, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, src)
	s, _, err := c.prepare(src, len(query), sqlite3.SQLITE_PREPARE_PERSISTENT)
	if err == nil && s == nil {
		err = fmt.Errorf("storage: no statement in %q", query)
	}
	return s, err
}

func (s *stmt) finalize() {
	if s != nil && s.p != 0 {
		sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
		s.p = 0
		delete(s.c.stmts, s)
	}
}

// reset makes the statement ready to run again, keeping its bindings.
func (s *stmt) reset() { sqlite3.Xsqlite3_reset(s.c.tls, s.p) }

func (s *stmt) clearBindings() { sqlite3.Xsqlite3_clear_bindings(s.c.tls, s.p) }

func (s *stmt) paramCount() int { return int(sqlite3.Xsqlite3_bind_parameter_count(s.c.tls, s.p)) }

// readOnly reports whether running the statement cannot change the file.
func (s *stmt) readOnly() bool { return sqlite3.Xsqlite3_stmt_readonly(s.c.tls, s.p) != 0 }

// busy reports whether the statement has started and not been reset.
func (s *stmt) busy() bool { return sqlite3.Xsqlite3_stmt_busy(s.c.tls, s.p) != 0 }

// sql returns the statement's text.
func (s *stmt) sql() string { return libc.GoString(sqlite3.Xsqlite3_sql(s.c.tls, s.p)) }

// status reads, and with reset clears, one sqlite3_stmt_status counter.
func (s *stmt) status(op int32, reset bool) int64 {
	r := int32(0)
	if reset {
		r = 1
	}
	return int64(uint32(sqlite3.Xsqlite3_stmt_status(s.c.tls, s.p, op, r)))
}

// bind binds the i-th parameter (1-based) to v: nil, int64, float64,
// string or []byte.
func (s *stmt) bind(i int, v any) error {
	t, p, idx := s.c.tls, s.p, int32(i)
	var rc int32
	switch v := v.(type) {
	case nil:
		rc = sqlite3.Xsqlite3_bind_null(t, p, idx)
	case int64:
		rc = sqlite3.Xsqlite3_bind_int64(t, p, idx, v)
	case float64:
		rc = sqlite3.Xsqlite3_bind_double(t, p, idx, v)
	case string:
		b := unsafe.Slice(unsafe.StringData(v), len(v))
		rc = sqlite3.Xsqlite3_bind_text(t, p, idx, s.c.toC(b), int32(len(v)), sqliteTransient)
	case []byte:
		rc = sqlite3.Xsqlite3_bind_blob(t, p, idx, s.c.toC(v), int32(len(v)), sqliteTransient)
	default:
		return fmt.Errorf("storage: cannot bind a %T", v)
	}
	if rc != sqlite3.SQLITE_OK {
		return s.c.errorFor(rc)
	}
	return nil
}

// step runs the statement to its next row: row is false once it is done.
func (s *stmt) step() (row bool, err error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.errorFor(rc)
	}
}

// exec runs the statement to its end with the given bindings and resets it.
func (s *stmt) exec(args ...any) error {
	defer s.reset()
	for i, a := range args {
		if err := s.bind(i+1, a); err != nil {
			return err
		}
	}
	for {
		row, err := s.step()
		if err != nil || !row {
			return err
		}
	}
}

func (s *stmt) columnCount() int { return int(sqlite3.Xsqlite3_column_count(s.c.tls, s.p)) }

func (s *stmt) columnName(i int) string {
	return libc.GoString(sqlite3.Xsqlite3_column_name(s.c.tls, s.p, int32(i)))
}

// columnType is the storage class of column i of the current row:
// sqlite3.SQLITE_INTEGER, _FLOAT, _TEXT, _BLOB or _NULL.
func (s *stmt) columnType(i int) int {
	return int(sqlite3.Xsqlite3_column_type(s.c.tls, s.p, int32(i)))
}

func (s *stmt) columnInt64(i int) int64 {
	return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, int32(i))
}

func (s *stmt) columnFloat(i int) float64 {
	return sqlite3.Xsqlite3_column_double(s.c.tls, s.p, int32(i))
}

// columnText returns column i as text, NUL bytes included.
func (s *stmt) columnText(i int) string {
	p := sqlite3.Xsqlite3_column_text(s.c.tls, s.p, int32(i))
	n := int(sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i)))
	if p == 0 || n == 0 {
		return ""
	}
	return string(libc.GoBytes(p, n))
}

// columnBlob returns a copy of column i as bytes; never nil, so that an
// empty blob stays an empty value.
func (s *stmt) columnBlob(i int) []byte {
	p := sqlite3.Xsqlite3_column_blob(s.c.tls, s.p, int32(i))
	n := int(sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i)))
	out := make([]byte, n)
	if p != 0 && n > 0 {
		copy(out, libc.GoBytes(p, n))
	}
	return out
}

// changes returns how many rows INSERT, UPDATE and DELETE statements,
// triggers included, have changed since the connection opened.
func (c *conn) totalChanges() int64 { return sqlite3.Xsqlite3_total_changes64(c.tls, c.db) }

// inTransaction reports whether a transaction is open on the connection.
func (c *conn) inTransaction() bool { return sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) == 0 }

// Error is an error from SQLite. Its text is the one workerd shows to
// JavaScript (util/sqlite.c++ dbErrorMessage): SQLite's message, the offset
// in the SQL it points at if any, the name of the result code and that of
// the extended code when it tells more, e.g.
//
//	near "SELEC": syntax error at offset 0: SQLITE_ERROR
//	UNIQUE constraint failed: t.u: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)
type Error struct {
	Code         int // the primary result code
	ExtendedCode int
	Message      string // sqlite3_errmsg
	Offset       int    // sqlite3_error_offset, -1 if none
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Offset >= 0 {
		msg += fmt.Sprintf(" at offset %d", e.Offset)
	}
	msg += ": " + codeName(e.Code)
	if e.ExtendedCode != e.Code {
		if name, ok := extendedCodeNames[e.ExtendedCode]; ok {
			msg += " (extended: " + name + ")"
		}
	}
	return msg
}

// errorFor builds the Error of result code rc from the connection's state.
func (c *conn) errorFor(rc int32) *Error {
	e := &Error{Code: int(rc & 0xff), ExtendedCode: int(rc), Offset: -1}
	if c.db == 0 {
		e.Message = libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
		return e
	}
	e.Message = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	e.Offset = int(sqlite3.Xsqlite3_error_offset(c.tls, c.db))
	if ext := int(sqlite3.Xsqlite3_extended_errcode(c.tls, c.db)); ext&0xff == e.Code {
		e.ExtendedCode = ext
	}
	return e
}

// isCode reports whether err is an SQLite error with primary code code.
func isCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

func codeName(code int) string {
	if name, ok := codeNames[code]; ok {
		return name
	}
	return fmt.Sprintf("SQLITE_%d", code)
}

var codeNames = map[int]string{
	sqlite3.SQLITE_OK: "SQLITE_OK", sqlite3.SQLITE_ERROR: "SQLITE_ERROR",
	sqlite3.SQLITE_INTERNAL: "SQLITE_INTERNAL", sqlite3.SQLITE_PERM: "SQLITE_PERM",
	sqlite3.SQLITE_ABORT: "SQLITE_ABORT", sqlite3.SQLITE_BUSY: "SQLITE_BUSY",
	sqlite3.SQLITE_LOCKED: "SQLITE_LOCKED", sqlite3.SQLITE_NOMEM: "SQLITE_NOMEM",
	sqlite3.SQLITE_READONLY: "SQLITE_READONLY", sqlite3.SQLITE_INTERRUPT: "SQLITE_INTERRUPT",
	sqlite3.SQLITE_IOERR: "SQLITE_IOERR", sqlite3.SQLITE_CORRUPT: "SQLITE_CORRUPT",
	sqlite3.SQLITE_NOTFOUND: "SQLITE_NOTFOUND", sqlite3.SQLITE_FULL: "SQLITE_FULL",
	sqlite3.SQLITE_CANTOPEN: "SQLITE_CANTOPEN", sqlite3.SQLITE_PROTOCOL: "SQLITE_PROTOCOL",
	sqlite3.SQLITE_EMPTY: "SQLITE_EMPTY", sqlite3.SQLITE_SCHEMA: "SQLITE_SCHEMA",
	sqlite3.SQLITE_TOOBIG: "SQLITE_TOOBIG", sqlite3.SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT",
	sqlite3.SQLITE_MISMATCH: "SQLITE_MISMATCH", sqlite3.SQLITE_MISUSE: "SQLITE_MISUSE",
	sqlite3.SQLITE_NOLFS: "SQLITE_NOLFS", sqlite3.SQLITE_AUTH: "SQLITE_AUTH",
	sqlite3.SQLITE_FORMAT: "SQLITE_FORMAT", sqlite3.SQLITE_RANGE: "SQLITE_RANGE",
	sqlite3.SQLITE_NOTADB: "SQLITE_NOTADB", sqlite3.SQLITE_NOTICE: "SQLITE_NOTICE",
	sqlite3.SQLITE_WARNING: "SQLITE_WARNING", sqlite3.SQLITE_ROW: "SQLITE_ROW",
	sqlite3.SQLITE_DONE: "SQLITE_DONE",
}

// extendedCodeNames are the extended result codes workerd names in its
// messages (util/sqlite.c++ namedExtendedErrorCode).
var extendedCodeNames = map[int]string{
	sqlite3.SQLITE_ABORT_ROLLBACK:          "SQLITE_ABORT_ROLLBACK",
	sqlite3.SQLITE_AUTH_USER:               "SQLITE_AUTH_USER",
	sqlite3.SQLITE_BUSY_RECOVERY:           "SQLITE_BUSY_RECOVERY",
	sqlite3.SQLITE_BUSY_SNAPSHOT:           "SQLITE_BUSY_SNAPSHOT",
	sqlite3.SQLITE_BUSY_TIMEOUT:            "SQLITE_BUSY_TIMEOUT",
	sqlite3.SQLITE_CANTOPEN_CONVPATH:       "SQLITE_CANTOPEN_CONVPATH",
	sqlite3.SQLITE_CANTOPEN_DIRTYWAL:       "SQLITE_CANTOPEN_DIRTYWAL",
	sqlite3.SQLITE_CANTOPEN_FULLPATH:       "SQLITE_CANTOPEN_FULLPATH",
	sqlite3.SQLITE_CANTOPEN_ISDIR:          "SQLITE_CANTOPEN_ISDIR",
	sqlite3.SQLITE_CANTOPEN_NOTEMPDIR:      "SQLITE_CANTOPEN_NOTEMPDIR",
	sqlite3.SQLITE_CANTOPEN_SYMLINK:        "SQLITE_CANTOPEN_SYMLINK",
	sqlite3.SQLITE_CONSTRAINT_CHECK:        "SQLITE_CONSTRAINT_CHECK",
	sqlite3.SQLITE_CONSTRAINT_COMMITHOOK:   "SQLITE_CONSTRAINT_COMMITHOOK",
	sqlite3.SQLITE_CONSTRAINT_DATATYPE:     "SQLITE_CONSTRAINT_DATATYPE",
	sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:   "SQLITE_CONSTRAINT_FOREIGNKEY",
	sqlite3.SQLITE_CONSTRAINT_FUNCTION:     "SQLITE_CONSTRAINT_FUNCTION",
	sqlite3.SQLITE_CONSTRAINT_NOTNULL:      "SQLITE_CONSTRAINT_NOTNULL",
	sqlite3.SQLITE_CONSTRAINT_PINNED:       "SQLITE_CONSTRAINT_PINNED",
	sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:   "SQLITE_CONSTRAINT_PRIMARYKEY",
	sqlite3.SQLITE_CONSTRAINT_ROWID:        "SQLITE_CONSTRAINT_ROWID",
	sqlite3.SQLITE_CONSTRAINT_TRIGGER:      "SQLITE_CONSTRAINT_TRIGGER",
	sqlite3.SQLITE_CONSTRAINT_UNIQUE:       "SQLITE_CONSTRAINT_UNIQUE",
	sqlite3.SQLITE_CONSTRAINT_VTAB:         "SQLITE_CONSTRAINT_VTAB",
	sqlite3.SQLITE_CORRUPT_INDEX:           "SQLITE_CORRUPT_INDEX",
	sqlite3.SQLITE_CORRUPT_SEQUENCE:        "SQLITE_CORRUPT_SEQUENCE",
	sqlite3.SQLITE_CORRUPT_VTAB:            "SQLITE_CORRUPT_VTAB",
	sqlite3.SQLITE_ERROR_MISSING_COLLSEQ:   "SQLITE_ERROR_MISSING_COLLSEQ",
	sqlite3.SQLITE_ERROR_RETRY:             "SQLITE_ERROR_RETRY",
	sqlite3.SQLITE_ERROR_SNAPSHOT:          "SQLITE_ERROR_SNAPSHOT",
	sqlite3.SQLITE_IOERR_ACCESS:            "SQLITE_IOERR_ACCESS",
	sqlite3.SQLITE_IOERR_AUTH:              "SQLITE_IOERR_AUTH",
	sqlite3.SQLITE_IOERR_BEGIN_ATOMIC:      "SQLITE_IOERR_BEGIN_ATOMIC",
	sqlite3.SQLITE_IOERR_BLOCKED:           "SQLITE_IOERR_BLOCKED",
	sqlite3.SQLITE_IOERR_CHECKRESERVEDLOCK: "SQLITE_IOERR_CHECKRESERVEDLOCK",
	sqlite3.SQLITE_IOERR_CLOSE:             "SQLITE_IOERR_CLOSE",
	sqlite3.SQLITE_IOERR_COMMIT_ATOMIC:     "SQLITE_IOERR_COMMIT_ATOMIC",
	sqlite3.SQLITE_IOERR_CONVPATH:          "SQLITE_IOERR_CONVPATH",
	sqlite3.SQLITE_IOERR_CORRUPTFS:         "SQLITE_IOERR_CORRUPTFS",
	sqlite3.SQLITE_IOERR_DATA:              "SQLITE_IOERR_DATA",
	sqlite3.SQLITE_IOERR_DELETE:            "SQLITE_IOERR_DELETE",
	sqlite3.SQLITE_IOERR_DELETE_NOENT:      "SQLITE_IOERR_DELETE_NOENT",
	sqlite3.SQLITE_IOERR_DIR_CLOSE:         "SQLITE_IOERR_DIR_CLOSE",
	sqlite3.SQLITE_IOERR_DIR_FSYNC:         "SQLITE_IOERR_DIR_FSYNC",
	sqlite3.SQLITE_IOERR_FSTAT:             "SQLITE_IOERR_FSTAT",
	sqlite3.SQLITE_IOERR_FSYNC:             "SQLITE_IOERR_FSYNC",
	sqlite3.SQLITE_IOERR_GETTEMPPATH:       "SQLITE_IOERR_GETTEMPPATH",
	sqlite3.SQLITE_IOERR_LOCK:              "SQLITE_IOERR_LOCK",
	sqlite3.SQLITE_IOERR_MMAP:              "SQLITE_IOERR_MMAP",
	sqlite3.SQLITE_IOERR_NOMEM:             "SQLITE_IOERR_NOMEM",
	sqlite3.SQLITE_IOERR_RDLOCK:            "SQLITE_IOERR_RDLOCK",
	sqlite3.SQLITE_IOERR_READ:              "SQLITE_IOERR_READ",
	sqlite3.SQLITE_IOERR_ROLLBACK_ATOMIC:   "SQLITE_IOERR_ROLLBACK_ATOMIC",
	sqlite3.SQLITE_IOERR_SEEK:              "SQLITE_IOERR_SEEK",
	sqlite3.SQLITE_IOERR_SHMLOCK:           "SQLITE_IOERR_SHMLOCK",
	sqlite3.SQLITE_IOERR_SHMMAP:            "SQLITE_IOERR_SHMMAP",
	sqlite3.SQLITE_IOERR_SHMOPEN:           "SQLITE_IOERR_SHMOPEN",
	sqlite3.SQLITE_IOERR_SHMSIZE:           "SQLITE_IOERR_SHMSIZE",
	sqlite3.SQLITE_IOERR_SHORT_READ:        "SQLITE_IOERR_SHORT_READ",
	sqlite3.SQLITE_IOERR_TRUNCATE:          "SQLITE_IOERR_TRUNCATE",
	sqlite3.SQLITE_IOERR_UNLOCK:            "SQLITE_IOERR_UNLOCK",
	sqlite3.SQLITE_IOERR_VNODE:             "SQLITE_IOERR_VNODE",
	sqlite3.SQLITE_IOERR_WRITE:             "SQLITE_IOERR_WRITE",
	sqlite3.SQLITE_LOCKED_SHAREDCACHE:      "SQLITE_LOCKED_SHAREDCACHE",
	sqlite3.SQLITE_LOCKED_VTAB:             "SQLITE_LOCKED_VTAB",
	sqlite3.SQLITE_NOTICE_RECOVER_ROLLBACK: "SQLITE_NOTICE_RECOVER_ROLLBACK",
	sqlite3.SQLITE_NOTICE_RECOVER_WAL:      "SQLITE_NOTICE_RECOVER_WAL",
	sqlite3.SQLITE_OK_LOAD_PERMANENTLY:     "SQLITE_OK_LOAD_PERMANENTLY",
	sqlite3.SQLITE_READONLY_CANTINIT:       "SQLITE_READONLY_CANTINIT",
	sqlite3.SQLITE_READONLY_CANTLOCK:       "SQLITE_READONLY_CANTLOCK",
	sqlite3.SQLITE_READONLY_DBMOVED:        "SQLITE_READONLY_DBMOVED",
	sqlite3.SQLITE_READONLY_DIRECTORY:      "SQLITE_READONLY_DIRECTORY",
	sqlite3.SQLITE_READONLY_RECOVERY:       "SQLITE_READONLY_RECOVERY",
	sqlite3.SQLITE_READONLY_ROLLBACK:       "SQLITE_READONLY_ROLLBACK",
	sqlite3.SQLITE_WARNING_AUTOINDEX:       "SQLITE_WARNING_AUTOINDEX",
}

// queryRow runs one trusted statement with args and hands its first row, if
// it has one, to scan. For queries too rare to keep prepared.
func (c *conn) queryRow(query string, args []any, scan func(*stmt)) (found bool, err error) {
	s, err := c.prepareTrusted(query)
	if err != nil {
		return false, err
	}
	defer s.finalize()
	for i, a := range args {
		if err := s.bind(i+1, a); err != nil {
			return false, err
		}
	}
	row, err := s.step()
	if row {
		scan(s)
	}
	return row, err
}

// changes returns how many rows the last INSERT, UPDATE or DELETE changed.
func (c *conn) changes() int64 { return sqlite3.Xsqlite3_changes64(c.tls, c.db) }
