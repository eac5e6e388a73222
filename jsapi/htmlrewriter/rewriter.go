// Package htmlrewriter is a streaming HTML rewriter with the behaviour of
// lol-html, the one workerd's HTMLRewriter runs on: handlers registered
// for CSS selectors and for the document see the elements, text chunks,
// comments, doctypes and end of the HTML as it streams through, and change
// them; what nobody changes is written out byte for byte as it came.
//
// Handlers are plain Go functions called on the goroutine that calls
// Write and End, one at a time, in lol-html's order: for a token, the
// handlers registered with a selector, in registration order, then the
// document handlers. A handler's error stops the rewriter: Write and End
// return it from then on.
package htmlrewriter

// ElementHandlers are the handlers for the elements a selector matches:
// Element runs on each such element's start tag, Comments and Text on the
// comments and text inside it (descendants included).
type ElementHandlers struct {
	Selector *Selector
	Element  func(*Element) error
	Comments func(*Comment) error
	Text     func(*TextChunk) error
}

// DocumentHandlers are the handlers for the whole document.
type DocumentHandlers struct {
	Doctype  func(*Doctype) error
	Comments func(*Comment) error
	Text     func(*TextChunk) error
	End      func(*DocumentEnd) error
}

// Settings configure a Rewriter.
type Settings struct {
	Elements []ElementHandlers
	Document []DocumentHandlers
	// Charset is the document's encoding label ("" for UTF-8).
	Charset string
}

// Rewriter rewrites one document.
type Rewriter struct {
	elements []ElementHandlers
	document []DocumentHandlers
	enc      *documentEncoding
	out      output
	lex      *lexer
	tree     treeSimulator
	stack    stack
	err      error

	// contentActive counts, per element handler, the open elements its
	// selector matched: its Text and Comments handlers run while it is
	// not zero (lol-html's "user count"). activeText and activeComments
	// sum it over the handlers that have each, so a token nobody handles
	// is passed through without being looked at.
	contentActive              []int
	activeText, activeComments int
	docText, docComments       bool
	docDoctype                 bool
	// endTagHooks are the end tag hooks of elements, in the order their
	// start tags came; active ones run on the next end tag.
	endTagHooks []endTagHook
	// removedContent counts the open elements whose content is dropped;
	// nothing is written while it is not zero.
	removedContent int
	// textNode decodes the text node being read for its handlers; nil
	// between text nodes, and when no handler sees this one.
	textNode *textDecoder
	// name is the lower-cased name of the tag being handled.
	name []byte
}

type endTagHook struct {
	run    func(*EndTag) error
	active bool
}

// New returns a rewriter writing its output to sink (which must not keep
// the slice it gets), or an error for an encoding lol-html cannot rewrite.
func New(settings Settings, sink func([]byte) error) (*Rewriter, error) {
	enc, err := lookupEncoding(settings.Charset)
	if err != nil {
		return nil, err
	}
	r := &Rewriter{
		elements:      settings.Elements,
		document:      settings.Document,
		enc:           enc,
		contentActive: make([]int, len(settings.Elements)),
	}
	for _, h := range settings.Document {
		r.docText = r.docText || h.Text != nil
		r.docComments = r.docComments || h.Comments != nil
		r.docDoctype = r.docDoctype || h.Doctype != nil
	}
	for _, h := range settings.Elements {
		r.stack.countTypes = r.stack.countTypes || h.Selector.usesTypeIndex()
	}
	r.out = output{sink: sink, enc: enc}
	r.lex = newLexer(r)
	return r, nil
}

// Write rewrites the next chunk of the input.
func (r *Rewriter) Write(chunk []byte) error {
	if r.err != nil {
		return r.err
	}
	if err := r.lex.write(chunk); err != nil {
		r.err = err
		return err
	}
	return r.flush()
}

// End finishes the document: what is left of the input, then the
// document end handlers.
func (r *Rewriter) End() error {
	if r.err != nil {
		return r.err
	}
	if err := r.end(); err != nil {
		r.err = err
		return err
	}
	return r.flush()
}

func (r *Rewriter) end() error {
	if err := r.lex.end(); err != nil {
		return err
	}
	if err := r.endTextNode(); err != nil {
		return err
	}
	end := &DocumentEnd{}
	for _, h := range r.document {
		if h.End != nil {
			if err := r.call(func() error { return h.End(end) }); err != nil {
				return err
			}
		}
	}
	return r.out.writeContent(end.appended)
}

func (r *Rewriter) flush() error {
	if err := r.out.flush(); err != nil {
		r.err = err
		return err
	}
	return nil
}

// call runs a handler once what comes before it has been handed on, so
// the output is not held while the handler waits.
func (r *Rewriter) call(h func() error) error {
	if err := r.out.flush(); err != nil {
		return err
	}
	return h()
}

func (r *Rewriter) emitting() bool { return r.removedContent == 0 }

// writeRaw writes input bytes as they came, if output is on.
func (r *Rewriter) writeRaw(raw []byte) {
	if r.emitting() {
		r.out.write(raw)
	}
}

// writeToken writes a token if output is on.
func (r *Rewriter) writeToken(t interface{ writeTo(*output) error }) error {
	if !r.emitting() {
		return nil
	}
	return t.writeTo(&r.out)
}

// text handles a piece of text.
func (r *Rewriter) text(raw []byte) error {
	if r.textNode == nil {
		if !r.docText && r.activeText == 0 {
			r.writeRaw(raw)
			return nil
		}
		r.textNode = r.enc.newTextDecoder()
	}
	text, used := r.textNode.decode(raw, false)
	if len(used) == 0 {
		return nil
	}
	return r.textChunk(&TextChunk{text: text, raw: used})
}

// endTextNode ends the text node being read with its last chunk.
func (r *Rewriter) endTextNode() error {
	if r.textNode == nil {
		return nil
	}
	text, used := r.textNode.decode(nil, true)
	r.textNode = nil
	return r.textChunk(&TextChunk{text: text, raw: used, last: true})
}

func (r *Rewriter) textChunk(t *TextChunk) error {
	for i, h := range r.elements {
		if h.Text != nil && r.contentActive[i] > 0 {
			if err := r.call(func() error { return h.Text(t) }); err != nil {
				return err
			}
		}
	}
	for _, h := range r.document {
		if h.Text != nil {
			if err := r.call(func() error { return h.Text(t) }); err != nil {
				return err
			}
		}
	}
	return r.writeToken(t)
}

func (r *Rewriter) cdataAllowed() bool { return r.tree.cdataAllowed() }

func (r *Rewriter) raw(raw []byte) error {
	if err := r.endTextNode(); err != nil {
		return err
	}
	r.writeRaw(raw)
	return nil
}

func (r *Rewriter) comment(text, raw []byte) error {
	if err := r.endTextNode(); err != nil {
		return err
	}
	if !r.docComments && r.activeComments == 0 {
		r.writeRaw(raw)
		return nil
	}
	c := &Comment{rw: r, text: r.enc.decode(text), raw: raw}
	for i, h := range r.elements {
		if h.Comments != nil && r.contentActive[i] > 0 {
			if err := r.call(func() error { return h.Comments(c) }); err != nil {
				return err
			}
		}
	}
	for _, h := range r.document {
		if h.Comments != nil {
			if err := r.call(func() error { return h.Comments(c) }); err != nil {
				return err
			}
		}
	}
	return r.writeToken(c)
}

func (r *Rewriter) doctype(d *doctypeLexeme, raw []byte) error {
	if err := r.endTextNode(); err != nil {
		return err
	}
	if r.docDoctype {
		part := func(b []byte, lower bool) *string {
			if b == nil {
				return nil
			}
			s := r.enc.decode(b)
			if lower {
				s = asciiLower(s)
			}
			return &s
		}
		doctype := &Doctype{name: part(d.name, true), publicID: part(d.publicID, false), systemID: part(d.systemID, false)}
		for _, h := range r.document {
			if h.Doctype != nil {
				if err := r.call(func() error { return h.Doctype(doctype) }); err != nil {
					return err
				}
			}
		}
	}
	r.writeRaw(raw)
	return nil
}

// lowerName sets r.name to the lower-cased name of a tag.
func (r *Rewriter) lowerName(name []byte) {
	r.name = r.name[:0]
	for _, c := range name {
		if c >= 0x80 && r.enc.enc != nil {
			// A name in a legacy encoding: decode it.
			r.name = append(r.name[:0], asciiLower(r.enc.decode(name))...)
			return
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		r.name = append(r.name, c)
	}
}

// decodeAttributes decodes a tag's attributes: lower-cased names, values
// as written.
func (r *Rewriter) decodeAttributes(raw []rawAttribute) []Attribute {
	attrs := make([]Attribute, len(raw))
	for i, a := range raw {
		attrs[i] = Attribute{Name: asciiLower(r.enc.decode(a.name)), Value: r.enc.decode(a.value)}
	}
	return attrs
}

func (r *Rewriter) startTag(t *tagLexeme, raw []byte) (textType, error) {
	if err := r.endTextNode(); err != nil {
		return textData, err
	}
	r.lowerName(t.name)
	ns, tt := r.tree.startTag(r.name, t.selfClosing, func() []Attribute { return r.decodeAttributes(t.attrs) })
	if len(r.elements) == 0 {
		r.writeRaw(raw)
		return tt, nil
	}
	withContent := !t.selfClosing
	if ns == NamespaceHTML {
		withContent = !voidElements[string(r.name)]
	}
	name := string(r.name)
	attrs := r.decodeAttributes(t.attrs)
	info := r.stack.child(name, ns, attrs)
	var matched []int
	hasElementHandler := false
	ancestors := r.stack.ancestors()
	for i, h := range r.elements {
		if h.Selector.matches(info, ancestors) {
			matched = append(matched, i)
			hasElementHandler = hasElementHandler || h.Element != nil
		}
	}
	var item *stackItem
	if withContent {
		item = r.stack.push(info)
		for _, i := range matched {
			h := r.elements[i]
			if h.Text != nil || h.Comments != nil {
				r.activate(i, 1)
				item.matched = append(item.matched, i)
			}
		}
	}
	if !hasElementHandler {
		r.writeRaw(raw)
		return tt, nil
	}
	el := &Element{rw: r, name: t.name, ns: ns, selfClosing: t.selfClosing, raw: raw, canHaveContent: withContent}
	el.attrs = make([]attribute, len(attrs))
	for i, a := range attrs {
		el.attrs[i] = attribute{Attribute: a, raw: t.attrs[i].raw}
	}
	// Elements inside content being dropped are dropped too.
	if r.removedContent > 0 {
		el.mutations.removed = true
	}
	for _, i := range matched {
		if h := r.elements[i].Element; h != nil {
			if err := r.call(func() error { return h(el) }); err != nil {
				return tt, err
			}
		}
	}
	if item != nil {
		if hook := el.endTagHook(); hook != nil {
			item.endTagHook = len(r.endTagHooks)
			r.endTagHooks = append(r.endTagHooks, endTagHook{run: hook})
		}
	}
	if err := r.writeToken(el); err != nil {
		return tt, err
	}
	if item != nil && el.shouldRemoveInner {
		item.removeContent = true
		r.removedContent++
	}
	return tt, nil
}

// activate counts an open element more (or fewer) for element handler i's
// content handlers.
func (r *Rewriter) activate(i, delta int) {
	r.contentActive[i] += delta
	if r.elements[i].Text != nil {
		r.activeText += delta
	}
	if r.elements[i].Comments != nil {
		r.activeComments += delta
	}
}

func (r *Rewriter) endTag(t *tagLexeme, raw []byte) error {
	if err := r.endTextNode(); err != nil {
		return err
	}
	r.lowerName(t.name)
	r.tree.endTag(r.name)
	for _, item := range r.stack.popTo(r.name) {
		for _, i := range item.matched {
			r.activate(i, -1)
		}
		if item.endTagHook >= 0 {
			r.endTagHooks[item.endTagHook].active = true
		}
		if item.removeContent {
			r.removedContent--
		}
	}
	if !r.hasActiveEndTagHook() {
		r.writeRaw(raw)
		return nil
	}
	end := &EndTag{rw: r, name: t.name, raw: raw}
	if err := r.runEndTagHooks(end); err != nil {
		return err
	}
	return r.writeToken(end)
}

func (r *Rewriter) hasActiveEndTagHook() bool {
	for _, h := range r.endTagHooks {
		if h.active {
			return true
		}
	}
	return false
}

// runEndTagHooks runs the hooks of the elements the end tag closed,
// innermost first, and forgets them and those registered after them.
func (r *Rewriter) runEndTagHooks(end *EndTag) error {
	first := -1
	for i, h := range r.endTagHooks {
		if h.active {
			first = i
			break
		}
	}
	if first < 0 {
		return nil
	}
	hooks := r.endTagHooks[first:]
	r.endTagHooks = r.endTagHooks[:first]
	for i := len(hooks) - 1; i >= 0; i-- {
		if hooks[i].active {
			run := hooks[i].run
			if err := r.call(func() error { return run(end) }); err != nil {
				return err
			}
		}
	}
	return nil
}

// The rewriter is what its lexer reports to.
var _ lexSink = (*Rewriter)(nil)
