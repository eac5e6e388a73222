package htmlrewriter

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The expected values in this file were recorded from wrangler 4.86
// (workerd's HTMLRewriter, on lol-html), by a probe Worker running the same
// inputs with JS handlers that log what these Go handlers log.

// rewrite runs the chunks through a rewriter and returns its output.
func rewrite(t *testing.T, settings Settings, chunks ...string) string {
	t.Helper()
	var out strings.Builder
	rw, err := New(settings, func(b []byte) error { out.Write(b); return nil })
	require.NoError(t, err)
	for _, c := range chunks {
		require.NoError(t, rw.Write([]byte(c)))
	}
	require.NoError(t, rw.End())
	return out.String()
}

func mustSelector(t *testing.T, s string) *Selector {
	t.Helper()
	sel, err := ParseSelector(s)
	require.NoError(t, err, s)
	return sel
}

var selectorParseCases = []struct{ selector, err string }{
	{"a + b", "Unsupported combinator `+` in selector."},
	{"a ~ b", "Unsupported combinator `~` in selector."},
	{":hover", "Unsupported pseudo-class or pseudo-element in selector."},
	{"li:last-child", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a:not(b c)", ""},
	{"", "The selector is empty."},
	{"div >", "Dangling combinator in selector."},
	{"[", "Unexpected end of selector."},
	{".", "Unexpected end of selector."},
	{"ns|a", "Selectors with explicit namespaces are not supported."},
	{"::before", "Unsupported pseudo-class or pseudo-element in selector."},
	{":nth-child(2 of .x)", "Unexpected token in selector."},
	{":has(a)", "Unsupported pseudo-class or pseudo-element in selector."},
	{"li:only-child", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a:not(:not(b))", ""},
	{"#", "The selector is empty."},
	{"a[b=", "Unexpected end of selector."},
	{"a,", "The selector is empty."},
	{">a", "The selector is empty."},
	{"a >> b", "Dangling combinator in selector."},
	{"1a", "The selector is empty."},
	{":root", "Unsupported pseudo-class or pseudo-element in selector."},
	{":nth-last-child(1)", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a:is(b)", "Unsupported pseudo-class or pseudo-element in selector."},
	{"[*|a]", "Selectors with explicit namespaces are not supported."},
	{"a b c", ""},
	{"a\\:b", ""},
	{"#a\\:b", ""},
	{".\\31 23", ""},
	{"[a=b c]", "Unexpected token in selector."},
	{"[a~=]", "Unexpected end of selector."},
	{"a:not()", "The selector is empty."},
	{":nth-child(x)", "Unexpected token in selector."},
	{":nth-child()", "Unexpected end of selector."},
	{"a!", "Unexpected token in selector."},
	{"a > > b", "Dangling combinator in selector."},
	{"*|a", ""},
	{"|a", ""},
	{"a.b#c[d]", ""},
	{"p:NTH-CHILD(2)", ""},
	{":first-child:first-child", ""},
	{"[a='b' i]", ""},
	{"[a=b s]", ""},
	{"[a|=b]", ""},
	{"[a=1]", "Unexpected token in the attribute selector."},
	{"[a=\"x\" I]", ""},
	{"[a i]", "Unexpected token in the attribute selector."},
	{"[a=x y]", "Unexpected token in selector."},
	{"a:nth-child(2n+1 )", ""},
	{":nth-child( -n + 3 )", ""},
	{":nth-child(+5)", ""},
	{":nth-child(even)", ""},
	{":nth-child(n)", ""},
	{":nth-child(2n)", ""},
	{":nth-child(0n+0)", ""},
	{":nth-child(- n+1)", "Unexpected token in selector."},
	{":nth-child(3n-)", "Unexpected end of selector."},
	{".1a", "The selector is empty."},
	{"#1a", "The selector is empty."},
	{"a.", "Unexpected end of selector."},
	{"a#", "Unexpected token in selector."},
	{"a[", "Unexpected end of selector."},
	{"a[]", "Unexpected end of selector."},
	{"a[b", ""},
	{"a[b=c", ""},
	{"a[b=c]d", "Unexpected token in selector."},
	{"a,,b", "The selector is empty."},
	{" a , b ", ""},
	{"a\tb", ""},
	{"a\n>\nb", ""},
	{"a>b", ""},
	{"A:FIRST-CHILD", ""},
	{":not(a, b)", ""},
	{":not(a > b)", ""},
	{":NOT(a)", ""},
	{"a:not(.b):not(#c)", ""},
	{":nth-of-type(2n+1)", ""},
	{":first-of-type", ""},
	{"*.a", ""},
	{"**", "Unexpected token in selector."},
	{"a*", "Unexpected token in selector."},
	{"[a=\"unterminated", ""},
	{"'str'", "The selector is empty."},
	{"a::after", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a:before", "Unsupported pseudo-class or pseudo-element in selector."},
	{":lang(en)", "Unsupported pseudo-class or pseudo-element in selector."},
	{":checked", "Unsupported pseudo-class or pseudo-element in selector."},
	{":empty", "Unsupported pseudo-class or pseudo-element in selector."},
	{"@a", "The selector is empty."},
	{"a{}", "Unexpected token in selector."},
	{"a;", "Unexpected token in selector."},
	{"a/b", "Unexpected token in selector."},
	{"a{", "Unexpected token in selector."},
	{"a)", "Unexpected token in selector."},
	{"a(", "The selector is empty."},
	{"%", "The selector is empty."},
	{"a|b", "Selectors with explicit namespaces are not supported."},
	{"[|a]", ""},
	{"[ns|a]", "Selectors with explicit namespaces are not supported."},
	{"[a|=\"en\"]", ""},
	{"div:nth-child(2):not(:first-child)", ""},
	{"é", ""},
	{".é", ""},
	{"a-b_c", ""},
	{"-a", ""},
	{"--a", ""},
	{"_a", ""},
	{"\\61 b", ""},
	{"[data-x]", ""},
	{"[ a = b ]", ""},
	{":scope", "Unsupported pseudo-class or pseudo-element in selector."},
	{":host", "Unsupported pseudo-class or pseudo-element in selector."},
	{"::slotted(a)", "Unsupported pseudo-class or pseudo-element in selector."},
	{":where(a)", "Unsupported pseudo-class or pseudo-element in selector."},
	{":nth-child(2 of a)", "Unexpected token in selector."},
	{":nth-last-of-type(1)", "Unsupported pseudo-class or pseudo-element in selector."},
	{":last-of-type", "Unsupported pseudo-class or pseudo-element in selector."},
	{":only-of-type", "Unsupported pseudo-class or pseudo-element in selector."},
	{":visited", "Unsupported pseudo-class or pseudo-element in selector."},
	{":link", "Unsupported pseudo-class or pseudo-element in selector."},
	{":any-link", "Unsupported pseudo-class or pseudo-element in selector."},
	{":focus", "Unsupported pseudo-class or pseudo-element in selector."},
	{":defined", "Unsupported pseudo-class or pseudo-element in selector."},
	{":is()", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a:has(> b)", "Unsupported pseudo-class or pseudo-element in selector."},
	{"a &", "Dangling combinator in selector."},
	{"& a", "The selector is empty."},
	{":nth-child(1)x", "Unexpected token in selector."},
	{"a:not(b)c", "Unexpected token in selector."},
	{"a b:not(c)", ""},
	{"#a#b", ""},
	{".a.b.c", ""},
}

var selectorMatchCases = []struct{ doc, selector, matched string }{
	{docOne, "*", "div#a p#p1 span#s1 p#p2 ul#null li#l1 li#l2 li#l3 section#b p#p3 input#i1 svg#g1 rect#r1"},
	{docOne, "p", "p#p1 p#p2 p#p3"},
	{docOne, "#p2", "p#p2"},
	{docOne, ".x", "div#a li#l2"},
	{docOne, ".x.y", "div#a"},
	{docOne, "[lang]", "p#p1"},
	{docOne, "[lang=en-US]", "p#p1"},
	{docOne, "[lang|=en]", "p#p1"},
	{docOne, "[data-k^=hel]", "span#s1"},
	{docOne, "[data-k$=rld]", "span#s1"},
	{docOne, "[data-k*=o-w]", "span#s1"},
	{docOne, "[class~=y]", "div#a p#p2"},
	{docOne, "div p", "p#p1 p#p2"},
	{docOne, "div > p", "p#p1 p#p2"},
	{docOne, "section p", "p#p3"},
	{docOne, "div span", "span#s1"},
	{docOne, "ul > li:nth-child(2)", "li#l2"},
	{docOne, "li:nth-child(odd)", "li#l1 li#l3"},
	{docOne, "li:nth-child(2n+1)", "li#l1 li#l3"},
	{docOne, "li:first-child", "li#l1"},
	{docOne, "li:nth-of-type(2)", "li#l2"},
	{docOne, "p:first-of-type", "p#p1 p#p3"},
	{docOne, "li:not(.x)", "li#l1 li#l3"},
	{docOne, "p:not(#p1)", "p#p2 p#p3"},
	{docOne, "p, li.x", "p#p1 p#p2 li#l2 p#p3"},
	{docOne, "[type=\"TEXT\" i]", "input#i1"},
	{docOne, "[type=\"TEXT\"]", "input#i1"},
	{docOne, "input[disabled]", "input#i1"},
	{docOne, "rect", "rect#r1"},
	{docOne, "svg > rect", "rect#r1"},
	{docOne, "DIV", "div#a"},
	{docOne, "P#P1", ""},
	{docOne, "[LANG]", ""},
	{docOne, "#a p", "p#p1 p#p2"},
	{docOne, "div#a.x > ul li:not(:first-child)", "li#l2 li#l3"},
	{docOne, "*:not(p):not(li)", "div#a span#s1 ul#null section#b input#i1 svg#g1 rect#r1"},
	{docOne, "li:nth-child(-n+2)", "li#l1 li#l2"},
	{docOne, "li:nth-child(3)", "li#l3"},
	{docOne, "p:nth-child(1)", "p#p1 p#p3"},
	{docOne, "span:first-child", "span#s1"},
	{docOne, ":first-child", "div#a p#p1 span#s1 li#l1 p#p3 rect#r1"},
	{docOne, "li:first-of-type", "li#l1"},
	{docOne, "ul:not(.x) > li#l3", "li#l3"},
	{docOne, "div *", "p#p1 span#s1 p#p2 ul#null li#l1 li#l2 li#l3"},
	{docOne, "div>*", "p#p1 p#p2 ul#null"},
	{docOne, "[id]:not([class])", "p#p1 span#s1 li#l1 li#l3 section#b p#p3 input#i1 svg#g1 rect#r1"},
	{docOne, "[data-k=\"hello-world\"]", "span#s1"},
	{docOne, "[class=\"x y\"]", "div#a"},
	{docOne, "[class=x]", "li#l2"},
	{docTwo, ":nth-child(-n+3)", "ul#u li#1 li#2 li#3 p#8 svg#null rect#9"},
	{docTwo, ":nth-child(n)", "ul#u li#1 li#2 li#3 li#4 li#5 li#6 li#7 p#8 svg#null rect#9"},
	{docTwo, ":nth-child(2n)", "li#2 li#4 li#6 p#8"},
	{docTwo, ":nth-child(+5)", "li#5"},
	{docTwo, ":nth-child(0n+0)", ""},
	{docTwo, ":nth-child(-2n+5)", "ul#u li#1 li#3 li#5 svg#null rect#9"},
	{docTwo, ":nth-child(3n-1)", "li#2 li#5 p#8"},
	{docTwo, "li:nth-of-type(even)", "li#2 li#4 li#6"},
	{docTwo, "[data-x]", "li#2"},
	{docTwo, "[data-x=\"\"]", "li#2"},
	{docTwo, "[data-x^=\"\"]", ""},
	{docTwo, "[data-x*=\"\"]", ""},
	{docTwo, "[data-x$=\"\"]", ""},
	{docTwo, "[data-x~=\"\"]", "li#2"},
	{docTwo, "[lang|=en]", "li#3"},
	{docTwo, "[lang|=EN]", "li#3"},
	{docTwo, "[lang=en-GB]", "li#3"},
	{docTwo, "[title~=hello]", ""},
	{docTwo, "[title~=Hello]", "li#4"},
	{docTwo, "[title*=\"o W\"]", "li#4"},
	{docTwo, "[title=\"hello world\" i]", "li#4"},
	{docTwo, "[title=\"Hello World\" s]", "li#4"},
	{docTwo, "[a]", "p#8"},
	{docTwo, "[a=\"2\"]", ""},
	{docTwo, "rect[type=text]", ""},
	{docTwo, "rect[type=Text]", "rect#9"},
	{docTwo, "[class~=b]", "li#1"},
	{docTwo, "[class=\"a b\"]", "li#1"},
	{docTwo, "[class^=\"a \"]", "li#1"},
	{docTwo, ":not(li)", "ul#u p#8 svg#null rect#9"},
	{docTwo, "li:not(:nth-child(odd))", "li#2 li#4 li#6"},
	{docTwo, ":not(ul) > li", ""},
	{docTwo, "ul :nth-child(2)", "li#2"},
	{docTwo, "RECT", "rect#9"},
}

const docOne = "<div id=\"a\" class=\"x y\"><p id=\"p1\" lang=\"en-US\">one <span id=\"s1\" data-k=\"hello-world\">s</span></p><p id=\"p2\" class=\"y\">two</p><ul><li id=\"l1\">1</li><li id=\"l2\" class=\"x\">2</li><li id=\"l3\">3</li></ul></div><section id=\"b\"><p id=\"p3\">three</p></section><input id=\"i1\" type=\"text\" disabled><svg id=\"g1\"><rect id=\"r1\"/></svg>"
const docTwo = "<ul id=u><li id=1 class=\"a b\">1</li><li id=2 data-x=\"\">2</li><li id=3 lang=\"EN-gb\">3</li><li id=4 title=\"Hello World\">4</li><li id=5>5</li><li id=6>6</li><li id=7>7</li></ul><p id=8 a=1 A=2>x</p><svg><rect id=9 TYPE=Text /></svg>"

var documentLogCases = []struct {
	chunks   []string
	out, log string
}{
	{[]string{"<div"}, "<div", "end"},
	{[]string{"<div a="}, "<div a=", "end"},
	{[]string{"<div a=\"x"}, "<div a=\"x", "end"},
	{[]string{"<!--x"}, "<!--x", "c:x end"},
	{[]string{"<!--x-"}, "<!--x-", "c:x end"},
	{[]string{"<!--x--"}, "<!--x--", "c:x end"},
	{[]string{"<!"}, "<!", "c: end"},
	{[]string{"<!-"}, "<!-", "c:- end"},
	{[]string{"<!doctype"}, "<!doctype", "d:null end"},
	{[]string{"<!doctype html"}, "<!doctype html", "d:html end"},
	{[]string{"<!doctype html public \"x"}, "<!doctype html public \"x", "d:html end"},
	{[]string{"</"}, "</", "t:</ t:| end"},
	{[]string{"</di"}, "</di", "end"},
	{[]string{"<"}, "<", "t:< t:| end"},
	{[]string{"a<"}, "a<", "t:a t:< t:| end"},
	{[]string{"<script>x"}, "<script>x", "e:script t:x t:| end"},
	{[]string{"<script>x</scr"}, "<script>x</scr", "e:script t:x t:</scr t:| end"},
	{[]string{"<title>a</ti"}, "<title>a</ti", "e:title t:a t:</ti t:| end"},
	{[]string{"<?x"}, "<?x", "c:?x end"},
	{[]string{"<![CDATA[x"}, "<![CDATA[x", "c:[CDATA[x end"},
	{[]string{"<svg><![CDATA[x"}, "<svg><![CDATA[x", "e:svg t:x t:| end"},
	{[]string{"<svg><![CDATA[x]"}, "<svg><![CDATA[x]", "e:svg t:x t:] t:| end"},
	{[]string{"<svg><![CDATA[x]]"}, "<svg><![CDATA[x]]", "e:svg t:x t:] t:] t:| end"},
}

// textSplitCases: selector "" means the document's text handler.
var textSplitCases = []struct {
	selector string
	chunks   []string
	want     string
}{
	{"p", []string{"<p>a < b</p>"}, "a  ~ < ~  b ~ |"},
	{"p", []string{"<p>a <3 b</p>"}, "a  ~ < ~ 3 b ~ |"},
	{"p", []string{"<p>a<</p>"}, "a ~ < ~ |"},
	{"p", []string{"<p>a&lt;b&amp;</p>"}, "a&lt;b&amp; ~ |"},
	{"p", []string{"<p>a<!b</p>"}, "a ~ |"},
	{"p", []string{"<p>a</ b>c</p>"}, "a ~ | ~ c ~ |"},
	{"p", []string{"<p>x<?y?>z</p>"}, "x ~ | ~ z ~ |"},
	{"p", []string{"<p>a</>b</p>"}, "a ~ | ~ b ~ |"},
	{"p", []string{"<p>a <a1 b</p>"}, "a  ~ |"},
	{"", []string{"<script>a</b</script>"}, "a ~ </b ~ |"},
	{"", []string{"<script>x<!--y--></script>"}, "x ~ <!--y-- ~ > ~ |"},
	{"", []string{"<style>a<b</style>"}, "a ~ < ~ b ~ |"},
	{"", []string{"<title>a<b</title>"}, "a ~ < ~ b ~ |"},
	{"", []string{"<textarea>a<b</textarea>"}, "a ~ < ~ b ~ |"},
	{"", []string{"<script>a</script</script>"}, "a ~ </script ~ |"},
	{"", []string{"<script><!--<script>x</script>--></script>"}, "<!-- ~ <script>x ~ </script>-- ~ > ~ |"},
	{"", []string{"<xmp>a<b>c</xmp>"}, "a ~ < ~ b>c ~ |"},
	{"", []string{"<noscript>a<b>c</noscript>"}, "a ~ < ~ b>c ~ |"},
	{"", []string{"<iframe>a<b>c</iframe>"}, "a ~ < ~ b>c ~ |"},
	{"", []string{"<plaintext>a<b>c</plaintext>d"}, "a<b>c</plaintext>d ~ |"},
	{"", []string{"<svg><![CDATA[x<y]]>z</svg>"}, "x<y ~ | ~ z ~ |"},
	{"", []string{"<p><![CDATA[x]]></p>"}, ""},
	{"div", []string{"<div>a<b>c</b>d</div>"}, "a ~ | ~ c ~ | ~ d ~ |"},
	{"p", []string{"<p>he", "llo</p><p>a<", "/p><p>x", "</p", "><p>", "</p>"}, "he ~ llo ~ | ~ a ~ | ~ x ~ |"},
	{"p", []string{"<p>a&a", "mp;b c", "d</p><p>x<", "y</p>"}, "a&a ~ mp;b c ~ d ~ | ~ x ~ |"},
}

func TestSelectorParseErrors(t *testing.T) {
	for _, c := range selectorParseCases {
		_, err := ParseSelector(c.selector)
		if c.err == "" {
			require.NoError(t, err, "%q", c.selector)
			continue
		}
		require.EqualError(t, err, c.err, "%q", c.selector)
	}
}

func TestSelectorMatching(t *testing.T) {
	for _, c := range selectorMatchCases {
		var got []string
		rewrite(t, Settings{Elements: []ElementHandlers{{Selector: mustSelector(t, c.selector), Element: func(el *Element) error {
			id, ok := el.GetAttribute("id")
			if !ok {
				id = "null"
			}
			got = append(got, el.TagName()+"#"+id)
			return nil
		}}}}, c.doc)
		require.Equal(t, c.matched, strings.Join(got, " "), "%q", c.selector)
	}
}

// documentLog logs the tokens as the probe did: e:tag, t:text (| for the
// last chunk of a text node), c:comment, d:doctype name, end.
func documentLog(t *testing.T, chunks []string) (string, string) {
	t.Helper()
	var log []string
	out := rewrite(t, Settings{
		Document: []DocumentHandlers{{
			Text: func(c *TextChunk) error {
				s := "t:" + c.Text()
				if c.LastInTextNode() {
					s += "|"
				}
				log = append(log, s)
				return nil
			},
			Comments: func(c *Comment) error { log = append(log, "c:"+c.Text()); return nil },
			Doctype: func(d *Doctype) error {
				name, ok := d.Name()
				if !ok {
					name = "null"
				}
				log = append(log, "d:"+name)
				return nil
			},
			End: func(*DocumentEnd) error { log = append(log, "end"); return nil },
		}},
		Elements: []ElementHandlers{{Selector: mustSelector(t, "*"), Element: func(el *Element) error {
			log = append(log, "e:"+el.TagName())
			return nil
		}}},
	}, chunks...)
	return out, strings.Join(log, " ")
}

func TestInputCutAnywhere(t *testing.T) {
	cases := append(documentLogCases, []struct {
		chunks   []string
		out, log string
	}{
		{[]string{"<di", "v>x</div>"}, "<div>x</div>", "e:div t:x t:| end"},
		{[]string{"<div a", "=1>x</d", "iv>"}, "<div a=1>x</div>", "e:div t:x t:| end"},
		{[]string{"<!-", "-x--", ">"}, "<!--x-->", "c:x end"},
		{[]string{"<!DOC", "TYPE html>"}, "<!DOCTYPE html>", "d:html end"},
		{[]string{"<scr", "ipt>a<", "/script>"}, "<script>a</script>", "e:script t:a t:| end"},
		{[]string{"<script>a<!", "--b--></script>"}, "<script>a<!--b--></script>", "e:script t:a t:<!--b-- t:> t:| end"},
		{[]string{"<p>a", "", "b</p>"}, "<p>ab</p>", "e:p t:a t:b t:| end"},
		// A character cut between chunks comes whole in the next piece.
		{[]string{"\xc3", "\xa9<p>\xc3", "\xa9"}, "é<p>é", "t:é t:| e:p t:é t:| end"},
		{[]string{"<p>", "\xe2\x82", "\xac", "</p>"}, "<p>€</p>", "e:p t:€ t:| end"},
		{[]string{"\xffa"}, "\xffa", "t:\ufffda t:| end"},
		{[]string{"", "<p>", "", "x", "", "</p>", ""}, "<p>x</p>", "e:p t:x t:| end"},
	}...)
	for _, c := range cases {
		out, log := documentLog(t, c.chunks)
		require.Equal(t, c.out, out, "%q", c.chunks)
		require.Equal(t, c.log, log, "%q", c.chunks)
	}
}

func TestTextChunks(t *testing.T) {
	for _, c := range textSplitCases {
		var log []string
		text := func(tc *TextChunk) error {
			s := tc.Text()
			if tc.LastInTextNode() {
				s += "|"
			}
			log = append(log, s)
			return nil
		}
		settings := Settings{Document: []DocumentHandlers{{Text: text}}}
		if c.selector != "" {
			settings = Settings{Elements: []ElementHandlers{{Selector: mustSelector(t, c.selector), Text: text}}}
		}
		out := rewrite(t, settings, c.chunks...)
		require.Equal(t, strings.Join(c.chunks, ""), out, "the output is the input")
		require.Equal(t, c.want, strings.Join(log, " ~ "), "%q", c.chunks)
	}
}

// Element changes through the Go API, with the outputs wrangler gave for
// the same changes made from JS.
func TestElementMutations(t *testing.T) {
	on := func(selector string, h func(*Element) error) ElementHandlers {
		return ElementHandlers{Selector: mustSelector(t, selector), Element: h}
	}
	html := func(s string) Content { return TextContent(s, true) }
	text := func(s string) Content { return TextContent(s, false) }
	for _, c := range []struct {
		name, in, want string
		handlers       []ElementHandlers
	}{
		{"insertions keep lol-html's order", "<section><div>x</div></section>", "<section><b1><b2><div><p2><p1>x<e1><e2></div><a2><a1></section>",
			[]ElementHandlers{on("div", func(el *Element) error {
				el.Before(html("<b1>"))
				el.Before(html("<b2>"))
				el.After(html("<a1>"))
				el.After(html("<a2>"))
				el.Prepend(html("<p1>"))
				el.Prepend(html("<p2>"))
				el.Append(html("<e1>"))
				el.Append(html("<e2>"))
				return nil
			})}},
		{"text content is escaped", "<div>x</div>", "&lt;&amp;&gt;\"'<div>x</div>",
			[]ElementHandlers{on("div", func(el *Element) error { el.Before(text("<&>\"'")); return nil })}},
		{"replace drops the content", "<div>a<p>b</p></div><p>c</p>", "<new>text&lt;&gt;",
			[]ElementHandlers{
				on("div", func(el *Element) error { el.Replace(html("<new>")); return nil }),
				on("p", func(el *Element) error { el.Replace(text("text<>")); return nil }),
			}},
		{"removed element keeps what surrounds it", "<div>a</div>", "BYXA",
			[]ElementHandlers{on("div", func(el *Element) error {
				el.Remove()
				el.Before(text("B"))
				el.After(text("A"))
				el.Append(text("X"))
				el.Prepend(text("Y"))
				return nil
			})}},
		{"inner content set twice", "<p>x</p><i>y</i><b>z</b>", "b<i>023</i>",
			[]ElementHandlers{
				on("p", func(el *Element) error { el.Replace(text("a")); el.Replace(text("b")); return nil }),
				on("i", func(el *Element) error {
					el.SetInnerContent(text("1"))
					el.SetInnerContent(text("2"))
					el.Append(text("3"))
					el.Prepend(text("0"))
					return nil
				}),
				on("b", func(el *Element) error { el.SetInnerContent(text("S")); el.Remove(); return nil }),
			}},
		{"keeping the content", "<div class=q>a<p>b</p></div>", "a<p>b</p>",
			[]ElementHandlers{on("div", func(el *Element) error { el.RemoveAndKeepContent(); return nil })}},
		{"attributes rewritten, others kept as written", "<DIV ID=a  CLASS='b' data-x=0 >x</DIV>", "<DIV ID=a CLASS='b' data-x=\"1\">x</DIV>",
			[]ElementHandlers{on("div", func(el *Element) error { return el.SetAttribute("data-x", "1") })}},
		{"a renamed element's end tag is whatever closes it", "<p><b>x</b><I>y</I><b>unclosed</p>", "<p><strong>x</strong><EM>y</EM><strong>unclosed</strong>",
			[]ElementHandlers{
				on("b", func(el *Element) error { return el.SetTagName("strong") }),
				on("i", func(el *Element) error { return el.SetTagName("EM") }),
			}},
		{"end tag handlers of elements an end tag closes run innermost first", "<div><b>x<i>y</div>z", "<div><b>x<i>y[i]</div>[div][b]z",
			[]ElementHandlers{
				on("b", func(el *Element) error {
					return el.OnEndTag(func(e *EndTag) error { e.After(text("[b]")); return nil })
				}),
				on("div", func(el *Element) error {
					return el.OnEndTag(func(e *EndTag) error { e.After(text("[div]")); return nil })
				}),
				on("i", func(el *Element) error {
					return el.OnEndTag(func(e *EndTag) error { e.Before(text("[i]")); return nil })
				}),
			}},
		{"void and self-closing elements", "<svg><rect/><rect></rect></svg><br><div/>after", "<svg><rect/>A<rect>X</rect>A</svg><br><div/>Yafter",
			[]ElementHandlers{
				on("rect", func(el *Element) error { el.Append(text("X")); el.After(text("A")); return nil }),
				on("br", func(el *Element) error {
					if err := el.OnEndTag(nil); err == nil || err.Error() != "No end tag." {
						t.Errorf("OnEndTag on a void element: %v", err)
					}
					el.Append(text("ignored"))
					return nil
				}),
				on("div", func(el *Element) error { el.Append(text("X")); el.Prepend(text("Y")); return nil }),
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, rewrite(t, Settings{Elements: c.handlers}, c.in))
		})
	}
}

// A handler's error stops the rewriter: the output so far is written,
// nothing after.
func TestHandlerErrorStopsTheRewriter(t *testing.T) {
	boom := errors.New("boom")
	var out strings.Builder
	rw, err := New(Settings{Elements: []ElementHandlers{{Selector: mustSelector(t, "b"), Text: func(c *TextChunk) error {
		if c.Text() == "2" {
			return boom
		}
		return nil
	}}}}, func(b []byte) error { out.Write(b); return nil })
	require.NoError(t, err)
	require.ErrorIs(t, rw.Write([]byte("<p>x</p><b>1</b><b>2</b><i>y</i>")), boom)
	require.ErrorIs(t, rw.End(), boom)
	require.Equal(t, "<p>x</p><b>1</b><b>", out.String())
}

func TestCharsets(t *testing.T) {
	_, err := New(Settings{Charset: "utf-16"}, nil)
	require.EqualError(t, err, "Expected ASCII-compatible encoding.")
	_, err = New(Settings{Charset: "bogus"}, nil)
	require.EqualError(t, err, "Unknown character encoding has been provided.")
	var got []string
	out := rewrite(t, Settings{Charset: "iso-8859-1", Elements: []ElementHandlers{{Selector: mustSelector(t, "p"), Text: func(c *TextChunk) error {
		got = append(got, c.Text())
		if c.Text() != "" {
			c.After(TextContent("ü", false))
		}
		return nil
	}}}}, "<p>\xe9</p>")
	require.Equal(t, "<p>\xe9\xfc</p>", out)
	require.Equal(t, []string{"é", ""}, got)
}
