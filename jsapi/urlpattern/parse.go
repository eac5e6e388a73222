package urlpattern

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

type partType int

const (
	partFixed partType = iota
	partRegexp
	partSegmentWildcard
	partFullWildcard
)

type modifier string

const (
	modNone       modifier = ""
	modOptional   modifier = "?"
	modZeroOrMore modifier = "*"
	modOneOrMore  modifier = "+"
)

type part struct {
	typ                  partType
	value                string
	modifier             modifier
	name, prefix, suffix string
}

// options are a component's delimiter and prefix code points ("" for
// none) and whether it ignores case.
type options struct {
	delimiter, prefix string
	ignoreCase        bool
}

var (
	defaultOptions  = options{}
	hostnameOptions = options{delimiter: "."}
	pathnameOptions = options{delimiter: "/", prefix: "/"}
)

func (o options) segmentWildcard() string { return "[^" + escapeRegexp(o.delimiter) + "]+?" }

const fullWildcard = ".*"

// parsePattern is "parse a pattern string".
func parsePattern(input string, opts options, encode func(string) (string, error)) ([]part, error) {
	tokens, err := tokenize(input, false)
	if err != nil {
		return nil, err
	}
	p := &patternParser{tokens: tokens, opts: opts, encode: encode}
	return p.parse()
}

type patternParser struct {
	tokens      []token
	index       int
	parts       []part
	pending     strings.Builder
	nextNumeric int
	opts        options
	encode      func(string) (string, error)
}

func (p *patternParser) tryConsume(t tokenType) *token {
	if p.tokens[p.index].typ != t {
		return nil
	}
	tok := &p.tokens[p.index]
	p.index++
	return tok
}

func (p *patternParser) tryConsumeModifier() *token {
	if t := p.tryConsume(tokOtherModifier); t != nil {
		return t
	}
	return p.tryConsume(tokAsterisk)
}

func (p *patternParser) tryConsumeRegexpOrWildcard(name *token) *token {
	t := p.tryConsume(tokRegexp)
	if name == nil && t == nil {
		t = p.tryConsume(tokAsterisk)
	}
	return t
}

func (p *patternParser) consumeText() string {
	var b strings.Builder
	for {
		t := p.tryConsume(tokChar)
		if t == nil {
			t = p.tryConsume(tokEscapedChar)
		}
		if t == nil {
			return b.String()
		}
		b.WriteString(t.value)
	}
}

func (p *patternParser) consumeRequired(t tokenType) error {
	if p.tryConsume(t) == nil {
		return patternError("Invalid pattern: unexpected '" + p.tokens[p.index].value + "' at " + strconv.Itoa(p.tokens[p.index].index))
	}
	return nil
}

func (p *patternParser) parse() ([]part, error) {
	for p.index < len(p.tokens) {
		charTok := p.tryConsume(tokChar)
		nameTok := p.tryConsume(tokName)
		regexpTok := p.tryConsumeRegexpOrWildcard(nameTok)
		if nameTok != nil || regexpTok != nil {
			prefix := ""
			if charTok != nil {
				prefix = charTok.value
			}
			if prefix != "" && prefix != p.opts.prefix {
				p.pending.WriteString(prefix)
				prefix = ""
			}
			if err := p.flushPending(); err != nil {
				return nil, err
			}
			if err := p.addPart(prefix, nameTok, regexpTok, "", p.tryConsumeModifier()); err != nil {
				return nil, err
			}
			continue
		}
		fixed := charTok
		if fixed == nil {
			fixed = p.tryConsume(tokEscapedChar)
		}
		if fixed != nil {
			p.pending.WriteString(fixed.value)
			continue
		}
		if p.tryConsume(tokOpen) != nil {
			prefix := p.consumeText()
			nameTok := p.tryConsume(tokName)
			regexpTok := p.tryConsumeRegexpOrWildcard(nameTok)
			suffix := p.consumeText()
			if err := p.consumeRequired(tokClose); err != nil {
				return nil, err
			}
			mod := p.tryConsumeModifier()
			if err := p.flushPending(); err != nil {
				return nil, err
			}
			if err := p.addPart(prefix, nameTok, regexpTok, suffix, mod); err != nil {
				return nil, err
			}
			continue
		}
		if err := p.flushPending(); err != nil {
			return nil, err
		}
		if err := p.consumeRequired(tokEnd); err != nil {
			return nil, err
		}
	}
	return p.parts, nil
}

// flushPending is "maybe add a part from the pending fixed value".
func (p *patternParser) flushPending() error {
	if p.pending.Len() == 0 {
		return nil
	}
	encoded, err := p.encode(p.pending.String())
	if err != nil {
		return err
	}
	p.pending.Reset()
	p.parts = append(p.parts, part{typ: partFixed, value: encoded})
	return nil
}

func (p *patternParser) addPart(prefix string, nameTok, regexpTok *token, suffix string, modTok *token) error {
	mod := modNone
	if modTok != nil {
		mod = modifier(modTok.value)
	}
	if nameTok == nil && regexpTok == nil && mod == modNone {
		p.pending.WriteString(prefix)
		return nil
	}
	if err := p.flushPending(); err != nil {
		return err
	}
	if nameTok == nil && regexpTok == nil {
		if prefix == "" {
			return nil
		}
		encoded, err := p.encode(prefix)
		if err != nil {
			return err
		}
		p.parts = append(p.parts, part{typ: partFixed, value: encoded, modifier: mod})
		return nil
	}
	value := ""
	switch {
	case regexpTok == nil:
		value = p.opts.segmentWildcard()
	case regexpTok.typ == tokAsterisk:
		value = fullWildcard
	default:
		value = regexpTok.value
	}
	typ := partRegexp
	switch value {
	case p.opts.segmentWildcard():
		typ, value = partSegmentWildcard, ""
	case fullWildcard:
		typ, value = partFullWildcard, ""
	}
	name := ""
	if nameTok != nil {
		name = nameTok.value
	} else {
		name = strconv.Itoa(p.nextNumeric)
		p.nextNumeric++
	}
	for _, existing := range p.parts {
		if existing.name == name {
			return patternError("Invalid pattern: duplicate name '" + name + "'")
		}
	}
	encodedPrefix, err := p.encode(prefix)
	if err != nil {
		return err
	}
	encodedSuffix, err := p.encode(suffix)
	if err != nil {
		return err
	}
	p.parts = append(p.parts, part{typ: typ, value: value, modifier: mod, name: name, prefix: encodedPrefix, suffix: encodedSuffix})
	return nil
}

func escapeRegexp(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(".+*?^${}()[]|/\\", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func escapePatternString(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune("+*?:{}()\\", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// generateRegexp is "generate a regular expression and name list".
func generateRegexp(parts []part, opts options) (string, []string) {
	var b strings.Builder
	var names []string
	b.WriteByte('^')
	for _, pt := range parts {
		mod := string(pt.modifier)
		if pt.typ == partFixed {
			if pt.modifier == modNone {
				b.WriteString(escapeRegexp(pt.value))
			} else {
				b.WriteString("(?:" + escapeRegexp(pt.value) + ")" + mod)
			}
			continue
		}
		names = append(names, pt.name)
		value := pt.value
		switch pt.typ {
		case partSegmentWildcard:
			value = opts.segmentWildcard()
		case partFullWildcard:
			value = fullWildcard
		}
		single := pt.modifier == modNone || pt.modifier == modOptional
		switch {
		case pt.prefix == "" && pt.suffix == "" && single:
			b.WriteString("(" + value + ")" + mod)
		case pt.prefix == "" && pt.suffix == "":
			b.WriteString("((?:" + value + ")" + mod + ")")
		case single:
			b.WriteString("(?:" + escapeRegexp(pt.prefix) + "(" + value + ")" + escapeRegexp(pt.suffix) + ")" + mod)
		default:
			b.WriteString("(?:" + escapeRegexp(pt.prefix) + "((?:" + value + ")(?:" + escapeRegexp(pt.suffix) +
				escapeRegexp(pt.prefix) + "(?:" + value + "))*)" + escapeRegexp(pt.suffix) + ")")
			if pt.modifier == modZeroOrMore {
				b.WriteByte('?')
			}
		}
	}
	b.WriteByte('$')
	return b.String(), names
}

// generatePatternString is the spec's canonical pattern string of parts.
func generatePatternString(parts []part, opts options) string {
	var b strings.Builder
	for i, pt := range parts {
		var prev, next *part
		if i > 0 {
			prev = &parts[i-1]
		}
		if i+1 < len(parts) {
			next = &parts[i+1]
		}
		mod := string(pt.modifier)
		if pt.typ == partFixed {
			if pt.modifier == modNone {
				b.WriteString(escapePatternString(pt.value))
			} else {
				b.WriteString("{" + escapePatternString(pt.value) + "}" + mod)
			}
			continue
		}
		first, _ := utf8.DecodeRuneInString(pt.name)
		customName := !(first >= '0' && first <= '9')
		needsGrouping := pt.suffix != "" || (pt.prefix != "" && pt.prefix != opts.prefix)
		if !needsGrouping && customName && pt.typ == partSegmentWildcard && pt.modifier == modNone && next != nil &&
			next.prefix == "" && next.suffix == "" {
			if next.typ == partFixed {
				c, _ := utf8.DecodeRuneInString(next.value)
				needsGrouping = isNameCodePoint(c, false)
			} else {
				c, _ := utf8.DecodeRuneInString(next.name)
				needsGrouping = c >= '0' && c <= '9'
			}
		}
		if !needsGrouping && pt.prefix == "" && prev != nil && prev.typ == partFixed && opts.prefix != "" &&
			strings.HasSuffix(prev.value, opts.prefix) {
			needsGrouping = true
		}
		if needsGrouping {
			b.WriteByte('{')
		}
		b.WriteString(escapePatternString(pt.prefix))
		if customName {
			b.WriteString(":" + pt.name)
		}
		switch {
		case pt.typ == partRegexp:
			b.WriteString("(" + pt.value + ")")
		case pt.typ == partSegmentWildcard && !customName:
			b.WriteString("(" + opts.segmentWildcard() + ")")
		case pt.typ == partFullWildcard:
			if !customName && (prev == nil || prev.typ == partFixed || prev.modifier != modNone || needsGrouping || pt.prefix != "") {
				b.WriteByte('*')
			} else {
				b.WriteString("(" + fullWildcard + ")")
			}
		}
		if pt.typ == partSegmentWildcard && customName && pt.suffix != "" {
			if c, _ := utf8.DecodeRuneInString(pt.suffix); isNameCodePoint(c, false) {
				b.WriteByte('\\')
			}
		}
		b.WriteString(escapePatternString(pt.suffix))
		if needsGrouping {
			b.WriteByte('}')
		}
		b.WriteString(mod)
	}
	return b.String()
}
