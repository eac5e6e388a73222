package htmlrewriter

// The document's character encoding, from the response's charset: the
// input is bytes in it, handlers see UTF-8 strings, and what they insert
// is encoded back (characters it cannot hold as numeric character
// references). lol-html works on ASCII-compatible encodings only.

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The encoding errors lol-html reports.
var (
	errUnknownEncoding       = errors.New("Unknown character encoding has been provided.")
	errNotASCIICompatibleEnc = errors.New("Expected ASCII-compatible encoding.")
)

type documentEncoding struct {
	enc encoding.Encoding // nil for UTF-8
}

// lookupEncoding finds the encoding a charset label names (the WHATWG
// Encoding Standard's labels); "" is UTF-8.
func lookupEncoding(label string) (*documentEncoding, error) {
	label = strings.TrimSpace(label)
	if label == "" {
		return &documentEncoding{}, nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, errUnknownEncoding
	}
	name, _ := htmlindex.Name(enc)
	switch name {
	case "utf-8":
		return &documentEncoding{}, nil
	case "utf-16le", "utf-16be", "iso-2022-jp", "replacement":
		return nil, errNotASCIICompatibleEnc
	}
	return &documentEncoding{enc: enc}, nil
}

// decode turns bytes of the input (names, attribute values, comments)
// into a string.
func (d *documentEncoding) decode(b []byte) string {
	if d.enc == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	s, _ := d.enc.NewDecoder().Bytes(b)
	return string(s)
}

// encode turns a string into bytes of the document.
func (d *documentEncoding) encode(s string) []byte {
	if d.enc == nil {
		return []byte(s)
	}
	b, err := encoding.HTMLEscapeUnsupported(d.enc.NewEncoder()).Bytes([]byte(s))
	if err != nil {
		return []byte(s)
	}
	return b
}

// textDecoder decodes the pieces of one text node, keeping the bytes of a
// character cut between two pieces for the next.
type textDecoder struct {
	t     transform.Transformer
	utf8  bool
	carry []byte
}

func (d *documentEncoding) newTextDecoder() *textDecoder {
	if d.enc == nil {
		return &textDecoder{t: unicode.UTF8.NewDecoder(), utf8: true}
	}
	return &textDecoder{t: d.enc.NewDecoder()}
}

// decode decodes raw (after what was carried); last says the text node
// ends. It returns the text and the input bytes it stands for.
func (td *textDecoder) decode(raw []byte, last bool) (string, []byte) {
	in := raw
	if len(td.carry) > 0 {
		in = append(td.carry, raw...)
		td.carry = nil
	} else if td.utf8 && utf8.Valid(raw) {
		return string(raw), raw
	}
	out := make([]byte, 0, len(in)+16)
	buf := make([]byte, len(in)*3+16)
	src := in
	for {
		nDst, nSrc, err := td.t.Transform(buf, src, last)
		out = append(out, buf[:nDst]...)
		src = src[nSrc:]
		if err == transform.ErrShortDst {
			continue
		}
		if err == transform.ErrShortSrc && !last {
			td.carry = append([]byte(nil), src...)
		}
		break
	}
	used := in[:len(in)-len(td.carry)]
	return string(out), used
}
