package actor

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// queue stands in for the loop: posted funcs run when the test says.
type queue struct{ tasks []func() }

func (q *queue) post(fn func()) { q.tasks = append(q.tasks, fn) }
func (q *queue) runAll() {
	for len(q.tasks) > 0 {
		t := q.tasks[0]
		q.tasks = q.tasks[1:]
		t()
	}
}

func TestOpenGateDeliversAtOnce(t *testing.T) {
	q := &queue{}
	g := NewInputGate(q.post)
	ran := false
	g.Deliver(func() { ran = true })
	require.True(t, ran)
}

func TestClosedGateHoldsEventsInOrder(t *testing.T) {
	q := &queue{}
	g := NewInputGate(q.post)
	var got []int
	g.Close()
	g.Close()
	for i := range 3 {
		g.Deliver(func() { got = append(got, i) })
	}
	g.Open()
	q.runAll()
	require.Empty(t, got, "still closed once")
	g.Open()
	require.Empty(t, got, "released on a later task, not inside Open")
	q.runAll()
	require.Equal(t, []int{0, 1, 2}, got)
}

func TestEventArrivingWhileOthersWaitQueuesBehindThem(t *testing.T) {
	q := &queue{}
	g := NewInputGate(q.post)
	var got []string
	g.Close()
	g.Deliver(func() { got = append(got, "first") })
	g.Open()
	// The gate is open but "first" has not run yet: "second" must wait.
	g.Deliver(func() { got = append(got, "second") })
	q.runAll()
	require.Equal(t, []string{"first", "second"}, got)
}

func TestEventThatClosesTheGateStopsTheDrain(t *testing.T) {
	q := &queue{}
	g := NewInputGate(q.post)
	var got []string
	g.Close()
	g.Deliver(func() { got = append(got, "a"); g.Close() })
	g.Deliver(func() { got = append(got, "b") })
	g.Open()
	q.runAll()
	require.Equal(t, []string{"a"}, got)
	g.Open()
	q.runAll()
	require.Equal(t, []string{"a", "b"}, got)
}

func TestOpenWithoutCloseIsABug(t *testing.T) {
	g := NewInputGate(func(func()) {})
	require.Panics(t, g.Open)
}
