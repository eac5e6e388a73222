package storage

// What user SQL may do, decided by SQLite's authorizer while a statement is
// compiled (and compiled again after a schema change). The rules are
// workerd's (util/sqlite.c++ SqliteDatabase::isAuthorized with the
// SqlStorage regulator of api/sql.c++), as wrangler 4.86.0 (workerd
// 1.20260426.1) applies them; the recorded conformance cases do/sql-*-refused
// and do/sql-pragma-allow-list pin them down:
//
//   - Names starting with "_cf_" belong to workerd (_cf_KV, _cf_METADATA,
//     the savepoints of transaction() and transactionSync()): user SQL may
//     not read, write, create or drop them. The check is case-sensitive in
//     that version (CREATE TABLE _CF_MINE is allowed).
//   - BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE fail with workerd's text
//     pointing at storage.transaction() and transactionSync(): a transaction
//     of user SQL would break the implicit transaction of each turn.
//   - Only the main database: no ATTACH/DETACH, no TEMP objects.
//   - Functions and pragmas come from allow-lists; virtual tables only from
//     the fts5 and rtree modules.
//
// The package's own statements are trusted and pass everything but a
// foreign database. A conn is trusted except while it compiles or steps a
// user statement (see conn.untrusted), so a statement of the package that
// SQLite recompiles in the middle of a step is still allowed.

import (
	"errors"
	"strconv"
	"strings"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrTransactionStatement is the error for BEGIN, COMMIT, ROLLBACK,
// SAVEPOINT and RELEASE in user SQL, with workerd's text
// (api/sql.c++ SqlStorageRegulator::allowTransactions).
var ErrTransactionStatement = errors.New("To execute a transaction, please use the state.storage.transaction() or " +
	"state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT " +
	"statements. The JavaScript API is safer because it will automatically roll back on " +
	"exceptions, and because it interacts correctly with Durable Objects' automatic atomic " +
	"write coalescing.")

// authorizerCallback is the C callback SQLite calls; key identifies the
// conn (see conns). NULL arguments arrive as 0.
func authorizerCallback(_ *libc.TLS, key uintptr, action int32, z1, z2, zDB, zTrigger uintptr) int32 {
	c := lookupConn(key)
	if c == nil {
		return sqlite3.SQLITE_DENY
	}
	a := authRequest{action: action}
	a.p1, a.has1 = optString(z1)
	a.p2, a.has2 = optString(z2)
	a.db, a.hasDB = optString(zDB)
	if c.authorize(a) {
		return sqlite3.SQLITE_OK
	}
	return sqlite3.SQLITE_DENY
}

func optString(p uintptr) (string, bool) {
	if p == 0 {
		return "", false
	}
	return libc.GoString(p), true
}

// authRequest is one authorizer call: the action code and its arguments,
// whose meaning depends on the action (sqlite.org/c3ref/c_alter_table.html).
type authRequest struct {
	action     int32
	p1, p2, db string
	has1, has2 bool
	hasDB      bool
}

// allowedName reports whether user SQL may use a table, index, trigger,
// view or savepoint of this name.
func allowedName(name string) bool { return !strings.HasPrefix(name, "_cf_") }

func (c *conn) authorize(a authRequest) bool {
	// SQLite passes the database name first, and the table (if any) second,
	// for these two; workerd swaps them to the usual places.
	if a.action == sqlite3.SQLITE_ALTER_TABLE || a.action == sqlite3.SQLITE_DETACH {
		a.p1, a.has1, a.p2, a.has2, a.db, a.hasDB = a.p2, a.has2, "", false, a.p1, a.has1
	}
	if a.hasDB {
		switch a.db {
		case "main":
		case "temp":
			return (a.action == sqlite3.SQLITE_READ || a.action == sqlite3.SQLITE_UPDATE) && allowedName(a.p1)
		default:
			return false
		}
	}
	if !c.untrusted {
		return true
	}
	switch a.action {
	case sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE:
		return true
	case sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_DELETE, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_INSERT,
		sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_REINDEX,
		sqlite3.SQLITE_READ, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_ALTER_TABLE:
		return allowedName(a.p1)
	case sqlite3.SQLITE_ANALYZE:
		// PRAGMA optimize runs ANALYZE over every table; the statistics
		// it writes hold no data of workerd's tables.
		return true
	case sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_DROP_TRIGGER:
		return allowedName(a.p1) && allowedName(a.p2)
	case sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT:
		c.authErr = ErrTransactionStatement
		return false
	case sqlite3.SQLITE_PRAGMA:
		return allowedPragma(a.p1, a.p2, a.has2)
	case sqlite3.SQLITE_FUNCTION:
		return allowedFunctions[a.p2]
	case sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_DROP_VTABLE:
		switch strings.ToLower(a.p2) {
		case "fts5", "fts5vocab", "rtree", "rtree_i32":
			return allowedName(a.p1)
		}
		return false
	}
	// ATTACH, DETACH, TEMP objects and anything SQLite adds later.
	return false
}

// pragmaArg is what a pragma of the allow-list accepts as its argument.
type pragmaArg int

const (
	pragmaNoArg                pragmaArg = iota // read only: PRAGMA x
	pragmaBoolean                               // PRAGMA x, or = a boolean
	pragmaObjectName                            // PRAGMA x(allowed name)
	pragmaOptionalObjectName                    // PRAGMA x or x(allowed name)
	pragmaOptionalNumber                        // PRAGMA x or x(integer)
	pragmaOptionalNumberOrName                  // PRAGMA x, x(integer) or x(allowed name)
)

// allowedPragmas is workerd's ALLOWED_PRAGMAS as of workerd 1.20260426.1;
// PRAGMA page_size, added later, is refused there (do/sql-pragma-allow-list).
var allowedPragmas = map[string]pragmaArg{
	"data_version":              pragmaNoArg,
	"case_sensitive_like":       pragmaBoolean,
	"foreign_keys":              pragmaBoolean,
	"defer_foreign_keys":        pragmaBoolean,
	"ignore_check_constraints":  pragmaBoolean,
	"legacy_alter_table":        pragmaBoolean,
	"recursive_triggers":        pragmaBoolean,
	"reverse_unordered_selects": pragmaBoolean,
	"foreign_key_check":         pragmaOptionalObjectName,
	"foreign_key_list":          pragmaObjectName,
	"index_info":                pragmaObjectName,
	"index_list":                pragmaObjectName,
	"index_xinfo":               pragmaObjectName,
	"quick_check":               pragmaOptionalNumberOrName,
	"optimize":                  pragmaOptionalNumber,
}

func allowedPragma(name, arg string, hasArg bool) bool {
	switch name {
	case "table_list":
		// Lists workerd's tables too; their existence is no secret.
		return true
	case "table_info", "table_xinfo":
		return hasArg && allowedName(arg)
	}
	kind, ok := allowedPragmas[name]
	if !ok {
		return false
	}
	switch kind {
	case pragmaNoArg:
		return !hasArg
	case pragmaBoolean:
		if !hasArg {
			return true
		}
		if len(arg) >= 2 && (arg[0] == '\'' || arg[0] == '"') && arg[len(arg)-1] == arg[0] {
			arg = arg[1 : len(arg)-1]
		}
		// workerd compares prefixes, case-insensitively.
		lower := strings.ToLower(arg)
		for _, b := range []string{"true", "false", "yes", "no", "on", "off", "1", "0"} {
			if strings.HasPrefix(lower, b) {
				return true
			}
		}
		return false
	case pragmaObjectName:
		return hasArg && allowedName(arg)
	case pragmaOptionalObjectName:
		return !hasArg || allowedName(arg)
	case pragmaOptionalNumber:
		if !hasArg {
			return true
		}
		_, err := strconv.ParseInt(arg, 10, 32)
		return err == nil
	case pragmaOptionalNumberOrName:
		if !hasArg {
			return true
		}
		if _, err := strconv.ParseUint(arg, 10, 32); err == nil {
			return true
		}
		return allowedName(arg)
	}
	return false
}

// allowedFunctions is workerd's ALLOWED_SQLITE_FUNCTIONS: SQLite's core,
// date, aggregate, window, math and JSON functions, FTS5's and R*Tree's, and
// the internal ones ALTER TABLE uses. Left out on purpose: functions that
// reveal the build (sqlite_version(), sqlite_source_id(), sqlite_offset(),
// sqlite_compileoption_*). load_extension() is listed but fails anyway, as
// extension loading is off.
var allowedFunctions = setOf(
	// lang_corefunc.html
	"abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull",
	"iif", "instr", "last_insert_rowid", "length", "like", "likelihood", "likely", "load_extension",
	"lower", "ltrim", "max_scalar", "min_scalar", "nullif", "octet_length", "printf", "quote",
	"random", "randomblob", "replace", "round", "rtrim", "sign", "soundex", "substr", "substring",
	"total_changes", "trim", "typeof", "unhex", "unicode", "unlikely", "upper", "zeroblob",
	// lang_datefunc.html
	"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
	"current_date", "current_time", "current_timestamp",
	// lang_aggfunc.html
	"avg", "count", "group_concat", "max", "min", "string_agg", "sum", "total",
	// windowfunctions.html
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
	"first_value", "last_value", "nth_value",
	// lang_mathfunc.html
	"acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "cos", "cosh", "degrees",
	"exp", "floor", "ln", "log", "log2", "mod", "pi", "pow", "radians", "sin", "sinh", "sqrt",
	"tan", "tanh", "trunc",
	// json1.html
	"json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_extract",
	"jsonb_extract", "->", "->>", "json_insert", "jsonb_insert", "json_object", "jsonb_object",
	"json_patch", "jsonb_patch", "json_remove", "jsonb_remove", "json_replace", "jsonb_replace",
	"json_set", "jsonb_set", "json_type", "json_valid", "json_quote", "json_group_array",
	"jsonb_group_array", "json_group_object", "jsonb_group_object", "json_each", "json_tree",
	// fts5.html, rtree.html
	"match", "highlight", "bm25", "snippet", "rtreecheck",
	// ALTER TABLE's helpers (src/alter.c)
	"sqlite_rename_column", "sqlite_rename_table", "sqlite_rename_test", "sqlite_drop_column",
	"sqlite_rename_quotefix",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
