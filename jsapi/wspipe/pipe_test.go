package wspipe

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// recorder is a Receiver that keeps what it got.
type recorder struct {
	mu  sync.Mutex
	got []Event
	// onReceive, if set, runs inside Receive.
	onReceive func(ev Event)
}

func (r *recorder) Receive(ev Event) {
	r.mu.Lock()
	r.got = append(r.got, ev)
	r.mu.Unlock()
	if r.onReceive != nil {
		r.onReceive(ev)
	}
	ev.Done()
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.got {
		out = append(out, string(ev.Data))
	}
	return out
}

func text(s string) Event { return Event{Kind: Text, Data: []byte(s)} }

func TestWhatOneEndSendsTheOtherReceives(t *testing.T) {
	a, b := New()
	ra, rb := &recorder{}, &recorder{}
	a.Attach(ra)
	b.Attach(rb)
	a.Send(text("to b"))
	b.Send(text("to a"))
	require.Equal(t, []string{"to b"}, rb.texts())
	require.Equal(t, []string{"to a"}, ra.texts())
	require.Same(t, b, a.Peer())
	require.Same(t, a, b.Peer())
}

func TestEventsBeforeAttachAreQueuedInOrder(t *testing.T) {
	a, b := New()
	a.Send(text("1"))
	a.Send(text("2"))
	require.False(t, b.Attached())
	rb := &recorder{}
	b.Attach(rb)
	a.Send(text("3"))
	require.True(t, b.Attached())
	require.Equal(t, []string{"1", "2", "3"}, rb.texts())
}

func TestSendDuringFlushKeepsOrder(t *testing.T) {
	a, b := New()
	a.Send(text("queued"))
	rb := &recorder{}
	// While the queued event is handed over, the sender sends again: the
	// new event must come after it, not overtake it.
	rb.onReceive = func(ev Event) {
		if string(ev.Data) == "queued" {
			a.Send(text("during flush"))
		}
	}
	b.Attach(rb)
	a.Send(text("after"))
	require.Equal(t, []string{"queued", "during flush", "after"}, rb.texts())
}

func TestReceiverMaySendBackOnTheSamePipe(t *testing.T) {
	a, b := New()
	ra := &recorder{}
	a.Attach(ra)
	// An automatic response: b answers from inside Receive.
	b.Attach(&recorder{onReceive: func(ev Event) { b.Send(text("pong")) }})
	a.Send(text("ping"))
	require.Equal(t, []string{"pong"}, ra.texts())
}

func TestAttachTwicePanics(t *testing.T) {
	a, _ := New()
	a.Attach(&recorder{})
	require.Panics(t, func() { a.Attach(&recorder{}) })
}

func TestDoneCallsOnDone(t *testing.T) {
	a, b := New()
	done := 0
	b.Attach(&recorder{})
	a.Send(Event{Kind: Binary, Data: []byte{1}, OnDone: func() { done++ }})
	require.Equal(t, 1, done)
	Event{}.Done() // no OnDone: nothing to call
}

func TestConcurrentSendersAndAttach(t *testing.T) {
	a, b := New()
	rb := &recorder{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 1000 {
			a.Send(text("x"))
		}
	}()
	b.Attach(rb)
	wg.Wait()
	require.Len(t, rb.texts(), 1000)
}
