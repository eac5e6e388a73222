package storage

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyFixture copies the wrangler-written database and its WAL into a
// temporary directory: opening a database writes to it.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"wrangler.sqlite", "wrangler.sqlite-wal"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	return filepath.Join(dir, "wrangler.sqlite")
}

type schemaRow struct{ Type, Name, SQL string }

func schemaOf(t *testing.T, db *DB) map[string]schemaRow {
	t.Helper()
	out := map[string]schemaRow{}
	for _, row := range queryRows(t, db, "SELECT type, name, sql FROM sqlite_master") {
		r := schemaRow{Type: row[0].(string), Name: row[1].(string)}
		r.SQL, _ = row[2].(string)
		out[r.Name] = r
	}
	return out
}

func integrityCheck(t *testing.T, db *DB) {
	t.Helper()
	assert.Equal(t, "ok", queryOne(t, db, "PRAGMA integrity_check"))
}

// A state file written by wrangler dev opens as is, WAL included: keys,
// values, order, alarm, name and user tables are all there.
func TestWranglerFixture(t *testing.T) {
	path := copyFixture(t)
	db, err := Open(path)
	require.NoError(t, err)
	defer db.Close()
	integrityCheck(t, db)

	es, err := db.List(ListOptions{})
	require.NoError(t, err)
	got := map[string]string{}
	for _, e := range es {
		got[e.Key] = hex.EncodeToString(e.Value)
	}
	assert.Equal(t, []string{"", "a", "hello", "k\x00nul", "é", "\uffff", "😀"}, keysOf(es))
	assert.Equal(t, map[string]string{
		"":         "ff0f2205656d707479", // "empty"
		"a":        "ff0f4902",           // 1
		"hello":    "ff0f2205776f726c64", // "world"
		"k\x00nul": "ff0f22036e756c",     // "nul"
		"é":        "ff0f2207652d6163757465",
		"\uffff":   "ff0f22076d61782d626d70",
		"😀":        "ff0f22046772696e",
	}, got)

	v, ok, err := db.Get("hello")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "ff0f2205776f726c64", hex.EncodeToString(v))

	name, ok, err := db.ObjectName()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "fixture", name)

	at, ok, err := db.Alarm()
	require.NoError(t, err)
	assert.True(t, ok)
	assert.True(t, at.Equal(time.UnixMilli(4102444800000)), "alarm %v", at)

	assert.Equal(t, int64(2), queryOne(t, db, "SELECT count(*) FROM notes"))

	// Writing to it and reopening keeps it whole.
	require.NoError(t, db.Put("kindling", []byte{0xff, 0x0f, 0x49, 0x04}))
	ok, err = db.Delete("a")
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, db.Close())
	db, err = Open(path)
	require.NoError(t, err)
	defer db.Close()
	integrityCheck(t, db)
	es, err = db.List(ListOptions{Prefix: "k"})
	require.NoError(t, err)
	assert.Equal(t, []string{"k\x00nul", "kindling"}, keysOf(es))
}

// Tables kindling creates are the ones wrangler dev creates, down to the
// schema text that user SQL can read in sqlite_master.
func TestSchemaMatchesWrangler(t *testing.T) {
	fixture, err := Open(copyFixture(t))
	require.NoError(t, err)
	defer fixture.Close()
	want := schemaOf(t, fixture)

	db, _ := openTemp(t)
	require.NoError(t, db.Put("k", []byte{}))
	require.NoError(t, db.SetAlarm(time.Now()))
	require.NoError(t, db.SetObjectName("n"))
	require.NoError(t, db.Commit())
	got := schemaOf(t, db)

	for _, name := range []string{kvTable, metaTable, nameTable} {
		assert.Equal(t, want[name], got[name], name)
		assert.NotEmpty(t, got[name].SQL, name)
	}
	assert.Len(t, got, 3, "no other table or index: %v", got)

	typ := queryOne(t, db, "SELECT typeof(value) FROM _cf_KV WHERE key = 'k'")
	assert.Equal(t, "blob", typ, "an empty value is still a BLOB")
}
