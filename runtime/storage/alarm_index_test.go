package storage

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAlarmIndexReadsAndWritesWranglersFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "metadata.sqlite")
	b, err := os.ReadFile("testdata/wrangler-metadata.sqlite")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o644))

	idx, err := OpenAlarmIndex(path)
	require.NoError(t, err)
	all, err := idx.All()
	require.NoError(t, err)
	require.Equal(t, []IndexedAlarm{{
		ActorID: "2fd1d1a00d42ac9753b60c1a6978c430bf7b5346a5a2bf5c93ede0e5f0025b26",
		At:      time.Unix(0, 1795754424561000000),
	}}, all)

	other := "98861408b7e8703fa54c553e28fafa2811a1a2110f450efd500510a0471b21b2"
	require.NoError(t, idx.Put(other, time.UnixMilli(4102444800000)))
	require.NoError(t, idx.Put(other, time.UnixMilli(4102444800005)))
	require.NoError(t, idx.Delete(all[0].ActorID))
	require.NoError(t, idx.Close())
	_, err = os.Stat(path + "-wal")
	require.ErrorIs(t, err, os.ErrNotExist, "a clean close folds the WAL into the file")

	// What workerd's own statement (no column names) would write still fits.
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("INSERT INTO _cf_ALARM VALUES(?, ?) ON CONFLICT DO UPDATE SET scheduled_time = excluded.scheduled_time", other, int64(7))
	require.NoError(t, err)
	var ns int64
	require.NoError(t, db.QueryRow("SELECT scheduled_time FROM _cf_ALARM WHERE actor_id = ?", other).Scan(&ns))
	require.EqualValues(t, 7, ns)
	var mode string
	require.NoError(t, db.QueryRow("PRAGMA journal_mode").Scan(&mode))
	require.Equal(t, "wal", mode)
}

func TestAlarmIndexCreatesWorkerdsSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ns", "metadata.sqlite")
	idx, err := OpenAlarmIndex(path)
	require.NoError(t, err)
	require.NoError(t, idx.Close())
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var ddl string
	require.NoError(t, db.QueryRow("SELECT sql FROM sqlite_master WHERE name = '_cf_ALARM'").Scan(&ddl))
	require.Equal(t, "CREATE TABLE _cf_ALARM (\n      actor_id TEXT PRIMARY KEY,\n      scheduled_time INTEGER\n    ) WITHOUT ROWID", ddl)
}

// Newer workerd adds actor_name; the index keeps working on such a file.
func TestAlarmIndexToleratesTheActorNameColumn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "metadata.sqlite")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec("CREATE TABLE _cf_ALARM (actor_id TEXT PRIMARY KEY, scheduled_time INTEGER, actor_name TEXT) WITHOUT ROWID")
	require.NoError(t, err)
	_, err = db.Exec("INSERT INTO _cf_ALARM VALUES ('a', 5, 'room')")
	require.NoError(t, err)
	require.NoError(t, db.Close())

	idx, err := OpenAlarmIndex(path)
	require.NoError(t, err)
	defer idx.Close()
	require.NoError(t, idx.Put("a", time.Unix(0, 9)))
	require.NoError(t, idx.Put("b", time.Unix(0, 10)))
	all, err := idx.All()
	require.NoError(t, err)
	require.ElementsMatch(t, []IndexedAlarm{{"a", time.Unix(0, 9)}, {"b", time.Unix(0, 10)}}, all)
}
