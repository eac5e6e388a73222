package jsapi

// readAhead reads a Go reader on one goroutine while JS consumes what came
// before: the bytes that arrive between two reads from JS are gathered (up
// to chunkSize) and handed over whole by the next read, at once if they are
// there. A consumer that keeps up gets each piece as soon as it arrives; one
// that falls behind gets bigger chunks, so it pays the loop round trip less
// often. At most chunkSize bytes wait here, plus the goroutine's buffer:
// the reader is not read further until JS takes them (backpressure).
//
// The goroutine starts with the first read: a body nobody reads is never
// read.

import (
	"io"
	"sync"
)

type readAhead struct {
	rc io.ReadCloser

	mu      sync.Mutex
	room    *sync.Cond // signalled when JS takes bytes or cancels
	pending []byte     // read, not yet taken by JS
	err     error      // how the reader ended (io.EOF at the end)
	started bool
	closed  bool // canceled: the goroutine stops reading
	// waiter is the read JS is waiting on, when nothing was pending.
	waiter *readWaiter
}

type readWaiter struct {
	max     int
	deliver func(chunk []byte, err error) // posts to the loop
}

func newReadAhead(rc io.ReadCloser) *readAhead {
	ra := &readAhead{rc: rc}
	ra.room = sync.NewCond(&ra.mu)
	return ra
}

// read delivers the next chunk of at most max bytes, or the error the
// reader ended with. It is called on the loop. When bytes are pending, now
// gets them at once; otherwise later is called (on the loop, before read
// returns) for the func the reading goroutine will deliver them to, which
// must post to the loop. At most one read waits at a time.
func (ra *readAhead) read(max int, now func(chunk []byte, err error), later func() func(chunk []byte, err error)) {
	ra.mu.Lock()
	if !ra.started {
		ra.started = true
		go ra.fill()
	}
	if len(ra.pending) > 0 || ra.err != nil {
		chunk, err := ra.take(max)
		ra.mu.Unlock()
		now(chunk, err)
		return
	}
	ra.waiter = &readWaiter{max: max, deliver: later()}
	ra.mu.Unlock()
}

// take removes up to max pending bytes; with none pending it returns the
// reader's error. Called with mu held.
func (ra *readAhead) take(max int) ([]byte, error) {
	if len(ra.pending) == 0 {
		return nil, ra.err
	}
	var chunk []byte
	if len(ra.pending) <= max {
		chunk, ra.pending = ra.pending, nil
	} else {
		chunk = append([]byte(nil), ra.pending[:max]...)
		ra.pending = ra.pending[max:]
	}
	ra.room.Signal()
	return chunk, nil
}

// fill is the reading goroutine.
func (ra *readAhead) fill() {
	buf := make([]byte, chunkSize)
	for {
		ra.mu.Lock()
		for len(ra.pending) >= chunkSize && !ra.closed {
			ra.room.Wait()
		}
		if ra.closed {
			ra.mu.Unlock()
			return
		}
		space := chunkSize - len(ra.pending)
		ra.mu.Unlock()

		n, err := ra.rc.Read(buf[:space])

		ra.mu.Lock()
		if ra.closed {
			ra.mu.Unlock()
			return
		}
		ra.pending = append(ra.pending, buf[:n]...)
		if err != nil {
			ra.err = err
		}
		var w *readWaiter
		var chunk []byte
		var cerr error
		if ra.waiter != nil && (len(ra.pending) > 0 || ra.err != nil) {
			w, ra.waiter = ra.waiter, nil
			chunk, cerr = ra.take(w.max)
		}
		ra.mu.Unlock()
		if w != nil {
			w.deliver(chunk, cerr)
		}
		if err != nil {
			ra.rc.Close()
			return
		}
	}
}

// cancel stops reading and closes the reader with err (the other end of a
// pipe sees it). A waiting read gets err.
func (ra *readAhead) cancel(err error) {
	ra.mu.Lock()
	ra.closed = true
	w := ra.waiter
	ra.waiter = nil
	ra.pending = nil
	ra.room.Broadcast()
	ra.mu.Unlock()
	if w != nil {
		w.deliver(nil, err)
	}
	// Closing may wait for a read in progress (net/http's bodies lock
	// around both), so it happens off the loop.
	go closeWithError(ra.rc, err)
}
