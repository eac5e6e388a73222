package storage

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchValue is the size of a small serialized object.
var benchValue = make([]byte, 100)

func reportOps(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkPut measures puts coalesced by the implicit transaction, as a
// turn that writes many keys without awaiting: one commit per 1000 puts.
func BenchmarkPut(b *testing.B) {
	db, _ := openTemp(b)
	b.ResetTimer()
	for i := range b.N {
		if err := db.Put(fmt.Sprintf("key%09d", i), benchValue); err != nil {
			b.Fatal(err)
		}
		if i%1000 == 999 {
			if err := db.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	require.NoError(b, db.Commit())
	reportOps(b)
}

// BenchmarkPutCommitEach measures the worst case: every put is a turn of its
// own, with its own commit (an awaited put per request).
func BenchmarkPutCommitEach(b *testing.B) {
	db, _ := openTemp(b)
	b.ResetTimer()
	for i := range b.N {
		if err := db.Put(fmt.Sprintf("key%09d", i%10000), benchValue); err != nil {
			b.Fatal(err)
		}
		if err := db.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	reportOps(b)
}

// BenchmarkGet measures reads by key from 10,000 committed keys.
func BenchmarkGet(b *testing.B) {
	db, _ := openTemp(b)
	const n = 10000
	for i := range n {
		require.NoError(b, db.Put(fmt.Sprintf("key%09d", i), benchValue))
	}
	require.NoError(b, db.Commit())
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("key%09d", i)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, ok, err := db.Get(keys[i%n]); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
	reportOps(b)
}

// BenchmarkList measures listing 100 entries out of 10,000.
func BenchmarkList(b *testing.B) {
	db, _ := openTemp(b)
	for i := range 10000 {
		require.NoError(b, db.Put(fmt.Sprintf("key%09d", i), benchValue))
	}
	require.NoError(b, db.Commit())
	b.ResetTimer()
	for i := range b.N {
		es, err := db.List(ListOptions{Start: fmt.Sprintf("key%09d", (i*100)%9900), Limit: 100})
		if err != nil || len(es) != 100 {
			b.Fatal(len(es), err)
		}
	}
	reportOps(b)
}
