package jsapi

// DurableObjectStorage — ctx.storage (workerd api/actor-state.h): the
// asynchronous key-value API. Values are structured-cloned into V8's
// serialization format, as workerd stores them, so the files stay readable
// by wrangler dev. Storage runs synchronously on the loop (SQLite is local),
// so every method returns an already-settled promise; the implicit
// transaction and its commit belong to the runtime.
//
// Like local workerd, kindling does not enforce the production limits on
// key size, value size or batch size (the conformance corpus records that
// wrangler dev accepts them); SQLite's own maximum still applies.
//
// The alarm methods are in durable_object_alarm.go; transaction(),
// transactionSync(), sync(), sql and kv in durable_object_transaction.go.

import (
	"fmt"
	"sort"

	"github.com/dop251/goja"
)

// ObjectStorage is one object's key-value storage, on bytes.
type ObjectStorage interface {
	Get(key string) ([]byte, bool, error)
	GetMany(keys []string) ([]StorageEntry, error) // found keys, sorted
	Put(key string, value []byte) error
	PutMany(entries []StorageEntry) error
	Delete(key string) (bool, error)
	DeleteMany(keys []string) (int, error)
	List(opts StorageListOptions) ([]StorageEntry, error)
	DeleteAll() error
}

// StorageEntry is one stored key and its serialized value.
type StorageEntry struct {
	Key   string
	Value []byte
}

// StorageListOptions are list()'s options; Limit 0 means no limit.
type StorageListOptions struct {
	Start, StartAfter, End, Prefix string
	HasStart, HasStartAfter        bool
	HasEnd                         bool
	Reverse                        bool
	Limit                          int
}

type durableObjectStorage struct {
	state ObjectState
}

func installDurableObjectStorage(r *Realm) {
	c := r.newClass("DurableObjectStorage", 0, nil)
	// op runs fn against the storage and returns a promise settled with its
	// result; a thrown JS error or a storage error rejects it.
	op := func(this goja.Value, fn func(s ObjectStorage) goja.Value) goja.Value {
		st := unwrap[*durableObjectStorage](r, this)
		p, resolve, reject := r.rt.NewPromise()
		if ex := r.rt.Try(func() {
			s, err := st.state.Storage()
			if err != nil {
				panic(r.NewError(err.Error()))
			}
			must(resolve(fn(s)))
		}); ex != nil {
			must(reject(ex.Value()))
		}
		return r.rt.ToValue(p)
	}
	storageErr := func(err error) {
		if err != nil {
			panic(r.NewError(err.Error()))
		}
	}

	c.method("get", 1, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(s ObjectStorage) goja.Value {
			arg := call.Argument(0)
			if keys, ok := r.keyList(arg); ok {
				entries, err := s.GetMany(keys)
				storageErr(err)
				return r.entriesMap(entries)
			}
			if goja.IsUndefined(arg) || goja.IsNull(arg) {
				panic(r.newTypeError("Failed to execute 'get' on 'DurableObjectStorage': parameter 1 is not of type 'string or Array'."))
			}
			data, ok, err := s.Get(r.storageKey(arg))
			storageErr(err)
			if !ok {
				return goja.Undefined()
			}
			return r.mustDeserialize(data)
		})
	})
	c.method("put", 2, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(s ObjectStorage) goja.Value {
			arg := call.Argument(0)
			if obj, ok := arg.(*goja.Object); ok && !r.isStringObject(obj) {
				var entries []StorageEntry
				for _, k := range obj.Keys() {
					v := obj.Get(k)
					if goja.IsUndefined(v) {
						// workerd drops these silently (api/actor-state.c++
						// putMultiple).
						continue
					}
					entries = append(entries, StorageEntry{Key: k, Value: r.mustSerialize(v)})
				}
				r.write(s, call.Argument(1), func() { storageErr(s.PutMany(entries)) })
				return goja.Undefined()
			}
			value := call.Argument(1)
			if goja.IsUndefined(value) {
				panic(r.newTypeError("put() called with undefined value."))
			}
			key, data := r.storageKey(arg), r.mustSerialize(value)
			r.write(s, call.Argument(2), func() { storageErr(s.Put(key, data)) })
			return goja.Undefined()
		})
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(s ObjectStorage) goja.Value {
			arg := call.Argument(0)
			if keys, ok := r.keyList(arg); ok {
				var n int
				r.write(s, call.Argument(1), func() {
					var err error
					n, err = s.DeleteMany(keys)
					storageErr(err)
				})
				return r.rt.ToValue(n)
			}
			var deleted bool
			key := r.storageKey(arg)
			r.write(s, call.Argument(1), func() {
				var err error
				deleted, err = s.Delete(key)
				storageErr(err)
			})
			return r.rt.ToValue(deleted)
		})
	})
	c.method("list", 0, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(s ObjectStorage) goja.Value {
			opts := r.listOptions(call.Argument(0))
			entries, err := s.List(opts)
			storageErr(err)
			return r.entriesMap(entries)
		})
	})
	c.method("deleteAll", 0, func(call goja.FunctionCall) goja.Value {
		return op(call.This, func(s ObjectStorage) goja.Value {
			storageErr(s.DeleteAll())
			return goja.Undefined()
		})
	})
}

// keyList returns the keys of an array argument, deduplicated and sorted
// (the order a Map result has in workerd).
func (r *Realm) keyList(v goja.Value) ([]string, bool) {
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Array" {
		return nil, false
	}
	seen := make(map[string]bool)
	var keys []string
	r.rt.ForOf(o, func(item goja.Value) bool {
		k := r.storageKey(item)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
		return true
	})
	sort.Strings(keys)
	return keys, true
}

func (r *Realm) isStringObject(o *goja.Object) bool { return o.ClassName() == "String" }

func (r *Realm) listOptions(v goja.Value) StorageListOptions {
	var opts StorageListOptions
	o, ok := v.(*goja.Object)
	if !ok {
		return opts
	}
	str := func(name string) (string, bool) {
		x := o.Get(name)
		if x == nil || goja.IsUndefined(x) {
			return "", false
		}
		return r.storageKey(x), true
	}
	opts.Start, opts.HasStart = str("start")
	opts.StartAfter, opts.HasStartAfter = str("startAfter")
	opts.End, opts.HasEnd = str("end")
	opts.Prefix, _ = str("prefix")
	if opts.HasStart && opts.HasStartAfter {
		panic(r.newTypeError("list() cannot be called with both start and startAfter values."))
	}
	if x := o.Get("reverse"); x != nil {
		opts.Reverse = x.ToBoolean()
	}
	if x := o.Get("limit"); x != nil && !goja.IsUndefined(x) {
		n := x.ToFloat()
		if !(n >= 1) {
			panic(r.newTypeError("List limit must be positive."))
		}
		opts.Limit = int(n)
	}
	return opts
}

// entriesMap returns the entries as a JS Map, in the order given. It uses
// the intrinsic Map, whatever user code did to the global.
func (r *Realm) entriesMap(entries []StorageEntry) goja.Value {
	m, err := r.rt.New(r.in.mapCtor)
	must(err)
	for _, e := range entries {
		if _, err := r.in.mapSet(m, r.rt.ToValue(e.Key), r.mustDeserialize(e.Value)); err != nil {
			panic(err)
		}
	}
	return m
}

func (r *Realm) mustSerialize(v goja.Value) []byte {
	data, err := r.serialize(v)
	if err != nil {
		panic(r.ExceptionValue(err))
	}
	return data
}

func (r *Realm) mustDeserialize(data []byte) goja.Value {
	v, err := r.deserialize(data)
	if err != nil {
		panic(r.NewError(fmt.Sprintf("stored value could not be read: %v", err)))
	}
	return v
}
