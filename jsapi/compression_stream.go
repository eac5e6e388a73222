package jsapi

// CompressionStream and DecompressionStream
// (https://compression.spec.whatwg.org/) on Go's compress packages: "gzip"
// (compress/gzip), "deflate" (zlib framing, compress/zlib) and
// "deflate-raw" (compress/flate). As in workerd, each is a byte pipe through
// the host: the writable side feeds a compressor (or a pipe a decompressor
// reads) on a goroutine, the readable side reads its output chunk by chunk.
//
// Decompression is strict, as workerd is since the 2023-08-01 compatibility
// date: data after the end of the compressed stream, or a stream closed
// before its end, fail the readable side with workerd's texts.
//
// The JS classes are in js/transform_streams.js.

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
)

// compressionPipe returns the Go ends of a (de)compression stream; format
// has been checked by the constructor.
func compressionPipe(format string, decompress bool) (*byteSource, byteSink) {
	pr, pw := io.Pipe()
	if decompress {
		return newReaderSource(&decompressReader{pr: pr, br: bufio.NewReader(pr), format: format}, -1), &writerSink{w: pw}
	}
	var zw io.WriteCloser
	switch format {
	case "gzip":
		zw = gzip.NewWriter(pw)
	case "deflate":
		zw = zlib.NewWriter(pw)
	default:
		zw, _ = flate.NewWriter(pw, flate.DefaultCompression)
	}
	return newReaderSource(pr, -1), &writerSink{w: &compressWriter{zw: zw, pw: pw}}
}

// compressWriter compresses what is written into the pipe the readable side
// reads.
type compressWriter struct {
	zw io.WriteCloser
	pw *io.PipeWriter
}

func (c *compressWriter) Write(p []byte) (int, error) { return c.zw.Write(p) }

// Close writes the end of the compressed data and ends the pipe.
func (c *compressWriter) Close() error {
	err := c.zw.Close()
	c.pw.CloseWithError(err)
	return err
}

func (c *compressWriter) CloseWithError(err error) error { return c.pw.CloseWithError(err) }

// decompressReader decompresses what the writable side writes into the
// pipe. The decompressor is made on the first read: reading the gzip header
// waits for the writer.
type decompressReader struct {
	pr     *io.PipeReader
	br     *bufio.Reader
	format string
	zr     io.Reader
	ended  bool
}

var (
	errDecompression = newStreamTypeError("Decompression failed.")
	errTrailing      = newStreamTypeError("Trailing bytes after end of compressed data")
	errIncomplete    = newStreamTypeError("Called close() on a decompression stream with incomplete data")
)

func (d *decompressReader) Read(p []byte) (int, error) {
	if d.ended {
		return 0, io.EOF
	}
	if d.zr == nil {
		zr, err := d.open()
		if err != nil {
			return 0, d.fail(err)
		}
		d.zr = zr
	}
	n, err := d.zr.Read(p)
	if err == io.EOF {
		// The compressed data has ended: so must the writer's bytes.
		if _, perr := d.br.Peek(1); perr == nil {
			return n, d.fail(errTrailing)
		} else if perr != io.EOF {
			return n, d.fail(perr)
		}
		d.ended = true
		return n, io.EOF
	}
	if err != nil {
		return n, d.fail(err)
	}
	return n, nil
}

func (d *decompressReader) open() (io.Reader, error) {
	switch d.format {
	case "gzip":
		zr, err := gzip.NewReader(d.br)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		return zr, nil
	case "deflate":
		return zlib.NewReader(d.br)
	default:
		return flate.NewReader(d.br), nil
	}
}

// fail maps a decompressor's error to workerd's, and stops the writer.
func (d *decompressReader) fail(err error) error {
	var se *streamError
	switch {
	case errors.As(err, &se):
		// The writable side was aborted: its reason goes on as is.
	case errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF:
		err = errIncomplete
	default:
		err = errDecompression
	}
	d.pr.CloseWithError(err)
	return err
}

func (d *decompressReader) Close() error { return d.pr.Close() }

func (d *decompressReader) CloseWithError(err error) error { return d.pr.CloseWithError(err) }
