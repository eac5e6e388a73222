package isolate

import (
	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/storage"
)

// objectStorage adapts an instance's storage.DB to the jsapi storage
// interfaces (ObjectStorage, SQLStorage, TransactionalStorage). Writes mark
// the instance dirty through the DB's OnWrite hook (see instance.Storage),
// so the end of the task commits them before releasing the instance's
// outputs.
type objectStorage struct{ inst *instance }

func (s objectStorage) Get(key string) ([]byte, bool, error) { return s.inst.db.Get(key) }

func (s objectStorage) GetMany(keys []string) ([]jsapi.StorageEntry, error) {
	entries, err := s.inst.db.GetMany(keys)
	return toJS(entries), err
}

func (s objectStorage) Put(key string, value []byte) error { return s.inst.db.Put(key, value) }

func (s objectStorage) PutMany(entries []jsapi.StorageEntry) error {
	out := make([]storage.Entry, len(entries))
	for i, e := range entries {
		out[i] = storage.Entry{Key: e.Key, Value: e.Value}
	}
	return s.inst.db.PutMany(out)
}

func (s objectStorage) Delete(key string) (bool, error) { return s.inst.db.Delete(key) }

func (s objectStorage) DeleteMany(keys []string) (int, error) { return s.inst.db.DeleteMany(keys) }

func (s objectStorage) List(opts jsapi.StorageListOptions) ([]jsapi.StorageEntry, error) {
	entries, err := s.inst.db.List(storage.ListOptions{
		Start: opts.Start, StartAfter: opts.StartAfter, End: opts.End, Prefix: opts.Prefix,
		HasStartAfter: opts.HasStartAfter, HasEnd: opts.HasEnd, Reverse: opts.Reverse, Limit: opts.Limit,
	})
	return toJS(entries), err
}

func (s objectStorage) DeleteAll() error { return s.inst.deleteAll() }

func toJS(entries []storage.Entry) []jsapi.StorageEntry {
	out := make([]jsapi.StorageEntry, len(entries))
	for i, e := range entries {
		out[i] = jsapi.StorageEntry{Key: e.Key, Value: e.Value}
	}
	return out
}

// Unconfirmed runs fn, a write with allowUnconfirmed: it does not hold the
// instance's outputs.
func (s objectStorage) Unconfirmed(fn func()) {
	s.inst.unconfirmed = true
	defer func() { s.inst.unconfirmed = false }()
	fn()
}

// The SQL API.

func (s objectStorage) Exec(query string, bindings []any) (jsapi.SQLCursor, error) {
	cur, err := s.inst.db.Exec(query, bindings...)
	if err != nil {
		return nil, err
	}
	return cur, nil
}

func (s objectStorage) DatabaseSize() (int64, error) { return s.inst.db.Size() }

// Transactions.

func (s objectStorage) BeginTransaction() error    { return s.inst.db.BeginTransaction() }
func (s objectStorage) CommitTransaction() error   { return s.inst.db.CommitTransaction() }
func (s objectStorage) RollbackTransaction() error { return s.inst.db.RollbackTransaction() }
func (s objectStorage) TransactionDepth() int      { return s.inst.db.TransactionDepth() }
func (s objectStorage) BeginSync() error           { return s.inst.db.BeginSync() }
func (s objectStorage) CommitSync() error          { return s.inst.db.CommitSync() }
func (s objectStorage) RollbackSync() error        { return s.inst.db.RollbackSync() }
