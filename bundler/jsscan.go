package bundler

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is a JavaScript tokenizer just precise enough to walk esbuild's
// output: it finds token boundaries (so that strings, comments, template
// literals and regular expressions are never mistaken for code) and nothing
// else. It does not build a syntax tree and does not validate the program;
// goja does that later.

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokIdent
	tokNumber
	tokString
	// tokTemplate is one piece of a template literal: "`...`", "`...${",
	// "}...${" or "}...`". The braces of a substitution belong to the pieces
	// around it, so a consumer sees "${" open and "}" close a nesting level.
	tokTemplate
	tokRegex
	tokPunct
)

type token struct {
	kind       tokKind
	start, end int // byte offsets into the source
}

// punctuatorsByFirst lists the punctuators longer than one character by
// their first byte, longest first, so that the first prefix match is the
// longest.
var punctuatorsByFirst = func() (m [256][]string) {
	for _, p := range []string{
		">>>=",
		"...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
		"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--",
		"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
	} {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}()

// keywordsBeforeExpression are the words after which a "/" starts a regular
// expression rather than a division.
var keywordsBeforeExpression = map[string]bool{
	"return": true, "typeof": true, "instanceof": true, "in": true, "of": true,
	"new": true, "delete": true, "void": true, "throw": true, "case": true,
	"do": true, "else": true, "yield": true, "await": true, "extends": true,
}

// keywordsBeforeCondition are the words whose parenthesised head is followed by
// a statement, so a "/" right after the closing ")" starts a regular expression:
// `if (x) /re/.test(y)`.
var keywordsBeforeCondition = map[string]bool{
	"if": true, "while": true, "for": true, "with": true,
}

type scanner struct {
	src string
	pos int
	// braces has one entry per open "{" or "${": true for "${", whose "}"
	// resumes the template literal instead of closing a block.
	braces []bool
	// parens has one entry per open "(": true when it follows if/while/for/with.
	parens []bool
	// regexOK says whether a "/" at the current position starts a regular
	// expression. It depends only on the previous significant token.
	regexOK bool
	// prevDot is true when the previous token was "." or "?.", which makes a
	// following word a property name rather than a keyword.
	prevDot bool
	// prevWord is the previous token's text when it was an identifier.
	prevWord string
}

func newScanner(src string) *scanner {
	s := &scanner{src: src, regexOK: true}
	// A hashbang line is only legal at the very start; treat it as a comment.
	if strings.HasPrefix(src, "#!") {
		s.skipLine()
	}
	return s
}

// next returns the next significant token, or an error for input it cannot
// tokenize (an unterminated string, comment, template or regular expression).
func (s *scanner) next() (token, error) {
	if err := s.skipSpaceAndComments(); err != nil {
		return token{}, err
	}
	start := s.pos
	if s.pos >= len(s.src) {
		return token{kind: tokEOF, start: start, end: start}, nil
	}
	c := s.src[s.pos]
	var kind tokKind
	var err error
	switch {
	case c == '"' || c == '\'':
		kind, err = tokString, s.scanString(c)
	case c == '`':
		s.pos++
		kind, err = tokTemplate, s.scanTemplate()
	case c == '}' && len(s.braces) > 0 && s.braces[len(s.braces)-1]:
		s.braces = s.braces[:len(s.braces)-1]
		s.pos++
		kind, err = tokTemplate, s.scanTemplate()
	case isDigit(c) || c == '.' && s.pos+1 < len(s.src) && isDigit(s.src[s.pos+1]):
		kind = tokNumber
		s.scanNumber()
	case c == '/' && s.regexOK:
		kind, err = tokRegex, s.scanRegex()
	case isIdentStart(c) || c == '#' || c == '\\' || c >= utf8.RuneSelf:
		kind = tokIdent
		if !s.scanIdent() {
			r, _ := utf8.DecodeRuneInString(s.src[start:])
			return token{}, fmt.Errorf("unexpected character %q at offset %d", r, start)
		}
	default:
		kind = tokPunct
		s.scanPunct()
	}
	if err != nil {
		return token{}, err
	}
	tok := token{kind: kind, start: start, end: s.pos}
	s.afterToken(tok)
	return tok, nil
}

// afterToken updates the nesting stacks and decides whether a "/" that
// follows tok would start a regular expression.
func (s *scanner) afterToken(tok token) {
	text := s.src[tok.start:tok.end]
	prevWord, prevDot := s.prevWord, s.prevDot
	s.prevWord, s.prevDot = "", false
	switch tok.kind {
	case tokIdent:
		s.regexOK = !prevDot && keywordsBeforeExpression[text]
		if !prevDot {
			s.prevWord = text
		}
	case tokNumber, tokString, tokRegex:
		s.regexOK = false
	case tokTemplate:
		if strings.HasSuffix(text, "${") {
			s.braces = append(s.braces, true)
			s.regexOK = true
		} else {
			s.regexOK = false
		}
	case tokPunct:
		s.regexOK = true
		switch text {
		case "{":
			s.braces = append(s.braces, false)
		case "}":
			if len(s.braces) > 0 {
				s.braces = s.braces[:len(s.braces)-1]
			}
			// A "}" usually ends a block, after which a statement (possibly
			// starting with a regular expression) may follow. Dividing an
			// object literal or a function expression is meaningless code.
		case "(":
			s.parens = append(s.parens, keywordsBeforeCondition[prevWord])
		case ")":
			s.regexOK = false
			if n := len(s.parens); n > 0 {
				s.regexOK = s.parens[n-1]
				s.parens = s.parens[:n-1]
			}
		case "]", "++", "--":
			s.regexOK = false
		case ".", "?.":
			s.prevDot = true
		}
	}
}

func (s *scanner) skipSpaceAndComments() error {
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			s.pos++
		case c == '/' && strings.HasPrefix(s.src[s.pos:], "//"):
			s.skipLine()
		case c == '/' && strings.HasPrefix(s.src[s.pos:], "/*"):
			end := strings.Index(s.src[s.pos+2:], "*/")
			if end < 0 {
				return fmt.Errorf("unterminated comment at offset %d", s.pos)
			}
			s.pos += 2 + end + 2
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s.src[s.pos:])
			if !isSpaceRune(r) {
				return nil
			}
			s.pos += size
		default:
			return nil
		}
	}
	return nil
}

// skipLine moves to the next line terminator (which is left for the
// whitespace skipper).
func (s *scanner) skipLine() {
	for s.pos < len(s.src) {
		if n := lineTerminatorLen(s.src[s.pos:]); n > 0 {
			return
		}
		s.pos++
	}
}

func (s *scanner) scanString(quote byte) error {
	start := s.pos
	s.pos++
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == quote:
			s.pos++
			return nil
		case c == '\\':
			s.pos += 2 // an escape, including a line continuation "\\\n"
			if strings.HasPrefix(s.src[s.pos-1:], "\r\n") {
				s.pos++
			}
		case c == '\n' || c == '\r':
			return fmt.Errorf("unterminated string at offset %d", start)
		default:
			s.pos++
		}
	}
	return fmt.Errorf("unterminated string at offset %d", start)
}

// scanTemplate scans template characters up to and including the closing
// backquote or the "${" of a substitution.
func (s *scanner) scanTemplate() error {
	start := s.pos
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '`':
			s.pos++
			return nil
		case '\\':
			s.pos += 2
		case '$':
			s.pos++
			if s.pos < len(s.src) && s.src[s.pos] == '{' {
				s.pos++
				return nil
			}
		default:
			s.pos++
		}
	}
	return fmt.Errorf("unterminated template literal at offset %d", start)
}

// scanNumber accepts every numeric literal form (decimal, exponent, hex,
// octal, binary, separators, BigInt suffix) without validating it.
func (s *scanner) scanNumber() {
	radix := len(s.src) > s.pos+1 && s.src[s.pos] == '0' && strings.ContainsRune("xXoObB", rune(s.src[s.pos+1]))
	seenDot := false
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case isIdentPart(c):
			s.pos++
			// A sign right after a decimal exponent marker belongs to the number.
			if !radix && (c == 'e' || c == 'E') && s.pos < len(s.src) && (s.src[s.pos] == '+' || s.src[s.pos] == '-') {
				s.pos++
			}
		case c == '.' && !seenDot && !radix:
			seenDot = true
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) scanRegex() error {
	start := s.pos
	s.pos++
	inClass := false
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\\':
			s.pos += 2
			continue
		case c == '\n' || c == '\r':
			return fmt.Errorf("unterminated regular expression at offset %d", start)
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			s.pos++
			for s.pos < len(s.src) && isIdentPart(s.src[s.pos]) {
				s.pos++ // flags
			}
			return nil
		}
		s.pos++
	}
	return fmt.Errorf("unterminated regular expression at offset %d", start)
}

// scanIdent scans an identifier, a keyword or a private name (#x), with
// \u escapes and non-ASCII letters. It reports false when no character was
// consumed (a stray "#", "\" or non-identifier rune).
func (s *scanner) scanIdent() bool {
	start := s.pos
	if s.src[s.pos] == '#' {
		s.pos++
	}
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case isIdentPart(c):
			s.pos++
		case c == '\\' && strings.HasPrefix(s.src[s.pos:], `\u{`):
			end := strings.IndexByte(s.src[s.pos:], '}')
			if end < 0 {
				return false
			}
			s.pos += end + 1
		case c == '\\' && strings.HasPrefix(s.src[s.pos:], `\u`):
			s.pos = min(s.pos+6, len(s.src))
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s.src[s.pos:])
			if isSpaceRune(r) || r == utf8.RuneError && size == 1 {
				return s.pos > start
			}
			s.pos += size
		default:
			return s.pos > start && s.src[start:s.pos] != "#"
		}
	}
	return s.pos > start
}

func (s *scanner) scanPunct() {
	rest := s.src[s.pos:]
	for _, p := range punctuatorsByFirst[rest[0]] {
		if strings.HasPrefix(rest, p) {
			// "a?.5:1" is a conditional with the number .5, not optional chaining.
			if p == "?." && len(rest) > 2 && isDigit(rest[2]) {
				continue
			}
			s.pos += len(p)
			return
		}
	}
	s.pos++
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }

// isSpaceRune reports whitespace and line terminators outside ASCII:
// NBSP, BOM, the Zs category, LINE and PARAGRAPH SEPARATOR.
func isSpaceRune(r rune) bool {
	return r == '\uFEFF' || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Zs, r)
}

// lineTerminatorLen returns the byte length of the line terminator that s
// starts with, or 0.
func lineTerminatorLen(s string) int {
	switch {
	case s == "":
		return 0
	case s[0] == '\n' || s[0] == '\r':
		return 1
	case strings.HasPrefix(s, "\u2028") || strings.HasPrefix(s, "\u2029"):
		return 3
	}
	return 0
}
