package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// AlarmIndex is the alarm table of one Durable Object namespace: the file
// metadata.sqlite beside the objects' files, where workerd's local alarm
// scheduler (server/alarm-scheduler.c++) keeps one row per object with an
// alarm, so that it knows which objects to wake without opening every
// object's file, and wakes them after a restart.
//
// The table is the one wrangler 4.86 (workerd 1.20260426.1) creates:
//
//	_cf_ALARM(actor_id TEXT PRIMARY KEY, scheduled_time INTEGER) WITHOUT ROWID
//
// with the time in nanoseconds since the Unix epoch and the file in WAL
// mode. Newer workerd adds an actor_name column; rows are written naming
// their columns, so a file with that column works too, and a file created
// here stays writable by the older workerd (whose INSERT names none).
//
// The object's own file (_cf_METADATA, see DB.Alarm) is the truth about its
// alarm; this index only says when to look. An AlarmIndex is safe for use
// by one goroutine at a time: the scheduler calls it under its lock.
type AlarmIndex struct {
	c   *conn
	put *stmt
	del *stmt
}

// alarmIndexDDL is workerd's statement, with its whitespace, so the schema
// stored in the file is the one wrangler writes.
const alarmIndexDDL = "CREATE TABLE IF NOT EXISTS _cf_ALARM (\n" +
	"      actor_id TEXT PRIMARY KEY,\n" +
	"      scheduled_time INTEGER\n" +
	"    ) WITHOUT ROWID"

// IndexedAlarm is one row of the index.
type IndexedAlarm struct {
	ActorID string // 64 hex digits
	At      time.Time
}

// OpenAlarmIndex opens (creating it and its directory if needed) the alarm
// index at path.
func OpenAlarmIndex(path string) (*AlarmIndex, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("storage: alarm index: %w", err)
	}
	c, err := openConn(path)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	idx := &AlarmIndex{c: c}
	if err := idx.prepare(); err != nil {
		c.close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	return idx, nil
}

func (idx *AlarmIndex) prepare() (err error) {
	sqlite3.Xsqlite3_busy_timeout(idx.c.tls, idx.c.db, busyTimeoutMillis)
	if err = idx.c.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; " + alarmIndexDDL); err != nil {
		return err
	}
	if idx.put, err = idx.c.prepareTrusted(
		"INSERT INTO _cf_ALARM (actor_id, scheduled_time) VALUES (?1, ?2)" +
			" ON CONFLICT (actor_id) DO UPDATE SET scheduled_time = excluded.scheduled_time"); err != nil {
		return err
	}
	idx.del, err = idx.c.prepareTrusted("DELETE FROM _cf_ALARM WHERE actor_id = ?1")
	return err
}

// All returns every alarm in the index.
func (idx *AlarmIndex) All() ([]IndexedAlarm, error) {
	s, err := idx.c.prepareTrusted("SELECT actor_id, scheduled_time FROM _cf_ALARM")
	if err != nil {
		return nil, fmt.Errorf("storage: read alarm index: %w", err)
	}
	defer s.finalize()
	var out []IndexedAlarm
	for {
		row, err := s.step()
		if err != nil {
			return nil, fmt.Errorf("storage: read alarm index: %w", err)
		}
		if !row {
			return out, nil
		}
		if s.columnType(1) != sqlite3.SQLITE_NULL {
			out = append(out, IndexedAlarm{ActorID: s.columnText(0), At: time.Unix(0, s.columnInt64(1))})
		}
	}
}

// Put records that the object's alarm is set for at.
func (idx *AlarmIndex) Put(actorID string, at time.Time) error {
	if err := idx.put.exec(actorID, at.UnixNano()); err != nil {
		return fmt.Errorf("storage: write alarm index: %w", err)
	}
	return nil
}

// Delete removes the object's row.
func (idx *AlarmIndex) Delete(actorID string) error {
	if err := idx.del.exec(actorID); err != nil {
		return fmt.Errorf("storage: write alarm index: %w", err)
	}
	return nil
}

// Close closes the file; the last close of a WAL database folds the WAL
// back into it and removes it.
func (idx *AlarmIndex) Close() error { return idx.c.close() }
