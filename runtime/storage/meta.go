package storage

import (
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

const (
	metaTable = "_cf_METADATA"
	nameTable = "__miniflare_do_name"

	// metaAlarm is the _cf_METADATA row of the alarm (util/sqlite-metadata.h).
	metaAlarm = 1
)

// metaDDL creates _cf_METADATA with workerd's whitespace
// (util/sqlite-metadata.c++), for the reason given at kvDDL.
const metaDDL = "CREATE TABLE IF NOT EXISTS _cf_METADATA (\n" +
	"        key INTEGER PRIMARY KEY,\n" +
	"        value BLOB\n" +
	"      )"

// nameDDL creates wrangler's table as miniflare's do-wrapper.worker.ts does.
const nameDDL = "CREATE TABLE IF NOT EXISTS __miniflare_do_name (id INTEGER PRIMARY KEY, name TEXT)"

// Alarm returns the time the object's alarm is set to. workerd keeps it in
// the object's own file, so it survives restarts and can be read before the
// object is constructed.
func (db *DB) Alarm() (t time.Time, ok bool, err error) {
	ns, ok, err := db.alarmNanos()
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	return time.Unix(0, ns), true, nil
}

func (db *DB) alarmNanos() (ns int64, ok bool, err error) {
	if db.err != nil {
		return 0, false, db.err
	}
	if !db.hasMeta {
		return 0, false, nil
	}
	_, err = db.c.queryRow("SELECT value FROM _cf_METADATA WHERE key = ?1", []any{int64(metaAlarm)}, func(s *stmt) {
		ok = s.columnType(0) != sqlite3.SQLITE_NULL
		ns = s.columnInt64(0)
	})
	if err != nil {
		return 0, false, fmt.Errorf("storage: read alarm: %w", err)
	}
	return ns, ok, nil
}

// SetAlarm sets the alarm to t (nanosecond precision, as workerd stores it),
// in the implicit transaction.
func (db *DB) SetAlarm(t time.Time) error {
	return db.writeAlarm(t.UnixNano(), true)
}

// DeleteAlarm clears the alarm, in the implicit transaction.
func (db *DB) DeleteAlarm() error {
	return db.writeAlarm(0, false)
}

// writeAlarm writes the alarm row only when the value changes, as workerd's
// SqliteMetadata does: deleting an alarm that was never set creates no table
// and opens no transaction. A deleted alarm is a NULL value, not a missing
// row, again as workerd writes it.
func (db *DB) writeAlarm(ns int64, set bool) error {
	cur, curSet, err := db.alarmNanos()
	if err != nil {
		return err
	}
	if curSet == set && (!set || cur == ns) {
		return nil
	}
	if err := db.beginWrite(); err != nil {
		return err
	}
	if !db.hasMeta {
		if err := db.c.exec(metaDDL); err != nil {
			return fmt.Errorf("storage: create %s: %w", metaTable, err)
		}
		db.hasMeta = true
	}
	var value any // NULL when deleted
	if set {
		value = ns
	}
	_, err = db.c.queryRow(
		"INSERT INTO _cf_METADATA (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		[]any{int64(metaAlarm), value}, func(*stmt) {})
	if err != nil {
		return fmt.Errorf("storage: write alarm: %w", err)
	}
	return nil
}

// ObjectName returns the name wrangler dev recorded for an object made by
// idFromName or getByName. workerd cannot derive a name from an id, so this
// row is how ctx.id.name is recovered for an object started by its id alone
// (an alarm, a restart).
func (db *DB) ObjectName() (name string, ok bool, err error) {
	if db.err != nil {
		return "", false, db.err
	}
	if !db.hasName {
		return "", false, nil
	}
	_, err = db.c.queryRow("SELECT name FROM __miniflare_do_name WHERE id = 1", nil, func(s *stmt) {
		ok = s.columnType(0) != sqlite3.SQLITE_NULL
		name = s.columnText(0)
	})
	if err != nil {
		return "", false, fmt.Errorf("storage: read object name: %w", err)
	}
	return name, ok, nil
}

// SetObjectName records the object's name as wrangler dev does, in the
// implicit transaction. wrangler writes it when it constructs a named object
// of a SQLite-backed class (for a KV-backed class its ctx.storage.sql.exec
// throws and nothing is written); calling it in the same cases keeps the
// files identical. Like every table, it is dropped by DeleteAll.
func (db *DB) SetObjectName(name string) error {
	if err := db.beginWrite(); err != nil {
		return err
	}
	if !db.hasName {
		if err := db.c.exec(nameDDL); err != nil {
			return fmt.Errorf("storage: create %s: %w", nameTable, err)
		}
		db.hasName = true
	}
	if _, err := db.c.queryRow("INSERT OR REPLACE INTO __miniflare_do_name (id, name) VALUES (1, ?1)", []any{name}, func(*stmt) {}); err != nil {
		return fmt.Errorf("storage: write object name: %w", err)
	}
	return nil
}
