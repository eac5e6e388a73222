package htmlrewriter

// Matching selectors against an element and the open elements around it.
// The tree is the one the rewriter sees (see stack.go): an element's
// ancestors are the elements open when it started, and its position among
// its siblings counts every element started inside the same parent.

import (
	"strings"
)

// elementInfo is what matching knows of an element.
type elementInfo struct {
	localName string // lower case
	ns        Namespace
	attrs     []Attribute // names lower case, values as written
	// index and typeIndex are 1-based: the element's position among its
	// parent's element children, and among those with its name.
	index, typeIndex int
}

func (e *elementInfo) attr(name string) (string, bool) {
	for _, a := range e.attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// matches reports whether the element, whose ancestors are given innermost
// last, matches s.
func (s *Selector) matches(el *elementInfo, ancestors []*elementInfo) bool {
	for i := range s.alternatives {
		if s.alternatives[i].matches(el, ancestors) {
			return true
		}
	}
	return false
}

func (c *complexSelector) matches(el *elementInfo, ancestors []*elementInfo) bool {
	if !c.compounds[0].matches(el, ancestors) {
		return false
	}
	return c.matchFrom(1, ancestors)
}

// matchFrom matches compounds[i:] against the ancestors, the innermost of
// which is the element compounds[i-1] matched's parent.
func (c *complexSelector) matchFrom(i int, ancestors []*elementInfo) bool {
	if i == len(c.compounds) {
		return true
	}
	switch c.combinators[i-1] {
	case combinatorChild:
		if len(ancestors) == 0 {
			return false
		}
		parent := len(ancestors) - 1
		return c.compounds[i].matches(ancestors[parent], ancestors[:parent]) && c.matchFrom(i+1, ancestors[:parent])
	default:
		for a := len(ancestors) - 1; a >= 0; a-- {
			if c.compounds[i].matches(ancestors[a], ancestors[:a]) && c.matchFrom(i+1, ancestors[:a]) {
				return true
			}
		}
		return false
	}
}

func (c *compoundSelector) matches(el *elementInfo, ancestors []*elementInfo) bool {
	if c.localName != "" && c.localName != el.localName {
		return false
	}
	for _, id := range c.ids {
		if v, ok := el.attr("id"); !ok || v != id {
			return false
		}
	}
	for _, class := range c.classes {
		v, ok := el.attr("class")
		if !ok || !containsWord(v, class, caseSensitive) {
			return false
		}
	}
	for i := range c.attrs {
		if !c.attrs[i].matches(el) {
			return false
		}
	}
	for _, n := range c.nth {
		index := el.index
		if n.ofType {
			index = el.typeIndex
		}
		if !n.matches(index) {
			return false
		}
	}
	for _, not := range c.not {
		if not.matches(el, ancestors) {
			return false
		}
	}
	return true
}

// matches reports whether index is a·n+b for some n ≥ 0.
func (n nthSelector) matches(index int) bool {
	if n.a == 0 {
		return index == n.b
	}
	d := index - n.b
	return d%n.a == 0 && d/n.a >= 0
}

func (a *attrSelector) matches(el *elementInfo) bool {
	v, ok := el.attr(a.name)
	if !ok {
		return false
	}
	cs := a.cs
	if cs == caseDefault {
		cs = caseSensitive
		if el.ns == NamespaceHTML && caseInsensitiveAttributes[a.name] {
			cs = caseInsensitive
		}
	}
	switch a.op {
	case attrExists:
		return true
	case attrEquals:
		return equalCase(v, a.value, cs)
	case attrIncludes:
		// lol-html splits on whitespace keeping empty words, so [a~=""]
		// matches an empty value.
		return containsWord(v, a.value, cs)
	case attrDashMatch:
		return equalCase(v, a.value, cs) ||
			len(v) > len(a.value) && v[len(a.value)] == '-' && equalCase(v[:len(a.value)], a.value, cs)
	case attrPrefix:
		return a.value != "" && len(v) >= len(a.value) && equalCase(v[:len(a.value)], a.value, cs)
	case attrSuffix:
		return a.value != "" && len(v) >= len(a.value) && equalCase(v[len(v)-len(a.value):], a.value, cs)
	case attrSubstring:
		if a.value == "" {
			return false
		}
		if cs == caseInsensitive {
			return strings.Contains(asciiLower(v), asciiLower(a.value))
		}
		return strings.Contains(v, a.value)
	}
	return false
}

func equalCase(a, b string, cs caseSensitivity) bool {
	if cs == caseInsensitive {
		return asciiLower(a) == asciiLower(b)
	}
	return a == b
}

// containsWord reports whether word is one of v's whitespace-separated
// parts (empty parts included).
func containsWord(v, word string, cs caseSensitivity) bool {
	start := 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || isHTMLWhitespace(v[i]) {
			if equalCase(v[start:i], word, cs) {
				return true
			}
			start = i + 1
		}
	}
	return false
}

func isHTMLWhitespace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// asciiLower lower-cases ASCII letters only, as HTML does.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// caseInsensitiveAttributes are the attributes whose values selectors
// compare without case on HTML elements
// (https://html.spec.whatwg.org/multipage/semantics-other.html#case-sensitivity-of-selectors).
var caseInsensitiveAttributes = map[string]bool{
	"accept": true, "accept-charset": true, "align": true, "alink": true, "axis": true, "bgcolor": true, "charset": true,
	"checked": true, "clear": true, "codetype": true, "color": true, "compact": true, "declare": true, "defer": true,
	"dir": true, "direction": true, "disabled": true, "enctype": true, "face": true, "frame": true, "hreflang": true,
	"http-equiv": true, "lang": true, "language": true, "link": true, "media": true, "method": true, "multiple": true,
	"nohref": true, "noresize": true, "noshade": true, "nowrap": true, "readonly": true, "rel": true, "rev": true,
	"rules": true, "scope": true, "scrolling": true, "selected": true, "shape": true, "target": true, "text": true,
	"type": true, "valign": true, "valuetype": true, "vlink": true,
}
