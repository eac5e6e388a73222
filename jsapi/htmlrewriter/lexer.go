package htmlrewriter

// A streaming HTML tokenizer (https://html.spec.whatwg.org/multipage/parsing.html#tokenization)
// that cuts the input where lol-html does, because handlers see those cuts:
// text is reported as it arrives, in pieces ending at the end of each input
// chunk and at every "<" the tokenizer looks at (so "a < b" is "a ", "<"
// and " b", and "</b" in a script is one piece), and every byte of the
// input belongs to exactly one lexeme: a text piece, a token (tag,
// comment, doctype) or raw bytes that make no token ("</>", the
// "<![CDATA[" and "]]>" around CDATA, a tag cut off by the end).
//
// The state machine follows lol-html's (src/parser/state_machine), which
// is the standard's without the character-reference and NULL handling
// (lexemes are passed through as written). Bytes are kept from the start
// of the lexeme being read; everything before it has been reported.

import (
	"bytes"
)

type lexState int

const (
	sData lexState = iota
	sRCData
	sRCDataLT
	sRCDataEndTagOpen
	sRCDataEndTagName
	sRawText
	sRawTextLT
	sRawTextEndTagOpen
	sRawTextEndTagName
	sScriptData
	sScriptDataLT
	sScriptDataEndTagOpen
	sScriptDataEndTagName
	sScriptDataEscapeStart
	sScriptDataEscapedDashDash
	sScriptDataEscaped
	sScriptDataEscapedLT
	sScriptDataEscapedEndTagOpen
	sScriptDataEscapedEndTagName
	sScriptDataDoubleEscapeStart
	sScriptDataDoubleEscaped
	sScriptDataDoubleEscapedDashDash
	sScriptDataDoubleEscapedLT
	sScriptDataDoubleEscapedEndTagName
	sScriptDataDoubleEscapedEnd
	sPlainText
	sCDATASection
	sCDATASectionBracket
	sTagOpen
	sEndTagOpen
	sMarkupDeclarationOpen
	sTagName
	sSelfClosingStartTag
	sBeforeAttributeName
	sAttributeName
	sAfterAttributeName
	sBeforeAttributeValue
	sAttributeValueQuoted
	sAttributeValueUnquoted
	sBogusComment
	sCommentStart
	sComment
	sCommentStartDash
	sCommentEndDash
	sCommentEnd
	sCommentLT
	sCommentLTBang
	sCommentLTBangDash
	sCommentLTBangDashDash
	sCommentEndBang
	sDoctype
	sBeforeDoctypeName
	sDoctypeName
	sAfterDoctypeName
	sAfterDoctypePublicKeyword
	sAfterDoctypeSystemKeyword
	sBeforeDoctypePublicID
	sBeforeDoctypeSystemID
	sDoctypePublicID
	sDoctypeSystemID
	sAfterDoctypePublicID
	sAfterDoctypeSystemID
	sBetweenDoctypeIDs
	sBogusDoctype
)

// textType is the tokenizer mode for the text after a start tag.
type textType int

const (
	textData textType = iota
	textRCData
	textRawText
	textScriptData
	textPlainText
)

// span is a range of absolute input positions; end < 0 means unset.
type span struct{ start, end int }

type attrLexeme struct {
	name, value span
	hasValue    bool
	quoted      bool
	rawEnd      int
}

// tagLexeme is a start or end tag as read.
type tagLexeme struct {
	end         bool
	name        []byte
	attrs       []rawAttribute
	selfClosing bool
}

// rawAttribute is an attribute as written: its name, its value (without
// quotes) and the whole "name = 'value'" text.
type rawAttribute struct {
	name, value, raw []byte
}

// doctypeLexeme is a doctype's parts; nil for the missing ones.
type doctypeLexeme struct {
	name, publicID, systemID []byte
}

// lexSink receives the lexemes. An error stops the tokenizer.
type lexSink interface {
	text(raw []byte) error
	// startTag returns the mode for the text that follows the tag.
	startTag(t *tagLexeme, raw []byte) (textType, error)
	endTag(t *tagLexeme, raw []byte) error
	comment(text, raw []byte) error
	doctype(d *doctypeLexeme, raw []byte) error
	// raw is bytes that make no token.
	raw(raw []byte) error
	// cdataAllowed reports whether "<![CDATA[" starts a CDATA section
	// here (in SVG and MathML) rather than a bogus comment.
	cdataAllowed() bool
}

type lexer struct {
	sink lexSink
	// buf holds the input from absolute position base on.
	buf  []byte
	base int
	pos  int
	eof  bool

	state     lexState
	textStart int
	// lastStartTag is the lower-cased name an end tag must have to end
	// RCDATA, RAWTEXT or script data.
	lastStartTag []byte

	// tag is the lexeme of the tag last read, reused.
	tag         tagLexeme
	tagEnd      bool
	tagName     span
	attrs       []attrLexeme
	attr        attrLexeme
	selfClosing bool
	quote       byte

	comment span

	doctypeName, publicID, systemID span
}

func newLexer(sink lexSink) *lexer {
	return &lexer{sink: sink}
}

func (l *lexer) limit() int { return l.base + len(l.buf) }

func (l *lexer) at(p int) byte { return l.buf[p-l.base] }

func (l *lexer) slice(s, e int) []byte { return l.buf[s-l.base : e-l.base] }

// write tokenizes a chunk of input.
func (l *lexer) write(chunk []byte) error {
	l.buf = append(l.buf, chunk...)
	if err := l.run(); err != nil {
		return err
	}
	// Everything before the lexeme being read has been reported.
	if drop := l.textStart - l.base; drop > 0 {
		l.buf = append(l.buf[:0], l.buf[drop:]...)
		l.base = l.textStart
	}
	return nil
}

// end tokenizes what is left at the end of the input.
func (l *lexer) end() error {
	l.eof = true
	return l.run()
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// emitText reports the text read since the last lexeme, up to pos.
func (l *lexer) emitText() error {
	if l.pos > l.textStart {
		start := l.textStart
		l.textStart = l.pos
		return l.sink.text(l.slice(start, l.pos))
	}
	return nil
}

// emitAllText reports the text read up to the end of the input.
func (l *lexer) emitAllText() error {
	l.pos = l.limit()
	return l.emitText()
}

// emitRaw reports bytes from the lexeme start to end that make no token.
func (l *lexer) emitRaw(end int) error {
	start := l.textStart
	l.textStart = end
	l.pos = end
	return l.sink.raw(l.slice(start, end))
}

// seq checks whether the input at pos starts with s: ok when it does,
// wait when the input ends before it can tell.
func (l *lexer) seq(s string, ignoreCase bool) (ok, wait bool) {
	avail := l.limit() - l.pos
	n := min(avail, len(s))
	got := l.slice(l.pos, l.pos+n)
	prefix := []byte(s[:n])
	same := bytes.Equal(got, prefix) || ignoreCase && bytes.EqualFold(got, prefix)
	if !same {
		return false, false
	}
	if n < len(s) {
		return false, !l.eof
	}
	return true, false
}

func (l *lexer) textState(t textType) lexState {
	switch t {
	case textRCData:
		return sRCData
	case textRawText:
		return sRawText
	case textScriptData:
		return sScriptData
	case textPlainText:
		return sPlainText
	}
	return sData
}

// startTag begins a tag whose name starts at pos.
func (l *lexer) startTag(end bool) {
	l.tagEnd = end
	l.tagName = span{l.pos, -1}
	l.attrs = l.attrs[:0]
	l.selfClosing = false
}

// finishTagName ends the tag name at pos.
func (l *lexer) finishTagName() { l.tagName.end = l.pos }

// isAppropriateEndTag reports whether the end tag being read closes the
// current RCDATA, RAWTEXT or script element (the names compare without
// case).
func (l *lexer) isAppropriateEndTag() bool {
	return bytes.EqualFold(l.slice(l.tagName.start, l.pos), l.lastStartTag)
}

func (l *lexer) startAttr() {
	l.attr = attrLexeme{name: span{l.pos, -1}, value: span{-1, -1}, rawEnd: -1}
}

func (l *lexer) finishAttr() {
	a := l.attr
	switch {
	case a.hasValue && a.quoted:
		a.rawEnd = a.value.end + 1
	case a.hasValue:
		a.rawEnd = a.value.end
	default:
		a.rawEnd = a.name.end
	}
	l.attrs = append(l.attrs, a)
}

// emitTag reports the tag that ends at pos (its '>') and moves to the
// text mode that follows. The lexeme is the lexer's, valid during the
// call.
func (l *lexer) emitTag() error {
	end := l.pos + 1
	raw := l.slice(l.textStart, end)
	t := &l.tag
	*t = tagLexeme{end: l.tagEnd, name: l.slice(l.tagName.start, l.tagName.end), selfClosing: l.selfClosing, attrs: t.attrs[:0]}
	for _, a := range l.attrs {
		ra := rawAttribute{name: l.slice(a.name.start, a.name.end), raw: l.slice(a.name.start, a.rawEnd), value: []byte{}}
		if a.hasValue {
			ra.value = l.slice(a.value.start, a.value.end)
		}
		t.attrs = append(t.attrs, ra)
	}
	l.textStart = end
	l.pos = end
	if l.tagEnd {
		l.state = sData
		return l.sink.endTag(t, raw)
	}
	tt, err := l.sink.startTag(t, raw)
	if tt == textRCData || tt == textRawText || tt == textScriptData {
		l.lastStartTag = append(l.lastStartTag[:0], t.name...)
	}
	l.state = l.textState(tt)
	return err
}

// emitComment reports the comment read so far, ending the lexeme at end.
func (l *lexer) emitComment(end int) error {
	raw := l.slice(l.textStart, end)
	text := l.slice(l.comment.start, max(l.comment.start, l.comment.end))
	l.textStart = end
	l.pos = end
	return l.sink.comment(text, raw)
}

func (l *lexer) emitDoctype(end int) error {
	raw := l.slice(l.textStart, end)
	d := &doctypeLexeme{}
	part := func(s span) []byte {
		if s.start < 0 {
			return nil
		}
		if s.end < 0 {
			s.end = end
		}
		return l.slice(s.start, s.end)
	}
	d.name, d.publicID, d.systemID = part(l.doctypeName), part(l.publicID), part(l.systemID)
	l.textStart = end
	l.pos = end
	return l.sink.doctype(d, raw)
}

// run advances the state machine over the input it has.
func (l *lexer) run() error {
	for {
		if l.pos >= l.limit() {
			if !l.eof {
				return l.endOfChunk()
			}
			return l.endOfFile()
		}
		wait, err := l.step()
		if err != nil || wait {
			// Waiting: a sequence ("--", "DOCTYPE"…) cannot be told
			// apart before more input arrives.
			return err
		}
	}
}

// endOfChunk reports the pending text of the states that do so at the
// end of an input chunk.
func (l *lexer) endOfChunk() error {
	switch l.state {
	case sData, sRCData, sRawText, sScriptData, sPlainText, sCDATASection:
		return l.emitText()
	}
	return nil
}

// endOfFile ends the lexeme being read as its state says.
func (l *lexer) endOfFile() error {
	end := l.limit()
	switch l.state {
	case sTagName, sSelfClosingStartTag, sBeforeAttributeName, sAttributeName, sAfterAttributeName,
		sBeforeAttributeValue, sAttributeValueQuoted, sAttributeValueUnquoted:
		if l.textStart < end {
			return l.emitRaw(end)
		}
		return nil
	case sBogusComment, sComment, sCommentStart, sCommentLT, sCommentLTBang:
		l.comment.end = end
		return l.emitComment(end)
	case sCommentStartDash, sCommentEndDash, sCommentEnd, sCommentEndBang, sCommentLTBangDash, sCommentLTBangDashDash:
		return l.emitComment(end)
	case sMarkupDeclarationOpen:
		// What follows "<!" is a bogus comment.
		l.comment = span{l.pos, end}
		return l.emitComment(end)
	case sDoctype, sBeforeDoctypeName, sDoctypeName, sAfterDoctypeName, sAfterDoctypePublicKeyword, sAfterDoctypeSystemKeyword,
		sBeforeDoctypePublicID, sBeforeDoctypeSystemID, sDoctypePublicID, sDoctypeSystemID, sAfterDoctypePublicID,
		sAfterDoctypeSystemID, sBetweenDoctypeIDs, sBogusDoctype:
		if l.state == sDoctypeName && l.doctypeName.end < 0 {
			l.doctypeName.end = end
		}
		return l.emitDoctype(end)
	}
	return l.emitAllText()
}
