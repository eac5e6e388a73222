package eventloop

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// runLoop starts l on its own goroutine and stops it when the test ends.
func runLoop(t *testing.T, l *Loop) {
	done := make(chan struct{})
	go func() { l.Run(); close(done) }()
	t.Cleanup(func() { l.Stop(); <-done })
}

// onLoop runs fn on the loop and waits for it.
func onLoop(l *Loop, fn func()) {
	done := make(chan struct{})
	l.Post(func() { fn(); close(done) })
	<-done
}

func TestPostRunsTasksInOrder(t *testing.T) {
	l := New()
	runLoop(t, l)
	var got []int
	for i := range 100 {
		l.Post(func() { got = append(got, i) })
	}
	onLoop(l, func() {})
	require.Len(t, got, 100)
	for i, v := range got {
		require.Equal(t, i, v)
	}
}

func TestTimersFireInDueOrderThenSetOrder(t *testing.T) {
	l := New()
	runLoop(t, l)
	var mu sync.Mutex
	var got []string
	record := func(s string) func() {
		return func() { mu.Lock(); got = append(got, s); mu.Unlock() }
	}
	fired := make(chan struct{})
	onLoop(l, func() {
		l.SetTimer(30*time.Millisecond, false, record("c"))
		l.SetTimer(0, false, record("a"))
		l.SetTimer(0, false, record("b"))
		l.SetTimer(40*time.Millisecond, false, func() { close(fired) })
	})
	<-fired
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{"a", "b", "c"}, got)
}

func TestClearTimerAndIntervals(t *testing.T) {
	l := New()
	runLoop(t, l)
	count := 0
	done := make(chan struct{})
	onLoop(l, func() {
		cancelled := l.SetTimer(5*time.Millisecond, false, func() { t.Error("cleared timer fired") })
		l.ClearTimer(cancelled)
		var id int
		id = l.SetTimer(2*time.Millisecond, true, func() {
			count++
			if count == 3 {
				l.ClearTimer(id)
				l.SetTimer(20*time.Millisecond, false, func() { close(done) })
			}
		})
	})
	<-done
	onLoop(l, func() { require.Equal(t, 3, count) })
}

func TestReservationKeepsLoopBusyUntilCompleted(t *testing.T) {
	l := New()
	runLoop(t, l)
	var enqueue func(func())
	onLoop(l, func() {
		enqueue = l.Reserve()
		require.False(t, l.Idle())
	})
	ran := make(chan struct{})
	go enqueue(func() { close(ran) })
	<-ran
	onLoop(l, func() { require.True(t, l.Idle()) })
	require.Panics(t, func() { enqueue(func() {}) }, "a second completion must be refused")
}

func TestAfterTaskRunsAfterEveryTask(t *testing.T) {
	l := New()
	runLoop(t, l)
	var log []string
	onLoop(l, func() { l.AfterTask(func() { log = append(log, "after") }) })
	onLoop(l, func() { log = append(log, "task") })
	onLoop(l, func() {})
	// Read on the loop: the after-task funcs of the last task may still be
	// running when onLoop returns.
	onLoop(l, func() { require.Equal(t, []string{"after", "task", "after"}, log[:3]) })
}

func TestPanickingTaskDoesNotStopTheLoop(t *testing.T) {
	l := New()
	reported := make(chan any, 1)
	l.OnPanic = func(r any, _ []byte) { reported <- r }
	runLoop(t, l)
	l.Post(func() { panic("boom") })
	require.Equal(t, "boom", <-reported)
	ok := false
	onLoop(l, func() { ok = true })
	require.True(t, ok)
}

func TestPostAfterStopIsDropped(t *testing.T) {
	l := New()
	done := make(chan struct{})
	go func() { l.Run(); close(done) }()
	l.Stop()
	<-done
	require.False(t, l.Post(func() { t.Error("ran after stop") }))
}

func TestStreamKeepsTheLoopBusyUntilReleased(t *testing.T) {
	l := New()
	runLoop(t, l)

	got := make(chan int, 3)
	var release func()
	var post func(func()) bool
	onLoop(l, func() { post, release = l.Stream() })
	for i := range 3 {
		require.True(t, post(func() { got <- i }))
	}
	for i := range 3 {
		require.Equal(t, i, <-got)
	}
	idle := true
	onLoop(l, func() { idle = l.Idle() })
	require.False(t, idle, "a stream not released keeps the loop busy")
	onLoop(l, func() { release(); release(); idle = l.Idle() })
	require.True(t, idle)
}
