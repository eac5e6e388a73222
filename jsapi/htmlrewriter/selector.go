package htmlrewriter

// CSS selectors as lol-html supports them: lists of complex selectors made
// of compound selectors (type, universal, #id, .class, [attr] with = ~= |=
// ^= $= *= and the i/s flags, :first-child, :nth-child(An+B),
// :first-of-type, :nth-of-type(An+B), :not(…)) joined by descendant or
// child combinators. Everything else is refused with lol-html's error
// texts, which follow how the selectors crate fails (the parse is modelled
// on its order of checks, so the same mistake gives the same message).

import (
	"errors"
	"strings"
)

// The selector errors lol-html reports.
var (
	errUnexpectedToken          = errors.New("Unexpected token in selector.")
	errUnexpectedEnd            = errors.New("Unexpected end of selector.")
	errMissingAttributeName     = errors.New("Missing attribute name in attribute selector.")
	errEmptySelector            = errors.New("The selector is empty.")
	errDanglingCombinator       = errors.New("Dangling combinator in selector.")
	errUnexpectedTokenInAttr    = errors.New("Unexpected token in the attribute selector.")
	errUnsupportedPseudo        = errors.New("Unsupported pseudo-class or pseudo-element in selector.")
	errNamespacedSelector       = errors.New("Selectors with explicit namespaces are not supported.")
	errInvalidClassName         = errors.New("Invalid or unescaped class name in selector.")
	errUnsupportedCombinatorAdd = errors.New("Unsupported combinator `+` in selector.")
	errUnsupportedCombinatorSib = errors.New("Unsupported combinator `~` in selector.")
)

// Selector is a parsed selector list.
type Selector struct {
	alternatives []complexSelector
}

// complexSelector is compound selectors joined by combinators, stored
// rightmost first: compounds[0] is the subject, combinators[i] joins
// compounds[i] to compounds[i+1] (its ancestor side).
type complexSelector struct {
	compounds   []compoundSelector
	combinators []combinator
}

type combinator int

const (
	combinatorDescendant combinator = iota
	combinatorChild
)

type compoundSelector struct {
	// localName is the lower-cased type, "" for none or the universal one.
	localName string
	ids       []string
	classes   []string
	attrs     []attrSelector
	nth       []nthSelector
	not       []*Selector
}

type attrOperator int

const (
	attrExists attrOperator = iota
	attrEquals
	attrIncludes  // ~=
	attrDashMatch // |=
	attrPrefix    // ^=
	attrSuffix    // $=
	attrSubstring // *=
)

type caseSensitivity int

const (
	// caseDefault is case-insensitive for the HTML attributes whose
	// values the HTML standard says are, on HTML elements.
	caseDefault caseSensitivity = iota
	caseInsensitive
	caseSensitive
)

type attrSelector struct {
	// name is as written: lol-html compares it with the lower-cased
	// attribute names, so an upper-case name never matches.
	name  string
	op    attrOperator
	value string
	cs    caseSensitivity
}

type nthSelector struct {
	ofType bool
	a, b   int
}

// ParseSelector parses a selector list, or returns lol-html's error for it.
func ParseSelector(s string) (*Selector, error) {
	p := &selectorParser{toks: tokenizeCSS(s)}
	sel, err := p.selectorList()
	if err != nil {
		return nil, err
	}
	// What parses but lol-html cannot match is refused after the parse,
	// so a syntax error later in the selector is reported first.
	if p.unsupported != nil {
		return nil, p.unsupported
	}
	return sel, nil
}

type selectorParser struct {
	toks []cssToken
	pos  int
	// depth counts the :not(…) being parsed: inside, ")" ends the list.
	depth int
	// unsupported is the first construct that parsed but is refused.
	unsupported error
}

// refuse records a construct that parses but lol-html does not support.
func (p *selectorParser) refuse(err error) {
	if p.unsupported == nil {
		p.unsupported = err
	}
}

// atEnd reports whether t ends the selector being parsed: the input's
// end, a comma before the next selector, or the ")" of a :not().
func (p *selectorParser) atEnd(t cssToken) bool {
	return t.kind == tokEOF || t.kind == tokComma || p.depth > 0 && t.kind == tokRightParen
}

func (p *selectorParser) peek() cssToken { return p.toks[p.pos] }

func (p *selectorParser) nextIncludingWhitespace() cssToken {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *selectorParser) skipWhitespace() {
	for p.peek().kind == tokWhitespace {
		p.pos++
	}
}

// next returns the next token that is not whitespace.
func (p *selectorParser) next() cssToken {
	p.skipWhitespace()
	return p.nextIncludingWhitespace()
}

// selectorList parses comma-separated complex selectors up to the end of
// the input (or of the :not() being parsed).
func (p *selectorParser) selectorList() (*Selector, error) {
	list := &Selector{}
	for {
		sel, err := p.complex()
		if err != nil {
			return nil, err
		}
		list.alternatives = append(list.alternatives, sel)
		p.skipWhitespace()
		switch t := p.peek(); {
		case t.kind == tokComma:
			p.pos++
		case t.kind == tokEOF, p.depth > 0 && t.kind == tokRightParen:
			return list, nil
		default:
			return nil, errUnexpectedToken
		}
	}
}

// complex parses compound selectors and the combinators between them.
func (p *selectorParser) complex() (complexSelector, error) {
	var compounds []compoundSelector
	var combinators []combinator
	for {
		comp, empty, err := p.compound()
		if err != nil {
			return complexSelector{}, err
		}
		if empty {
			if len(combinators) > 0 {
				return complexSelector{}, errDanglingCombinator
			}
			return complexSelector{}, errEmptySelector
		}
		compounds = append(compounds, comp)
		c, more, err := p.combinator()
		if err != nil {
			return complexSelector{}, err
		}
		if !more {
			break
		}
		combinators = append(combinators, c)
	}
	// Store the subject first, as matching starts there.
	for i, j := 0, len(compounds)-1; i < j; i, j = i+1, j-1 {
		compounds[i], compounds[j] = compounds[j], compounds[i]
	}
	for i, j := 0, len(combinators)-1; i < j; i, j = i+1, j-1 {
		combinators[i], combinators[j] = combinators[j], combinators[i]
	}
	return complexSelector{compounds: compounds, combinators: combinators}, nil
}

// combinator reads what joins two compound selectors; more is false at
// the end of the complex selector.
func (p *selectorParser) combinator() (c combinator, more bool, err error) {
	whitespace := false
	for {
		t := p.peek()
		switch {
		case p.atEnd(t):
			return 0, false, nil
		case t.kind == tokWhitespace:
			whitespace = true
			p.pos++
		case t.kind == tokDelim && t.delim == '>':
			p.pos++
			return combinatorChild, true, nil
		case t.kind == tokDelim && t.delim == '+':
			p.pos++
			p.refuse(errUnsupportedCombinatorAdd)
			return combinatorChild, true, nil
		case t.kind == tokDelim && t.delim == '~':
			p.pos++
			p.refuse(errUnsupportedCombinatorSib)
			return combinatorChild, true, nil
		default:
			if whitespace {
				return combinatorDescendant, true, nil
			}
			return 0, false, nil
		}
	}
}

// compound parses a type selector and the simple selectors after it.
func (p *selectorParser) compound() (compoundSelector, bool, error) {
	var c compoundSelector
	p.skipWhitespace()
	empty := true
	hasType, err := p.typeSelector(&c)
	if err != nil {
		return c, false, err
	}
	if hasType {
		empty = false
	}
	for {
		ok, err := p.simpleSelector(&c)
		if err != nil {
			return c, false, err
		}
		if !ok {
			return c, empty, nil
		}
		empty = false
	}
}

// typeSelector reads an optional type or universal selector, with the
// namespace prefixes lol-html accepts ("*|" and "|") or refuses (named).
func (p *selectorParser) typeSelector(c *compoundSelector) (bool, error) {
	start := p.pos
	t := p.nextIncludingWhitespace()
	switch {
	case t.kind == tokIdent:
		if n := p.peek(); n.kind == tokDelim && n.delim == '|' {
			return false, errNamespacedSelector
		}
		c.localName = strings.ToLower(t.value)
		return true, nil
	case t.kind == tokDelim && t.delim == '*':
		if n := p.peek(); n.kind == tokDelim && n.delim == '|' {
			p.pos++
			return p.localName(c)
		}
		return true, nil
	case t.kind == tokDelim && t.delim == '|':
		return p.localName(c)
	}
	p.pos = start
	return false, nil
}

// localName reads the name after a namespace prefix.
func (p *selectorParser) localName(c *compoundSelector) (bool, error) {
	t := p.nextIncludingWhitespace()
	switch {
	case t.kind == tokIdent:
		c.localName = strings.ToLower(t.value)
		return true, nil
	case t.kind == tokDelim && t.delim == '*':
		return true, nil
	case t.kind == tokEOF:
		return false, errUnexpectedEnd
	}
	return false, errUnexpectedToken
}

// simpleSelector reads one #id, .class, [attr] or pseudo-class; false when
// the next token starts none.
func (p *selectorParser) simpleSelector(c *compoundSelector) (bool, error) {
	t := p.peek()
	switch {
	case t.kind == tokHash && t.isID:
		p.pos++
		c.ids = append(c.ids, t.value)
		return true, nil
	case t.kind == tokDelim && t.delim == '.':
		p.pos++
		switch n := p.nextIncludingWhitespace(); n.kind {
		case tokIdent:
			c.classes = append(c.classes, n.value)
			return true, nil
		case tokEOF:
			return false, errUnexpectedEnd
		default:
			return false, errInvalidClassName
		}
	case t.kind == tokLeftBracket:
		p.pos++
		return true, p.attributeSelector(c)
	case t.kind == tokColon:
		p.pos++
		return true, p.pseudoClass(c)
	}
	return false, nil
}

// attributeSelector parses the inside of [...], up to and including the
// closing bracket (or the end of the input, which closes it too).
func (p *selectorParser) attributeSelector(c *compoundSelector) error {
	a := attrSelector{}
	t := p.next()
	switch {
	case t.kind == tokIdent:
		if n := p.peek(); n.kind == tokDelim && n.delim == '|' {
			return errNamespacedSelector
		}
		a.name = t.value
	case t.kind == tokDelim && (t.delim == '|' || t.delim == '*'):
		if t.delim == '*' {
			if n := p.nextIncludingWhitespace(); !(n.kind == tokDelim && n.delim == '|') {
				return errNamespacedSelector
			}
			return errNamespacedSelector
		}
		n := p.nextIncludingWhitespace()
		if n.kind == tokEOF || n.kind == tokRightBracket {
			return errUnexpectedEnd
		}
		if n.kind != tokIdent {
			return errUnexpectedTokenInAttr
		}
		a.name = n.value
	case t.kind == tokEOF || t.kind == tokRightBracket:
		return errUnexpectedEnd
	default:
		return errMissingAttributeName
	}
	t = p.next()
	switch t.kind {
	case tokEOF, tokRightBracket:
		c.attrs = append(c.attrs, a)
		return nil
	case tokIncludeMatch:
		a.op = attrIncludes
	case tokDashMatch:
		a.op = attrDashMatch
	case tokPrefixMatch:
		a.op = attrPrefix
	case tokSuffixMatch:
		a.op = attrSuffix
	case tokSubstringMatch:
		a.op = attrSubstring
	case tokDelim:
		if t.delim != '=' {
			return errUnexpectedTokenInAttr
		}
		a.op = attrEquals
	default:
		return errUnexpectedTokenInAttr
	}
	t = p.next()
	switch t.kind {
	case tokIdent, tokString:
		a.value = t.value
	case tokEOF, tokRightBracket:
		return errUnexpectedEnd
	default:
		return errUnexpectedTokenInAttr
	}
	t = p.next()
	if t.kind == tokIdent {
		switch strings.ToLower(t.value) {
		case "i":
			a.cs = caseInsensitive
		case "s":
			a.cs = caseSensitive
		default:
			return errUnexpectedToken
		}
		t = p.next()
	}
	if t.kind != tokEOF && t.kind != tokRightBracket {
		return errUnexpectedToken
	}
	c.attrs = append(c.attrs, a)
	return nil
}

// pseudoClass parses what follows ':'. The pseudo-classes the selectors
// crate knows but lol-html cannot match parse, then are refused; unknown
// ones fail at once.
func (p *selectorParser) pseudoClass(c *compoundSelector) error {
	t := p.nextIncludingWhitespace()
	switch t.kind {
	case tokIdent:
		switch strings.ToLower(t.value) {
		case "first-child":
			c.nth = append(c.nth, nthSelector{a: 0, b: 1})
			return nil
		case "first-of-type":
			c.nth = append(c.nth, nthSelector{ofType: true, a: 0, b: 1})
			return nil
		case "last-child", "only-child", "last-of-type", "only-of-type", "root", "empty", "scope", "host":
			p.refuse(errUnsupportedPseudo)
			return nil
		}
		return errUnsupportedPseudo
	case tokFunction:
		switch name := strings.ToLower(t.value); name {
		case "nth-child", "nth-of-type", "nth-last-child", "nth-last-of-type":
			a, b, err := p.anPlusB()
			if err != nil {
				return err
			}
			if strings.Contains(name, "last") {
				p.refuse(errUnsupportedPseudo)
			}
			c.nth = append(c.nth, nthSelector{ofType: strings.HasSuffix(name, "of-type"), a: a, b: b})
			return nil
		case "not":
			p.depth++
			inner, err := p.selectorList()
			p.depth--
			if err != nil {
				return err
			}
			if t := p.nextIncludingWhitespace(); t.kind != tokRightParen && t.kind != tokEOF {
				return errUnexpectedToken
			}
			c.not = append(c.not, inner)
			return nil
		}
		return errUnsupportedPseudo
	case tokColon:
		return errUnsupportedPseudo // a pseudo-element
	case tokEOF:
		return errUnexpectedEnd
	}
	return errUnexpectedToken
}

// anPlusB parses the argument of :nth-child() and its closing parenthesis
// (https://www.w3.org/TR/css-syntax-3/#anb-microsyntax).
func (p *selectorParser) anPlusB() (a, b int, err error) {
	t := p.next()
	switch t.kind {
	case tokEOF, tokRightParen:
		return 0, 0, errUnexpectedEnd
	case tokNumber:
		if !t.isInteger {
			return 0, 0, errUnexpectedToken
		}
		b = int(t.number)
	case tokDimension:
		if !t.isInteger {
			return 0, 0, errUnexpectedToken
		}
		a = int(t.number)
		if b, err = p.afterN(t.value); err != nil {
			return 0, 0, err
		}
	case tokIdent:
		v := strings.ToLower(t.value)
		switch {
		case v == "odd":
			a, b = 2, 1
		case v == "even":
			a, b = 2, 0
		case strings.HasPrefix(v, "-n"):
			a = -1
			if b, err = p.afterN(v[1:]); err != nil {
				return 0, 0, err
			}
		case strings.HasPrefix(v, "n"):
			a = 1
			if b, err = p.afterN(v); err != nil {
				return 0, 0, err
			}
		default:
			return 0, 0, errUnexpectedToken
		}
	case tokDelim:
		if t.delim != '+' {
			return 0, 0, errUnexpectedToken
		}
		n := p.nextIncludingWhitespace()
		switch {
		case n.kind == tokIdent && strings.HasPrefix(strings.ToLower(n.value), "n"):
			a = 1
			if b, err = p.afterN(strings.ToLower(n.value)); err != nil {
				return 0, 0, err
			}
		case n.kind == tokEOF:
			return 0, 0, errUnexpectedEnd
		default:
			return 0, 0, errUnexpectedToken
		}
	default:
		return 0, 0, errUnexpectedToken
	}
	switch t := p.next(); t.kind {
	case tokRightParen, tokEOF:
		return a, b, nil
	}
	return 0, 0, errUnexpectedToken
}

// afterN reads what follows the "n" of An+B: unit is the rest of the
// dimension or identifier starting with "n" ("n", "n-", "n-3").
func (p *selectorParser) afterN(unit string) (int, error) {
	unit = strings.ToLower(unit)
	switch {
	case unit == "n":
		// "+ B", "- B", "+B" as a signed number, or nothing.
		save := p.pos
		t := p.next()
		switch {
		case t.kind == tokNumber && t.hasSign && t.isInteger:
			return int(t.number), nil
		case t.kind == tokDelim && (t.delim == '+' || t.delim == '-'):
			n := p.next()
			if n.kind == tokEOF {
				return 0, errUnexpectedEnd
			}
			if n.kind != tokNumber || !n.isInteger || n.hasSign {
				return 0, errUnexpectedToken
			}
			if t.delim == '-' {
				return -int(n.number), nil
			}
			return int(n.number), nil
		}
		p.pos = save
		return 0, nil
	case unit == "n-":
		n := p.next()
		if n.kind == tokEOF || n.kind == tokRightParen {
			return 0, errUnexpectedEnd
		}
		if n.kind != tokNumber || !n.isInteger || n.hasSign {
			return 0, errUnexpectedToken
		}
		return -int(n.number), nil
	case strings.HasPrefix(unit, "n-"):
		digits := unit[2:]
		v := 0
		for _, d := range digits {
			if d < '0' || d > '9' {
				return 0, errUnexpectedToken
			}
			v = v*10 + int(d-'0')
		}
		return -v, nil
	}
	return 0, errUnexpectedToken
}

// usesTypeIndex reports whether matching needs elements' positions among
// those of their name.
func (s *Selector) usesTypeIndex() bool {
	for _, c := range s.alternatives {
		for _, comp := range c.compounds {
			for _, n := range comp.nth {
				if n.ofType {
					return true
				}
			}
			for _, not := range comp.not {
				if not.usesTypeIndex() {
					return true
				}
			}
		}
	}
	return false
}
