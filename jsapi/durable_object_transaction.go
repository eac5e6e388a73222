package jsapi

// Explicit transactions of DurableObjectStorage (workerd api/actor-state.c++):
// transaction(closure) with its DurableObjectTransaction, transactionSync(),
// sync(), and the lazily made `sql` and `kv` properties. The savepoints and
// their nesting belong to the runtime (TransactionalStorage); this file
// sequences them around the JavaScript callbacks:
//
//   - transaction() runs its closure with the input gate closed (workerd runs
//     it inside blockConcurrencyWhile), in a savepoint. The closure's result
//     commits it, a throw or txn.rollback() undoes it. A throwing closure
//     rejects the promise but does not reset the object.
//   - The txn's get/put/delete/list are the storage's own (one connection:
//     the savepoint sees and holds every write), guarded by workerd's errors
//     once the transaction is rolled back or over.
//   - transactionSync(fn) runs fn in a savepoint: a throw undoes it and
//     propagates, anything else (a promise too) commits it and is returned.
//   - sync() resolves once the writes made so far are committed: after the
//     end-of-turn commit.

import (
	"errors"

	"github.com/dop251/goja"
)

// TransactionalStorage is the savepoint side of an object's storage. The
// ObjectStorage of every object implements it: local workerd keeps both
// kinds of class in SQLite, and wrangler dev allows transactionSync() on a
// KV-backed class too (do/txn-sync-on-kv-class).
type TransactionalStorage interface {
	BeginTransaction() error
	CommitTransaction() error
	RollbackTransaction() error
	// TransactionDepth is the number of transaction() savepoints open.
	TransactionDepth() int
	BeginSync() error
	CommitSync() error
	RollbackSync() error
}

// durableObjectTransaction is the txn a transaction() closure receives.
type durableObjectTransaction struct {
	storage    *goja.Object // the DurableObjectStorage its methods act on
	ts         TransactionalStorage
	depth      int  // its savepoint, counted from 1
	rolledBack bool // rollback() was called, or the closure threw
	over       bool // committed or rolled back: nothing more may happen
}

func installDurableObjectTransaction(r *Realm) {
	storageProto := r.protos["DurableObjectStorage"]
	c := r.newClass("DurableObjectTransaction", 0, nil)
	// Operations named as workerd names them in its errors.
	delegate := func(method, op string) {
		c.method(method, 1, func(call goja.FunctionCall) goja.Value {
			txn := unwrap[*durableObjectTransaction](r, call.This)
			if err := txn.check(r, op); err != nil {
				p, _, reject := r.rt.NewPromise()
				must(reject(err))
				return r.rt.ToValue(p)
			}
			fn, ok := goja.AssertFunction(storageProto.Get(method))
			if !ok {
				panic(r.newTypeError(method + "() is not implemented"))
			}
			v, err := fn(txn.storage, call.Arguments...)
			if err != nil {
				panic(r.ExceptionValue(err))
			}
			return v
		})
	}
	delegate("get", "get()")
	delegate("list", "list()")
	delegate("put", "put()")
	delegate("delete", "delete()")
	c.method("deleteAll", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*durableObjectTransaction](r, call.This)
		panic(r.NewError("Cannot call deleteAll() within a transaction"))
	})
	c.method("rollback", 0, func(call goja.FunctionCall) goja.Value {
		txn := unwrap[*durableObjectTransaction](r, call.This)
		if txn.rolledBack {
			return goja.Undefined()
		}
		if err := txn.check(r, "rollback()"); err != nil {
			panic(err)
		}
		if txn.ts.TransactionDepth() != txn.depth {
			panic(r.NewError("Cannot roll back an outer transaction while a nested transaction is still running."))
		}
		if err := txn.ts.RollbackTransaction(); err != nil {
			panic(r.NewError(err.Error()))
		}
		txn.rolledBack, txn.over = true, true
		return goja.Undefined()
	})
	delegate("getAlarm", "getAlarm()")
	delegate("setAlarm", "setAlarm()")
	delegate("deleteAlarm", "deleteAlarm()")

	s := &class{r: r, name: "DurableObjectStorage", ctor: r.ctors["DurableObjectStorage"], proto: storageProto}
	s.method("transaction", 1, func(call goja.FunctionCall) goja.Value {
		st := unwrap[*durableObjectStorage](r, call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'transaction' on 'DurableObjectStorage': parameter 1 is not of type 'function'."))
		}
		return r.runTransaction(st, call.This.(*goja.Object), fn)
	})
	s.method("transactionSync", 1, func(call goja.FunctionCall) goja.Value {
		st := unwrap[*durableObjectStorage](r, call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'transactionSync' on 'DurableObjectStorage': parameter 1 is not of type 'function'."))
		}
		ts, err := st.transactional()
		if err == nil {
			err = ts.BeginSync()
		}
		if err != nil {
			panic(r.NewError(err.Error()))
		}
		v, err := fn(goja.Undefined())
		if err != nil {
			if rerr := ts.RollbackSync(); rerr != nil {
				panic(r.NewError(rerr.Error()))
			}
			panic(r.ExceptionValue(err))
		}
		if err := ts.CommitSync(); err != nil {
			panic(r.NewError(err.Error()))
		}
		return v
	})
	s.method("sync", 0, func(call goja.FunctionCall) goja.Value {
		unwrap[*durableObjectStorage](r, call.This)
		p, resolve, _ := r.rt.NewPromise()
		// A task queued now runs after this one's end, hence after its
		// commit.
		enqueue := r.loop.Reserve()
		enqueue(func() { must(resolve(goja.Undefined())) })
		return r.rt.ToValue(p)
	})
	// workerd's lazy instance properties: made on first access, then an own
	// property of the storage object.
	lazy := func(name string, make func(st *durableObjectStorage) goja.Value) {
		s.getter(name, func(this goja.Value) goja.Value {
			st := unwrap[*durableObjectStorage](r, this)
			v := make(st)
			must(this.(*goja.Object).DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
			return v
		})
	}
	lazy("sql", func(st *durableObjectStorage) goja.Value {
		return r.newInstance("SqlStorage", &sqlStorage{r: r, state: st.state})
	})
	lazy("kv", func(st *durableObjectStorage) goja.Value {
		return r.newInstance("SyncKvStorage", &syncKvStorage{r: r, state: st.state})
	})
}

// check returns workerd's error for an operation on a transaction that is
// rolled back or over, or nil.
func (txn *durableObjectTransaction) check(r *Realm, op string) goja.Value {
	if txn.rolledBack {
		return r.NewError("Cannot " + op + " on rolled back transaction")
	}
	if txn.over {
		return r.NewError("Cannot call " + op + " on transaction that has already committed: did you move `txn` outside of the closure?")
	}
	return nil
}

// transactional returns the savepoint side of the object's storage.
func (st *durableObjectStorage) transactional() (TransactionalStorage, error) {
	s, err := st.state.Storage()
	if err != nil {
		return nil, err
	}
	ts, ok := s.(TransactionalStorage)
	if !ok {
		return nil, errors.New("transactions are not supported by this storage")
	}
	return ts, nil
}

// runTransaction is storage.transaction(fn).
func (r *Realm) runTransaction(st *durableObjectStorage, storage *goja.Object, fn goja.Callable) goja.Value {
	p, resolve, reject := r.rt.NewPromise()
	release := st.state.BlockConcurrency()
	// As blockConcurrencyWhile, the closure runs after the caller's
	// synchronous code.
	r.queueMicrotask(func() {
		ts, err := st.transactional()
		if err == nil {
			err = ts.BeginTransaction()
		}
		if err != nil {
			release(nil)
			must(reject(r.NewError(err.Error())))
			return
		}
		txn := &durableObjectTransaction{storage: storage, ts: ts, depth: ts.TransactionDepth()}
		finish := func(v goja.Value, threw bool) {
			if !txn.over {
				var err error
				if threw {
					err = ts.RollbackTransaction()
					txn.rolledBack = true
				} else {
					err = ts.CommitTransaction()
				}
				txn.over = true
				if err != nil && !threw {
					v, threw = r.NewError(err.Error()), true
				}
			}
			release(nil)
			if threw {
				must(reject(v))
				return
			}
			must(resolve(v))
		}
		result, err := fn(goja.Undefined(), r.newInstance("DurableObjectTransaction", txn))
		if err != nil {
			finish(r.ExceptionValue(err), true)
			return
		}
		r.Await(result, func(v goja.Value) { finish(v, false) }, func(e goja.Value) { finish(e, true) })
	})
	return r.rt.ToValue(p)
}
