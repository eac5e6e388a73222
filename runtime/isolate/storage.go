package isolate

import (
	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/storage"
)

// objectStorage adapts an instance's storage.DB to jsapi.ObjectStorage and
// marks the instance dirty on every write, so the end of the task commits
// it before releasing the instance's outputs.
type objectStorage struct{ inst *instance }

func (s objectStorage) written() { s.inst.iso.dirty[s.inst] = struct{}{} }

func (s objectStorage) Get(key string) ([]byte, bool, error) { return s.inst.db.Get(key) }

func (s objectStorage) GetMany(keys []string) ([]jsapi.StorageEntry, error) {
	entries, err := s.inst.db.GetMany(keys)
	return toJS(entries), err
}

func (s objectStorage) Put(key string, value []byte) error {
	s.written()
	return s.inst.db.Put(key, value)
}

func (s objectStorage) PutMany(entries []jsapi.StorageEntry) error {
	s.written()
	out := make([]storage.Entry, len(entries))
	for i, e := range entries {
		out[i] = storage.Entry{Key: e.Key, Value: e.Value}
	}
	return s.inst.db.PutMany(out)
}

func (s objectStorage) Delete(key string) (bool, error) {
	s.written()
	return s.inst.db.Delete(key)
}

func (s objectStorage) DeleteMany(keys []string) (int, error) {
	s.written()
	return s.inst.db.DeleteMany(keys)
}

func (s objectStorage) List(opts jsapi.StorageListOptions) ([]jsapi.StorageEntry, error) {
	entries, err := s.inst.db.List(storage.ListOptions{
		Start: opts.Start, StartAfter: opts.StartAfter, End: opts.End, Prefix: opts.Prefix,
		HasStartAfter: opts.HasStartAfter, HasEnd: opts.HasEnd, Reverse: opts.Reverse, Limit: opts.Limit,
	})
	return toJS(entries), err
}

func (s objectStorage) DeleteAll() error {
	s.written()
	return s.inst.deleteAll()
}

func toJS(entries []storage.Entry) []jsapi.StorageEntry {
	out := make([]jsapi.StorageEntry, len(entries))
	for i, e := range entries {
		out[i] = jsapi.StorageEntry{Key: e.Key, Value: e.Value}
	}
	return out
}
