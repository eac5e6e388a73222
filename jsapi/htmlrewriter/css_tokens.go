package htmlrewriter

// A tokenizer for the CSS syntax selectors are written in
// (https://www.w3.org/TR/css-syntax-3/#tokenization), reduced to the
// tokens a selector can hold. Comments are skipped.

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

type cssTokenKind int

const (
	tokEOF cssTokenKind = iota
	tokWhitespace
	tokIdent
	tokFunction // an ident followed by "(": value is the name
	tokAtKeyword
	tokHash   // value without "#"; isID when it would be an ident
	tokString // value unescaped
	tokBadString
	tokNumber
	tokPercentage
	tokDimension // number with a unit (value)
	tokDelim     // delim is the character
	tokColon
	tokSemicolon
	tokComma
	tokLeftBracket
	tokRightBracket
	tokLeftParen
	tokRightParen
	tokLeftBrace
	tokRightBrace
	tokIncludeMatch   // ~=
	tokDashMatch      // |=
	tokPrefixMatch    // ^=
	tokSuffixMatch    // $=
	tokSubstringMatch // *=
	tokColumn         // ||
	tokCDO
	tokCDC
)

type cssToken struct {
	kind  cssTokenKind
	value string
	delim rune
	isID  bool
	// number is the numeric value of a number, percentage or dimension;
	// isInteger and hasSign describe how it was written (An+B needs both).
	number    float64
	isInteger bool
	hasSign   bool
}

// tokenizeCSS splits s into tokens, ending with tokEOF.
func tokenizeCSS(s string) []cssToken {
	t := &cssTokenizer{s: s}
	var out []cssToken
	for {
		tok := t.next()
		out = append(out, tok)
		if tok.kind == tokEOF {
			return out
		}
	}
}

type cssTokenizer struct {
	s   string
	pos int
}

func (t *cssTokenizer) peek(n int) rune {
	p := t.pos
	for i := 0; i < n; i++ {
		if p >= len(t.s) {
			return -1
		}
		_, size := utf8.DecodeRuneInString(t.s[p:])
		p += size
	}
	if p >= len(t.s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(t.s[p:])
	return r
}

func (t *cssTokenizer) advance() rune {
	if t.pos >= len(t.s) {
		return -1
	}
	r, size := utf8.DecodeRuneInString(t.s[t.pos:])
	t.pos += size
	return r
}

func isCSSWhitespace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

func isNameStart(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r >= 0x80
}

func isNameChar(r rune) bool { return isNameStart(r) || r >= '0' && r <= '9' || r == '-' }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// validEscape reports whether a and b start a valid escape.
func validEscape(a, b rune) bool { return a == '\\' && b != '\n' && b != '\r' && b != '\f' && b != -1 }

// startsIdent reports whether the three code points start an identifier.
func startsIdent(a, b, c rune) bool {
	switch {
	case a == '-':
		return isNameStart(b) || b == '-' || validEscape(b, c)
	case isNameStart(a):
		return true
	case a == '\\':
		return validEscape(a, b)
	}
	return false
}

func startsNumber(a, b, c rune) bool {
	switch {
	case a == '+' || a == '-':
		return isDigit(b) || b == '.' && isDigit(c)
	case a == '.':
		return isDigit(b)
	}
	return isDigit(a)
}

func (t *cssTokenizer) next() cssToken {
	// Comments are not tokens.
	for strings.HasPrefix(t.s[t.pos:], "/*") {
		end := strings.Index(t.s[t.pos+2:], "*/")
		if end < 0 {
			t.pos = len(t.s)
		} else {
			t.pos += 2 + end + 2
		}
	}
	c := t.peek(0)
	switch {
	case c == -1:
		return cssToken{kind: tokEOF}
	case isCSSWhitespace(c):
		for isCSSWhitespace(t.peek(0)) {
			t.advance()
		}
		return cssToken{kind: tokWhitespace}
	case c == '"' || c == '\'':
		t.advance()
		return t.string(c)
	case c == '#':
		if isNameChar(t.peek(1)) || validEscape(t.peek(1), t.peek(2)) {
			t.advance()
			isID := startsIdent(t.peek(0), t.peek(1), t.peek(2))
			return cssToken{kind: tokHash, value: t.name(), isID: isID}
		}
	case c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == ':' || c == ';':
		t.advance()
		return cssToken{kind: map[rune]cssTokenKind{'(': tokLeftParen, ')': tokRightParen, '[': tokLeftBracket, ']': tokRightBracket,
			'{': tokLeftBrace, '}': tokRightBrace, ',': tokComma, ':': tokColon, ';': tokSemicolon}[c]}
	case (c == '~' || c == '|' || c == '^' || c == '$' || c == '*') && t.peek(1) == '=':
		t.advance()
		t.advance()
		return cssToken{kind: map[rune]cssTokenKind{'~': tokIncludeMatch, '|': tokDashMatch, '^': tokPrefixMatch, '$': tokSuffixMatch, '*': tokSubstringMatch}[c]}
	case c == '|' && t.peek(1) == '|':
		t.advance()
		t.advance()
		return cssToken{kind: tokColumn}
	case startsNumber(c, t.peek(1), t.peek(2)):
		return t.numeric()
	case c == '<' && strings.HasPrefix(t.s[t.pos:], "<!--"):
		t.pos += 4
		return cssToken{kind: tokCDO}
	case c == '-' && strings.HasPrefix(t.s[t.pos:], "-->"):
		t.pos += 3
		return cssToken{kind: tokCDC}
	case c == '@':
		if startsIdent(t.peek(1), t.peek(2), t.peek(3)) {
			t.advance()
			return cssToken{kind: tokAtKeyword, value: t.name()}
		}
	case startsIdent(c, t.peek(1), t.peek(2)):
		name := t.name()
		if t.peek(0) == '(' {
			t.advance()
			return cssToken{kind: tokFunction, value: name}
		}
		return cssToken{kind: tokIdent, value: name}
	}
	t.advance()
	return cssToken{kind: tokDelim, delim: c}
}

// name consumes a name (https://www.w3.org/TR/css-syntax-3/#consume-name).
func (t *cssTokenizer) name() string {
	var b strings.Builder
	for {
		c := t.peek(0)
		switch {
		case isNameChar(c):
			b.WriteRune(t.advance())
		case validEscape(c, t.peek(1)):
			t.advance()
			b.WriteRune(t.escape())
		default:
			return b.String()
		}
	}
}

// escape consumes an escaped code point, after the backslash.
func (t *cssTokenizer) escape() rune {
	c := t.advance()
	if !isHex(c) {
		if c == -1 {
			return utf8.RuneError
		}
		return c
	}
	v := hexValue(c)
	for i := 0; i < 5 && isHex(t.peek(0)); i++ {
		v = v*16 + hexValue(t.advance())
	}
	if isCSSWhitespace(t.peek(0)) {
		if t.advance() == '\r' && t.peek(0) == '\n' {
			t.advance()
		}
	}
	if v == 0 || v > utf8.MaxRune || v >= 0xD800 && v <= 0xDFFF {
		return utf8.RuneError
	}
	return rune(v)
}

func isHex(c rune) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func hexValue(c rune) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}

func (t *cssTokenizer) string(quote rune) cssToken {
	var b strings.Builder
	for {
		c := t.peek(0)
		switch {
		case c == -1:
			return cssToken{kind: tokString, value: b.String()}
		case c == quote:
			t.advance()
			return cssToken{kind: tokString, value: b.String()}
		case c == '\n':
			return cssToken{kind: tokBadString}
		case c == '\\':
			t.advance()
			switch n := t.peek(0); n {
			case -1:
			case '\n':
				t.advance()
			default:
				b.WriteRune(t.escape())
			}
		default:
			b.WriteRune(t.advance())
		}
	}
}

// numeric consumes a number, percentage or dimension.
func (t *cssTokenizer) numeric() cssToken {
	start := t.pos
	tok := cssToken{isInteger: true}
	if c := t.peek(0); c == '+' || c == '-' {
		tok.hasSign = true
		t.advance()
	}
	for isDigit(t.peek(0)) {
		t.advance()
	}
	if t.peek(0) == '.' && isDigit(t.peek(1)) {
		tok.isInteger = false
		t.advance()
		for isDigit(t.peek(0)) {
			t.advance()
		}
	}
	if c := t.peek(0); (c == 'e' || c == 'E') && (isDigit(t.peek(1)) || (t.peek(1) == '+' || t.peek(1) == '-') && isDigit(t.peek(2))) {
		tok.isInteger = false
		t.advance()
		t.advance()
		for isDigit(t.peek(0)) {
			t.advance()
		}
	}
	tok.number, _ = strconv.ParseFloat(t.s[start:t.pos], 64)
	switch {
	case startsIdent(t.peek(0), t.peek(1), t.peek(2)):
		tok.kind = tokDimension
		tok.value = t.name()
	case t.peek(0) == '%':
		t.advance()
		tok.kind = tokPercentage
	default:
		tok.kind = tokNumber
	}
	return tok
}
