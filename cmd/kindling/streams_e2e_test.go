package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// patternReader gives n bytes of a repeating pattern without holding them.
type patternReader struct{ left, off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	n := int64(len(b))
	if n > p.left {
		n = p.left
	}
	for i := range b[:n] {
		b[i] = byte((p.off + int64(i)) % 251)
	}
	p.off += n
	p.left -= n
	return int(n), nil
}

func patternHash(n int64) []byte {
	h := sha256.New()
	_, _ = io.Copy(h, &patternReader{left: n})
	return h.Sum(nil)
}

// post sends n pattern bytes to url and returns the response and the hash
// of its body, read as it streams.
func postPattern(t *testing.T, url string, n int64) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", url, &patternReader{left: n})
	require.NoError(t, err)
	req.ContentLength = n
	res, err := client.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	h := sha256.New()
	_, err = io.Copy(h, res.Body)
	require.NoError(t, err)
	return res, h.Sum(nil)
}

// peakRSS returns the most memory the process has held (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// A body larger than anything the process holds goes through a Worker's
// TransformStream and back intact: it is streamed, never held whole. (The
// memory bound here only proves that; the figures are the benchmark's.)
func TestLargeBodyStreamsThroughTransformStream(t *testing.T) {
	dir := copyProject(t, "../../examples/streams")
	p := startDev(t, dir)
	const size = 128 << 20
	res, sum := postPattern(t, p.URL+"/echo", size)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, []string{"chunked"}, res.TransferEncoding)
	require.Equal(t, patternHash(size), sum)
	require.Less(t, peakRSS(t, p.cmd.Process.Pid), int64(size*3/4),
		"the process held about as much as the body: it was buffered, not streamed")
}

func TestStreamingBodies(t *testing.T) {
	dir := copyProject(t, "../../examples/streams")
	p := startDev(t, dir)

	t.Run("through a Durable Object and back", func(t *testing.T) {
		const size = 16 << 20
		res, sum := postPattern(t, p.URL+"/relay", size)
		require.Equal(t, 200, res.StatusCode)
		require.Equal(t, patternHash(size), sum)
	})

	t.Run("counted by a WritableStream", func(t *testing.T) {
		status, body := do(t, "POST", p.URL+"/count", strings.Repeat("x", 3<<20))
		require.Equal(t, 200, status)
		require.Equal(t, strconv.Itoa(3<<20), body)
	})

	t.Run("gzip by CompressionStream", func(t *testing.T) {
		input := bytes.Repeat([]byte("compress me "), 100_000)
		res, err := client.Post(p.URL+"/gzip", "application/octet-stream", bytes.NewReader(input))
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, "application/gzip", res.Header.Get("Content-Type"))
		zr, err := gzip.NewReader(res.Body)
		require.NoError(t, err)
		out, err := io.ReadAll(zr)
		require.NoError(t, err)
		require.Equal(t, input, out)
	})

	t.Run("a FixedLengthStream is sent with its length", func(t *testing.T) {
		res, err := client.Get(p.URL + "/fixed?n=1000")
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, int64(1000), res.ContentLength)
		require.Empty(t, res.Header.Get("Content-Type"), "no sniffed Content-Type, as in workerd")
		data, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, bytes.Repeat([]byte("b"), 1000), data)
	})

	t.Run("the response starts before the request has ended", func(t *testing.T) {
		pr, pw := io.Pipe()
		req, err := http.NewRequest("POST", p.URL+"/echo", pr)
		require.NoError(t, err)
		type result struct {
			res *http.Response
			err error
		}
		done := make(chan result, 1)
		go func() {
			res, err := client.Do(req)
			done <- result{res, err}
		}()
		first := bytes.Repeat([]byte("first "), 20_000)
		_, err = pw.Write(first)
		require.NoError(t, err)
		r := <-done
		require.NoError(t, r.err)
		defer r.res.Body.Close()
		got := make([]byte, len(first))
		_, err = io.ReadFull(r.res.Body, got)
		require.NoError(t, err)
		require.Equal(t, first, got)
		_, err = pw.Write([]byte("last"))
		require.NoError(t, err)
		require.NoError(t, pw.Close())
		rest, err := io.ReadAll(r.res.Body)
		require.NoError(t, err)
		require.Equal(t, "last", string(rest))
	})
}
