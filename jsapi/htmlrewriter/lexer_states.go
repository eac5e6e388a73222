package htmlrewriter

// The tokenizer's states, one case each, as lol-html has them (see
// lexer.go). "Consume" advances pos; "reconsume" changes state only.
// Sequences ("--", "DOCTYPE", "[CDATA[", "SCRIPT", "PUBLIC", "SYSTEM",
// "]>") wait for enough input to be told apart.

import "bytes"

// step runs one transition of the state machine on the byte at pos.
func (l *lexer) step() (wait bool, err error) {
	c := l.at(l.pos)
	switch l.state {
	// Text.
	case sData, sRCData, sRawText, sScriptData:
		if c != '<' {
			l.skipTo('<')
			return false, nil
		}
		if err := l.emitText(); err != nil {
			return false, err
		}
		l.pos++
		l.state = lessThanState(l.state)
		return false, nil
	case sPlainText:
		l.pos = l.limit()

	case sRCDataLT, sRawTextLT:
		text := textStateOf(l.state)
		if c == '/' {
			l.pos++
			l.state = endTagOpenState(text)
			return false, nil
		}
		return false, l.notATag(text)
	case sScriptDataLT:
		switch c {
		case '/':
			l.pos++
			l.state = sScriptDataEndTagOpen
		case '!':
			l.pos++
			l.state = sScriptDataEscapeStart
		default:
			return false, l.notATag(sScriptData)
		}
	case sRCDataEndTagOpen, sRawTextEndTagOpen, sScriptDataEndTagOpen, sScriptDataEscapedEndTagOpen:
		text := textStateOf(l.state)
		if isAlpha(c) {
			l.startTag(true)
			l.pos++
			l.state = endTagNameState(text)
			return false, nil
		}
		return false, l.notATag(text)
	case sRCDataEndTagName, sRawTextEndTagName, sScriptDataEndTagName, sScriptDataEscapedEndTagName:
		text := textStateOf(l.state)
		switch {
		case isAlpha(c):
			l.pos++
		case isWhitespace(c) || c == '/' || c == '>':
			if !l.isAppropriateEndTag() {
				return false, l.notATag(text)
			}
			l.finishTagName()
			switch c {
			case '>':
				return false, l.emitTag()
			case '/':
				l.state = sSelfClosingStartTag
			default:
				l.state = sBeforeAttributeName
			}
			l.pos++
		default:
			return false, l.notATag(text)
		}

	// Script data escapes ("<!--" inside a script).
	case sScriptDataEscapeStart:
		ok, wait := l.seq("--", false)
		switch {
		case wait:
			return true, nil
		case ok:
			l.pos += 2
			l.state = sScriptDataEscapedDashDash
		default:
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.state = sScriptData
		}
	case sScriptDataEscapedDashDash:
		switch c {
		case '-':
			l.pos++
		case '<':
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.pos++
			l.state = sScriptDataEscapedLT
		case '>':
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.state = sScriptData
		default:
			l.pos++
			l.state = sScriptDataEscaped
		}
	case sScriptDataEscaped:
		if ok, wait := l.seq("--", false); wait {
			return true, nil
		} else if ok {
			l.pos += 2
			l.state = sScriptDataEscapedDashDash
			return false, nil
		}
		if c == '<' {
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.pos++
			l.state = sScriptDataEscapedLT
			return false, nil
		}
		l.pos++
	case sScriptDataEscapedLT:
		if ok, wait := l.seq("script", true); wait {
			return true, nil
		} else if ok {
			l.pos += len("script")
			l.state = sScriptDataDoubleEscapeStart
			return false, nil
		}
		if c == '/' {
			l.pos++
			l.state = sScriptDataEscapedEndTagOpen
			return false, nil
		}
		return false, l.notATag(sScriptDataEscaped)
	case sScriptDataDoubleEscapeStart:
		if isWhitespace(c) || c == '/' || c == '>' {
			l.pos++
			l.state = sScriptDataDoubleEscaped
			return false, nil
		}
		l.state = sScriptDataEscaped
	case sScriptDataDoubleEscaped:
		if ok, wait := l.seq("--", false); wait {
			return true, nil
		} else if ok {
			l.pos += 2
			l.state = sScriptDataDoubleEscapedDashDash
			return false, nil
		}
		if c == '<' {
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.pos++
			l.state = sScriptDataDoubleEscapedLT
			return false, nil
		}
		l.pos++
	case sScriptDataDoubleEscapedDashDash:
		switch c {
		case '-':
			l.pos++
		case '<':
			l.pos++
			l.state = sScriptDataDoubleEscapedLT
		case '>':
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.state = sScriptData
		default:
			l.pos++
			l.state = sScriptDataDoubleEscaped
		}
	case sScriptDataDoubleEscapedLT:
		if c == '/' {
			l.pos++
			l.state = sScriptDataDoubleEscapedEndTagName
			return false, nil
		}
		l.state = sScriptDataDoubleEscaped
	case sScriptDataDoubleEscapedEndTagName:
		if ok, wait := l.seq("script", true); wait {
			return true, nil
		} else if ok {
			l.pos += len("script")
			l.state = sScriptDataDoubleEscapedEnd
			return false, nil
		}
		l.state = sScriptDataDoubleEscaped
	case sScriptDataDoubleEscapedEnd:
		if isWhitespace(c) || c == '/' || c == '>' {
			l.pos++
			l.state = sScriptDataEscaped
			return false, nil
		}
		l.state = sScriptDataDoubleEscaped

	// CDATA sections (in SVG and MathML).
	case sCDATASection:
		if c == ']' {
			if err := l.emitText(); err != nil {
				return false, err
			}
			l.pos++
			l.state = sCDATASectionBracket
			return false, nil
		}
		l.pos++
	case sCDATASectionBracket:
		if ok, wait := l.seq("]>", false); wait {
			return true, nil
		} else if ok {
			l.state = sData
			return false, l.emitRaw(l.pos + 2)
		}
		if err := l.emitText(); err != nil {
			return false, err
		}
		l.state = sCDATASection

	// Tags.
	case sTagOpen:
		switch {
		case isAlpha(c):
			l.startTag(false)
			l.pos++
			l.state = sTagName
		case c == '!':
			l.pos++
			l.state = sMarkupDeclarationOpen
		case c == '/':
			l.pos++
			l.state = sEndTagOpen
		case c == '?':
			l.comment = span{l.pos, -1}
			l.state = sBogusComment
		default:
			return false, l.notATag(sData)
		}
	case sEndTagOpen:
		switch {
		case isAlpha(c):
			l.startTag(true)
			l.pos++
			l.state = sTagName
		case c == '>':
			l.state = sData
			return false, l.emitRaw(l.pos + 1)
		default:
			l.comment = span{l.pos, -1}
			l.state = sBogusComment
		}
	case sMarkupDeclarationOpen:
		return l.markupDeclarationOpen()
	case sTagName:
		switch {
		case isWhitespace(c):
			l.finishTagName()
			l.pos++
			l.state = sBeforeAttributeName
		case c == '>':
			l.finishTagName()
			return false, l.emitTag()
		case c == '/':
			l.finishTagName()
			l.pos++
			l.state = sSelfClosingStartTag
		default:
			l.pos++
		}
	case sSelfClosingStartTag:
		if c == '>' {
			l.selfClosing = true
			return false, l.emitTag()
		}
		l.state = sBeforeAttributeName
	case sBeforeAttributeName:
		switch {
		case isWhitespace(c):
			l.pos++
		case c == '/':
			l.pos++
			l.state = sSelfClosingStartTag
		case c == '>':
			return false, l.emitTag()
		default:
			l.startAttr()
			l.pos++
			l.state = sAttributeName
		}
	case sAttributeName:
		switch {
		case isWhitespace(c):
			l.attr.name.end = l.pos
			l.pos++
			l.state = sAfterAttributeName
		case c == '=':
			l.attr.name.end = l.pos
			l.pos++
			l.state = sBeforeAttributeValue
		case c == '/':
			l.attr.name.end = l.pos
			l.finishAttr()
			l.pos++
			l.state = sSelfClosingStartTag
		case c == '>':
			l.attr.name.end = l.pos
			l.finishAttr()
			return false, l.emitTag()
		default:
			l.pos++
		}
	case sAfterAttributeName:
		switch {
		case isWhitespace(c):
			l.pos++
		case c == '/':
			l.finishAttr()
			l.pos++
			l.state = sSelfClosingStartTag
		case c == '=':
			l.pos++
			l.state = sBeforeAttributeValue
		case c == '>':
			l.finishAttr()
			return false, l.emitTag()
		default:
			l.finishAttr()
			l.startAttr()
			l.pos++
			l.state = sAttributeName
		}
	case sBeforeAttributeValue:
		switch {
		case isWhitespace(c):
			l.pos++
		case c == '"' || c == '\'':
			l.pos++
			l.attr.value = span{l.pos, -1}
			l.attr.quoted = true
			l.quote = c
			l.state = sAttributeValueQuoted
		case c == '>':
			// "<a x=>": lol-html goes on in the data state whatever the
			// element.
			l.finishAttr()
			err := l.emitTag()
			l.state = sData
			return false, err
		default:
			l.attr.value = span{l.pos, -1}
			l.state = sAttributeValueUnquoted
		}
	case sAttributeValueQuoted:
		if c != l.quote {
			l.skipTo(l.quote)
			return false, nil
		}
		l.attr.value.end = l.pos
		l.attr.hasValue = true
		l.finishAttr()
		l.pos++
		l.state = sBeforeAttributeName
	case sAttributeValueUnquoted:
		switch {
		case isWhitespace(c):
			l.attr.value.end = l.pos
			l.attr.hasValue = true
			l.finishAttr()
			l.pos++
			l.state = sBeforeAttributeName
		case c == '>':
			l.attr.value.end = l.pos
			l.attr.hasValue = true
			l.finishAttr()
			return false, l.emitTag()
		default:
			l.pos++
		}

	// Comments. comment.end is kept at the position of the last byte
	// looked at that could still be text, as lol-html marks it.
	case sBogusComment:
		if c != '>' {
			l.skipTo('>')
			return false, nil
		}
		l.comment.end = l.pos
		l.state = sData
		return false, l.emitComment(l.pos + 1)
	case sCommentStart:
		switch c {
		case '-':
			l.comment.end = l.pos
			l.pos++
			l.state = sCommentStartDash
		case '>':
			l.comment.end = l.pos
			l.state = sData
			return false, l.emitComment(l.pos + 1)
		default:
			l.state = sComment
		}
	case sComment:
		switch c {
		case '-':
			l.comment.end = l.pos
			l.pos++
			l.state = sCommentEndDash
		case '<':
			l.pos++
			l.state = sCommentLT
		default:
			l.comment.end = l.pos
			l.pos++
		}
	case sCommentStartDash:
		switch c {
		case '-':
			l.pos++
			l.state = sCommentEnd
		case '>':
			l.state = sData
			return false, l.emitComment(l.pos + 1)
		default:
			l.state = sComment
		}
	case sCommentEndDash:
		if c == '-' {
			l.pos++
			l.state = sCommentEnd
			return false, nil
		}
		l.state = sComment
	case sCommentEnd:
		switch c {
		case '>':
			l.state = sData
			return false, l.emitComment(l.pos + 1)
		case '!':
			l.pos++
			l.state = sCommentEndBang
		case '-':
			l.comment.end++
			l.pos++
		default:
			l.comment.end += 2
			l.state = sComment
		}
	case sCommentLT:
		l.comment.end = l.pos
		switch c {
		case '!':
			l.pos++
			l.state = sCommentLTBang
		case '<':
			l.pos++
		default:
			l.state = sComment
		}
	case sCommentLTBang:
		l.comment.end = l.pos
		if c == '-' {
			l.pos++
			l.state = sCommentLTBangDash
			return false, nil
		}
		l.state = sComment
	case sCommentLTBangDash:
		if c == '-' {
			l.pos++
			l.state = sCommentLTBangDashDash
			return false, nil
		}
		l.state = sCommentEndDash
	case sCommentLTBangDashDash:
		l.state = sCommentEnd
	case sCommentEndBang:
		switch c {
		case '-':
			l.comment.end += 3
			l.pos++
			l.state = sCommentEndDash
		case '>':
			l.state = sData
			return false, l.emitComment(l.pos + 1)
		default:
			l.comment.end += 3
			l.state = sComment
		}

	default:
		return l.doctypeStep(c)
	}
	return false, nil
}

// skipTo moves pos to the next c, or to the end of the input: the bytes
// in between change nothing in the current state.
func (l *lexer) skipTo(c byte) {
	if i := bytes.IndexByte(l.buf[l.pos-l.base:], c); i >= 0 {
		l.pos += i
	} else {
		l.pos = l.limit()
	}
}

// notATag ends a "<…" that turned out to be text: it is reported as a
// piece of its own, and the tokenizer goes on in the text state given.
func (l *lexer) notATag(text lexState) error {
	l.state = text
	return l.emitText()
}

// markupDeclarationOpen reads what follows "<!".
func (l *lexer) markupDeclarationOpen() (bool, error) {
	if ok, wait := l.seq("--", false); wait {
		return true, nil
	} else if ok {
		l.pos += 2
		l.comment = span{l.pos, -1}
		l.state = sCommentStart
		return false, nil
	}
	if ok, wait := l.seq("doctype", true); wait {
		return true, nil
	} else if ok {
		l.pos += len("doctype")
		l.doctypeName, l.publicID, l.systemID = span{-1, -1}, span{-1, -1}, span{-1, -1}
		l.state = sDoctype
		return false, nil
	}
	if ok, wait := l.seq("[CDATA[", false); wait {
		return true, nil
	} else if ok {
		if l.sink.cdataAllowed() {
			l.state = sCDATASection
			return false, l.emitRaw(l.pos + len("[CDATA["))
		}
		l.comment = span{l.pos, -1}
		l.pos += len("[CDATA[")
		l.state = sBogusComment
		return false, nil
	}
	l.comment = span{l.pos, -1}
	l.state = sBogusComment
	return false, nil
}

// doctypeStep runs the doctype states.
func (l *lexer) doctypeStep(c byte) (bool, error) {
	emit := func() (bool, error) {
		l.state = sData
		return false, l.emitDoctype(l.pos + 1)
	}
	switch l.state {
	case sDoctype:
		switch {
		case isWhitespace(c):
			l.pos++
			l.state = sBeforeDoctypeName
		case c == '>':
			return emit()
		default:
			l.state = sBeforeDoctypeName
		}
	case sBeforeDoctypeName:
		switch {
		case isWhitespace(c):
			l.pos++
		case c == '>':
			return emit()
		default:
			l.doctypeName = span{l.pos, -1}
			l.pos++
			l.state = sDoctypeName
		}
	case sDoctypeName:
		switch {
		case isWhitespace(c):
			l.doctypeName.end = l.pos
			l.pos++
			l.state = sAfterDoctypeName
		case c == '>':
			l.doctypeName.end = l.pos
			return emit()
		default:
			l.pos++
		}
	case sAfterDoctypeName:
		switch {
		case isWhitespace(c):
			l.pos++
			return false, nil
		case c == '>':
			return emit()
		}
		for _, kw := range []struct {
			word string
			next lexState
		}{{"public", sAfterDoctypePublicKeyword}, {"system", sAfterDoctypeSystemKeyword}} {
			if ok, wait := l.seq(kw.word, true); wait {
				return true, nil
			} else if ok {
				l.pos += len(kw.word)
				l.state = kw.next
				return false, nil
			}
		}
		l.pos++
		l.state = sBogusDoctype
	case sAfterDoctypePublicKeyword, sAfterDoctypeSystemKeyword, sBeforeDoctypePublicID, sBeforeDoctypeSystemID:
		public := l.state == sAfterDoctypePublicKeyword || l.state == sBeforeDoctypePublicID
		switch {
		case isWhitespace(c):
			l.pos++
			if public {
				l.state = sBeforeDoctypePublicID
			} else {
				l.state = sBeforeDoctypeSystemID
			}
		case c == '"' || c == '\'':
			l.quote = c
			l.pos++
			if public {
				l.publicID = span{l.pos, -1}
				l.state = sDoctypePublicID
			} else {
				l.systemID = span{l.pos, -1}
				l.state = sDoctypeSystemID
			}
		case c == '>':
			return emit()
		default:
			l.pos++
			l.state = sBogusDoctype
		}
	case sDoctypePublicID, sDoctypeSystemID:
		id := &l.publicID
		after := sAfterDoctypePublicID
		if l.state == sDoctypeSystemID {
			id, after = &l.systemID, sAfterDoctypeSystemID
		}
		switch c {
		case l.quote:
			id.end = l.pos
			l.pos++
			l.state = after
		case '>':
			id.end = l.pos
			return emit()
		default:
			l.pos++
		}
	case sAfterDoctypePublicID, sBetweenDoctypeIDs:
		switch {
		case isWhitespace(c):
			l.pos++
			l.state = sBetweenDoctypeIDs
		case c == '>':
			return emit()
		case c == '"' || c == '\'':
			l.quote = c
			l.pos++
			l.systemID = span{l.pos, -1}
			l.state = sDoctypeSystemID
		default:
			l.pos++
			l.state = sBogusDoctype
		}
	case sAfterDoctypeSystemID:
		switch {
		case isWhitespace(c):
			l.pos++
		case c == '>':
			return emit()
		default:
			l.pos++
			l.state = sBogusDoctype
		}
	case sBogusDoctype:
		if c == '>' {
			return emit()
		}
		l.pos++
	}
	return false, nil
}

// The states of the "<", "</" and "</name" steps in each text mode.

func lessThanState(text lexState) lexState {
	switch text {
	case sRCData:
		return sRCDataLT
	case sRawText:
		return sRawTextLT
	case sScriptData:
		return sScriptDataLT
	}
	return sTagOpen
}

func endTagOpenState(text lexState) lexState {
	switch text {
	case sRCData:
		return sRCDataEndTagOpen
	case sRawText:
		return sRawTextEndTagOpen
	case sScriptDataEscaped:
		return sScriptDataEscapedEndTagOpen
	}
	return sScriptDataEndTagOpen
}

func endTagNameState(text lexState) lexState {
	switch text {
	case sRCData:
		return sRCDataEndTagName
	case sRawText:
		return sRawTextEndTagName
	case sScriptDataEscaped:
		return sScriptDataEscapedEndTagName
	}
	return sScriptDataEndTagName
}

// textStateOf is the text mode a "<…" step belongs to.
func textStateOf(s lexState) lexState {
	switch s {
	case sRCDataLT, sRCDataEndTagOpen, sRCDataEndTagName:
		return sRCData
	case sRawTextLT, sRawTextEndTagOpen, sRawTextEndTagName:
		return sRawText
	case sScriptDataEscapedLT, sScriptDataEscapedEndTagOpen, sScriptDataEscapedEndTagName:
		return sScriptDataEscaped
	}
	return sScriptData
}
