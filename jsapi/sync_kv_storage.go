package jsapi

// SyncKvStorage — ctx.storage.kv (workerd api/sync-kv.{h,c++}): the
// synchronous key-value API of SQLite-backed objects, over the same _cf_KV
// table as the asynchronous API, so each sees the other's writes at once.
// Values are structured clones; list() returns an iterator of [key, value]
// pairs with the options of storage.list().
//
// A KV-backed class gets the object too, but every method throws
// workerd's error. The production limits (key size, value size) are not
// checked, as wrangler dev does not check them.

import (
	"github.com/dop251/goja"
)

// errSyncKVNotEnabled is workerd's text for ctx.storage.kv on a KV-backed
// class (local workerd).
const errSyncKVNotEnabled = "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable " +
	"Objects, but this object's namespace is not declared to use SQLite. You can use " +
	"the older, asyncronous interface via methods of `storage` itself (e.g. " +
	"`storage.get()`). Alternatively, to enable SQLite, change `new_classes` to " +
	"`new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or " +
	"wrangler.toml file. If using workerd directly, set `enableSql = true` in your workerd " +
	"config for the class. Note that this change cannot be made after the class is " +
	"already deployed to production."

type syncKvStorage struct {
	r     *Realm
	state ObjectState
}

// storage returns the object's storage, or throws for a KV-backed class.
func (kv *syncKvStorage) storage() ObjectStorage {
	r := kv.r
	if !kv.state.SQLEnabled() {
		panic(r.NewError(errSyncKVNotEnabled))
	}
	s, err := kv.state.Storage()
	if err != nil {
		panic(r.NewError(err.Error()))
	}
	return s
}

func installSyncKvStorage(r *Realm) {
	c := r.newClass("SyncKvStorage", 0, nil)
	get := func(this goja.Value) *syncKvStorage { return unwrap[*syncKvStorage](r, this) }
	storageErr := func(err error) {
		if err != nil {
			panic(r.NewError(err.Error()))
		}
	}
	c.method("get", 1, func(call goja.FunctionCall) goja.Value {
		s := get(call.This).storage()
		data, ok, err := s.Get(r.storageKey(call.Argument(0)))
		storageErr(err)
		if !ok {
			return goja.Undefined()
		}
		return r.mustDeserialize(data)
	})
	c.method("put", 2, func(call goja.FunctionCall) goja.Value {
		kv := get(call.This)
		// A missing value is refused; an explicit undefined is stored.
		if len(call.Arguments) < 2 {
			panic(r.newTypeError("Failed to execute 'put' on 'SyncKvStorage': parameter 2 is not of type 'JsValue'."))
		}
		key := r.storageKey(call.Arguments[0])
		data := r.mustSerialize(call.Arguments[1])
		storageErr(kv.storage().Put(key, data))
		return goja.Undefined()
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		s := get(call.This).storage()
		deleted, err := s.Delete(r.storageKey(call.Argument(0)))
		storageErr(err)
		return r.rt.ToValue(deleted)
	})
	c.method("list", 0, func(call goja.FunctionCall) goja.Value {
		kv := get(call.This)
		opts := r.listOptions(call.Argument(0))
		entries, err := kv.storage().List(opts)
		storageErr(err)
		return r.newIterator("SyncKvStorage ListIterator", len(entries), func(i int) goja.Value {
			return r.rt.NewArray(r.rt.ToValue(entries[i].Key), r.mustDeserialize(entries[i].Value))
		})
	})
}
