package jsapi

// The tokens HTMLRewriter handlers get: Element (with its
// AttributesIterator), EndTag, Text, Comment, Doctype and DocumentEnd, as
// workerd exposes them: classes that are not globals, their data as
// properties of each instance, their methods on the prototype, and every
// use after the handler has finished refused.

import (
	"io"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/htmlrewriter"
)

// contentToken is the Go state of a token object.
type contentToken struct {
	token any // *htmlrewriter.Element, *htmlrewriter.TextChunk…
	run   *rewriteRun
	valid bool
	// iterators are an element's attribute iterators, which its attribute
	// changes invalidate.
	iterators []*attributesIterator
}

func (t *contentToken) invalidate() {
	t.valid = false
	for _, it := range t.iterators {
		it.scopeEnded = true
	}
}

type attributesIterator struct {
	owner      *contentToken
	attrs      []htmlrewriter.Attribute
	next       int
	mutated    bool
	scopeEnded bool
}

const tokenNoLongerValid = "This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler."

// instanceProperty is a property workerd defines on each token.
type instanceProperty struct {
	name     string
	get, set goja.Value
}

// tokenClasses are the per-class instance properties.
type tokenClasses map[string][]instanceProperty

func installHTMLRewriterTokens(r *Realm) {
	props := tokenClasses{}
	get := func(this goja.Value) *contentToken {
		t, ok := stateOf(this).(*contentToken)
		if !ok {
			panic(r.newTypeError("Illegal invocation"))
		}
		if !t.valid {
			panic(r.newTypeError(tokenNoLongerValid))
		}
		return t
	}
	parserError := func(err error) {
		if err != nil {
			panic(r.newTypeError("Parser error: " + err.Error()))
		}
	}
	getter := func(name string, fn func(t *contentToken) goja.Value) goja.Value {
		return r.function("get "+name, 0, func(call goja.FunctionCall) goja.Value { return fn(get(call.This)) })
	}
	setter := func(name string, fn func(t *contentToken, v goja.Value)) goja.Value {
		return r.function("set "+name, 1, func(call goja.FunctionCall) goja.Value {
			fn(get(call.This), call.Argument(0))
			return goja.Undefined()
		})
	}
	optional := func(s string, ok bool) goja.Value {
		if !ok {
			return goja.Null()
		}
		return r.rt.ToValue(s)
	}

	element := func(t *contentToken) *htmlrewriter.Element { return t.token.(*htmlrewriter.Element) }
	props["Element"] = []instanceProperty{
		{"tagName", getter("tagName", func(t *contentToken) goja.Value { return r.rt.ToValue(element(t).TagName()) }),
			setter("tagName", func(t *contentToken, v goja.Value) { parserError(element(t).SetTagName(v.String())) })},
		{"attributes", getter("attributes", func(t *contentToken) goja.Value {
			it := &attributesIterator{owner: t, attrs: element(t).Attributes()}
			t.iterators = append(t.iterators, it)
			return r.newInstance("AttributesIterator", it)
		}), nil},
		{"removed", getter("removed", func(t *contentToken) goja.Value { return r.rt.ToValue(element(t).Removed()) }), nil},
		{"namespaceURI", getter("namespaceURI", func(t *contentToken) goja.Value { return r.rt.ToValue(element(t).NamespaceURI()) }), nil},
	}
	el := r.newClass("Element", 0, nil)
	el.method("getAttribute", 1, func(call goja.FunctionCall) goja.Value {
		v, ok := element(get(call.This)).GetAttribute(call.Argument(0).String())
		return optional(v, ok)
	})
	el.method("hasAttribute", 1, func(call goja.FunctionCall) goja.Value {
		return r.rt.ToValue(element(get(call.This)).HasAttribute(call.Argument(0).String()))
	})
	el.method("setAttribute", 2, func(call goja.FunctionCall) goja.Value {
		t := get(call.This)
		parserError(element(t).SetAttribute(call.Argument(0).String(), call.Argument(1).String()))
		t.attributesChanged()
		return call.This
	})
	el.method("removeAttribute", 1, func(call goja.FunctionCall) goja.Value {
		t := get(call.This)
		element(t).RemoveAttribute(call.Argument(0).String())
		t.attributesChanged()
		return call.This
	})
	// insertMethod defines a method taking content (and {html}) and
	// returning this; streams as at rewriterContent.
	insertMethod := func(c *class, name string, streams bool, apply func(t *contentToken, content htmlrewriter.Content)) {
		c.method(name, 2, func(call goja.FunctionCall) goja.Value {
			t := get(call.This)
			if content, ok := r.rewriterContent(t.run, call, c.name, name, streams); ok {
				apply(t, content)
			}
			return call.This
		})
	}
	contentMethod := func(c *class, name string, apply func(t *contentToken, content htmlrewriter.Content)) {
		insertMethod(c, name, true, apply)
	}
	stringMethod := func(c *class, name string, apply func(t *contentToken, content htmlrewriter.Content)) {
		insertMethod(c, name, false, apply)
	}
	contentMethod(el, "before", func(t *contentToken, c htmlrewriter.Content) { element(t).Before(c) })
	contentMethod(el, "after", func(t *contentToken, c htmlrewriter.Content) { element(t).After(c) })
	contentMethod(el, "prepend", func(t *contentToken, c htmlrewriter.Content) { element(t).Prepend(c) })
	contentMethod(el, "append", func(t *contentToken, c htmlrewriter.Content) { element(t).Append(c) })
	contentMethod(el, "replace", func(t *contentToken, c htmlrewriter.Content) { element(t).Replace(c) })
	el.method("remove", 0, func(call goja.FunctionCall) goja.Value {
		element(get(call.This)).Remove()
		return call.This
	})
	el.method("removeAndKeepContent", 0, func(call goja.FunctionCall) goja.Value {
		element(get(call.This)).RemoveAndKeepContent()
		return call.This
	})
	contentMethod(el, "setInnerContent", func(t *contentToken, c htmlrewriter.Content) { element(t).SetInnerContent(c) })
	el.method("onEndTag", 1, func(call goja.FunctionCall) goja.Value {
		t := get(call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'function'."))
		}
		run := t.run
		parserError(element(t).OnEndTag(func(end *htmlrewriter.EndTag) error {
			return run.callToken(fn, goja.Undefined(), "EndTag", end)
		}))
		return goja.Undefined()
	})

	endTag := func(t *contentToken) *htmlrewriter.EndTag { return t.token.(*htmlrewriter.EndTag) }
	props["EndTag"] = []instanceProperty{
		{"name", getter("name", func(t *contentToken) goja.Value { return r.rt.ToValue(endTag(t).Name()) }),
			setter("name", func(t *contentToken, v goja.Value) { endTag(t).SetName(v.String()) })},
	}
	end := r.newClass("EndTag", 0, nil)
	contentMethod(end, "before", func(t *contentToken, c htmlrewriter.Content) { endTag(t).Before(c) })
	contentMethod(end, "after", func(t *contentToken, c htmlrewriter.Content) { endTag(t).After(c) })
	end.method("remove", 0, func(call goja.FunctionCall) goja.Value {
		endTag(get(call.This)).Remove()
		return call.This
	})

	comment := func(t *contentToken) *htmlrewriter.Comment { return t.token.(*htmlrewriter.Comment) }
	props["Comment"] = []instanceProperty{
		{"text", getter("text", func(t *contentToken) goja.Value { return r.rt.ToValue(comment(t).Text()) }),
			setter("text", func(t *contentToken, v goja.Value) { parserError(comment(t).SetText(v.String())) })},
		{"removed", getter("removed", func(t *contentToken) goja.Value { return r.rt.ToValue(comment(t).Removed()) }), nil},
	}
	cm := r.newClass("Comment", 0, nil)
	stringMethod(cm, "before", func(t *contentToken, c htmlrewriter.Content) { comment(t).Before(c) })
	stringMethod(cm, "after", func(t *contentToken, c htmlrewriter.Content) { comment(t).After(c) })
	stringMethod(cm, "replace", func(t *contentToken, c htmlrewriter.Content) { comment(t).Replace(c) })
	cm.method("remove", 0, func(call goja.FunctionCall) goja.Value {
		comment(get(call.This)).Remove()
		return call.This
	})

	text := func(t *contentToken) *htmlrewriter.TextChunk { return t.token.(*htmlrewriter.TextChunk) }
	props["Text"] = []instanceProperty{
		{"text", getter("text", func(t *contentToken) goja.Value { return r.rt.ToValue(text(t).Text()) }), nil},
		{"lastInTextNode", getter("lastInTextNode", func(t *contentToken) goja.Value { return r.rt.ToValue(text(t).LastInTextNode()) }), nil},
		{"removed", getter("removed", func(t *contentToken) goja.Value { return r.rt.ToValue(text(t).Removed()) }), nil},
	}
	tx := r.newClass("Text", 0, nil)
	contentMethod(tx, "before", func(t *contentToken, c htmlrewriter.Content) { text(t).Before(c) })
	contentMethod(tx, "after", func(t *contentToken, c htmlrewriter.Content) { text(t).After(c) })
	contentMethod(tx, "replace", func(t *contentToken, c htmlrewriter.Content) { text(t).Replace(c) })
	tx.method("remove", 0, func(call goja.FunctionCall) goja.Value {
		text(get(call.This)).Remove()
		return call.This
	})

	doctype := func(t *contentToken) *htmlrewriter.Doctype { return t.token.(*htmlrewriter.Doctype) }
	props["Doctype"] = []instanceProperty{
		{"name", getter("name", func(t *contentToken) goja.Value { return optional(doctype(t).Name()) }), nil},
		{"publicId", getter("publicId", func(t *contentToken) goja.Value { return optional(doctype(t).PublicID()) }), nil},
		{"systemId", getter("systemId", func(t *contentToken) goja.Value { return optional(doctype(t).SystemID()) }), nil},
	}
	r.newClass("Doctype", 0, nil)

	documentEnd := r.newClass("DocumentEnd", 0, nil)
	stringMethod(documentEnd, "append", func(t *contentToken, c htmlrewriter.Content) {
		t.token.(*htmlrewriter.DocumentEnd).Append(c)
	})

	iter := r.newClass("AttributesIterator", 0, nil)
	must(iter.proto.SetPrototype(r.in.iteratorProto))
	iter.method("next", 0, func(call goja.FunctionCall) goja.Value {
		it, ok := stateOf(call.This).(*attributesIterator)
		if !ok {
			panic(r.newTypeError("Illegal invocation"))
		}
		switch {
		case it.scopeEnded:
			panic(r.newTypeError(tokenNoLongerValid))
		case it.mutated:
			panic(r.NewError("The attributes of this element have been modified during iteration. You must create a new iterator after modifying attributes."))
		}
		result := r.rt.NewObject()
		if it.next >= len(it.attrs) {
			must(result.Set("done", true))
			return result
		}
		a := it.attrs[it.next]
		it.next++
		must(result.Set("done", false))
		must(result.Set("value", r.rt.NewArray(a.Name, a.Value)))
		return result
	})
	r.tokenProps = props
}

// attributesChanged invalidates the element's live attribute iterators.
func (t *contentToken) attributesChanged() {
	for _, it := range t.iterators {
		it.mutated = true
	}
}

// newContentToken creates the JS object of a token for a handler.
func (r *Realm) newContentToken(class string, token any, run *rewriteRun) (*contentToken, *goja.Object) {
	t := &contentToken{token: token, run: run, valid: true}
	o := r.newInstance(class, t)
	for _, p := range r.tokenProps[class] {
		if p.set == nil {
			must(o.DefineAccessorProperty(p.name, p.get, nil, goja.FLAG_TRUE, goja.FLAG_TRUE))
		} else {
			must(o.DefineAccessorProperty(p.name, p.get, p.set, goja.FLAG_TRUE, goja.FLAG_TRUE))
		}
	}
	return t, o
}

// rewriterContent converts the content and options arguments of a token
// method. ok is false for a Response without a body, which inserts
// nothing. streams says whether a ReadableStream or Response is taken
// (comments and the document end take strings only).
func (r *Realm) rewriterContent(run *rewriteRun, call goja.FunctionCall, class, method string, streams bool) (htmlrewriter.Content, bool) {
	if len(call.Arguments) == 0 {
		panic(r.newTypeError("Failed to execute '" + method + "' on '" + class + "': parameter 1 is not of type 'string or ReadableStream or Response'."))
	}
	html := false
	if opts := call.Argument(1); !goja.IsUndefined(opts) && !goja.IsNull(opts) {
		o, ok := opts.(*goja.Object)
		if !ok {
			panic(r.newTypeError("Failed to execute '" + method + "' on '" + class + "': parameter 2 is not of type 'ContentOptions'."))
		}
		html = o.Get("html") != nil && o.Get("html").ToBoolean()
	}
	v := call.Argument(0)
	res, isResponse := stateOf(v).(*response)
	isStream := r.isReadableStream(v)
	if !isResponse && !isStream {
		return htmlrewriter.TextContent(v.String(), html), true
	}
	if !streams {
		panic(r.newTypeError("Replacing content in HTML comments using a ReadableStream or Response object is not implemented. You must provide a string."))
	}
	var rc io.ReadCloser
	if isStream {
		rc = r.pumpStream(v)
	} else {
		if res.body == nil {
			return htmlrewriter.Content{}, false
		}
		rc = r.exportBody(res.body)
	}
	run.keepStream(rc)
	return htmlrewriter.StreamContent(rc, html), true
}
