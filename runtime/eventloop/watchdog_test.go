package eventloop

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestWatchdogReportsATaskThatRunsTooLong(t *testing.T) {
	l := New()
	var fired atomic.Int32
	stop := make(chan struct{})
	l.SetCPULimit(20*time.Millisecond, func() {
		fired.Add(1)
		close(stop) // what Runtime.Interrupt does: make the task end
	})
	runLoop(t, l)
	start := time.Now()
	onLoop(l, func() { <-stop })
	require.EqualValues(t, 1, fired.Load())
	require.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
}

func TestWatchdogLeavesShortTasksAlone(t *testing.T) {
	l := New()
	var fired atomic.Int32
	l.SetCPULimit(30*time.Millisecond, func() { fired.Add(1) })
	runLoop(t, l)
	// Many short tasks whose total is far above the limit: each task has
	// its own budget.
	deadline := time.Now().Add(150 * time.Millisecond)
	for time.Now().Before(deadline) {
		onLoop(l, func() { time.Sleep(time.Millisecond) })
	}
	require.Zero(t, fired.Load())
}

func TestWatchdogCoversTheAfterTaskFuncs(t *testing.T) {
	l := New()
	release := make(chan struct{})
	var fired atomic.Int32
	l.SetCPULimit(20*time.Millisecond, func() { fired.Add(1); close(release) })
	slow := false
	l.AfterTask(func() {
		if slow {
			slow = false
			<-release // the microtasks of a turn that never end
		}
	})
	runLoop(t, l)
	onLoop(l, func() { slow = true })
	onLoop(l, func() {})
	require.EqualValues(t, 1, fired.Load())
}

func TestExemptedTaskMayRunLong(t *testing.T) {
	l := New()
	var fired atomic.Int32
	l.SetCPULimit(10*time.Millisecond, func() { fired.Add(1) })
	runLoop(t, l)
	onLoop(l, func() {
		l.ExemptCurrentTask()
		time.Sleep(40 * time.Millisecond)
	})
	require.Zero(t, fired.Load())
}

func TestDiscardDropsTimersAndStaleCompletions(t *testing.T) {
	l := New()
	runLoop(t, l)
	var enqueue func(func())
	onLoop(l, func() {
		l.SetTimer(5*time.Millisecond, false, func() { t.Error("a discarded timer fired") })
		enqueue = l.Reserve()
		l.Discard()
	})
	enqueue(func() { t.Error("a completion reserved before Discard ran") })
	time.Sleep(20 * time.Millisecond)
	onLoop(l, func() { require.True(t, l.Idle(), "the stale completion was still counted off") })
}

func TestAfterTaskRunsWhenTheTaskPanics(t *testing.T) {
	l := New()
	l.OnPanic = func(any, []byte) {}
	runLoop(t, l)
	after := 0
	onLoop(l, func() { l.AfterTask(func() { after++ }) })
	l.Post(func() { panic("boom") })
	onLoop(l, func() {})
	onLoop(l, func() { require.Equal(t, 3, after) })
}

// The watchdog's cost per task: compare with -bench . against CPULimit 0.
func BenchmarkTaskWithWatchdog(b *testing.B) {
	for _, limit := range []time.Duration{0, 30 * time.Second} {
		b.Run(limit.String(), func(b *testing.B) {
			l := New()
			l.SetCPULimit(limit, func() {})
			done := make(chan struct{})
			go func() { l.Run(); close(done) }()
			defer func() { l.Stop(); <-done }()
			ran := make(chan struct{})
			for range b.N {
				l.Post(func() { ran <- struct{}{} })
				<-ran
			}
		})
	}
}
