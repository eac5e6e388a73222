package actor

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kindling-dev/kindling/runtime/storage"
)

// firing is one call of RunAlarm.
type firing struct {
	id      string
	at      time.Time
	retry   int
	firedAt time.Time
}

// recorder plays the objects: it records every firing and answers with
// what the test's policy says.
type recorder struct {
	mu        sync.Mutex
	firings   []firing
	abandoned []string
	fired     chan firing
	policy    func(f firing) AlarmResult
	// during runs inside a handler run, before it reports (Set/Delete from
	// the handler).
	during func(f firing)
}

func newRecorder() *recorder {
	return &recorder{fired: make(chan firing, 100), policy: func(firing) AlarmResult { return AlarmResult{} }}
}

func (r *recorder) RunAlarm(id string, at time.Time, retryCount int, done func(AlarmResult)) {
	f := firing{id: id, at: at, retry: retryCount, firedAt: time.Now()}
	r.mu.Lock()
	r.firings = append(r.firings, f)
	during, policy := r.during, r.policy
	r.mu.Unlock()
	if during != nil {
		during(f)
	}
	res := policy(f)
	r.fired <- f
	done(res)
}

func (r *recorder) AbandonAlarm(id string, at time.Time, done func()) {
	r.mu.Lock()
	r.abandoned = append(r.abandoned, id)
	r.mu.Unlock()
	done()
}

func (r *recorder) next(t *testing.T) firing {
	t.Helper()
	select {
	case f := <-r.fired:
		return f
	case <-time.After(5 * time.Second):
		t.Fatal("no alarm fired within 5s")
		return firing{}
	}
}

func (r *recorder) none(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case f := <-r.fired:
		t.Fatalf("unexpected firing %+v", f)
	case <-time.After(within):
	}
}

func openAlarms(t *testing.T, path string, target AlarmTarget) *Alarms {
	t.Helper()
	a, err := OpenAlarms(AlarmOptions{IndexPath: path, RetryStart: 10 * time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, a.Start(target))
	t.Cleanup(func() { a.Close() })
	return a
}

func indexRows(t *testing.T, path string) []storage.IndexedAlarm {
	t.Helper()
	idx, err := storage.OpenAlarmIndex(path)
	require.NoError(t, err)
	defer idx.Close()
	rows, err := idx.All()
	require.NoError(t, err)
	return rows
}

func TestAlarmFiresOnceAtItsTimeAndLeavesTheIndex(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	path := filepath.Join(t.TempDir(), "metadata.sqlite")
	a := openAlarms(t, path, r)
	at := time.Now().Add(30 * time.Millisecond)
	require.NoError(t, a.Set("x", at))
	got, ok := a.Scheduled("x")
	require.True(t, ok)
	require.Equal(t, at, got)

	f := r.next(t)
	require.Equal(t, "x", f.id)
	require.True(t, f.at.Equal(at))
	require.Zero(t, f.retry)
	require.False(t, f.firedAt.Before(at), "fired early")
	r.none(t, 50*time.Millisecond)
	_, ok = a.Scheduled("x")
	require.False(t, ok)
	require.NoError(t, a.Close())
	require.Empty(t, indexRows(t, path))
}

func TestSetOverwritesAndDeleteCancels(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	a := openAlarms(t, filepath.Join(t.TempDir(), "metadata.sqlite"), r)
	require.NoError(t, a.Set("x", time.Now().Add(20*time.Millisecond)))
	later := time.Now().Add(60 * time.Millisecond)
	require.NoError(t, a.Set("x", later))
	require.NoError(t, a.Set("y", time.Now().Add(20*time.Millisecond)))
	require.NoError(t, a.Delete("y"))
	f := r.next(t)
	require.True(t, f.at.Equal(later))
	r.none(t, 80*time.Millisecond)
}

func TestFailingAlarmRetriesWithBackoffThenIsAbandoned(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	r.policy = func(firing) AlarmResult { return AlarmResult{Retry: true, Counted: true} }
	path := filepath.Join(t.TempDir(), "metadata.sqlite")
	a, err := OpenAlarms(AlarmOptions{IndexPath: path, RetryStart: 5 * time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, a.Start(r))
	defer a.Close()
	at := time.Now()
	require.NoError(t, a.Set("x", at))
	var fs []firing
	for range AlarmRetryMaxTries + 1 {
		fs = append(fs, r.next(t))
	}
	r.none(t, 400*time.Millisecond)
	for i, f := range fs {
		require.Equal(t, i, f.retry)
		require.True(t, f.at.Equal(at), "a retry keeps the scheduled time")
		if i > 0 {
			gap := f.firedAt.Sub(fs[i-1].firedAt)
			want := 5 * time.Millisecond << (i - 1)
			require.GreaterOrEqual(t, gap, want, "retry %d came early", i)
			require.Less(t, gap, want*2+50*time.Millisecond, "retry %d came late", i)
		}
	}
	require.Eventually(t, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.abandoned) == 1
	}, time.Second, 5*time.Millisecond)
	_, ok := a.Scheduled("x")
	require.False(t, ok)
}

func TestUncountedFailuresRetryBeyondTheLimit(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	var n int
	r.policy = func(firing) AlarmResult {
		n++
		return AlarmResult{Retry: n <= AlarmRetryMaxTries+2}
	}
	a, err := OpenAlarms(AlarmOptions{IndexPath: filepath.Join(t.TempDir(), "metadata.sqlite"), RetryStart: time.Millisecond})
	require.NoError(t, err)
	require.NoError(t, a.Start(r))
	defer a.Close()
	require.NoError(t, a.Set("x", time.Now()))
	for i := range AlarmRetryMaxTries + 3 {
		require.Zero(t, r.next(t).retry, "firing %d", i)
	}
	r.none(t, 100*time.Millisecond)
}

func TestAlarmSetWhileTheHandlerRunsIsQueuedBehindIt(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	a := openAlarms(t, filepath.Join(t.TempDir(), "metadata.sqlite"), r)
	next := time.Now().Add(20 * time.Millisecond)
	first := true
	r.during = func(f firing) {
		if first {
			first = false
			_, pending := a.Scheduled("x")
			require.False(t, pending, "nothing is pending while the handler runs")
			require.NoError(t, a.Set("x", next))
		}
	}
	// The run fails, but the queued alarm replaces the retry.
	r.policy = func(f firing) AlarmResult { return AlarmResult{Retry: f.at.Before(next), Counted: true} }
	require.NoError(t, a.Set("x", time.Now()))
	r.next(t)
	f := r.next(t)
	require.True(t, f.at.Equal(next))
	require.Zero(t, f.retry)
	r.none(t, 60*time.Millisecond)
}

func TestDeleteWhileTheHandlerRunsDropsOnlyTheQueuedAlarm(t *testing.T) {
	t.Parallel()
	r := newRecorder()
	a := openAlarms(t, filepath.Join(t.TempDir(), "metadata.sqlite"), r)
	r.during = func(f firing) {
		require.NoError(t, a.Set("x", time.Now().Add(10*time.Millisecond)))
		require.NoError(t, a.Delete("x"))
	}
	require.NoError(t, a.Set("x", time.Now()))
	r.next(t)
	r.none(t, 60*time.Millisecond)
}

func TestAlarmsSurviveARestartAndFireIfOverdue(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "metadata.sqlite")
	a, err := OpenAlarms(AlarmOptions{IndexPath: path})
	require.NoError(t, err)
	require.NoError(t, a.Start(newRecorder()))
	due := time.Now().Add(20 * time.Millisecond)
	future := time.Now().Add(time.Hour)
	require.NoError(t, a.Set("due", due))
	require.NoError(t, a.Set("future", future))
	require.NoError(t, a.Close()) // "kindling stops" before the alarm is due

	time.Sleep(40 * time.Millisecond)
	r := newRecorder()
	b := openAlarms(t, path, r)
	f := r.next(t)
	require.Equal(t, "due", f.id)
	require.True(t, f.at.Equal(due))
	r.none(t, 50*time.Millisecond)
	got, ok := b.Scheduled("future")
	require.True(t, ok)
	require.True(t, got.Equal(future))
}
