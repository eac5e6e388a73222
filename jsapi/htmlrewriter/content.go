package htmlrewriter

// Content inserted by handlers and the mutations of a token, as lol-html
// keeps them (src/rewritable_units/mutations.rs): content before the
// token, a replacement, content after it, and whether the token itself is
// removed. Text content is escaped (&, < and > only); a stream is read
// when the output reaches it.

import (
	"io"
)

// Content is what a handler inserts: a string, or a stream read when the
// output gets there, as HTML or as text to escape.
type Content struct {
	text   string
	stream io.Reader
	html   bool
}

// TextContent is s, as HTML when html is set, else escaped.
func TextContent(s string, html bool) Content { return Content{text: s, html: html} }

// StreamContent is what r gives (UTF-8), as HTML when html is set.
func StreamContent(r io.Reader, html bool) Content { return Content{stream: r, html: html} }

// mutations are the changes made to a token.
type mutations struct {
	before, replacement, after []Content
	removed                    bool
}

func (m *mutations) insertBefore(c Content) { m.before = append(m.before, c) }

// insertAfter puts c right after the token: before what earlier calls put
// there.
func (m *mutations) insertAfter(c Content) { m.after = append([]Content{c}, m.after...) }

func (m *mutations) replace(c Content) {
	m.removed = true
	m.replacement = []Content{c}
}

// write outputs the token with its mutations: what goes before it, its
// replacement or itself (unless removed), and what goes after.
func (m *mutations) write(w *output, self func() error) error {
	if err := w.writeContent(m.before); err != nil {
		return err
	}
	if m.removed {
		if err := w.writeContent(m.replacement); err != nil {
			return err
		}
	} else if err := self(); err != nil {
		return err
	}
	return w.writeContent(m.after)
}

// escapeText escapes text content as lol-html does.
func escapeText(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&', '<', '>':
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+4*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// escapeDoubleQuotes escapes an attribute value written between double
// quotes; lol-html escapes nothing else.
func escapeDoubleQuotes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, "&quot;"...)
		} else {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// output collects the rewritten bytes and hands them on when flushed.
type output struct {
	buf  []byte
	sink func([]byte) error
	enc  *documentEncoding
}

func (w *output) write(b []byte) { w.buf = append(w.buf, b...) }

// writeString writes s, encoded in the document's encoding.
func (w *output) writeString(s string) { w.buf = append(w.buf, w.enc.encode(s)...) }

func (w *output) writeContent(cs []Content) error {
	for _, c := range cs {
		if c.stream == nil {
			w.writeContentString(c.text, c.html)
			continue
		}
		buf := make([]byte, 16<<10)
		for {
			n, err := c.stream.Read(buf)
			if n > 0 {
				w.writeContentString(string(buf[:n]), c.html)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *output) writeContentString(s string, html bool) {
	if !html {
		s = escapeText(s)
	}
	w.writeString(s)
}

// flush hands the collected bytes to the sink, which does not keep them.
func (w *output) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	err := w.sink(w.buf)
	w.buf = w.buf[:0]
	return err
}
