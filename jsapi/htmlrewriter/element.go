package htmlrewriter

// The element a handler gets, as lol-html's (src/rewritable_units/element.rs):
// its start tag, the mutations of its end tag (made before that tag is
// read), and where each kind of insertion goes. A start tag that nothing
// changed is written back as it was; a changed one is written again from
// its name and attributes, keeping the unchanged attributes as written.

import (
	"errors"
	"fmt"
)

// Attribute is an attribute of a start tag: its lower-cased name and its
// value as written (character references are not decoded).
type Attribute struct {
	Name, Value string
}

// attribute is a start tag's attribute with how to write it back.
type attribute struct {
	Attribute
	// raw is the attribute as written, nil once its value is set.
	raw []byte
}

// Element is a start tag and what may be done with the element it starts.
type Element struct {
	rw          *Rewriter
	name        []byte // as written or as set
	attrs       []attribute
	ns          Namespace
	selfClosing bool
	raw         []byte
	modified    bool
	// canHaveContent is false for void elements and self-closing SVG and
	// MathML ones: they have no content and no end tag.
	canHaveContent bool
	mutations      mutations

	// The end tag's changes, applied when it comes.
	endMutations      *mutations
	modifiedEndName   []byte
	endTagHandler     func(*EndTag) error
	shouldRemoveInner bool
}

// The errors of element changes, with lol-html's texts.
var (
	errEmptyTagName        = errors.New("Tag name can't be empty.")
	errTagNameFirstChar    = errors.New("The first character of the tag name should be an ASCII alphabetical character.")
	errEmptyAttributeName  = errors.New("Attribute name can't be empty.")
	errNoEndTag            = errors.New("No end tag.")
	errUnencodableTagName  = errors.New("The tag name contains a character that can't be represented in the document's character encoding.")
	errUnencodableAttrName = errors.New("The attribute name contains a character that can't be represented in the document's character encoding.")
)

// TagName is the element's name in lower case.
func (e *Element) TagName() string { return asciiLower(e.rw.enc.decode(e.name)) }

// SetTagName renames the element, and its end tag.
func (e *Element) SetTagName(name string) error {
	switch {
	case name == "":
		return errEmptyTagName
	case !isAlpha(name[0]):
		return errTagNameFirstChar
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return fmt.Errorf("`%c` character is forbidden in the tag name", c)
		}
	}
	b := e.rw.enc.encode(name)
	if e.rw.enc.enc != nil && string(e.rw.enc.decode(b)) != name {
		return errUnencodableTagName
	}
	if e.canHaveContent {
		e.modifiedEndName = b
	}
	e.name = b
	e.modified = true
	return nil
}

// NamespaceURI is the URI of the element's namespace.
func (e *Element) NamespaceURI() string { return e.ns.URI() }

// Attributes are the start tag's attributes, in order.
func (e *Element) Attributes() []Attribute {
	out := make([]Attribute, len(e.attrs))
	for i, a := range e.attrs {
		out[i] = a.Attribute
	}
	return out
}

// GetAttribute is the value of the first attribute named name (without
// case).
func (e *Element) GetAttribute(name string) (string, bool) {
	name = asciiLower(name)
	for _, a := range e.attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// HasAttribute reports whether an attribute is named name.
func (e *Element) HasAttribute(name string) bool {
	_, ok := e.GetAttribute(name)
	return ok
}

// SetAttribute sets the first attribute named name, or adds one at the end.
func (e *Element) SetAttribute(name, value string) error {
	if name == "" {
		return errEmptyAttributeName
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>', '=':
			return fmt.Errorf("`%c` character is forbidden in the attribute name", c)
		}
	}
	name = asciiLower(name)
	if e.rw.enc.enc != nil && e.rw.enc.decode(e.rw.enc.encode(name)) != name {
		return errUnencodableAttrName
	}
	e.modified = true
	for i := range e.attrs {
		if e.attrs[i].Name == name {
			e.attrs[i].Value, e.attrs[i].raw = value, nil
			return nil
		}
	}
	e.attrs = append(e.attrs, attribute{Attribute: Attribute{Name: name, Value: value}})
	return nil
}

// RemoveAttribute removes every attribute named name.
func (e *Element) RemoveAttribute(name string) {
	name = asciiLower(name)
	kept := e.attrs[:0]
	for _, a := range e.attrs {
		if a.Name != name {
			kept = append(kept, a)
		}
	}
	if len(kept) != len(e.attrs) {
		e.modified = true
	}
	e.attrs = kept
}

func (e *Element) endTagMutations() *mutations {
	if e.endMutations == nil {
		e.endMutations = &mutations{}
	}
	return e.endMutations
}

// removeContent drops what was put inside the element and drops its
// content when it is read.
func (e *Element) removeContent() {
	e.mutations.after = nil
	if e.endMutations != nil {
		e.endMutations.before = nil
	}
	e.shouldRemoveInner = true
}

// Before inserts c before the element.
func (e *Element) Before(c Content) { e.mutations.insertBefore(c) }

// After inserts c after the element (after its end tag, if it can have
// one), before what earlier calls inserted there.
func (e *Element) After(c Content) {
	if e.canHaveContent {
		e.endTagMutations().insertAfter(c)
	} else {
		e.mutations.insertAfter(c)
	}
}

// Prepend inserts c at the start of the element's content.
func (e *Element) Prepend(c Content) {
	if e.canHaveContent {
		e.selfClosing = false
		e.mutations.insertAfter(c)
	}
}

// Append inserts c at the end of the element's content.
func (e *Element) Append(c Content) {
	if e.canHaveContent {
		e.selfClosing = false
		e.endTagMutations().insertBefore(c)
	}
}

// SetInnerContent replaces the element's content with c.
func (e *Element) SetInnerContent(c Content) {
	if e.canHaveContent {
		e.selfClosing = false
		e.removeContent()
		e.mutations.insertAfter(c)
	}
}

// Replace replaces the element, content included, with c.
func (e *Element) Replace(c Content) {
	e.mutations.replace(c)
	if e.canHaveContent {
		e.removeContent()
		e.endTagMutations().removed = true
	}
}

// Remove removes the element and its content.
func (e *Element) Remove() {
	e.mutations.removed = true
	if e.canHaveContent {
		e.removeContent()
		e.endTagMutations().removed = true
	}
}

// RemoveAndKeepContent removes the element's tags only.
func (e *Element) RemoveAndKeepContent() {
	e.mutations.removed = true
	if e.canHaveContent {
		e.endTagMutations().removed = true
	}
}

// Removed reports whether the element is removed (or replaced).
func (e *Element) Removed() bool { return e.mutations.removed }

// OnEndTag sets the handler run on the element's end tag, replacing the
// one set before (as workerd's onEndTag does).
func (e *Element) OnEndTag(h func(*EndTag) error) error {
	if !e.canHaveContent {
		return errNoEndTag
	}
	e.endTagHandler = h
	return nil
}

// endTagHook is what the end tag must get: the element's end tag
// changes, then its handler; nil when there is nothing.
func (e *Element) endTagHook() func(*EndTag) error {
	if e.endMutations == nil && e.modifiedEndName == nil && e.endTagHandler == nil {
		return nil
	}
	endMutations, name, handler := e.endMutations, e.modifiedEndName, e.endTagHandler
	return func(t *EndTag) error {
		if name != nil {
			t.name, t.modified = name, true
		}
		if endMutations != nil {
			t.mutations = *endMutations
		}
		if handler != nil {
			return handler(t)
		}
		return nil
	}
}

// writeTo outputs the start tag with its mutations.
func (e *Element) writeTo(w *output) error {
	return e.mutations.write(w, func() error {
		if !e.modified {
			w.write(e.raw)
			return nil
		}
		w.write([]byte{'<'})
		w.write(e.name)
		for _, a := range e.attrs {
			w.write([]byte{' '})
			if a.raw != nil {
				w.write(a.raw)
				continue
			}
			w.writeString(a.Name)
			w.write([]byte(`="`))
			w.writeString(escapeDoubleQuotes(a.Value))
			w.write([]byte{'"'})
		}
		if e.selfClosing {
			// A space keeps the slash out of an unquoted value.
			if len(e.attrs) > 0 {
				w.write([]byte{' '})
			}
			w.write([]byte("/>"))
		} else {
			w.write([]byte{'>'})
		}
		return nil
	})
}
