// Package urlpattern is the URL Pattern Standard (https://urlpattern.spec.whatwg.org/):
// pattern strings tokenized and parsed into parts, each URL component's
// parts compiled to a regular expression, the constructor string parser
// that splits "https://*.example.com/*" into components, and matching a
// URL against a pattern. Component canonicalization uses jsapi/whatwgurl.
//
// Regular expressions run on Go's regexp: the ones the standard generates
// are within its syntax, and so are the custom groups people write
// ("(\\d+)"); a custom group that needs JS-only syntax (lookaround,
// backreferences) is refused with a TypeError.
package urlpattern

import (
	"unicode"
)

type tokenType int

const (
	tokOpen tokenType = iota
	tokClose
	tokRegexp
	tokName
	tokChar
	tokEscapedChar
	tokOtherModifier
	tokAsterisk
	tokEnd
	tokInvalidChar
)

type token struct {
	typ   tokenType
	index int // code point index in the input
	value string
}

// ErrPattern is a malformed pattern (thrown as a TypeError).
type ErrPattern struct{ Msg string }

func (e *ErrPattern) Error() string { return e.Msg }

func patternError(msg string) error { return &ErrPattern{Msg: msg} }

// tokenize is the spec's tokenizer; lenient turns errors into
// invalid-char tokens (the constructor string parser's policy).
func tokenize(input string, lenient bool) ([]token, error) {
	in := []rune(input)
	var tokens []token
	i := 0
	fail := func(at, next int, msg string) error {
		if !lenient {
			return patternError(msg)
		}
		tokens = append(tokens, token{tokInvalidChar, at, string(in[at:next])})
		i = next
		return nil
	}
	for i < len(in) {
		c := in[i]
		switch {
		case c == '*':
			tokens = append(tokens, token{tokAsterisk, i, "*"})
			i++
		case c == '+' || c == '?':
			tokens = append(tokens, token{tokOtherModifier, i, string(c)})
			i++
		case c == '\\':
			if i == len(in)-1 {
				if err := fail(i, i+1, "Invalid pattern: a trailing backslash escapes nothing"); err != nil {
					return nil, err
				}
				continue
			}
			tokens = append(tokens, token{tokEscapedChar, i, string(in[i+1])})
			i += 2
		case c == '{':
			tokens = append(tokens, token{tokOpen, i, "{"})
			i++
		case c == '}':
			tokens = append(tokens, token{tokClose, i, "}"})
			i++
		case c == ':':
			j := i + 1
			for j < len(in) && isNameCodePoint(in[j], j == i+1) {
				j++
			}
			if j == i+1 {
				if err := fail(i, i+1, "Invalid pattern: a name is missing after ':'"); err != nil {
					return nil, err
				}
				continue
			}
			tokens = append(tokens, token{tokName, i, string(in[i+1 : j])})
			i = j
		case c == '(':
			value, next, msg := readRegexp(in, i)
			if msg != "" {
				if err := fail(i, next, "Invalid pattern: "+msg); err != nil {
					return nil, err
				}
				continue
			}
			tokens = append(tokens, token{tokRegexp, i, value})
			i = next
		default:
			tokens = append(tokens, token{tokChar, i, string(c)})
			i++
		}
	}
	tokens = append(tokens, token{tokEnd, len(in), ""})
	return tokens, nil
}

// readRegexp reads a "(…)" group starting at in[start]; it returns the
// group's contents and where it ends, or an error message and where the
// error was found.
func readRegexp(in []rune, start int) (string, int, string) {
	depth := 1
	j := start + 1
	var out []rune
	for j < len(in) {
		c := in[j]
		if c > 0x7F {
			return "", j, "a regular expression group must be ASCII"
		}
		if j == start+1 && c == '?' {
			return "", j, "a regular expression group must not start with '?'"
		}
		if c == '\\' {
			if j == len(in)-1 {
				return "", j, "a trailing backslash escapes nothing"
			}
			if in[j+1] > 0x7F {
				return "", j + 1, "a regular expression group must be ASCII"
			}
			out = append(out, c, in[j+1])
			j += 2
			continue
		}
		if c == ')' {
			depth--
			if depth == 0 {
				j++
				break
			}
		} else if c == '(' {
			depth++
			if j == len(in)-1 || in[j+1] != '?' {
				return "", j, "capturing groups are not allowed inside a regular expression group"
			}
		}
		out = append(out, c)
		j++
	}
	if depth != 0 {
		return "", start + 1, "unbalanced regular expression group"
	}
	if len(out) == 0 {
		return "", start + 1, "empty regular expression group"
	}
	return string(out), j, ""
}

// isNameCodePoint: identifier start (or $ and _) first, identifier part
// after.
func isNameCodePoint(c rune, first bool) bool {
	if c == '$' || c == '_' {
		return true
	}
	if first {
		return unicode.IsLetter(c) || unicode.Is(unicode.Nl, c) || unicode.Is(unicode.Other_ID_Start, c)
	}
	return c == 0x200C || c == 0x200D || unicode.IsLetter(c) || unicode.Is(unicode.Nl, c) || unicode.Is(unicode.Mn, c) ||
		unicode.Is(unicode.Mc, c) || unicode.Is(unicode.Nd, c) || unicode.Is(unicode.Pc, c) || unicode.Is(unicode.Other_ID_Start, c)
}
