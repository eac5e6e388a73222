package jsapi

// bodyPipe carries a stream built in JS to a Go reader (the dev server
// writing a response, another isolate reading a request or response): the
// loop appends each chunk to a buffer, and Read (or WriteTo) takes from it
// on the reader's goroutine. A write that leaves more than pipeLimit bytes
// waiting returns a promise settled once the reader has brought them down
// to half the limit, so the stream is read no faster than the bytes leave,
// at most pipeLimit bytes (plus one chunk) wait here, and each wake-up of
// the loop lets JS produce several chunks.
//
// Unlike a writerSink over an io.Pipe, a write that fits costs no
// goroutine and no loop round trip: JS produces the next chunk while the
// reader sends the previous ones.

import (
	"io"
	"sync"

	"github.com/dop251/goja"
)

const pipeLimit = 2 * chunkSize

type bodyPipe struct {
	mu    sync.Mutex
	ready *sync.Cond // signalled when bytes or the end arrive
	buf   []byte
	spare []byte // a drained buffer, reused for the next writes
	end   error  // io.EOF once closed, or the abort reason
	gone  bool   // the reader closed: writes fail
	// roomed settles the write waiting for room, if any.
	roomed func(err error)
}

func newBodyPipe() *bodyPipe {
	p := &bodyPipe{}
	p.ready = sync.NewCond(&p.mu)
	return p
}

// Read implements io.Reader for the Go side.
func (p *bodyPipe) Read(out []byte) (int, error) {
	p.mu.Lock()
	for len(p.buf) == 0 && p.end == nil {
		p.ready.Wait()
	}
	if len(p.buf) == 0 {
		err := p.end
		p.mu.Unlock()
		return 0, err
	}
	n := copy(out, p.buf)
	p.buf = p.buf[n:]
	if len(p.buf) == 0 {
		p.buf = nil
	}
	roomed := p.takeRoomed()
	p.mu.Unlock()
	if roomed != nil {
		roomed(nil)
	}
	return n, nil
}

// WriteTo implements io.WriterTo: io.Copy then writes whole buffers, with
// no copy through its own.
func (p *bodyPipe) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		p.mu.Lock()
		for len(p.buf) == 0 && p.end == nil {
			p.ready.Wait()
		}
		if len(p.buf) == 0 {
			err := p.end
			p.mu.Unlock()
			if err == io.EOF {
				err = nil
			}
			return total, err
		}
		chunk := p.buf
		p.buf = nil
		roomed := p.takeRoomed()
		p.mu.Unlock()
		if roomed != nil {
			roomed(nil)
		}
		n, err := w.Write(chunk)
		total += int64(n)
		if err != nil {
			p.Close()
			return total, err
		}
		p.mu.Lock()
		if p.spare == nil {
			p.spare = chunk[:0]
		}
		p.mu.Unlock()
	}
}

// takeRoomed returns the waiting write's settle func once the buffer is
// down to half the limit. Called with mu held.
func (p *bodyPipe) takeRoomed() func(error) {
	if p.roomed == nil || len(p.buf) > pipeLimit/2 {
		return nil
	}
	roomed := p.roomed
	p.roomed = nil
	return roomed
}

// Close is the reader going away: the stream is canceled by the next
// write.
func (p *bodyPipe) Close() error {
	p.mu.Lock()
	p.gone = true
	p.buf = nil
	if p.end == nil {
		p.end = io.ErrClosedPipe
	}
	roomed := p.roomed
	p.roomed = nil
	p.mu.Unlock()
	if roomed != nil {
		roomed(io.ErrClosedPipe)
	}
	return nil
}

func (p *bodyPipe) write(r *Realm, chunk []byte) goja.Value {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		panic(r.streamErrorValue(io.ErrClosedPipe))
	}
	if p.buf == nil && p.spare != nil {
		p.buf, p.spare = p.spare, nil
	}
	p.buf = append(p.buf, chunk...)
	p.ready.Signal()
	if len(p.buf) <= pipeLimit {
		return goja.Undefined()
	}
	promise, settle := r.settledFromGo()
	p.roomed = settle
	return promise
}

func (p *bodyPipe) close(r *Realm) goja.Value {
	p.mu.Lock()
	if p.end == nil {
		p.end = io.EOF
	}
	p.ready.Broadcast()
	p.mu.Unlock()
	return goja.Undefined()
}

func (p *bodyPipe) abort(err error) {
	p.mu.Lock()
	if p.end == nil {
		p.end = err
	}
	p.ready.Broadcast()
	p.mu.Unlock()
}
