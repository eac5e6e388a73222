package bundler

import (
	"fmt"
	"strings"
)

// goja's parser reads a class element that starts with `get`, `set` or
// `async` as an accessor or async method unless the next token is ";" or "(".
// A *field* with one of those names followed by "=" or "}" is therefore a
// SyntaxError (`class C { set = (k, v) => {} }`, `static get = 1`), and hono
// has such fields. The quoted name `"set" = …` means the same and parses, so
// rewriteClassFields rewrites esbuild's output that way. It quotes the name
// before ";" too, which goja accepts either way, to keep the rule simple.
//
// The same check looks at a private name without its "#", so `#get = 1` and
// `#set = 1` fail too (`#async` does not: that check is on the token type).
// Private names cannot be quoted, but they are lexically scoped, so renaming
// every `#get` in the program to one fresh name keeps its meaning.
//
// The alternative, esbuild's Supported{"class-field": false}, also lowers
// every #private member to WeakMap helpers and halves hono's speed in goja.

// ambiguousFieldNames are the class element names goja mistakes for modifiers.
var ambiguousFieldNames = map[string]bool{"get": true, "set": true, "async": true}

type frameKind uint8

const (
	frameBlock     frameKind = iota // any "{" that is not a class body
	frameClassBody                  // the "{" of a class
	frameParen
	frameBracket
	frameTemplate // a "${" substitution
)

// pendingBody records a `class` or `function` keyword seen at bracket depth
// depth whose body "{" has not been reached yet. The first "{" at the same
// depth is that body: a class heritage expression (`extends mixin({…})`)
// only reaches that depth again at the body, except for a bare function or
// class expression, which is why both kinds are tracked.
type pendingBody struct {
	depth int
	class bool
}

// ambiguousPrivateNames are the private names goja mistakes for modifiers.
var ambiguousPrivateNames = map[string]bool{"#get": true, "#set": true}

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// rewriteClassFields finds the class field names goja cannot parse and
// returns the edits that fix them, in source order: public names get quotes,
// private #get and #set are renamed. The edits never add or remove a line
// break.
func rewriteClassFields(src string) ([]edit, error) {
	sc := newScanner(src)
	cur, err := sc.next()
	if err != nil {
		return nil, err
	}
	var (
		frames    []frameKind
		pending   []pendingBody
		edits     []edit
		privates  = map[string]bool{} // every private name in the program
		renames   []int               // indexes into edits of #get and #set
		elemStart bool                // at the start of a class element, in a class body
		prevDot   bool                // the previous token was "." or "?."
	)
	inClassBody := func() bool { return len(frames) > 0 && frames[len(frames)-1] == frameClassBody }
	for cur.kind != tokEOF {
		nxt, err := sc.next()
		if err != nil {
			return nil, err
		}
		text := src[cur.start:cur.end]
		nextText := src[nxt.start:nxt.end]
		wasElemStart := elemStart
		elemStart = false
		switch cur.kind {
		case tokIdent:
			if text[0] == '#' {
				privates[text] = true
				if ambiguousPrivateNames[text] {
					renames = append(renames, len(edits))
					edits = append(edits, edit{start: cur.start, end: cur.end})
				}
			}
			switch {
			case wasElemStart && inClassBody():
				// A class element name or modifier, never a keyword that opens a body.
				if text == "static" && !isPunct(nxt, nextText, "=", ";", "}", "(") {
					elemStart = true // the name follows the modifier
				} else if ambiguousFieldNames[text] && isPunct(nxt, nextText, "=", ";", "}") {
					edits = append(edits, edit{start: cur.start, end: cur.end, text: `"` + text + `"`})
				}
			case prevDot:
				// A property name such as `x.class`.
			case text == "class" && (nxt.kind == tokIdent || isPunct(nxt, nextText, "{")):
				pending = append(pending, pendingBody{depth: len(frames), class: true})
			case text == "function" && (nxt.kind == tokIdent || isPunct(nxt, nextText, "(", "*")):
				pending = append(pending, pendingBody{depth: len(frames)})
			}
		case tokTemplate:
			if text[0] == '}' {
				if len(frames) == 0 || frames[len(frames)-1] != frameTemplate {
					return nil, fmt.Errorf("unbalanced template substitution at offset %d", cur.start)
				}
				frames = frames[:len(frames)-1]
			}
			if strings.HasSuffix(text, "${") {
				frames = append(frames, frameTemplate)
			}
		case tokPunct:
			switch text {
			case "{":
				kind := frameBlock
				if n := len(pending); n > 0 && pending[n-1].depth == len(frames) {
					if pending[n-1].class {
						kind = frameClassBody
						elemStart = true
					}
					pending = pending[:n-1]
				}
				frames = append(frames, kind)
			case "(":
				frames = append(frames, frameParen)
			case "[":
				frames = append(frames, frameBracket)
			case "}", ")", "]":
				if len(frames) == 0 || !closes(text, frames[len(frames)-1]) {
					return nil, fmt.Errorf("unbalanced %q at offset %d", text, cur.start)
				}
				frames = frames[:len(frames)-1]
				// After a method body or static block a new element starts.
				elemStart = text == "}" && inClassBody()
			case ";":
				elemStart = inClassBody()
			}
		}
		prevDot = cur.kind == tokPunct && (text == "." || text == "?.")
		cur = nxt
	}
	if len(frames) > 0 {
		return nil, fmt.Errorf("unclosed brackets at end of input")
	}
	fresh := map[string]string{}
	for _, i := range renames {
		name := src[edits[i].start:edits[i].end]
		if fresh[name] == "" {
			to := "#$" + name[1:]
			for privates[to] {
				to = "#$" + to[1:]
			}
			fresh[name] = to
		}
		edits[i].text = fresh[name]
	}
	return edits, nil
}

// closes reports whether the closing bracket text matches the open frame.
func closes(text string, open frameKind) bool {
	switch text {
	case ")":
		return open == frameParen
	case "]":
		return open == frameBracket
	}
	return open == frameBlock || open == frameClassBody
}

// applyEdits returns src with the edits (in source order, not overlapping)
// applied.
func applyEdits(src string, edits []edit) string {
	if len(edits) == 0 {
		return src
	}
	var b strings.Builder
	b.Grow(len(src) + 4*len(edits))
	last := 0
	for _, e := range edits {
		b.WriteString(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// isPunct reports whether tok is one of the punctuators in want.
func isPunct(tok token, text string, want ...string) bool {
	if tok.kind != tokPunct {
		return false
	}
	for _, w := range want {
		if text == w {
			return true
		}
	}
	return false
}
