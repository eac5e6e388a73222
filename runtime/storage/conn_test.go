package storage

import (
	"testing"

	"github.com/stretchr/testify/require"
	sqlite3 "modernc.org/sqlite/lib"
)

// queryRows runs a trusted query on the DB's own connection, as the package
// runs its own statements, and returns its rows.
func queryRows(t testing.TB, db *DB, query string, args ...any) [][]any {
	t.Helper()
	s, err := db.c.prepareTrusted(query)
	require.NoError(t, err, query)
	defer s.finalize()
	for i, a := range args {
		require.NoError(t, s.bind(i+1, a))
	}
	var out [][]any
	for {
		row, err := s.step()
		require.NoError(t, err, query)
		if !row {
			return out
		}
		vals := make([]any, s.columnCount())
		for i := range vals {
			switch s.columnType(i) {
			case sqlite3.SQLITE_INTEGER:
				vals[i] = s.columnInt64(i)
			case sqlite3.SQLITE_FLOAT:
				vals[i] = s.columnFloat(i)
			case sqlite3.SQLITE_TEXT:
				vals[i] = s.columnText(i)
			case sqlite3.SQLITE_BLOB:
				vals[i] = s.columnBlob(i)
			}
		}
		out = append(out, vals)
	}
}

// queryOne returns the first column of the only row of a trusted query.
func queryOne(t testing.TB, db *DB, query string, args ...any) any {
	t.Helper()
	rows := queryRows(t, db, query, args...)
	require.Len(t, rows, 1, query)
	return rows[0][0]
}
