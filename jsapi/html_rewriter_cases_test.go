package jsapi

// Generated from the HTMLRewriter probe Worker's cases and the answers
// wrangler 4.86 (workerd) gave; see TestHTMLRewriterMatchesWorkerd.

const htmlRewriterProbeHelpers1 = `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const aa = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const html = (s, ct = "text/html") => new Response(s, { headers: { "content-type": ct } });
const run = (rw, s) => rw.transform(html(s)).text();
const DOC = '<div id="a" class="x y"><p id="p1" lang="en-US">one <span id="s1" data-k="hello-world">s</span></p><p id="p2" class="y">two</p><ul><li id="l1">1</li><li id="l2" class="x">2</li><li id="l3">3</li></ul></div><section id="b"><p id="p3">three</p></section><input id="i1" type="text" disabled><svg id="g1"><rect id="r1"/></svg>';
const SELECTORS = ["*", "p", "#p2", ".x", ".x.y", "[lang]", "[lang=en-US]", "[lang|=en]", "[data-k^=hel]", "[data-k$=rld]", "[data-k*=o-w]",
  "[class~=y]", "div p", "div > p", "section p", "div span", "ul > li:nth-child(2)", "li:nth-child(odd)", "li:nth-child(2n+1)", "li:first-child",
  "li:nth-of-type(2)", "p:first-of-type", "li:not(.x)", "p:not(#p1)", "p, li.x", "[type=\"TEXT\" i]", "[type=\"TEXT\"]", "input[disabled]", "rect", "svg > rect",
  "DIV", "P#P1", "[LANG]", "#a p", "div#a.x > ul li:not(:first-child)", "*:not(p):not(li)", "li:nth-child(-n+2)", "li:nth-child(3)", "p:nth-child(1)", "span:first-child", ":first-child", "li:first-of-type", "ul:not(.x) > li#l3", "div *", "div>*", "[id]:not([class])", "[data-k=\"hello-world\"]", "[class=\"x y\"]", "[class=x]"];
const BAD = ["a + b", "a ~ b", ":hover", "li:last-child", "a:not(b c)", "", "div >", "[", ".", "ns|a", "::before", ":nth-child(2 of .x)", ":has(a)", "li:only-child", "a:not(:not(b))", "#", "a[b=", "a,", ">a", "a >> b", "1a", ":root", ":nth-last-child(1)", "a:is(b)", "[*|a]"];
`

var htmlRewriterProbeCases1 = []probeCase{
	{"surface", `() => [typeof HTMLRewriter, HTMLRewriter.length, Object.getOwnPropertyNames(HTMLRewriter.prototype).sort(), Object.getOwnPropertyNames(HTMLRewriter).sort(),
    String(new HTMLRewriter()), typeof new HTMLRewriter().on("p", {}), new HTMLRewriter().on("p", {}) instanceof HTMLRewriter]`,
		"{\"ok\":[\"function\",0,[\"constructor\",\"on\",\"onDocument\",\"transform\"],[\"length\",\"name\",\"prototype\"],\"[object HTMLRewriter]\",\"object\",true]}"},
	{"selectors", `async () => {
    const out = {};
    for (const sel of SELECTORS) {
      const got = [];
      try { await run(new HTMLRewriter().on(sel, { element(el) { got.push(el.tagName + "#" + el.getAttribute("id")); } }), DOC); out[sel] = got.join(" "); }
      catch (e) { out[sel] = "ERR " + e.name + ": " + e.message; }
    }
    return out;
  }`,
		"{\"ok\":{\"*\":\"div#a p#p1 span#s1 p#p2 ul#null li#l1 li#l2 li#l3 section#b p#p3 input#i1 svg#g1 rect#r1\",\"p\":\"p#p1 p#p2 p#p3\",\"#p2\":\"p#p2\",\".x\":\"div#a li#l2\",\".x.y\":\"div#a\",\"[lang]\":\"p#p1\",\"[lang=en-US]\":\"p#p1\",\"[lang|=en]\":\"p#p1\",\"[data-k^=hel]\":\"span#s1\",\"[data-k$=rld]\":\"span#s1\",\"[data-k*=o-w]\":\"span#s1\",\"[class~=y]\":\"div#a p#p2\",\"div p\":\"p#p1 p#p2\",\"div > p\":\"p#p1 p#p2\",\"section p\":\"p#p3\",\"div span\":\"span#s1\",\"ul > li:nth-child(2)\":\"li#l2\",\"li:nth-child(odd)\":\"li#l1 li#l3\",\"li:nth-child(2n+1)\":\"li#l1 li#l3\",\"li:first-child\":\"li#l1\",\"li:nth-of-type(2)\":\"li#l2\",\"p:first-of-type\":\"p#p1 p#p3\",\"li:not(.x)\":\"li#l1 li#l3\",\"p:not(#p1)\":\"p#p2 p#p3\",\"p, li.x\":\"p#p1 p#p2 li#l2 p#p3\",\"[type=\\\"TEXT\\\" i]\":\"input#i1\",\"[type=\\\"TEXT\\\"]\":\"input#i1\",\"input[disabled]\":\"input#i1\",\"rect\":\"rect#r1\",\"svg > rect\":\"rect#r1\",\"DIV\":\"div#a\",\"P#P1\":\"\",\"[LANG]\":\"\",\"#a p\":\"p#p1 p#p2\",\"div#a.x > ul li:not(:first-child)\":\"li#l2 li#l3\",\"*:not(p):not(li)\":\"div#a span#s1 ul#null section#b input#i1 svg#g1 rect#r1\",\"li:nth-child(-n+2)\":\"li#l1 li#l2\",\"li:nth-child(3)\":\"li#l3\",\"p:nth-child(1)\":\"p#p1 p#p3\",\"span:first-child\":\"span#s1\",\":first-child\":\"div#a p#p1 span#s1 li#l1 p#p3 rect#r1\",\"li:first-of-type\":\"li#l1\",\"ul:not(.x) > li#l3\":\"li#l3\",\"div *\":\"p#p1 span#s1 p#p2 ul#null li#l1 li#l2 li#l3\",\"div>*\":\"p#p1 p#p2 ul#null\",\"[id]:not([class])\":\"p#p1 span#s1 li#l1 li#l3 section#b p#p3 input#i1 svg#g1 rect#r1\",\"[data-k=\\\"hello-world\\\"]\":\"span#s1\",\"[class=\\\"x y\\\"]\":\"div#a\",\"[class=x]\":\"li#l2\"}}"},
	{"bad_selectors", `() => BAD.map((s) => [s, a(() => { new HTMLRewriter().on(s, {}); return "ok"; })])`,
		"{\"ok\":[[\"a + b\",{\"err\":[\"TypeError\",\"Parser error: Unsupported combinator `+` in selector.\",\"TypeError\"]}],[\"a ~ b\",{\"err\":[\"TypeError\",\"Parser error: Unsupported combinator `~` in selector.\",\"TypeError\"]}],[\":hover\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"li:last-child\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"a:not(b c)\",{\"ok\":\"ok\"}],[\"\",{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}],[\"div >\",{\"err\":[\"TypeError\",\"Parser error: Dangling combinator in selector.\",\"TypeError\"]}],[\"[\",{\"err\":[\"TypeError\",\"Parser error: Unexpected end of selector.\",\"TypeError\"]}],[\".\",{\"err\":[\"TypeError\",\"Parser error: Unexpected end of selector.\",\"TypeError\"]}],[\"ns|a\",{\"err\":[\"TypeError\",\"Parser error: Selectors with explicit namespaces are not supported.\",\"TypeError\"]}],[\"::before\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\":nth-child(2 of .x)\",{\"err\":[\"TypeError\",\"Parser error: Unexpected token in selector.\",\"TypeError\"]}],[\":has(a)\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"li:only-child\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"a:not(:not(b))\",{\"ok\":\"ok\"}],[\"#\",{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}],[\"a[b=\",{\"err\":[\"TypeError\",\"Parser error: Unexpected end of selector.\",\"TypeError\"]}],[\"a,\",{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}],[\">a\",{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}],[\"a >> b\",{\"err\":[\"TypeError\",\"Parser error: Dangling combinator in selector.\",\"TypeError\"]}],[\"1a\",{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}],[\":root\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\":nth-last-child(1)\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"a:is(b)\",{\"err\":[\"TypeError\",\"Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"TypeError\"]}],[\"[*|a]\",{\"err\":[\"TypeError\",\"Parser error: Selectors with explicit namespaces are not supported.\",\"TypeError\"]}]]}"},
	{"text_chunks", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { text(t) { log.push([t.text, t.lastInTextNode, t.removed]); } }), "<p>a &amp; b<br>c</p><p></p><p>x<!--c-->y</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p>a &amp; b<br>c</p><p></p><p>x<!--c-->y</p>\",[[\"a &amp; b\",false,false],[\"\",true,false],[\"c\",false,false],[\"\",true,false],[\"x\",false,false],[\"\",true,false],[\"y\",false,false],[\"\",true,false]]]}"},
	{"doc_text", `async () => { const log = []; await run(new HTMLRewriter().onDocument({ text(t) { log.push([t.text, t.lastInTextNode]); } }), "<!doctype html><title>a&lt;b</title><script>if (a<b) x()</script><style>p{}</style>t<textarea>&amp;</textarea>"); return log; }`,
		"{\"ok\":[[\"a&lt;b\",false],[\"\",true],[\"if (a\",false],[\"<\",false],[\"b) x()\",false],[\"\",true],[\"p{}\",false],[\"\",true],[\"t\",false],[\"\",true],[\"&amp;\",false],[\"\",true]]}"},
	{"element_props", `async () => { const log = []; await run(new HTMLRewriter().on("*", { element(el) { log.push([el.tagName, el.namespaceURI, el.selfClosing, el.canHaveContent, el.removed, [...el.attributes]]); } }),
    '<DIV Class=X data-A="1&amp;2" b=\'q\' c>t</DIV><br/><div/><img src=x><svg viewBox="0 0 1 1"><rect/><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math><br>'); return log; }`,
		"{\"ok\":[[\"div\",\"http://www.w3.org/1999/xhtml\",null,null,false,[[\"class\",\"X\"],[\"data-a\",\"1&amp;2\"],[\"b\",\"q\"],[\"c\",\"\"]]],[\"br\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]],[\"div\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]],[\"img\",\"http://www.w3.org/1999/xhtml\",null,null,false,[[\"src\",\"x\"]]],[\"svg\",\"http://www.w3.org/2000/svg\",null,null,false,[[\"viewbox\",\"0 0 1 1\"]]],[\"rect\",\"http://www.w3.org/2000/svg\",null,null,false,[]],[\"foreignobject\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]],[\"p\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]],[\"math\",\"http://www.w3.org/1998/Math/MathML\",null,null,false,[]],[\"mi\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]],[\"br\",\"http://www.w3.org/1999/xhtml\",null,null,false,[]]]}"},
	{"attributes", `async () => { const log = []; const out = await run(new HTMLRewriter().on("a", { element(el) {
      log.push([el.getAttribute("title"), el.getAttribute("TITLE"), el.getAttribute("nope"), el.hasAttribute("HREF"), el.hasAttribute("x"), el.getAttribute("e")]);
      el.setAttribute("title", 'say "hi" & <bye>'); el.setAttribute("New", "v"); el.removeAttribute("href"); el.setAttribute("e", "");
      log.push([...el.attributes]); } }), '<a href="/x" title="a&amp;b&quot;" e>l</a><a HREF=y>m</a>'); return [out, log]; }`,
		"{\"ok\":[\"<a title=\\\"say &quot;hi&quot; & <bye>\\\" e=\\\"\\\" new=\\\"v\\\">l</a><a title=\\\"say &quot;hi&quot; & <bye>\\\" new=\\\"v\\\" e=\\\"\\\">m</a>\",[[\"a&amp;b&quot;\",\"a&amp;b&quot;\",null,true,false,\"\"],[[\"title\",\"say \\\"hi\\\" & <bye>\"],[\"e\",\"\"],[\"new\",\"v\"]],[null,null,null,true,false,null],[[\"title\",\"say \\\"hi\\\" & <bye>\"],[\"new\",\"v\"],[\"e\",\"\"]]]]}"},
	{"tagname_set", `async () => run(new HTMLRewriter().on("b", { element(el) { el.tagName = "strong"; } }).on("i", { element(el) { el.tagName = "EM"; } }), "<p><b>x</b><I>y</I><b>unclosed</p>")`,
		"{\"ok\":\"<p><strong>x</strong><EM>y</EM><strong>unclosed</strong>\"}"},
	{"mutations_html", `async () => run(new HTMLRewriter().on("div", { element(el) {
      el.before("<b1>", { html: true }); el.before("<b2>", { html: true }); el.after("<a1>", { html: true }); el.after("<a2>", { html: true });
      el.prepend("<p1>", { html: true }); el.prepend("<p2>", { html: true }); el.append("<e1>", { html: true }); el.append("<e2>", { html: true }); } }), "<section><div>x</div></section>")`,
		"{\"ok\":\"<section><b1><b2><div><p2><p1>x<e1><e2></div><a2><a1></section>\"}"},
	{"mutations_text", `async () => run(new HTMLRewriter().on("div", { element(el) { el.before("<&>\"'"); el.after("a&b", { html: false }); el.prepend(5); el.append("é\u00a0"); } }), "<div>x</div>")`,
		"{\"ok\":\"&lt;&amp;&gt;\\\"'<div>5x\u00e9\u00a0</div>a&amp;b\"}"},
	{"replace", `async () => run(new HTMLRewriter().on("div", { element(el) { el.replace("<new>", { html: true }); } }).on("p", { element(el) { el.replace("text<>"); } }), "<div>a<p>b</p></div><p>c</p>")`,
		"{\"ok\":\"<new>text&lt;&gt;\"}"},
	{"inner", `async () => run(new HTMLRewriter().on("div", { element(el) { el.setInnerContent("<i>n</i>", { html: true }); } }).on("p", { element(el) { el.setInnerContent("t&"); } }), "<div>a<p>b</p></div><p>c<b>d</b></p>")`,
		"{\"ok\":\"<div><i>n</i></div><p>t&amp;</p>\"}"},
	{"remove", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.remove(); log.push(["div", el.removed]); } }).on("p", { element(el) { log.push(["p", el.removed]); }, text(t) { log.push(["t", t.text, t.removed]); } }), "x<div>a<p>b</p></div>y<p>c</p>"); return [out, log]; }`,
		"{\"ok\":[\"xy<p>c</p>\",[[\"div\",true],[\"p\",true],[\"t\",\"b\",false],[\"t\",\"\",false],[\"p\",false],[\"t\",\"c\",false],[\"t\",\"\",false]]]}"},
	{"remove_keep", `async () => run(new HTMLRewriter().on("div", { element(el) { el.removeAndKeepContent(); } }), "<div class=q>a<p>b</p></div>")`,
		"{\"ok\":\"a<p>b</p>\"}"},
	{"remove_then_mutate", `async () => run(new HTMLRewriter().on("div", { element(el) { el.remove(); el.before("B"); el.after("A"); el.append("X"); el.prepend("Y"); } }), "<div>a</div>")`,
		"{\"ok\":\"BYXA\"}"},
	{"end_tag", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.onEndTag((end) => { log.push(end.name); end.before("<x>", { html: true }); end.after("y"); end.name = "section"; }); } })
      .on("span", { element(el) { el.onEndTag((end) => end.remove()); } }), "<div>a<span>s</span></div><div>b"); return [out, log]; }`,
		"{\"ok\":[\"<div>a<span>s<x></section>y<div>b\",[\"div\"]]}"},
	{"end_tag_void", `async () => aa(async () => { const log = []; const out = await run(new HTMLRewriter().on("br", { element(el) { log.push(el.canHaveContent); try { el.onEndTag(() => log.push("end")); } catch (e) { log.push([e.name, e.message]); } try { el.append("x"); } catch (e) { log.push([e.name, e.message]); } } }), "<br><p>a</p>"); return [out, log]; })`,
		"{\"ok\":{\"ok\":[\"<br><p>a</p>\",[null,[\"TypeError\",\"Parser error: No end tag.\"]]]}}"},
	{"comments", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { comments(c) { log.push(["div", c.text, c.removed]); if (c.text === "1") c.text = "one"; if (c.text === "2") c.remove(); if (c.text === "3") { c.before("<b>", { html: true }); c.after("&"); } if (c.text === "4") c.replace("<r>", { html: true }); } })
      .onDocument({ comments(c) { log.push(["doc", c.text]); } }), "<!--top--><div><!--1--><!--2--><!--3--><!--4--><p><!--in p--></p></div><!x><?pi?><!-- a -- b -->"); return [out, log]; }`,
		"{\"ok\":[\"<!--top--><div><!--one--><b><!--3-->&amp;<r><p><!--in p--></p></div><!x><?pi?><!-- a -- b -->\",[[\"doc\",\"top\"],[\"div\",\"1\",false],[\"doc\",\"one\"],[\"div\",\"2\",false],[\"doc\",\"2\"],[\"div\",\"3\",false],[\"doc\",\"3\"],[\"div\",\"4\",false],[\"doc\",\"4\"],[\"div\",\"in p\",false],[\"doc\",\"in p\"],[\"doc\",\"x\"],[\"doc\",\"?pi?\"],[\"doc\",\" a -- b \"]]]}"},
	{"comment_stream", `async () => aa(() => run(new HTMLRewriter().onDocument({ comments(c) { c.replace(new ReadableStream()); } }), "<!--x-->"))`,
		"{\"ok\":{\"err\":[\"TypeError\",\"Replacing content in HTML comments using a ReadableStream or Response object is not implemented. You must provide a string.\",\"TypeError\"]}}"},
	{"doctype", `async () => { const log = []; const out = await run(new HTMLRewriter().onDocument({ doctype(d) { log.push([d.name, d.publicId, d.systemId]); } }),
      '<!DOCTYPE html><!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd"><!DOCTYPE><!DOCTYPE x SYSTEM \'s\'>'); return [out, log]; }`,
		"{\"ok\":[\"<!DOCTYPE html><!doctype HTML PUBLIC \\\"-//W3C//DTD HTML 4.01//EN\\\" \\\"http://www.w3.org/TR/html4/strict.dtd\\\"><!DOCTYPE><!DOCTYPE x SYSTEM 's'>\",[[\"html\",null,null],[\"html\",\"-//W3C//DTD HTML 4.01//EN\",\"http://www.w3.org/TR/html4/strict.dtd\"],[null,null,null],[\"x\",null,\"s\"]]]}"},
	{"doc_end", `async () => run(new HTMLRewriter().onDocument({ end(end) { end.append("<!-- e -->", { html: true }); end.append("<t>"); } }), "<p>x</p>")`,
		"{\"ok\":\"<p>x</p><!-- e -->&lt;t&gt;\"}"},
	{"doc_end_empty", `async () => run(new HTMLRewriter().onDocument({ end(end) { end.append("E"); } }), "")`,
		"{\"ok\":\"E\"}"},
	{"async_handler", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { async element(el) { log.push("start " + el.getAttribute("id")); await new Promise((r) => setTimeout(r, 20)); el.setAttribute("done", "1"); log.push("end " + el.getAttribute("id")); } }), '<p id=1>a</p><p id=2>b</p>'); return [out, log]; }`,
		"{\"ok\":[\"<p id=1 done=\\\"1\\\">a</p><p id=2 done=\\\"1\\\">b</p>\",[\"start 1\",\"end 1\",\"start 2\",\"end 2\"]]}"},
	{"handler_order", `async () => { const log = []; await run(new HTMLRewriter().on("p", { element() { log.push("p1"); }, text(t) { log.push("pt1:" + t.text); } }).onDocument({ text(t) { log.push("dt:" + t.text); } }).on("#x", { element() { log.push("x"); }, text(t) { log.push("xt:" + t.text); } }).on("p", { element() { log.push("p2"); } }), '<p id=x>a</p>'); return log; }`,
		"{\"ok\":[\"p1\",\"x\",\"p2\",\"pt1:a\",\"xt:a\",\"dt:a\",\"pt1:\",\"xt:\",\"dt:\"]}"},
	{"handler_throws", `async () => aa(() => run(new HTMLRewriter().on("p", { element() { throw new RangeError("boom"); } }), "<p>x</p>"))`,
		"{\"ok\":{\"err\":[\"RangeError\",\"boom\",\"RangeError\"]}}"},
	{"handler_rejects", `async () => aa(() => run(new HTMLRewriter().on("p", { async element() { throw new TypeError("async boom"); } }), "<p>x</p>"))`,
		"{\"ok\":{\"err\":[\"TypeError\",\"async boom\",\"TypeError\"]}}"},
	{"token_after_scope", `async () => { let saved; await run(new HTMLRewriter().on("p", { element(el) { saved = el; } }), "<p>x</p>"); return [a(() => saved.tagName), a(() => saved.setAttribute("a", "b"))]; }`,
		"{\"ok\":[{\"err\":[\"TypeError\",\"This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.\",\"TypeError\"]}]}"},
	{"this_binding", `async () => { const h = { n: 0, element(el) { this.n++; } }; await run(new HTMLRewriter().on("p", h), "<p></p><p></p>"); return h.n; }`,
		"{\"ok\":2}"},
	{"stream_content", `async () => run(new HTMLRewriter().on("p", { element(el) { el.replace(new Response("<r>resp</r>").body, { html: true }); } }).on("i", { element(el) { el.append(new Response("<&>")); } }), "<p>x</p><i>y</i>")`,
		"{\"ok\":\"<r>resp</r><i>y&lt;&amp;&gt;</i>\"}"},
	{"transform_args", `async () => [a(() => new HTMLRewriter().transform("x")), a(() => new HTMLRewriter().transform(Response.error())),
    await (async () => { const r = new Response(null, { status: 204 }); const t = new HTMLRewriter().transform(r); return [t === r, t.status]; })(),
    await (async () => { const r = new Response("<p>x</p>", { status: 201, statusText: "C", headers: { "x-h": "1", "content-length": "8" } }); const t = new HTMLRewriter().on("p", { element(el) { el.append("yy"); } }).transform(r); return [t === r, t.status, t.statusText, [...t.headers], r.bodyUsed, await t.text()]; })()]`,
		"{\"ok\":[{\"err\":[\"TypeError\",\"Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"HTMLRewriter cannot transform an error response\",\"TypeError\"]},[true,204],[false,201,\"C\",[[\"content-length\",\"8\"],[\"content-type\",\"text/plain;charset=UTF-8\"],[\"x-h\",\"1\"]],true,\"<p>xyy</p>\"]]}"},
	{"on_args", `() => [a(() => new HTMLRewriter().on("p")), a(() => new HTMLRewriter().on("p", 5)), a(() => new HTMLRewriter().on("p", { element: 5 })), a(() => new HTMLRewriter().onDocument({ end: "x" })), a(() => new HTMLRewriter().on()), a(() => new HTMLRewriter().on(5, {}))]`,
		"{\"ok\":[{\"err\":[\"TypeError\",\"Failed to execute 'on' on 'HTMLRewriter': parameter 2 is not of type 'ElementContentHandlers'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"Failed to execute 'on' on 'HTMLRewriter': parameter 2 is not of type 'ElementContentHandlers'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"Incorrect type for the 'element' field on 'ElementContentHandlers': the provided value is not of type 'function'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"Incorrect type for the 'end' field on 'DocumentContentHandlers': the provided value is not of type 'function'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"Failed to execute 'on' on 'HTMLRewriter': parameter 1 is not of type 'string'.\",\"TypeError\"]},{\"err\":[\"TypeError\",\"Parser error: The selector is empty.\",\"TypeError\"]}]}"},
	{"unclosed", `async () => { const log = []; await run(new HTMLRewriter().on("p", { text(t) { if (t.text) log.push("p:" + t.text); } }).on("p p", { element(el) { log.push("p p " + el.getAttribute("id")); } }).on("div > b", { element(el) { log.push("div>b"); } }), "<div><p id=1>a<p id=2>b</div>c<b>d</b>"); return log; }`,
		"{\"ok\":[\"p:a\",\"p p 2\",\"p:b\"]}"},
	{"script_text", `async () => { const log = []; const out = await run(new HTMLRewriter().on("script", { text(t) { log.push([t.text, t.lastInTextNode]); if (t.text) t.replace("R<>&"); } }), "<script>a<b</script><script></script>"); return [out, log]; }`,
		"{\"ok\":[\"<script>R&lt;&gt;&amp;R&lt;&gt;&amp;R&lt;&gt;&amp;</script><script></script>\",[[\"a\",false],[\"<\",false],[\"b\",false],[\"\",true]]]}"},
	{"text_mutations", `async () => run(new HTMLRewriter().on("p", { text(t) { if (t.text === "a") t.before("<b>", { html: true }); if (t.text === "b") t.after("&"); if (t.text === "c") t.remove(); } }), "<p>a</p><p>b</p><p>c</p>")`,
		"{\"ok\":\"<p><b>a</p><p>b&amp;</p><p></p>\"}"},
	{"selfclosing_div", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { log.push([el.selfClosing, el.canHaveContent]); el.append("X"); el.prepend("Y"); } }).on("span", { text(t) { if (t.text) log.push("span:" + t.text); } }), "<div/>after<span/>s</span>"); return [out, log]; }`,
		"{\"ok\":[\"<div/>Yafter<span/>s</span>\",[[null,null],\"span:s\"]]}"},
	{"foreign_selfclosing", `async () => { const log = []; const out = await run(new HTMLRewriter().on("rect", { element(el) { log.push([el.selfClosing, el.canHaveContent]); el.append("X"); el.after("A"); } }), "<svg><rect/><rect></rect></svg>"); return [out, log]; }`,
		"{\"ok\":[\"<svg><rect/>A<rect>X</rect>A</svg>\",[[null,null],[null,null]]]}"},
	{"attr_iter_mutate", `async () => { const log = []; await run(new HTMLRewriter().on("a", { element(el) { const it = el.attributes; log.push(it.next()); el.setAttribute("z", "1"); log.push(a(() => it.next())); log.push([...el.attributes]); log.push(typeof it[Symbol.iterator]); } }), '<a x=1 y=2>'); return log; }`,
		"{\"ok\":[{\"done\":false,\"value\":[\"x\",\"1\"]},{\"err\":[\"Error\",\"The attributes of this element have been modified during iteration. You must create a new iterator after modifying attributes.\",\"Error\"]},[[\"x\",\"1\"],[\"y\",\"2\"],[\"z\",\"1\"]],\"function\"]}"},
	{"ambiguity", `async () => aa(() => run(new HTMLRewriter().on("p", { element() {} }), "<select><script>x</script></select>"))`,
		"{\"ok\":{\"ok\":\"<select><script>x</script></select>\"}}"},
	{"no_handlers", `async () => run(new HTMLRewriter(), "<P>x &amp; <br/>y</P><!-- c -->")`,
		"{\"ok\":\"<P>x &amp; <br/>y</P><!-- c -->\"}"},
	{"whole_doc", `async () => run(new HTMLRewriter().on("head", { element(el) { el.append('<meta name="x">', { html: true }); } }).on("a[href^=http]", { element(el) { el.setAttribute("rel", "noopener"); } }), '<!DOCTYPE html>\n<html><head><title>T</title></head><body><a href="http://x">x</a> <a href="/y">y</a></body></html>\n')`,
		"{\"ok\":\"<!DOCTYPE html>\\n<html><head><title>T</title><meta name=\\\"x\\\"></head><body><a href=\\\"http://x\\\" rel=\\\"noopener\\\">x</a> <a href=\\\"/y\\\">y</a></body></html>\\n\"}"},
	{"case_attr_out", `async () => run(new HTMLRewriter().on("div", { element(el) { el.setAttribute("data-x", "1"); } }), "<DIV ID=a  CLASS='b' data-x=0 >x</DIV>")`,
		"{\"ok\":\"<DIV ID=a CLASS='b' data-x=\\\"1\\\">x</DIV>\"}"},
}

const htmlRewriterProbeHelpers2 = `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const aa = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const html = (s) => new Response(s, { headers: { "content-type": "text/html" } });
const run = (rw, s) => rw.transform(html(s)).text();
const chunks = (list) => new Response(new ReadableStream({ start(c) { for (const x of list) c.enqueue(new TextEncoder().encode(x)); c.close(); } }), { headers: { "content-type": "text/html" } });
const texts = async (sel, s) => { const log = []; await run(new HTMLRewriter().on(sel, { text(t) { log.push(t.text + (t.lastInTextNode ? "|" : "")); } }), s); return log.join(" ~ "); };
const doctexts = async (s) => { const log = []; await run(new HTMLRewriter().onDocument({ text(t) { log.push(t.text + (t.lastInTextNode ? "|" : "")); } }), s); return log.join(" ~ "); };
`

var htmlRewriterProbeCases2 = []probeCase{
	{"split_lt", `async () => Promise.all(["<p>a < b</p>", "<p>a <3 b</p>", "<p>a<</p>", "<p>a&lt;b&amp;</p>", "<p>a<!b</p>", "<p>a</ b>c</p>", "<p>x<?y?>z</p>", "<p>a</>b</p>", "<p>a <a1 b</p>"].map((s) => texts("p", s)))`,
		"{\"ok\":[\"a  ~ < ~  b ~ |\",\"a  ~ < ~ 3 b ~ |\",\"a ~ < ~ |\",\"a&lt;b&amp; ~ |\",\"a ~ |\",\"a ~ | ~ c ~ |\",\"x ~ | ~ z ~ |\",\"a ~ | ~ b ~ |\",\"a  ~ |\"]}"},
	{"split_raw", `async () => Promise.all(["<script>a</b</script>", "<script>x<!--y--></script>", "<style>a<b</style>", "<title>a<b</title>", "<textarea>a<b</textarea>", "<script>a<\/script</script>", "<script><!--<script>x</script>--></script>", "<xmp>a<b>c</xmp>", "<noscript>a<b>c</noscript>", "<iframe>a<b>c</iframe>"].map(doctexts))`,
		"{\"ok\":[\"a ~ </b ~ |\",\"x ~ <!--y-- ~ > ~ |\",\"a ~ < ~ b ~ |\",\"a ~ < ~ b ~ |\",\"a ~ < ~ b ~ |\",\"a ~ </script ~ |\",\"<!-- ~ <script>x ~ </script>-- ~ > ~ |\",\"a ~ < ~ b>c ~ |\",\"a ~ < ~ b>c ~ |\",\"a ~ < ~ b>c ~ |\"]}"},
	{"plaintext", `async () => doctexts("<plaintext>a<b>c</plaintext>d")`,
		"{\"ok\":\"a<b>c</plaintext>d ~ |\"}"},
	{"cdata", `async () => Promise.all(["<svg><![CDATA[x<y]]>z</svg>", "<p><![CDATA[x]]></p>"].map(doctexts))`,
		"{\"ok\":[\"x<y ~ | ~ z ~ |\",\"\"]}"},
	{"nested_text", `async () => texts("div", "<div>a<b>c</b>d</div>")`,
		"{\"ok\":\"a ~ | ~ c ~ | ~ d ~ |\"}"},
	{"chunked", `async () => { const log = []; const out = await new HTMLRewriter().on("p", { text(t) { log.push(t.text + (t.lastInTextNode ? "|" : "")); } }).transform(chunks(["<p>he", "llo</p><p>a<", "/p><p>x", "</p", "><p>é".slice(0, 4), "</p>"])).text(); return [out, log]; }`,
		"{\"ok\":[\"<p>hello</p><p>a</p><p>x</p><p></p>\",[\"he\",\"llo\",\"|\",\"a\",\"|\",\"x\",\"|\"]]}"},
	{"chunked2", `async () => { const log = []; await new HTMLRewriter().on("p", { text(t) { log.push(t.text + (t.lastInTextNode ? "|" : "")); } }).transform(chunks(["<p>a&a", "mp;b c", "d</p><p>x<", "y</p>"])).text(); return log; }`,
		"{\"ok\":[\"a&a\",\"mp;b c\",\"d\",\"|\",\"x\",\"|\"]}"},
	{"chunked_tag", `async () => { const log = []; const out = await new HTMLRewriter().on("a", { element(el) { log.push([...el.attributes]); el.setAttribute("z", "1"); } }).transform(chunks(["<a hr", "ef=\"/", "x\">l</a>"])).text(); return [out, log]; }`,
		"{\"ok\":[\"<a href=\\\"/x\\\" z=\\\"1\\\">l</a>\",[[[\"href\",\"/x\"]]]]}"},
	{"endtag_pop", `async () => { const log = []; const out = await run(new HTMLRewriter().on("b", { element(el) { el.onEndTag((e) => { log.push("b:" + e.name); e.after("[b]"); }); } }).on("div", { element(el) { el.onEndTag((e) => { log.push("div:" + e.name); e.after("[div]"); }); } }).on("i", { element(el) { el.onEndTag((e) => { log.push("i:" + e.name); e.before("[i]"); }); } }), "<div><b>x<i>y</div>z"); return [out, log]; }`,
		"{\"ok\":[\"<div><b>x<i>y[i]</div>[div][b]z\",[\"i:div\",\"b:div\",\"div:div\"]]}"},
	{"multi_replace", `async () => run(new HTMLRewriter().on("p", { element(el) { el.replace("a"); el.replace("b"); } }).on("i", { element(el) { el.setInnerContent("1"); el.setInnerContent("2"); el.append("3"); el.prepend("0"); } }).on("b", { element(el) { el.setInnerContent("S"); el.remove(); } }), "<p>x</p><i>y</i><b>z</b>")`,
		"{\"ok\":\"b<i>023</i>\"}"},
	{"replace_then_endtag", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { el.replace("R"); el.onEndTag((e) => { log.push(e.name); e.after("E"); }); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"RE\",[\"p\"]]}"},
	{"text_multi", `async () => run(new HTMLRewriter().on("p", { text(t) { if (t.text) { t.replace("1"); t.replace("2"); t.before("b1"); t.before("b2"); t.after("a1"); t.after("a2"); } } }), "<p>x</p>")`,
		"{\"ok\":\"<p>b1b22a2a1</p>\"}"},
	{"comment_text_set", `async () => { const log = []; const out = await run(new HTMLRewriter().onDocument({ comments(c) { log.push(a(() => { c.text = "a-->b"; return c.text; })); log.push(a(() => { c.text = "ok"; return c.text; })); c.after("x"); c.after("y"); c.before("1"); c.before("2"); } }), "<!--x-->"); return [out, log]; }`,
		"{\"ok\":[\"12<!--ok-->yx\",[{\"err\":[\"TypeError\",\"Parser error: Comment text shouldn't contain comment closing sequence (`-->`).\",\"TypeError\"]},{\"ok\":\"ok\"}]]}"},
	{"tagname_invalid", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { log.push(a(() => { el.tagName = "a b"; })); log.push(a(() => { el.tagName = ""; })); log.push(a(() => { el.tagName = "x>y"; })); log.push(a(() => el.setAttribute("a b", "1"))); log.push(a(() => el.setAttribute("", "1"))); log.push(a(() => el.setAttribute("a=", "1"))); log.push(a(() => el.setAttribute("a/", "1"))); log.push(a(() => el.setAttribute("a", "x\"y"))); log.push(a(() => el.removeAttribute("nope"))); log.push(a(() => el.getAttribute(""))); log.push(el.tagName); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"threw\":{\"name\":\"TypeError\",\"message\":\"This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.\",\"ctor\":\"TypeError\"}}"},
	{"endtag_name_invalid", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { el.onEndTag((e) => { log.push(a(() => { e.name = "a b"; })); log.push(a(() => { e.name = ""; })); log.push(e.name); }); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p>x</>\",[{},{},\"\"]]}"},
	{"void_rename", `async () => run(new HTMLRewriter().on("br", { element(el) { el.tagName = "div"; el.setAttribute("a", "1"); } }).on("img", { element(el) { el.setAttribute("a", "1"); } }), "<br/><img src=x /><img src=y>")`,
		"{\"ok\":\"<div a=\\\"1\\\" /><img src=x a=\\\"1\\\" /><img src=y a=\\\"1\\\">\"}"},
	{"dup_attrs", `async () => { const log = []; const out = await run(new HTMLRewriter().on("a", { element(el) { log.push([el.getAttribute("x"), [...el.attributes]]); el.setAttribute("x", "3"); log.push([...el.attributes]); } }), "<a x=1 X=2>"); return [out, log]; }`,
		"{\"ok\":[\"<a x=\\\"3\\\" X=2>\",[[\"1\",[[\"x\",\"1\"],[\"x\",\"2\"]]],[[\"x\",\"3\"],[\"x\",\"2\"]]]]}"},
	{"attr_spaces", `async () => run(new HTMLRewriter().on("a", { element(el) { el.setAttribute("z", "1"); } }), "<a  x = \"1\"\ty='2'  w\n/>t</a><a x=1/>")`,
		"{\"ok\":\"<a x = \\\"1\\\" y='2' w z=\\\"1\\\" />t</a><a x=1/ z=\\\"1\\\">\"}"},
	{"attr_remove_only", `async () => run(new HTMLRewriter().on("a", { element(el) { el.removeAttribute("y"); } }), "<a x=1 y=2 z>t</a><a x>u</a>")`,
		"{\"ok\":\"<a x=1 z>t</a><a x>u</a>\"}"},
	{"removed_text_flag", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.setInnerContent("N"); } }).on("p", { element(el) { log.push(["p", el.removed]); }, text(t) { log.push(["t", t.text, t.removed]); } }).onDocument({ text(t) { log.push(["d", t.text, t.removed]); } }), "<div>a<p>b</p></div>"); return [out, log]; }`,
		"{\"ok\":[\"<div>N</div>\",[[\"d\",\"a\",false],[\"d\",\"\",false],[\"p\",true],[\"t\",\"b\",false],[\"d\",\"b\",false],[\"t\",\"\",false],[\"d\",\"\",false]]]}"},
	{"thenable", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { return { then(r) { log.push("then"); setTimeout(() => { el.setAttribute("late", "1"); r(); }, 5); } }; } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p late=\\\"1\\\">x</p>\",[\"then\"]]}"},
	{"late_mutation", `async () => { let saved; const out = await run(new HTMLRewriter().on("p", { async element(el) { saved = el; } }), "<p>x</p>"); return [out, a(() => saved.tagName)]; }`,
		"{\"ok\":[\"<p>x</p>\",{\"err\":[\"TypeError\",\"This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.\",\"TypeError\"]}]}"},
	{"entity_attr_set", `async () => run(new HTMLRewriter().on("a", { element(el) { el.setAttribute("t", el.getAttribute("t")); } }), "<a t='a&amp;\"b'>")`,
		"{\"ok\":\"<a t=\\\"a&amp;&quot;b\\\">\"}"},
	{"doc_mixed", `async () => { const log = []; await run(new HTMLRewriter().onDocument({ doctype(d) { log.push("doctype"); }, comments(c) { log.push("c:" + c.text); }, text(t) { log.push("t:" + t.text + (t.lastInTextNode ? "|" : "")); }, end(e) { log.push("end"); } }), "<!doctype html>\n<!--a-->x<p>y</p>"); return log; }`,
		"{\"ok\":[\"doctype\",\"t:\\n\",\"t:|\",\"c:a\",\"t:x\",\"t:|\",\"t:y\",\"t:|\",\"end\"]}"},
	{"empty_body", `async () => { const log = []; const out = await run(new HTMLRewriter().onDocument({ end() { log.push("end"); }, text(t) { log.push("t:" + t.text); } }), ""); return [out, log]; }`,
		"{\"ok\":[\"\",[\"end\"]]}"},
	{"text_in_void", `async () => texts("br", "<br>a<img>b")`,
		"{\"ok\":\"\"}"},
	{"nested_same", `async () => { const log = []; await run(new HTMLRewriter().on("div", { element(el) { log.push(el.getAttribute("id")); }, text(t) { if (t.text) log.push("t:" + t.text); } }), "<div id=1>a<div id=2>b</div>c</div>"); return log; }`,
		"{\"ok\":[\"1\",\"t:a\",\"2\",\"t:b\",\"t:c\"]}"},
	{"latin1", `async () => { const log = []; const r = new Response(new Uint8Array([60, 112, 62, 0xe9, 60, 47, 112, 62]), { headers: { "content-type": "text/html; charset=iso-8859-1" } }); const out = new Uint8Array(await new HTMLRewriter().on("p", { text(t) { log.push(t.text); if (t.text) t.after("ü"); } }).transform(r).arrayBuffer()); return [[...out], log]; }`,
		"{\"ok\":[[60,112,62,233,252,60,47,112,62],[\"\u00e9\",\"\"]]}"},
	{"bad_charset", `async () => aa(() => new HTMLRewriter().transform(new Response("x", { headers: { "content-type": "text/html; charset=utf-16" } })).text())`,
		"{\"ok\":{\"err\":[\"TypeError\",\"Parser error: Expected ASCII-compatible encoding.\",\"TypeError\"]}}"},
	{"unknown_charset", `async () => aa(() => new HTMLRewriter().transform(new Response("x", { headers: { "content-type": "text/html; charset=bogus" } })).text())`,
		"{\"ok\":{\"err\":[\"TypeError\",\"Parser error: Unknown character encoding has been provided.\",\"TypeError\"]}}"},
	{"uppercase_end", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.onEndTag((e) => log.push(e.name)); } }), "<DIV>x</DiV>"); return [out, log]; }`,
		"{\"ok\":[\"<DIV>x</DiV>\",[\"div\"]]}"},
}

const htmlRewriterProbeHelpers3 = `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const html = (s) => new Response(s, { headers: { "content-type": "text/html" } });
const run = (rw, s) => rw.transform(html(s)).text();
const onP = (fn) => async () => { const log = []; let out; try { out = await run(new HTMLRewriter().on("p", { element(el) { log.push(fn(el)); } }), "<p>x</p>"); } catch (e) { out = ["THREW", e.name, e.message]; } return [out, log]; };
`

var htmlRewriterProbeCases3 = []probeCase{
	{"tn_space", `onP((el) => a(() => { el.tagName = "a b"; }))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: ` ` character is forbidden in the tag name\",\"TypeError\"]}]]}"},
	{"tn_empty", `onP((el) => a(() => { el.tagName = ""; }))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: Tag name can't be empty.\",\"TypeError\"]}]]}"},
	{"tn_gt", `onP((el) => a(() => { el.tagName = "x>y"; }))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: `>` character is forbidden in the tag name\",\"TypeError\"]}]]}"},
	{"tn_digit", `onP((el) => a(() => { el.tagName = "1x"; }))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: The first character of the tag name should be an ASCII alphabetical character.\",\"TypeError\"]}]]}"},
	{"tn_unicode", `onP((el) => a(() => { el.tagName = "xé"; return el.tagName; }))`,
		"{\"ok\":[\"<x\u00e9>x</x\u00e9>\",[{\"ok\":\"x\u00e9\"}]]}"},
	{"tn_upper", `onP((el) => a(() => { el.tagName = "SeCtion"; return el.tagName; }))`,
		"{\"ok\":[\"<SeCtion>x</SeCtion>\",[{\"ok\":\"section\"}]]}"},
	{"an_space", `onP((el) => a(() => el.setAttribute("a b", "1")))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: ` ` character is forbidden in the attribute name\",\"TypeError\"]}]]}"},
	{"an_empty", `onP((el) => a(() => el.setAttribute("", "1")))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: Attribute name can't be empty.\",\"TypeError\"]}]]}"},
	{"an_eq", `onP((el) => a(() => el.setAttribute("a=", "1")))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: `=` character is forbidden in the attribute name\",\"TypeError\"]}]]}"},
	{"an_slash", `onP((el) => a(() => el.setAttribute("a/", "1")))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Parser error: `/` character is forbidden in the attribute name\",\"TypeError\"]}]]}"},
	{"an_quote", `onP((el) => a(() => { el.setAttribute("a\"", "1"); return el.getAttribute("a\""); }))`,
		"{\"ok\":[\"<p a\\\"=\\\"1\\\">x</p>\",[{\"ok\":\"1\"}]]}"},
	{"an_get_empty", `onP((el) => a(() => [el.getAttribute(""), el.hasAttribute(""), el.getAttribute("a b")]))`,
		"{\"ok\":[\"<p>x</p>\",[{\"ok\":[null,false,null]}]]}"},
	{"an_remove_bad", `onP((el) => a(() => { el.removeAttribute("a b"); el.removeAttribute(""); return "ok"; }))`,
		"{\"ok\":[\"<p>x</p>\",[{\"ok\":\"ok\"}]]}"},
	{"av_nonstring", `onP((el) => a(() => { el.setAttribute("n", 5); el.setAttribute("u", undefined); el.setAttribute("o", null); return [...el.attributes]; }))`,
		"{\"ok\":[\"<p n=\\\"5\\\" u=\\\"undefined\\\" o=\\\"null\\\">x</p>\",[{\"ok\":[[\"n\",\"5\"],[\"u\",\"undefined\"],[\"o\",\"null\"]]}]]}"},
	{"ct_variants", `async () => { const log = []; const out = await run(new HTMLRewriter().onDocument({ comments(c) { log.push(c.text, a(() => { c.text = "a--!>b"; }), a(() => { c.text = ">x"; }), a(() => { c.text = "->x"; }), a(() => { c.text = "a--"; }), a(() => { c.text = "<!--"; })); } }), "<!--x-->"); return [out, log]; }`,
		"{\"ok\":[\"<!--<!---->\",[\"x\",{},{},{},{},{}]]}"},
	{"content_types", `async () => run(new HTMLRewriter().on("p", { element(el) { el.append(null); el.append(undefined); el.append({}); el.append([1, 2]); el.append(true); } }), "<p></p>")`,
		"{\"ok\":\"<p>nullundefined[object Object]1,2true</p>\"}"},
	{"content_opts", `async () => run(new HTMLRewriter().on("p", { element(el) { el.append("<a>", { html: 1 }); el.append("<b>", { html: "" }); el.append("<c>", null); el.append("<d>", {}); } }), "<p></p>")`,
		"{\"ok\":\"<p><a>&lt;b&gt;&lt;c&gt;&lt;d&gt;</p>\"}"},
	{"content_opts_bad", `onP((el) => a(() => el.append("<a>", 5)))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Failed to execute 'append' on 'Element': parameter 2 is not of type 'ContentOptions'.\",\"TypeError\"]}]]}"},
	{"no_content_arg", `onP((el) => a(() => el.append()))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Failed to execute 'append' on 'Element': parameter 1 is not of type 'string or ReadableStream or Response'.\",\"TypeError\"]}]]}"},
	{"end_name_read", `async () => { const log = []; await run(new HTMLRewriter().on("p", { element(el) { el.onEndTag((e) => { log.push(e.name); }); } }), "<P>x</P >"); return log; }`,
		"{\"ok\":[\"p\"]}"},
	{"onendtag_twice", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { el.onEndTag((e) => { log.push(1); e.after("1"); }); el.onEndTag((e) => { log.push(2); e.after("2"); }); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p>x</p>2\",[2]]}"},
	{"onendtag_two_handlers", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { el.onEndTag((e) => { log.push(1); e.after("1"); }); } }).on("p", { element(el) { el.onEndTag((e) => { log.push(2); e.after("2"); }); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p>x</p>2\",[2]]}"},
	{"onendtag_async", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { element(el) { el.onEndTag(async (e) => { await new Promise((r) => setTimeout(r, 5)); e.after("late"); log.push(e.name); }); } }), "<p>x</p>y"); return [out, log]; }`,
		"{\"ok\":[\"<p>x</p>latey\",[\"p\"]]}"},
	{"onendtag_bad", `onP((el) => a(() => el.onEndTag(5)))`,
		"{\"ok\":[\"<p>x</p>\",[{\"err\":[\"TypeError\",\"Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'function'.\",\"TypeError\"]}]]}"},
	{"doc_end_props", `async () => { const log = []; await run(new HTMLRewriter().onDocument({ end(e) { log.push(Object.getOwnPropertyNames(Object.getPrototypeOf(e)).sort(), String(e)); } }), ""); return log; }`,
		"{\"ok\":[[\"append\",\"constructor\"],\"[object DocumentEnd]\"]}"},
	{"token_protos", `async () => { const log = {}; await run(new HTMLRewriter().on("p", { element(el) { log.el = [String(el), Object.getOwnPropertyNames(Object.getPrototypeOf(el)).sort(), Object.getOwnPropertyNames(el).sort()]; el.onEndTag((e) => { log.end = [String(e), Object.getOwnPropertyNames(Object.getPrototypeOf(e)).sort()]; }); }, text(t) { log.text = [String(t), Object.getOwnPropertyNames(Object.getPrototypeOf(t)).sort()]; }, comments(c) { log.comment = [String(c), Object.getOwnPropertyNames(Object.getPrototypeOf(c)).sort()]; } }).onDocument({ doctype(d) { log.doctype = [String(d), Object.getOwnPropertyNames(Object.getPrototypeOf(d)).sort()]; } }), "<!doctype html><p>x<!--c--></p>"); return log; }`,
		"{\"ok\":{\"doctype\":[\"[object Doctype]\",[\"constructor\"]],\"el\":[\"[object Element]\",[\"after\",\"append\",\"before\",\"constructor\",\"getAttribute\",\"hasAttribute\",\"onEndTag\",\"prepend\",\"remove\",\"removeAndKeepContent\",\"removeAttribute\",\"replace\",\"setAttribute\",\"setInnerContent\"],[\"attributes\",\"namespaceURI\",\"removed\",\"tagName\"]],\"text\":[\"[object Text]\",[\"after\",\"before\",\"constructor\",\"remove\",\"replace\"]],\"comment\":[\"[object Comment]\",[\"after\",\"before\",\"constructor\",\"remove\",\"replace\"]],\"end\":[\"[object EndTag]\",[\"after\",\"before\",\"constructor\",\"remove\"]]}}"},
	{"attr_iter_shape", `async () => { const log = []; await run(new HTMLRewriter().on("p", { element(el) { const it = el.attributes; log.push(String(it), Object.getOwnPropertyNames(Object.getPrototypeOf(it)).sort(), it[Symbol.iterator]() === it, it.next(), it.next(), it.next()); } }), "<p a=1>"); return log; }`,
		"{\"ok\":[\"[object AttributesIterator]\",[\"constructor\",\"next\"],true,{\"done\":false,\"value\":[\"a\",\"1\"]},{\"done\":true},{\"done\":true}]}"},
	{"globals", `() => ["Element", "EndTag", "Comment", "Text", "Doctype", "DocumentEnd", "TextChunk"].map((n) => [n, typeof globalThis[n]])`,
		"{\"ok\":[[\"Element\",\"undefined\"],[\"EndTag\",\"undefined\"],[\"Comment\",\"undefined\"],[\"Text\",\"undefined\"],[\"Doctype\",\"undefined\"],[\"DocumentEnd\",\"undefined\"],[\"TextChunk\",\"undefined\"]]}"},
}

const htmlRewriterProbeHelpers4 = `
const SELS = ["a b c", "a\\:b", "#a\\:b", ".\\31 23", "[a=b c]", "[a~=]", "a:not()", ":nth-child(x)", ":nth-child()", "a!", "a > > b", "*|a", "|a", "a.b#c[d]", "p:NTH-CHILD(2)", ":first-child:first-child",
  "[a='b' i]", "[a=b s]", "[a|=b]", "[a=1]", "[a=\"x\" I]", "[a i]", "[a=x y]", "a:nth-child(2n+1 )", ":nth-child( -n + 3 )", ":nth-child(+5)", ":nth-child(even)", ":nth-child(n)", ":nth-child(2n)", ":nth-child(0n+0)", ":nth-child(- n+1)", ":nth-child(3n-)",
  ".1a", "#1a", "a.", "a#", "a[", "a[]", "a[b", "a[b=c", "a[b=c]d", "a,,b", " a , b ", "a\tb", "a\n>\nb", "a>b", "A:FIRST-CHILD", ":not(a, b)", ":not(a > b)", ":NOT(a)", "a:not(.b):not(#c)", ":nth-of-type(2n+1)", ":first-of-type",
  "*.a", "**", "a*", "[a=\"unterminated", "'str'", "a::after", "a:before", ":lang(en)", ":checked", ":empty", "@a", "a{}", "a;", "a/b", "a{", "a)", "a(", "%", "a|b", "[|a]", "[ns|a]", "[a|=\"en\"]", "div:nth-child(2):not(:first-child)", "é", ".é", "a-b_c", "-a", "--a", "_a", "\\61 b", "[data-x]", "[ a = b ]", ":scope", ":host", "::slotted(a)", ":where(a)", ":nth-child(2 of a)", ":nth-last-of-type(1)", ":last-of-type", ":only-of-type", ":visited", ":link", ":any-link", ":focus", ":defined", ":is()", "a:has(> b)", "a &", "& a", ":nth-child(1)x", "a:not(b)c", "a b:not(c)", "#a#b", ".a.b.c"];
`

var htmlRewriterProbeCases4 = []probeCase{
	{"errors", `() => Object.fromEntries(SELS.map((s) => { try { new HTMLRewriter().on(s, {}); return [s, "OK"]; } catch (e) { return [s, e.name + ": " + e.message]; } }))`,
		"{\"ok\":{\"a b c\":\"OK\",\"a\\\\:b\":\"OK\",\"#a\\\\:b\":\"OK\",\".\\\\31 23\":\"OK\",\"[a=b c]\":\"TypeError: Parser error: Unexpected token in selector.\",\"[a~=]\":\"TypeError: Parser error: Unexpected end of selector.\",\"a:not()\":\"TypeError: Parser error: The selector is empty.\",\":nth-child(x)\":\"TypeError: Parser error: Unexpected token in selector.\",\":nth-child()\":\"TypeError: Parser error: Unexpected end of selector.\",\"a!\":\"TypeError: Parser error: Unexpected token in selector.\",\"a > > b\":\"TypeError: Parser error: Dangling combinator in selector.\",\"*|a\":\"OK\",\"|a\":\"OK\",\"a.b#c[d]\":\"OK\",\"p:NTH-CHILD(2)\":\"OK\",\":first-child:first-child\":\"OK\",\"[a='b' i]\":\"OK\",\"[a=b s]\":\"OK\",\"[a|=b]\":\"OK\",\"[a=1]\":\"TypeError: Parser error: Unexpected token in the attribute selector.\",\"[a=\\\"x\\\" I]\":\"OK\",\"[a i]\":\"TypeError: Parser error: Unexpected token in the attribute selector.\",\"[a=x y]\":\"TypeError: Parser error: Unexpected token in selector.\",\"a:nth-child(2n+1 )\":\"OK\",\":nth-child( -n + 3 )\":\"OK\",\":nth-child(+5)\":\"OK\",\":nth-child(even)\":\"OK\",\":nth-child(n)\":\"OK\",\":nth-child(2n)\":\"OK\",\":nth-child(0n+0)\":\"OK\",\":nth-child(- n+1)\":\"TypeError: Parser error: Unexpected token in selector.\",\":nth-child(3n-)\":\"TypeError: Parser error: Unexpected end of selector.\",\".1a\":\"TypeError: Parser error: The selector is empty.\",\"#1a\":\"TypeError: Parser error: The selector is empty.\",\"a.\":\"TypeError: Parser error: Unexpected end of selector.\",\"a#\":\"TypeError: Parser error: Unexpected token in selector.\",\"a[\":\"TypeError: Parser error: Unexpected end of selector.\",\"a[]\":\"TypeError: Parser error: Unexpected end of selector.\",\"a[b\":\"OK\",\"a[b=c\":\"OK\",\"a[b=c]d\":\"TypeError: Parser error: Unexpected token in selector.\",\"a,,b\":\"TypeError: Parser error: The selector is empty.\",\" a , b \":\"OK\",\"a\\tb\":\"OK\",\"a\\n>\\nb\":\"OK\",\"a>b\":\"OK\",\"A:FIRST-CHILD\":\"OK\",\":not(a, b)\":\"OK\",\":not(a > b)\":\"OK\",\":NOT(a)\":\"OK\",\"a:not(.b):not(#c)\":\"OK\",\":nth-of-type(2n+1)\":\"OK\",\":first-of-type\":\"OK\",\"*.a\":\"OK\",\"**\":\"TypeError: Parser error: Unexpected token in selector.\",\"a*\":\"TypeError: Parser error: Unexpected token in selector.\",\"[a=\\\"unterminated\":\"OK\",\"'str'\":\"TypeError: Parser error: The selector is empty.\",\"a::after\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"a:before\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":lang(en)\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":checked\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":empty\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"@a\":\"TypeError: Parser error: The selector is empty.\",\"a{}\":\"TypeError: Parser error: Unexpected token in selector.\",\"a;\":\"TypeError: Parser error: Unexpected token in selector.\",\"a/b\":\"TypeError: Parser error: Unexpected token in selector.\",\"a{\":\"TypeError: Parser error: Unexpected token in selector.\",\"a)\":\"TypeError: Parser error: Unexpected token in selector.\",\"a(\":\"TypeError: Parser error: The selector is empty.\",\"%\":\"TypeError: Parser error: The selector is empty.\",\"a|b\":\"TypeError: Parser error: Selectors with explicit namespaces are not supported.\",\"[|a]\":\"OK\",\"[ns|a]\":\"TypeError: Parser error: Selectors with explicit namespaces are not supported.\",\"[a|=\\\"en\\\"]\":\"OK\",\"div:nth-child(2):not(:first-child)\":\"OK\",\"\u00e9\":\"OK\",\".\u00e9\":\"OK\",\"a-b_c\":\"OK\",\"-a\":\"OK\",\"--a\":\"OK\",\"_a\":\"OK\",\"\\\\61 b\":\"OK\",\"[data-x]\":\"OK\",\"[ a = b ]\":\"OK\",\":scope\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":host\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"::slotted(a)\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":where(a)\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":nth-child(2 of a)\":\"TypeError: Parser error: Unexpected token in selector.\",\":nth-last-of-type(1)\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":last-of-type\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":only-of-type\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":visited\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":link\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":any-link\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":focus\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":defined\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\":is()\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"a:has(> b)\":\"TypeError: Parser error: Unsupported pseudo-class or pseudo-element in selector.\",\"a &\":\"TypeError: Parser error: Dangling combinator in selector.\",\"& a\":\"TypeError: Parser error: The selector is empty.\",\":nth-child(1)x\":\"TypeError: Parser error: Unexpected token in selector.\",\"a:not(b)c\":\"TypeError: Parser error: Unexpected token in selector.\",\"a b:not(c)\":\"OK\",\"#a#b\":\"OK\",\".a.b.c\":\"OK\"}}"},
	{"matching", `async () => {
    const doc = '<ul id=u><li id=1 class="a b">1</li><li id=2 data-x="">2</li><li id=3 lang="EN-gb">3</li><li id=4 title="Hello World">4</li><li id=5>5</li><li id=6>6</li><li id=7>7</li></ul><p id=8 a=1 A=2>x</p><svg><rect id=9 TYPE=Text /></svg>';
    const sels = [":nth-child(-n+3)", ":nth-child(n)", ":nth-child(2n)", ":nth-child(+5)", ":nth-child(0n+0)", ":nth-child(-2n+5)", ":nth-child(3n-1)", "li:nth-of-type(even)", "[data-x]", "[data-x=\"\"]", "[data-x^=\"\"]", "[data-x*=\"\"]", "[data-x$=\"\"]", "[data-x~=\"\"]", "[lang|=en]", "[lang|=EN]", "[lang=en-GB]", "[title~=hello]", "[title~=Hello]", "[title*=\"o W\"]", "[title=\"hello world\" i]", "[title=\"Hello World\" s]", "[a]", "[a=\"2\"]", "rect[type=text]", "rect[type=Text]", "[class~=b]", "[class=\"a b\"]", "[class^=\"a \"]", ":not(li)", "li:not(:nth-child(odd))", ":not(ul) > li", "ul li:first-child + li", "ul :nth-child(2)", "RECT", "svg|rect"];
    const out = {};
    for (const sel of sels) {
      const got = [];
      try { await new HTMLRewriter().on(sel, { element(el) { got.push(el.tagName + "#" + el.getAttribute("id")); } }).transform(new Response(doc)).text(); out[sel] = got.join(" "); }
      catch (e) { out[sel] = "ERR " + e.message; }
    }
    return out;
  }`,
		"{\"ok\":{\":nth-child(-n+3)\":\"ul#u li#1 li#2 li#3 p#8 svg#null rect#9\",\":nth-child(n)\":\"ul#u li#1 li#2 li#3 li#4 li#5 li#6 li#7 p#8 svg#null rect#9\",\":nth-child(2n)\":\"li#2 li#4 li#6 p#8\",\":nth-child(+5)\":\"li#5\",\":nth-child(0n+0)\":\"\",\":nth-child(-2n+5)\":\"ul#u li#1 li#3 li#5 svg#null rect#9\",\":nth-child(3n-1)\":\"li#2 li#5 p#8\",\"li:nth-of-type(even)\":\"li#2 li#4 li#6\",\"[data-x]\":\"li#2\",\"[data-x=\\\"\\\"]\":\"li#2\",\"[data-x^=\\\"\\\"]\":\"\",\"[data-x*=\\\"\\\"]\":\"\",\"[data-x$=\\\"\\\"]\":\"\",\"[data-x~=\\\"\\\"]\":\"li#2\",\"[lang|=en]\":\"li#3\",\"[lang|=EN]\":\"li#3\",\"[lang=en-GB]\":\"li#3\",\"[title~=hello]\":\"\",\"[title~=Hello]\":\"li#4\",\"[title*=\\\"o W\\\"]\":\"li#4\",\"[title=\\\"hello world\\\" i]\":\"li#4\",\"[title=\\\"Hello World\\\" s]\":\"li#4\",\"[a]\":\"p#8\",\"[a=\\\"2\\\"]\":\"\",\"rect[type=text]\":\"\",\"rect[type=Text]\":\"rect#9\",\"[class~=b]\":\"li#1\",\"[class=\\\"a b\\\"]\":\"li#1\",\"[class^=\\\"a \\\"]\":\"li#1\",\":not(li)\":\"ul#u p#8 svg#null rect#9\",\"li:not(:nth-child(odd))\":\"li#2 li#4 li#6\",\":not(ul) > li\":\"\",\"ul li:first-child + li\":\"ERR Parser error: Unsupported combinator `+` in selector.\",\"ul :nth-child(2)\":\"li#2\",\"RECT\":\"rect#9\",\"svg|rect\":\"ERR Parser error: Selectors with explicit namespaces are not supported.\"}}"},
}

const htmlRewriterProbeHelpers5 = `
const a = (f) => { try { return { ok: f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const aa = async (f) => { try { return { ok: await f() }; } catch (e) { return { err: [e.name, e.message, e.constructor?.name] }; } };
const html = (s) => new Response(s, { headers: { "content-type": "text/html" } });
const run = (rw, s) => rw.transform(html(s)).text();
const chunks = (list) => new Response(new ReadableStream({ start(c) { for (const x of list) c.enqueue(typeof x === "string" ? new TextEncoder().encode(x) : new Uint8Array(x)); c.close(); } }), { headers: { "content-type": "text/html" } });
const log3 = (log) => ({ text(t) { log.push("t:" + t.text + (t.lastInTextNode ? "|" : "")); }, comments(c) { log.push("c:" + c.text); }, doctype(d) { log.push("d:" + d.name); }, end() { log.push("end"); } });
const docLog = async (input) => { const log = []; const out = await new HTMLRewriter().onDocument(log3(log)).on("*", { element(el) { log.push("e:" + el.tagName); } }).transform(Array.isArray(input) ? chunks(input) : html(input)).text(); return [out, log.join(" ")]; };
`

var htmlRewriterProbeCases5 = []probeCase{
	{"eof_cases", `async () => Promise.all(["<div", "<div a=", "<div a=\"x", "<!--x", "<!--x-", "<!--x--", "<!", "<!-", "<!doctype", "<!doctype html", "<!doctype html public \"x", "</", "</di", "<", "a<", "<script>x", "<script>x</scr", "<title>a</ti", "<?x", "<![CDATA[x", "<svg><![CDATA[x", "<svg><![CDATA[x]", "<svg><![CDATA[x]]"].map(docLog))`,
		"{\"ok\":[[\"<div\",\"end\"],[\"<div a=\",\"end\"],[\"<div a=\\\"x\",\"end\"],[\"<!--x\",\"c:x end\"],[\"<!--x-\",\"c:x end\"],[\"<!--x--\",\"c:x end\"],[\"<!\",\"c: end\"],[\"<!-\",\"c:- end\"],[\"<!doctype\",\"d:null end\"],[\"<!doctype html\",\"d:html end\"],[\"<!doctype html public \\\"x\",\"d:html end\"],[\"</\",\"t:</ t:| end\"],[\"</di\",\"end\"],[\"<\",\"t:< t:| end\"],[\"a<\",\"t:a t:< t:| end\"],[\"<script>x\",\"e:script t:x t:| end\"],[\"<script>x</scr\",\"e:script t:x t:</scr t:| end\"],[\"<title>a</ti\",\"e:title t:a t:</ti t:| end\"],[\"<?x\",\"c:?x end\"],[\"<![CDATA[x\",\"c:[CDATA[x end\"],[\"<svg><![CDATA[x\",\"e:svg t:x t:| end\"],[\"<svg><![CDATA[x]\",\"e:svg t:x t:] t:| end\"],[\"<svg><![CDATA[x]]\",\"e:svg t:x t:] t:] t:| end\"]]}"},
	{"chunk_tag", `async () => Promise.all([["<di", "v>x</div>"], ["<div a", "=1>x</d", "iv>"], ["<!-", "-x--", ">"], ["<!DOC", "TYPE html>"], ["<scr", "ipt>a<", "/script>"], ["<script>a<!", "--b--></script>"], ["<p>a", "", "b</p>"], [[0xc3], [0xa9, 0x3c, 0x70, 0x3e, 0xc3], [0xa9]], ["<p>", [0xe2, 0x82], [0xac], "</p>"], [[0xff, 0x61]]].map(docLog))`,
		"{\"ok\":[[\"<div>x</div>\",\"e:div t:x t:| end\"],[\"<div a=1>x</div>\",\"e:div t:x t:| end\"],[\"<!--x-->\",\"c:x end\"],[\"<!DOCTYPE html>\",\"d:html end\"],[\"<script>a</script>\",\"e:script t:a t:| end\"],[\"<script>a<!--b--></script>\",\"e:script t:a t:<!--b-- t:> t:| end\"],[\"<p>ab</p>\",\"e:p t:a t:b t:| end\"],[\"\u00e9<p>\u00e9\",\"t:\u00e9 t:| e:p t:\u00e9 t:| end\"],[\"<p>\u20ac</p>\",\"e:p t:\u20ac t:| end\"],[\"\ufffda\",\"t:\ufffda t:| end\"]]}"},
	{"lolhtml_many_end_tags", `async () => { const rw = new HTMLRewriter().on("*", { element(el) { const n = el.tagName; el.before("*" + n); el.onEndTag((end) => { end.before("*" + n + "+"); end.after("/*" + n); }); } }).on(".c", { element(el) { const n = el.tagName; el.before("." + n); el.onEndTag((end) => { end.before("." + n + "+"); end.after("/." + n); }); } }).on("div", { element(el) { el.before("@div"); el.onEndTag((end) => { end.before("div+"); end.after("/div"); }); } }); return run(rw, "<div><div class=c>…<unclosed class=c></div> <unclosed class=c></div>"); }`,
		"{\"ok\":\"*div@div<div>*div.div@div<div class=c>\u2026*unclosed.unclosed<unclosed class=c>.unclosed+div+</div>/div/.unclosed *unclosed.unclosed<unclosed class=c>.unclosed+div+</div>/div/.unclosed\"}"},
	{"lolhtml_sanitizer", `async () => Promise.all([
    '<math><style><img></style></math>\n<textarea><!--</textarea><img>--></textarea>\n<div><style><img></style></div>',
    '<svg><p><style><!--</style><img>--></style>\n<math><p></p><style><!--</style><img src/onerror>--></style></math>',
    '<noscript><p alt="</noscript><img>">',
    '<svg></p><style><a id="</style><img>">',
    '<math><br><style><a id="</style><img>">\n<math><font kolor/><style><a/></style><body><style><a/></style></math>\n<math><font COLOR/><style><a/></style>',
    '<math><mtext><br/></mtext><style><a id="</style><img>">',
    '<svG><sCript/><img></script></svg>',
    '<math><annotation-xml encoding="nope/html"><style><img></style></annotation-xml></math>\n<math><annotation-xml encoding="text/HTML"><style><img></style></annotation-xml></math>',
    '<svg><annotation-xml><foreignobject><style><!--</style><p id="--><img>">',
    '<svg><a><foreignobject><a><table><a></table><style><!--</style></svg><a id="-><img>">',
    '<form><math><mtext></form><form><mglyph><style></math><img>',
  ].map((s) => run(new HTMLRewriter().on("img,a,p,style", { element(el) { el.tagName = "HIT"; } }), s)))`,
		"{\"ok\":[\"<math><HIT><HIT></HIT></math>\\n<textarea><!--</textarea><HIT>--></textarea>\\n<div><HIT><img></HIT></div>\",\"<svg><HIT><HIT><!--</HIT><HIT>--></style>\\n<math><HIT></HIT><HIT><!--</HIT><HIT src onerror>--></style></math>\",\"<noscript><p alt=\\\"</noscript><HIT>\\\">\",\"<svg></p><HIT><a id=\\\"</HIT><HIT>\\\">\",\"<math><br><HIT><a id=\\\"</HIT><HIT>\\\">\\n<math><font kolor/><HIT><HIT/></HIT><body><HIT><a/></HIT></math>\\n<math><font COLOR/><HIT><a/></HIT>\",\"<math><mtext><br/></mtext><HIT><HIT id=\\\"</style><img>\\\">\",\"<svG><sCript/><HIT></script></svg>\",\"<math><annotation-xml encoding=\\\"nope/html\\\"><HIT><HIT></HIT></annotation-xml></math>\\n<math><annotation-xml encoding=\\\"text/HTML\\\"><HIT><img></HIT></annotation-xml></math>\",\"<svg><annotation-xml><foreignobject><HIT><!--</HIT><HIT id=\\\"--><img>\\\">\",\"<svg><HIT><foreignobject><HIT><table><HIT></HIT><HIT><!--</HIT></HIT><HIT id=\\\"-><img>\\\">\",\"<form><math><mtext></form><form><mglyph><HIT></math><img>\"]}"},
	{"removed_nested_mutations", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.remove(); } }).on("p", { element(el) { el.before("B"); el.after("A"); el.onEndTag((e) => { log.push("pend"); e.after("E"); }); } }).on("div", { comments(c) { log.push("c:" + c.text); c.after("X"); } }), "<div>a<p>b<!--k--></p></div><p>c</p>"); return [out, log]; }`,
		"{\"ok\":[\"B<p>c</p>EA\",[\"c:k\",\"pend\",\"pend\"]]}"},
	{"inner_then_keep", `async () => run(new HTMLRewriter().on("div", { element(el) { el.setInnerContent("I"); el.removeAndKeepContent(); } }), "<div>x<b>y</b></div>")`,
		"{\"ok\":\"I\"}"},
	{"end_tag_throws", `async () => aa(() => run(new HTMLRewriter().on("p", { element(el) { el.onEndTag(() => { throw new SyntaxError("endboom"); }); } }), "<p>x</p>y"))`,
		"{\"ok\":{\"err\":[\"SyntaxError\",\"endboom\",\"SyntaxError\"]}}"},
	{"doc_end_throws", `async () => aa(() => run(new HTMLRewriter().onDocument({ end() { throw new Error("end boom"); } }), "<p>x</p>"))`,
		"{\"ok\":{\"err\":[\"Error\",\"end boom\",\"Error\"]}}"},
	{"text_throws_partial", `async () => { const chunks2 = []; const r = new HTMLRewriter().on("b", { text(t) { if (t.text === "2") throw new Error("t2"); } }).transform(html("<p>x</p><b>1</b><b>2</b><i>y</i>")); const reader = r.body.getReader(); const dec = new TextDecoder(); try { for (;;) { const { done, value } = await reader.read(); if (done) break; chunks2.push(dec.decode(value)); } } catch (e) { chunks2.push("ERR:" + e.message); } return chunks2.join(""); }`,
		"{\"ok\":\"<p>x</p><b>1</b><b>ERR:t2\"}"},
	{"stream_content_types", `async () => run(new HTMLRewriter().on("p", { element(el) { el.before(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("<s1>")); c.enqueue(new TextEncoder().encode("<s2>")); c.close(); } })); el.after(new Response(null)); el.append(new Response("<r>"), { html: true }); } }).on("i", { text(t) { if (t.text) t.replace(new Response("T<")); } }), "<p>x</p><i>y</i>")`,
		"{\"ok\":\"&lt;s1&gt;&lt;s2&gt;<p>x<r></p><i>T&lt;</i>\"}"},
	{"stream_content_error", `async () => aa(() => run(new HTMLRewriter().on("p", { element(el) { el.append(new ReadableStream({ start(c) { c.error(new RangeError("content boom")); } })); } }), "<p>x</p>"))`,
		"{\"ok\":{\"err\":[\"RangeError\",\"content boom\",\"RangeError\"]}}"},
	{"transform_twice", `async () => { const rw = new HTMLRewriter().on("p", { element(el) { el.setAttribute("n", "1"); } }); return [await rw.transform(html("<p>a</p>")).text(), await rw.transform(html("<p>b</p>")).text()]; }`,
		"{\"ok\":[\"<p n=\\\"1\\\">a</p>\",\"<p n=\\\"1\\\">b</p>\"]}"},
	{"transform_used", `async () => { const r = html("<p>x</p>"); await r.text(); return a(() => new HTMLRewriter().transform(r)); }`,
		"{\"ok\":{\"err\":[\"TypeError\",\"The ReadableStream has been locked to a reader.\",\"TypeError\"]}}"},
	{"transform_locked", `async () => { const r = html("<p>x</p>"); r.body.getReader(); return a(() => new HTMLRewriter().transform(r)); }`,
		"{\"ok\":{\"err\":[\"TypeError\",\"The ReadableStream has been locked to a reader.\",\"TypeError\"]}}"},
	{"big_text", `async () => { const log = []; const s = "x".repeat(100000); const out = await run(new HTMLRewriter().on("p", { text(t) { log.push(t.text.length); } }), "<p>" + s + "</p>"); return [out.length, log]; }`,
		"{\"ok\":[100007,[100000,0]]}"},
	{"big_text_nonascii", `async () => { const log = []; const s = "é".repeat(3000); await run(new HTMLRewriter().on("p", { text(t) { log.push(t.text.length); } }), "<p>" + s + "</p>"); return log; }`,
		"{\"ok\":[3000,0]}"},
	{"headers_out", `async () => { const r = new Response("<p>x</p>", { status: 404, headers: { "content-type": "text/html; charset=utf-8", "x-a": "b" } }); const t = new HTMLRewriter().transform(r); return [t.status, t.statusText, [...t.headers], t.url, t.redirected, t.bodyUsed, r.bodyUsed, t.body instanceof ReadableStream]; }`,
		"{\"ok\":[404,\"Not Found\",[[\"content-type\",\"text/html; charset=utf-8\"],[\"x-a\",\"b\"]],\"\",false,false,true,true]}"},
	{"empty_chunks", `async () => docLog(["", "<p>", "", "x", "", "</p>", ""])`,
		"{\"ok\":[\"<p>x</p>\",\"e:p t:x t:| end\"]}"},
	{"cr_lf", `async () => docLog("<p>a\r\nb\rc</p>")`,
		"{\"ok\":[\"<p>a\\r\\nb\\rc</p>\",\"e:p t:a\\r\\nb\\rc t:| end\"]}"},
	{"null_bytes", `async () => docLog("<p>a\u0000b</p><di\u0000v>")`,
		"{\"ok\":[\"<p>a\\u0000b</p><di\\u0000v>\",\"e:p t:a\\u0000b t:| e:di\\u0000v end\"]}"},
	{"attr_entities_get", `async () => { const log = []; await run(new HTMLRewriter().on("a", { element(el) { log.push(el.getAttribute("href"), el.getAttribute("t")); } }), '<a href="/x?a=1&amp;b=2" t=&lt;>'); return log; }`,
		"{\"ok\":[\"/x?a=1&amp;b=2\",\"&lt;\"]}"},
	{"comment_in_removed", `async () => { const log = []; const out = await run(new HTMLRewriter().on("div", { element(el) { el.setInnerContent("N"); } }).onDocument({ comments(c) { log.push(c.text); c.after("!"); } }), "<div><!--in--></div><!--out-->"); return [out, log]; }`,
		"{\"ok\":[\"<div>N</div><!--out-->!\",[\"in\",\"out\"]]}"},
	{"replace_void", `async () => run(new HTMLRewriter().on("img", { element(el) { el.replace("<picture>", { html: true }); } }).on("br", { element(el) { el.after("A"); el.before("B"); el.remove(); } }), "<img src=x><br>t")`,
		"{\"ok\":\"<picture>BAt\"}"},
	{"selfclosing_foreign_mut", `async () => run(new HTMLRewriter().on("circle", { element(el) { el.setAttribute("r", "2"); el.append("x"); } }), "<svg><circle r=1/></svg>")`,
		"{\"ok\":\"<svg><circle r=\\\"2\\\">x</svg>\"}"},
	{"text_doc_and_el_removed", `async () => { const log = []; const out = await run(new HTMLRewriter().on("p", { text(t) { if (t.text) { t.remove(); log.push("p:" + t.removed); } } }).onDocument({ text(t) { if (t.text) log.push("d:" + t.removed); } }), "<p>x</p>"); return [out, log]; }`,
		"{\"ok\":[\"<p></p>\",[\"p:true\",\"d:true\"]]}"},
}
