package htmlrewriter

// The other tokens handlers get: end tags, text chunks, comments,
// doctypes and the document's end, each written back as it was unless
// changed (src/rewritable_units/tokens in lol-html).

import (
	"errors"
	"strings"
)

// EndTag is an element's end tag.
type EndTag struct {
	rw        *Rewriter
	name      []byte
	raw       []byte
	modified  bool
	mutations mutations
}

// Name is the end tag's name in lower case.
func (t *EndTag) Name() string { return asciiLower(t.rw.enc.decode(t.name)) }

// SetName renames the end tag; lol-html takes any name.
func (t *EndTag) SetName(name string) {
	t.name = t.rw.enc.encode(name)
	t.modified = true
}

// Before inserts c before the end tag.
func (t *EndTag) Before(c Content) { t.mutations.insertBefore(c) }

// After inserts c after the end tag.
func (t *EndTag) After(c Content) { t.mutations.insertAfter(c) }

// Remove removes the end tag.
func (t *EndTag) Remove() { t.mutations.removed = true }

func (t *EndTag) writeTo(w *output) error {
	return t.mutations.write(w, func() error {
		if !t.modified {
			w.write(t.raw)
			return nil
		}
		w.write([]byte("</"))
		w.write(t.name)
		w.write([]byte{'>'})
		return nil
	})
}

// TextChunk is a piece of a text node: text nodes come in pieces as the
// input does, and each ends with a piece (maybe empty) that is the last.
// The text is as written, character references included.
type TextChunk struct {
	text      string
	raw       []byte
	last      bool
	mutations mutations
}

// Text is the chunk's text.
func (t *TextChunk) Text() string { return t.text }

// LastInTextNode reports whether this is the text node's last chunk.
func (t *TextChunk) LastInTextNode() bool { return t.last }

// Removed reports whether the chunk is removed or replaced.
func (t *TextChunk) Removed() bool { return t.mutations.removed }

// Before inserts c before the chunk.
func (t *TextChunk) Before(c Content) { t.mutations.insertBefore(c) }

// After inserts c after the chunk.
func (t *TextChunk) After(c Content) { t.mutations.insertAfter(c) }

// Replace replaces the chunk with c.
func (t *TextChunk) Replace(c Content) { t.mutations.replace(c) }

// Remove removes the chunk.
func (t *TextChunk) Remove() { t.mutations.removed = true }

func (t *TextChunk) writeTo(w *output) error {
	return t.mutations.write(w, func() error {
		w.write(t.raw)
		return nil
	})
}

// Comment is a comment, "<!--…-->" or a bogus one ("<!…>", "<?…>").
type Comment struct {
	rw        *Rewriter
	text      string
	raw       []byte
	modified  bool
	mutations mutations
}

var errCommentClosing = errors.New("Comment text shouldn't contain comment closing sequence (`-->`).")

// Text is the comment's text.
func (c *Comment) Text() string { return c.text }

// SetText changes the comment's text, which cannot close the comment.
func (c *Comment) SetText(s string) error {
	if strings.Contains(s, "-->") {
		return errCommentClosing
	}
	c.text, c.modified = s, true
	return nil
}

// Removed reports whether the comment is removed or replaced.
func (c *Comment) Removed() bool { return c.mutations.removed }

// Before inserts content before the comment.
func (c *Comment) Before(content Content) { c.mutations.insertBefore(content) }

// After inserts content after the comment.
func (c *Comment) After(content Content) { c.mutations.insertAfter(content) }

// Replace replaces the comment with content.
func (c *Comment) Replace(content Content) { c.mutations.replace(content) }

// Remove removes the comment.
func (c *Comment) Remove() { c.mutations.removed = true }

func (c *Comment) writeTo(w *output) error {
	return c.mutations.write(w, func() error {
		if !c.modified {
			w.write(c.raw)
			return nil
		}
		w.write([]byte("<!--"))
		w.writeString(c.text)
		w.write([]byte("-->"))
		return nil
	})
}

// Doctype is a document type declaration; it can only be read.
type Doctype struct {
	name, publicID, systemID *string
}

// Name is the doctype's name in lower case, if it has one.
func (d *Doctype) Name() (string, bool) { return deref(d.name) }

// PublicID is the doctype's public identifier, if it has one.
func (d *Doctype) PublicID() (string, bool) { return deref(d.publicID) }

// SystemID is the doctype's system identifier, if it has one.
func (d *Doctype) SystemID() (string, bool) { return deref(d.systemID) }

func deref(s *string) (string, bool) {
	if s == nil {
		return "", false
	}
	return *s, true
}

// DocumentEnd is the end of the document, where content can be appended.
type DocumentEnd struct {
	appended []Content
}

// Append inserts c at the end of the document, after what earlier calls
// appended.
func (d *DocumentEnd) Append(c Content) { d.appended = append(d.appended, c) }
