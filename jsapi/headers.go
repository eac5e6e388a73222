package jsapi

// Headers, as in https://fetch.spec.whatwg.org/#headers-class with workerd's
// differences: an empty name is accepted, values are not checked for
// characters above U+00FF, iteration works on a snapshot taken when it
// starts, and getAll() exists for Set-Cookie only.
//
// Missing: the "request-no-cors" guard (workerd has no CORS mode).

import (
	"net/http"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// headerGuard says which changes a Headers object accepts.
type headerGuard int

const (
	guardNone headerGuard = iota
	guardImmutable
)

type headerField struct {
	name  string // lower case
	value string
}

// headers is the header list of a Headers object, in insertion order.
type headers struct {
	fields []headerField
	guard  headerGuard
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// validName reports whether name is an HTTP token. workerd also accepts the
// empty name.
func validName(name string) bool {
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return false
		}
	}
	return true
}

// normalizeValue strips leading and trailing HTTP whitespace and reports
// whether what remains is a valid header value (no NUL, CR or LF).
func normalizeValue(v string) (string, bool) {
	v = strings.Trim(v, " \t\r\n")
	return v, strings.IndexAny(v, "\x00\r\n") < 0
}

func (h *headers) append(name, value string) {
	h.fields = append(h.fields, headerField{strings.ToLower(name), value})
}

func (h *headers) delete(name string) {
	lower := strings.ToLower(name)
	kept := h.fields[:0]
	for _, f := range h.fields {
		if f.name != lower {
			kept = append(kept, f)
		}
	}
	h.fields = kept
}

// get returns the values of name combined with ", ", and whether any exist.
func (h *headers) get(name string) (string, bool) {
	lower := strings.ToLower(name)
	var b strings.Builder
	found := false
	for _, f := range h.fields {
		if f.name == lower {
			if found {
				b.WriteString(", ")
			}
			b.WriteString(f.value)
			found = true
		}
	}
	return b.String(), found
}

func (h *headers) getAll(name string) []string {
	lower := strings.ToLower(name)
	var out []string
	for _, f := range h.fields {
		if f.name == lower {
			out = append(out, f.value)
		}
	}
	return out
}

func (h *headers) has(name string) bool {
	lower := strings.ToLower(name)
	for _, f := range h.fields {
		if f.name == lower {
			return true
		}
	}
	return false
}

// set replaces every value of name with value, keeping the position of the
// first one.
func (h *headers) set(name, value string) {
	lower := strings.ToLower(name)
	for i, f := range h.fields {
		if f.name == lower {
			h.fields[i].value = value
			kept := h.fields[:i+1]
			for _, g := range h.fields[i+1:] {
				if g.name != lower {
					kept = append(kept, g)
				}
			}
			h.fields = kept
			return
		}
	}
	h.fields = append(h.fields, headerField{lower, value})
}

// sorted returns the list as iteration shows it: sorted by name, values of
// one name combined, except Set-Cookie whose values stay separate.
func (h *headers) sorted() []headerField {
	fields := make([]headerField, len(h.fields))
	copy(fields, h.fields)
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].name < fields[j].name })
	out := fields[:0]
	for _, f := range fields {
		if n := len(out); n > 0 && out[n-1].name == f.name && f.name != "set-cookie" {
			out[n-1].value += ", " + f.value
			continue
		}
		out = append(out, f)
	}
	return out
}

// toHTTP converts the list for Go's net/http.
func (h *headers) toHTTP() http.Header {
	out := make(http.Header, len(h.fields))
	for _, f := range h.fields {
		key := http.CanonicalHeaderKey(f.name)
		out[key] = append(out[key], f.value)
	}
	return out
}

// headersFromHTTP builds a header list from Go's net/http form. Names come
// out in sorted order; the JS API only ever shows them sorted.
func headersFromHTTP(hh http.Header) *headers {
	h := &headers{fields: make([]headerField, 0, len(hh))}
	keys := make([]string, 0, len(hh))
	for k := range hh {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lower := strings.ToLower(k)
		for _, v := range hh[k] {
			h.fields = append(h.fields, headerField{lower, v})
		}
	}
	return h
}

func (h *headers) clone() *headers {
	c := &headers{fields: make([]headerField, len(h.fields))}
	copy(c.fields, h.fields)
	return c
}

func installHeaders(r *Realm) {
	c := r.newClass("Headers", 0, func(call goja.ConstructorCall) any {
		h := &headers{}
		r.fillHeaders(h, call.Argument(0), "Failed to construct 'Headers': constructor parameter 1 is not of type 'Headers or Sequence or object'.")
		return h
	})
	c.method("append", 2, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		name, value := r.checkedField(call.Argument(0), call.Argument(1))
		r.checkMutable(h)
		h.append(name, value)
		return goja.Undefined()
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		name := r.checkedName(call.Argument(0))
		r.checkMutable(h)
		h.delete(name)
		return goja.Undefined()
	})
	c.method("get", 1, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		v, ok := h.get(r.checkedName(call.Argument(0)))
		if !ok {
			return goja.Null()
		}
		return r.rt.ToValue(v)
	})
	c.method("getAll", 1, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		name := r.checkedName(call.Argument(0))
		if !strings.EqualFold(name, "set-cookie") {
			panic(r.newTypeError(`getAll() can only be used with the header name "Set-Cookie".`))
		}
		return r.stringArray(h.getAll(name))
	})
	c.method("getSetCookie", 0, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		return r.stringArray(h.getAll("set-cookie"))
	})
	c.method("has", 1, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		name := call.Argument(0).String()
		// workerd answers false for an invalid name here instead of throwing.
		return r.rt.ToValue(validName(name) && h.has(name))
	})
	c.method("set", 2, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		name, value := r.checkedField(call.Argument(0), call.Argument(1))
		r.checkMutable(h)
		h.set(name, value)
		return goja.Undefined()
	})
	c.method("forEach", 1, func(call goja.FunctionCall) goja.Value {
		h := unwrap[*headers](r, call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'function'."))
		}
		for _, f := range h.sorted() {
			if _, err := fn(call.Argument(1), r.rt.ToValue(f.value), r.rt.ToValue(f.name), call.This); err != nil {
				panic(err)
			}
		}
		return goja.Undefined()
	})
	iter := func(kind string) func(call goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			h := unwrap[*headers](r, call.This)
			fields := h.sorted()
			return r.newIterator("Headers Iterator", len(fields), func(i int) goja.Value {
				f := fields[i]
				switch kind {
				case "keys":
					return r.rt.ToValue(f.name)
				case "values":
					return r.rt.ToValue(f.value)
				}
				return r.rt.NewArray(f.name, f.value)
			})
		}
	}
	c.method("entries", 0, iter("entries"))
	c.method("keys", 0, iter("keys"))
	c.method("values", 0, iter("values"))
	c.methodSymbol(goja.SymIterator, "entries", iter("entries"))
	c.global()
}

// fillHeaders appends init (a Headers, a sequence of pairs or a record) to h.
func (r *Realm) fillHeaders(h *headers, init goja.Value, badTypeMessage string) {
	if init == nil || goja.IsUndefined(init) {
		return
	}
	o, ok := init.(*goja.Object)
	if !ok {
		panic(r.newTypeError(badTypeMessage))
	}
	if other, ok := stateOf(o).(*headers); ok {
		h.fields = append(h.fields, other.fields...)
		return
	}
	if iterFn, ok := goja.AssertFunction(o.GetSymbol(goja.SymIterator)); ok && iterFn != nil {
		r.rt.ForOf(o, func(item goja.Value) bool {
			pair := r.toStringSequence(item)
			if len(pair) != 2 {
				panic(r.newTypeError("To initialize a Headers object from a sequence, each inner sequence must have exactly two elements."))
			}
			name, value := r.checkedFieldStrings(pair[0], pair[1])
			h.append(name, value)
			return true
		})
		return
	}
	for _, k := range o.Keys() {
		name, value := r.checkedFieldStrings(k, o.Get(k).String())
		h.append(name, value)
	}
}

func (r *Realm) toStringSequence(v goja.Value) []string {
	o, ok := v.(*goja.Object)
	if !ok {
		panic(r.newTypeError("To initialize a Headers object from a sequence, each inner sequence must have exactly two elements."))
	}
	var out []string
	r.rt.ForOf(o, func(item goja.Value) bool {
		out = append(out, item.String())
		return true
	})
	return out
}

func (r *Realm) checkedName(v goja.Value) string {
	name := v.String()
	if !validName(name) {
		panic(r.newTypeError("Invalid header name."))
	}
	return name
}

func (r *Realm) checkedField(name, value goja.Value) (string, string) {
	return r.checkedFieldStrings(name.String(), value.String())
}

func (r *Realm) checkedFieldStrings(name, value string) (string, string) {
	if !validName(name) {
		panic(r.newTypeError("Invalid header name."))
	}
	value, ok := normalizeValue(value)
	if !ok {
		panic(r.newTypeError("Invalid header value."))
	}
	return name, value
}

func (r *Realm) checkMutable(h *headers) {
	if h.guard == guardImmutable {
		panic(r.newTypeError("Can't modify immutable headers."))
	}
}

func (r *Realm) stringArray(items []string) *goja.Object {
	vals := make([]any, len(items))
	for i, s := range items {
		vals[i] = s
	}
	return r.rt.NewArray(vals...)
}

// newHeadersObject wraps h in a Headers object.
func (r *Realm) newHeadersObject(h *headers) *goja.Object {
	return r.newInstance("Headers", h)
}
