package htmlrewriter

// What the rewriter knows of the tree without building it, as lol-html's
// tree builder simulator (src/parser/tree_builder_simulator): the
// namespace the tags are in (SVG and MathML are entered and left on the
// tags the standard's tree construction uses) and the tokenizer mode the
// text after a start tag is read in (RCDATA for <title>, script data for
// <script>…). Which elements are open is the stack's business (stack.go).

// Namespace is an element's namespace.
type Namespace int

// The namespaces an element can be in.
const (
	NamespaceHTML Namespace = iota
	NamespaceSVG
	NamespaceMathML
)

// URI is the namespace URI, as Element.namespaceURI gives it.
func (n Namespace) URI() string {
	switch n {
	case NamespaceSVG:
		return "http://www.w3.org/2000/svg"
	case NamespaceMathML:
		return "http://www.w3.org/1998/Math/MathML"
	}
	return "http://www.w3.org/1999/xhtml"
}

type treeSimulator struct {
	// nsStack holds the namespaces entered; HTML is always at the bottom.
	nsStack []Namespace
}

func (t *treeSimulator) current() Namespace {
	if len(t.nsStack) == 0 {
		return NamespaceHTML
	}
	return t.nsStack[len(t.nsStack)-1]
}

func (t *treeSimulator) enter(ns Namespace) { t.nsStack = append(t.nsStack, ns) }

func (t *treeSimulator) leave() {
	if len(t.nsStack) > 0 {
		t.nsStack = t.nsStack[:len(t.nsStack)-1]
	}
}

// foreignContentExits are the start tags that end SVG or MathML content.
var foreignContentExits = setOf("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
	"embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol",
	"p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var")

var (
	mathMLTextIntegrationPoints = setOf("mi", "mo", "mn", "ms", "mtext")
	svgHTMLIntegrationPoints    = setOf("desc", "title", "foreignobject")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// startTag updates the namespace for a start tag (its lower-cased name)
// and returns the element's namespace and the mode of the text after it.
// attrs gives the tag's attributes, which few tags need.
func (t *treeSimulator) startTag(name []byte, selfClosing bool, attrs func() []Attribute) (Namespace, textType) {
	switch {
	case string(name) == "svg":
		t.enter(NamespaceSVG)
	case string(name) == "math":
		t.enter(NamespaceMathML)
	case t.current() != NamespaceHTML:
		t.foreignStartTag(string(name), selfClosing, attrs)
	default:
		return NamespaceHTML, textTypeOf(name)
	}
	return t.current(), textData
}

func (t *treeSimulator) foreignStartTag(name string, selfClosing bool, attrs func() []Attribute) {
	ns := t.current()
	switch {
	case foreignContentExits[name]:
		t.leave()
	case ns == NamespaceSVG && svgHTMLIntegrationPoints[name], ns == NamespaceMathML && mathMLTextIntegrationPoints[name]:
		if !selfClosing {
			t.enter(NamespaceHTML)
		}
	case name == "font":
		for _, a := range attrs() {
			if a.Name == "color" || a.Name == "size" || a.Name == "face" {
				t.leave()
				return
			}
		}
	case name == "annotation-xml" && ns == NamespaceMathML && !selfClosing:
		for _, a := range attrs() {
			if v := asciiLower(a.Value); a.Name == "encoding" && (v == "text/html" || v == "application/xhtml+xml") {
				t.enter(NamespaceHTML)
				return
			}
		}
	}
}

// endTag updates the namespace for an end tag.
func (t *treeSimulator) endTag(lowerName []byte) {
	name := string(lowerName)
	ns := t.current()
	if ns == NamespaceHTML {
		// Leaving an integration point goes back to the foreign content.
		if len(t.nsStack) < 2 {
			return
		}
		switch prev := t.nsStack[len(t.nsStack)-2]; {
		case prev == NamespaceMathML && (mathMLTextIntegrationPoints[name] || name == "annotation-xml"),
			prev == NamespaceSVG && svgHTMLIntegrationPoints[name]:
			t.leave()
		}
		return
	}
	if ns == NamespaceSVG && name == "svg" || ns == NamespaceMathML && name == "math" || name == "p" || name == "br" {
		t.leave()
	}
}

func (t *treeSimulator) cdataAllowed() bool { return t.current() != NamespaceHTML }

// textTypeOf is the tokenizer mode after an HTML start tag.
func textTypeOf(name []byte) textType {
	switch string(name) {
	case "textarea", "title":
		return textRCData
	case "plaintext":
		return textPlainText
	case "script":
		return textScriptData
	case "style", "iframe", "xmp", "noembed", "noframes", "noscript":
		return textRawText
	}
	return textData
}

// voidElements are the HTML elements that have no content: their start
// tag is the whole element.
var voidElements = setOf("area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
	"link", "meta", "param", "source", "track", "wbr")
