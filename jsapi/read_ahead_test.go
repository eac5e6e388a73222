package jsapi

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type readResult struct {
	chunk []byte
	err   error
}

// readNow reads from ra as the loop does, returning what is delivered.
func readNow(ra *readAhead, max int) <-chan readResult {
	out := make(chan readResult, 1)
	deliver := func(c []byte, err error) { out <- readResult{c, err} }
	ra.read(max, deliver, func() func([]byte, error) { return deliver })
	return out
}

func TestReadAheadGathersPieces(t *testing.T) {
	pr, pw := io.Pipe()
	ra := newReadAhead(pr)

	first := readNow(ra, chunkSize)
	_, _ = pw.Write([]byte("a"))
	require.Equal(t, "a", string((<-first).chunk))

	// Pieces that arrive while JS is busy are handed over together.
	_, _ = pw.Write([]byte("b"))
	_, _ = pw.Write([]byte("c"))
	require.Eventually(t, func() bool {
		ra.mu.Lock()
		defer ra.mu.Unlock()
		return len(ra.pending) == 2
	}, 5*time.Second, time.Millisecond)
	require.Equal(t, "bc", string((<-readNow(ra, chunkSize)).chunk))

	// A read smaller than what is pending takes a part.
	_, _ = pw.Write([]byte("def"))
	require.Equal(t, "d", string((<-readNow(ra, 1)).chunk))
	require.Equal(t, "ef", string((<-readNow(ra, chunkSize)).chunk))

	pw.Close()
	end := <-readNow(ra, chunkSize)
	require.Empty(t, end.chunk)
	require.Equal(t, io.EOF, end.err)
}

func TestReadAheadCancel(t *testing.T) {
	pr, pw := io.Pipe()
	ra := newReadAhead(pr)
	waiting := readNow(ra, chunkSize)
	stop := errors.New("stop")
	ra.cancel(stop)
	require.Equal(t, stop, (<-waiting).err)
	// The writer sees why.
	_, err := pw.Write([]byte("x"))
	require.Equal(t, stop, err)
}

func TestReadAheadHoldsAtMostAChunk(t *testing.T) {
	pr, pw := io.Pipe()
	ra := newReadAhead(pr)
	<-readNowAfter(ra, pw, []byte("x"))
	written := make(chan int, 1)
	go func() {
		n := 0
		for n < 4*chunkSize {
			m, err := pw.Write(make([]byte, 1024))
			if err != nil {
				break
			}
			n += m
		}
		written <- n
	}()
	// Once a chunk waits, the goroutine stops: a body JS stops reading
	// halfway holds none.
	require.Eventually(t, func() bool {
		ra.mu.Lock()
		defer ra.mu.Unlock()
		return !ra.running
	}, 5*time.Second, time.Millisecond)
	ra.mu.Lock()
	pending := len(ra.pending)
	ra.mu.Unlock()
	require.LessOrEqual(t, pending, chunkSize)
	// A read takes the chunk and starts it again.
	require.Len(t, (<-readNow(ra, chunkSize)).chunk, pending)
	require.Eventually(t, func() bool {
		ra.mu.Lock()
		defer ra.mu.Unlock()
		return len(ra.pending) > 0
	}, 5*time.Second, time.Millisecond)
	ra.cancel(io.ErrClosedPipe)
	require.Less(t, <-written, 4*chunkSize)
}

// readNowAfter starts a read, then writes p so that it is delivered.
func readNowAfter(ra *readAhead, pw *io.PipeWriter, p []byte) <-chan readResult {
	out := readNow(ra, chunkSize)
	_, _ = pw.Write(p)
	return out
}
