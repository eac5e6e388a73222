package jsapi

// readAhead reads a Go reader on one goroutine while JS consumes what came
// before: the bytes that arrive between two reads from JS are gathered (up
// to chunkSize) and handed over whole by the next read, at once if they are
// there. A consumer that keeps up gets each piece as soon as it arrives; one
// that falls behind gets bigger chunks, so it pays the loop round trip less
// often. At most chunkSize bytes wait here, plus the goroutine's buffer:
// the reader is not read further until JS takes them (backpressure).
//
// The goroutine runs only while there is room: it starts with a read from
// JS (a body nobody reads is never read) and stops when chunkSize bytes
// wait, until JS takes them; so a body JS stops reading halfway holds no
// goroutine.

import (
	"io"
	"sync"
)

type readAhead struct {
	rc io.ReadCloser

	buf []byte // the goroutine's read buffer, kept between its runs

	mu      sync.Mutex
	pending []byte // read, not yet taken by JS
	err     error  // how the reader ended (io.EOF at the end)
	running bool   // the reading goroutine is running
	closed  bool   // canceled: the goroutine stops reading
	// waiter is the read JS is waiting on, when nothing was pending.
	waiter *readWaiter
}

type readWaiter struct {
	max     int
	deliver func(chunk []byte, err error) // posts to the loop
}

func newReadAhead(rc io.ReadCloser) *readAhead { return &readAhead{rc: rc} }

// read delivers the next chunk of at most max bytes, or the error the
// reader ended with. It is called on the loop. When bytes are pending, now
// gets them at once; otherwise later is called (on the loop, before read
// returns) for the func the reading goroutine will deliver them to, which
// must post to the loop. At most one read waits at a time.
func (ra *readAhead) read(max int, now func(chunk []byte, err error), later func() func(chunk []byte, err error)) {
	ra.mu.Lock()
	if len(ra.pending) > 0 || ra.err != nil {
		chunk, err := ra.take(max)
		ra.resume()
		ra.mu.Unlock()
		now(chunk, err)
		return
	}
	ra.waiter = &readWaiter{max: max, deliver: later()}
	ra.resume()
	ra.mu.Unlock()
}

// resume starts the reading goroutine if it stopped and there is room.
// Called with mu held.
func (ra *readAhead) resume() {
	if !ra.running && !ra.closed && ra.err == nil && len(ra.pending) < chunkSize {
		ra.running = true
		go ra.fill()
	}
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
	return chunk, nil
}

// fill is the reading goroutine.
func (ra *readAhead) fill() {
	if ra.buf == nil {
		ra.buf = make([]byte, chunkSize)
	}
	buf := ra.buf
	for {
		ra.mu.Lock()
		if ra.closed || len(ra.pending) >= chunkSize {
			// Canceled, or full: a read from JS resumes it.
			ra.running = false
			ra.mu.Unlock()
			return
		}
		space := chunkSize - len(ra.pending)
		ra.mu.Unlock()

		n, err := ra.rc.Read(buf[:space])

		ra.mu.Lock()
		if ra.closed {
			ra.running = false
			ra.mu.Unlock()
			return
		}
		ra.pending = append(ra.pending, buf[:n]...)
		if err != nil {
			ra.err = err
			ra.running = false
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
	ra.mu.Unlock()
	if w != nil {
		w.deliver(nil, err)
	}
	// Closing may wait for a read in progress (net/http's bodies lock
	// around both), so it happens off the loop.
	go closeWithError(ra.rc, err)
}
