package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func getString(t *testing.T, db *DB, key string) string {
	t.Helper()
	v, ok, err := db.Get(key)
	require.NoError(t, err)
	if !ok {
		return "<missing>"
	}
	return string(v)
}

// transaction(): the turn's earlier writes commit before it starts; its own
// stay uncommitted while it is open, across turns (Commit leaves them), and
// commit with the turn it ends in.
func TestTransactionSpansTurns(t *testing.T) {
	db, path := openTemp(t)
	require.NoError(t, db.Put("before", []byte("1")))
	require.NoError(t, db.BeginTransaction())
	assert.Equal(t, []string{"before"}, committedKeys(t, path), "committed when the transaction began")
	require.NoError(t, db.Put("inside", []byte("2")))
	require.NoError(t, db.Commit(), "an end of turn while it is open")
	assert.Equal(t, []string{"before"}, committedKeys(t, path))
	assert.Equal(t, 1, db.TransactionDepth())
	require.NoError(t, db.CommitTransaction())
	assert.Equal(t, []string{"before"}, committedKeys(t, path), "not before the end of the turn")
	require.NoError(t, db.Commit())
	assert.Equal(t, []string{"before", "inside"}, committedKeys(t, path))
}

func TestTransactionRollback(t *testing.T) {
	db, path := openTemp(t)
	require.NoError(t, db.BeginTransaction())
	require.NoError(t, db.Put("a", []byte("outer")))
	require.NoError(t, db.BeginTransaction()) // nested: ctx.storage.transaction() inside
	require.NoError(t, db.Put("b", []byte("inner")))
	require.NoError(t, db.RollbackTransaction())
	assert.Equal(t, "<missing>", getString(t, db, "b"))
	assert.Equal(t, "outer", getString(t, db, "a"))
	require.NoError(t, db.RollbackTransaction())
	assert.Equal(t, "<missing>", getString(t, db, "a"), "_cf_KV, made inside, is gone again")
	require.NoError(t, db.Commit())
	assert.Empty(t, committedKeys(t, path))
	require.NoError(t, db.Put("after", []byte("3")))
	require.NoError(t, db.Commit())
	assert.Equal(t, []string{"after"}, committedKeys(t, path))
}

// transactionSync() savepoints nest: an inner rollback keeps the outer
// savepoint's writes, an outer rollback undoes both.
func TestSyncSavepoints(t *testing.T) {
	db, _ := openTemp(t)
	require.NoError(t, db.Put("k", []byte("0")))
	require.NoError(t, db.BeginSync())
	require.NoError(t, db.Put("k", []byte("outer")))
	require.NoError(t, db.BeginSync())
	require.NoError(t, db.Put("k", []byte("inner")))
	require.NoError(t, db.RollbackSync())
	assert.Equal(t, "outer", getString(t, db, "k"))
	require.NoError(t, db.CommitSync())
	assert.Equal(t, "outer", getString(t, db, "k"))

	require.NoError(t, db.BeginSync())
	require.NoError(t, db.BeginSync())
	require.NoError(t, db.Put("k", []byte("gone")))
	require.NoError(t, db.CommitSync())
	require.NoError(t, db.RollbackSync())
	assert.Equal(t, "outer", getString(t, db, "k"))
	assert.ErrorIs(t, db.CommitSync(), errNoSavepoint)
}

func TestDeleteAllInTransaction(t *testing.T) {
	db, _ := openTemp(t)
	require.NoError(t, db.Put("k", []byte("v")))
	require.NoError(t, db.BeginTransaction())
	assert.ErrorIs(t, db.DeleteAll(), ErrDeleteAllInTransaction)
	require.NoError(t, db.CommitTransaction())
	require.NoError(t, db.BeginSync())
	assert.ErrorIs(t, db.DeleteAll(), ErrDeleteAllInTransaction)
	require.NoError(t, db.CommitSync())
	require.NoError(t, db.DeleteAll())
	assert.Equal(t, "<missing>", getString(t, db, "k"))
}

// Closing the file while a transaction() is open (the process stops while
// its closure awaits) drops its writes instead of committing half of it.
func TestCloseRollsBackOpenTransaction(t *testing.T) {
	db, path := openTemp(t)
	require.NoError(t, db.Put("before", []byte("1")))
	require.NoError(t, db.BeginTransaction())
	require.NoError(t, db.Put("half", []byte("2")))
	require.NoError(t, db.Close())
	assert.Equal(t, []string{"before"}, committedKeys(t, path))
}
