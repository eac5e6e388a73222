package isolate

import (
	"testing"
	"time"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// countingClient counts the messages reaching a client end.
type countingClient struct{ got chan struct{} }

func (c *countingClient) Receive(ev wspipe.Event) {
	c.got <- struct{}{}
	ev.Done()
}

// BenchmarkBroadcastRound measures one message into a room of ten
// hibernatable sockets and its broadcast back to all ten, without the
// network: the isolate's share of a chat round trip.
func BenchmarkBroadcastRound(b *testing.B) {
	rt := newRoomTest(&testing.T{}, time.Hour)
	defer rt.iso.Close()
	const n = 10
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = rt.connect("user=u")
	}
	// Swap the recording receivers for counting ones.
	got := make(chan struct{}, n*2)
	for _, c := range clients {
		go func(c *client) {
			for ev := range c.got {
				_ = ev
				got <- struct{}{}
			}
		}(c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clients[i%n].send(nil, "m")
		for range n {
			<-got
		}
	}
}
