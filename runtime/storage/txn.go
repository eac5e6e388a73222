package storage

// Explicit transactions: ctx.storage.transaction() and transactionSync(),
// as savepoints inside the implicit transaction, named as workerd names them
// (io/actor-sqlite.c++ ExplicitTxn, api/actor-state.c++ transactionSync).
//
// Invariants:
//   - A savepoint is always inside the implicit transaction (BEGIN), never a
//     transaction of its own, so the end-of-turn Commit stays the only place
//     where writes become durable.
//   - transaction() spans turns (its callback awaits). While one is open,
//     Commit leaves the implicit transaction open; it commits at the end of
//     the turn in which the outermost transaction() ends. Before the first
//     transaction() starts, what the turn wrote so far is committed, as
//     workerd waits for the implicit transaction to commit: rolling back the
//     transaction() can then only undo its own writes. Outputs produced
//     while it is open are not held for it (workerd's ExplicitTxn does not
//     lock the output gate either).
//   - transactionSync() is synchronous: its savepoints never outlive a turn.
//   - Savepoints end in the reverse order they began; the JS layer keeps
//     them nested (a transaction() runs with the input gate closed).

import (
	"errors"
	"fmt"
)

// txnState counts the open savepoints.
type txnState struct {
	explicit int // transaction(): _cf_savepoint_0 .. _cf_savepoint_<explicit-1>
	sync     int // transactionSync(): _cf_sync_savepoint_0 .. <sync-1>
}

// TransactionDepth is the number of transaction() savepoints open.
func (db *DB) TransactionDepth() int { return db.txn.explicit }

// BeginTransaction opens a transaction(): a savepoint of its own, nested in
// the transactions already open.
func (db *DB) BeginTransaction() error {
	if db.err != nil {
		return db.err
	}
	if db.txn.explicit == 0 && db.txn.sync == 0 && db.inTxn {
		if err := db.Commit(); err != nil {
			return err
		}
	}
	if err := db.beginWrite(); err != nil {
		return err
	}
	if err := db.c.exec(fmt.Sprintf("SAVEPOINT _cf_savepoint_%d", db.txn.explicit)); err != nil {
		return fmt.Errorf("storage: transaction: %w", err)
	}
	db.txn.explicit++
	return nil
}

// CommitTransaction ends the innermost transaction(), keeping its writes;
// they commit with the turn.
func (db *DB) CommitTransaction() error {
	return db.endSavepoint(&db.txn.explicit, "_cf_savepoint_", false)
}

// RollbackTransaction ends the innermost transaction(), undoing its writes.
func (db *DB) RollbackTransaction() error {
	return db.endSavepoint(&db.txn.explicit, "_cf_savepoint_", true)
}

// BeginSync opens a transactionSync() savepoint.
func (db *DB) BeginSync() error {
	// SAVEPOINT writes nothing, but the implicit transaction must be open
	// for it to nest in (workerd calls notifyWrite() first).
	if err := db.beginWrite(); err != nil {
		return err
	}
	if err := db.c.exec(fmt.Sprintf("SAVEPOINT _cf_sync_savepoint_%d", db.txn.sync)); err != nil {
		return fmt.Errorf("storage: transactionSync: %w", err)
	}
	db.txn.sync++
	return nil
}

// CommitSync ends the innermost transactionSync() savepoint, keeping its
// writes.
func (db *DB) CommitSync() error {
	return db.endSavepoint(&db.txn.sync, "_cf_sync_savepoint_", false)
}

// RollbackSync ends the innermost transactionSync() savepoint, undoing its
// writes.
func (db *DB) RollbackSync() error {
	return db.endSavepoint(&db.txn.sync, "_cf_sync_savepoint_", true)
}

var errNoSavepoint = errors.New("storage: no transaction to end")

func (db *DB) endSavepoint(depth *int, prefix string, rollback bool) error {
	if db.err != nil {
		return db.err
	}
	if *depth == 0 {
		return errNoSavepoint
	}
	*depth--
	name := fmt.Sprintf("%s%d", prefix, *depth)
	query := "RELEASE " + name
	if rollback {
		// ROLLBACK TO keeps the savepoint open; RELEASE ends it.
		query = "ROLLBACK TO " + name + "; " + query
	}
	if err := db.c.exec(query); err != nil {
		return fmt.Errorf("storage: end transaction: %w", err)
	}
	if rollback {
		// Tables the savepoint created are gone again.
		if err := db.loadSchema(); err != nil {
			return err
		}
	}
	// The implicit transaction, still open, has a commit to do this turn.
	if db.onWrite != nil {
		db.onWrite()
	}
	return nil
}
