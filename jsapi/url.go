package jsapi

// URL and URLSearchParams (https://url.spec.whatwg.org/#api) on the
// parser of jsapi/whatwgurl, with workerd's error texts ("Invalid URL
// string.") and its statics URL.canParse and URL.parse. A URL's
// searchParams is one object, kept in step with the URL both ways.
//
// Iterating a URLSearchParams is live, as the spec's "value pairs to
// iterate over" are: entries appended during the loop are visited.
//
// Missing: URL.createObjectURL and revokeObjectURL (workerd has no blob:
// URLs either).

import (
	"slices"
	"strconv"
	"unicode/utf16"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

// urlObject is the Go state of a URL.
type urlObject struct {
	u      *whatwgurl.URL
	params *goja.Object // its URLSearchParams, made with the URL
}

// searchParams is the Go state of a URLSearchParams.
type searchParams struct {
	list []whatwgurl.Pair
	url  *urlObject // the URL it belongs to, if any
}

// update is the spec's URLSearchParams "update" steps: the URL's query
// follows the list (an empty list removes it).
func (p *searchParams) update() {
	if p.url == nil {
		return
	}
	q := whatwgurl.SerializeForm(p.list)
	p.url.u.Query, p.url.u.HasQuery = q, q != ""
	if q == "" {
		p.url.u.StripTrailingSpacesFromOpaquePath()
	}
}

// reset re-reads the list from the URL's query, after a setter changed it.
func (p *searchParams) reset() {
	p.list = nil
	if p.url.u.HasQuery {
		p.list = whatwgurl.ParseForm(p.url.u.Query)
	}
}

const errInvalidURL = "Invalid URL string."

func installURL(r *Realm) {
	c := r.newClass("URL", 1, func(call goja.ConstructorCall) any {
		if len(call.Arguments) == 0 {
			panic(r.newTypeError("Failed to construct 'URL': constructor parameter 1 is not of type 'USVString'."))
		}
		u, ok := parseWithBase(call.Argument(0), call.Argument(1))
		if !ok {
			panic(r.newTypeError(errInvalidURL))
		}
		return r.newURLState(u)
	})
	get := func(this goja.Value) *urlObject { return unwrap[*urlObject](r, this) }
	str := func(s string) goja.Value { return r.rt.ToValue(s) }
	c.accessor("href", func(this goja.Value) goja.Value { return str(get(this).u.Href()) }, func(this goja.Value, v goja.Value) {
		o := get(this)
		u, err := whatwgurl.Parse(v.String(), nil)
		if err != nil {
			panic(r.newTypeError("Failed to set the 'href' property on 'URL': the provided value is not of type 'valid URL string'."))
		}
		o.u = u
		unwrap[*searchParams](r, o.params).reset()
	})
	c.getter("origin", func(this goja.Value) goja.Value { return str(get(this).u.Origin()) })
	c.accessor("protocol", func(this goja.Value) goja.Value { return str(get(this).u.Scheme + ":") },
		func(this goja.Value, v goja.Value) { get(this).u.SetProtocol(v.String()) })
	c.accessor("username", func(this goja.Value) goja.Value { return str(get(this).u.Username) },
		func(this goja.Value, v goja.Value) { get(this).u.SetUsername(v.String()) })
	c.accessor("password", func(this goja.Value) goja.Value { return str(get(this).u.Password) },
		func(this goja.Value, v goja.Value) { get(this).u.SetPassword(v.String()) })
	c.accessor("host", func(this goja.Value) goja.Value { return str(get(this).u.HostPort()) },
		func(this goja.Value, v goja.Value) { get(this).u.SetHost(v.String()) })
	c.accessor("hostname", func(this goja.Value) goja.Value { return str(get(this).u.Host) },
		func(this goja.Value, v goja.Value) { get(this).u.SetHostname(v.String()) })
	c.accessor("port", func(this goja.Value) goja.Value {
		if p := get(this).u.Port; p >= 0 {
			return str(strconv.Itoa(p))
		}
		return str("")
	}, func(this goja.Value, v goja.Value) { get(this).u.SetPort(v.String()) })
	c.accessor("pathname", func(this goja.Value) goja.Value { return str(get(this).u.Pathname()) },
		func(this goja.Value, v goja.Value) { get(this).u.SetPathname(v.String()) })
	c.accessor("search", func(this goja.Value) goja.Value {
		u := get(this).u
		if !u.HasQuery || u.Query == "" {
			return str("")
		}
		return str("?" + u.Query)
	}, func(this goja.Value, v goja.Value) {
		o := get(this)
		o.u.SetSearch(v.String())
		unwrap[*searchParams](r, o.params).reset()
	})
	c.getter("searchParams", func(this goja.Value) goja.Value { return get(this).params })
	c.accessor("hash", func(this goja.Value) goja.Value {
		u := get(this).u
		if !u.HasFrag || u.Fragment == "" {
			return str("")
		}
		return str("#" + u.Fragment)
	}, func(this goja.Value, v goja.Value) { get(this).u.SetHash(v.String()) })
	href := func(call goja.FunctionCall) goja.Value { return str(get(call.This).u.Href()) }
	c.method("toString", 0, href)
	c.method("toJSON", 0, href)
	c.static("canParse", 1, func(call goja.FunctionCall) goja.Value {
		_, ok := parseWithBase(call.Argument(0), call.Argument(1))
		return r.rt.ToValue(ok)
	})
	c.static("parse", 1, func(call goja.FunctionCall) goja.Value {
		u, ok := parseWithBase(call.Argument(0), call.Argument(1))
		if !ok {
			return goja.Null()
		}
		return r.newInstance("URL", r.newURLState(u))
	})
	c.global()
	installURLSearchParams(r)
}

// parseWithBase parses a URL constructor's arguments; an undefined base is
// no base.
func parseWithBase(input, base goja.Value) (*whatwgurl.URL, bool) {
	var b *whatwgurl.URL
	if base != nil && !goja.IsUndefined(base) {
		var err error
		if b, err = whatwgurl.Parse(base.String(), nil); err != nil {
			return nil, false
		}
	}
	u, err := whatwgurl.Parse(input.String(), b)
	return u, err == nil
}

func (r *Realm) newURLState(u *whatwgurl.URL) *urlObject {
	o := &urlObject{u: u}
	sp := &searchParams{url: o}
	sp.reset()
	o.params = r.newInstance("URLSearchParams", sp)
	return o
}

func installURLSearchParams(r *Realm) {
	c := r.newClass("URLSearchParams", 0, func(call goja.ConstructorCall) any {
		return &searchParams{list: r.searchParamsInit(call.Argument(0))}
	})
	get := func(this goja.Value) *searchParams { return unwrap[*searchParams](r, this) }
	name := func(call goja.FunctionCall, method string) string {
		return r.requiredString(call.Arguments, "Failed to execute '"+method+"' on 'URLSearchParams': parameter 1 is not of type 'string'.")
	}
	c.getter("size", func(this goja.Value) goja.Value { return r.rt.ToValue(len(get(this).list)) })
	c.method("append", 2, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		p.list = append(p.list, whatwgurl.Pair{Name: name(call, "append"), Value: call.Argument(1).String()})
		p.update()
		return goja.Undefined()
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		n := name(call, "delete")
		value, withValue := optionalString(call.Argument(1))
		p.list = slices.DeleteFunc(p.list, func(e whatwgurl.Pair) bool { return e.Name == n && (!withValue || e.Value == value) })
		p.update()
		return goja.Undefined()
	})
	c.method("get", 1, func(call goja.FunctionCall) goja.Value {
		n := name(call, "get")
		for _, e := range get(call.This).list {
			if e.Name == n {
				return r.rt.ToValue(e.Value)
			}
		}
		return goja.Null()
	})
	c.method("getAll", 1, func(call goja.FunctionCall) goja.Value {
		n := name(call, "getAll")
		var out []any
		for _, e := range get(call.This).list {
			if e.Name == n {
				out = append(out, e.Value)
			}
		}
		return r.rt.NewArray(out...)
	})
	c.method("has", 1, func(call goja.FunctionCall) goja.Value {
		n := name(call, "has")
		value, withValue := optionalString(call.Argument(1))
		return r.rt.ToValue(slices.ContainsFunc(get(call.This).list, func(e whatwgurl.Pair) bool {
			return e.Name == n && (!withValue || e.Value == value)
		}))
	})
	c.method("set", 2, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		n, v := name(call, "set"), call.Argument(1).String()
		// The first pair of the name takes the value, the others go.
		i := slices.IndexFunc(p.list, func(e whatwgurl.Pair) bool { return e.Name == n })
		if i < 0 {
			p.list = append(p.list, whatwgurl.Pair{Name: n, Value: v})
		} else {
			p.list[i].Value = v
			rest := slices.DeleteFunc(p.list[i+1:], func(e whatwgurl.Pair) bool { return e.Name == n })
			p.list = p.list[:i+1+len(rest)]
		}
		p.update()
		return goja.Undefined()
	})
	c.method("sort", 0, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		// By name in UTF-16 code units, keeping the order of equal names.
		slices.SortStableFunc(p.list, func(a, b whatwgurl.Pair) int {
			return slices.Compare(utf16.Encode([]rune(a.Name)), utf16.Encode([]rune(b.Name)))
		})
		p.update()
		return goja.Undefined()
	})
	c.method("forEach", 1, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(r.newTypeError("Failed to execute 'forEach' on 'URLSearchParams': parameter 1 is not of type 'Function'."))
		}
		for i := 0; i < len(p.list); i++ {
			if _, err := fn(call.Argument(1), r.rt.ToValue(p.list[i].Value), r.rt.ToValue(p.list[i].Name), call.This); err != nil {
				panic(err)
			}
		}
		return goja.Undefined()
	})
	c.method("toString", 0, func(call goja.FunctionCall) goja.Value {
		return r.rt.ToValue(whatwgurl.SerializeForm(get(call.This).list))
	})
	iter := func(kind string) func(call goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			return r.newSearchParamsIterator(get(call.This), kind)
		}
	}
	c.method("entries", 0, iter("entries"))
	c.method("keys", 0, iter("keys"))
	c.method("values", 0, iter("values"))
	must(c.proto.DefineDataPropertySymbol(goja.SymIterator, c.proto.Get("entries"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	c.global()
}

func optionalString(v goja.Value) (string, bool) {
	if v == nil || goja.IsUndefined(v) {
		return "", false
	}
	return v.String(), true
}

// searchParamsInit converts the constructor's argument: a sequence of
// pairs, a record, or a query string (a leading "?" dropped).
func (r *Realm) searchParamsInit(v goja.Value) []whatwgurl.Pair {
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	o, isObject := v.(*goja.Object)
	if !isObject {
		s := v.String()
		if len(s) > 0 && s[0] == '?' {
			s = s[1:]
		}
		return whatwgurl.ParseForm(s)
	}
	if _, ok := goja.AssertFunction(o.GetSymbol(goja.SymIterator)); ok {
		var out []whatwgurl.Pair
		r.rt.ForOf(o, func(item goja.Value) bool {
			pair, ok := item.(*goja.Object)
			var parts []string
			if ok {
				if _, iterable := goja.AssertFunction(pair.GetSymbol(goja.SymIterator)); iterable {
					r.rt.ForOf(pair, func(x goja.Value) bool { parts = append(parts, x.String()); return true })
				}
			}
			if len(parts) != 2 {
				panic(r.newTypeError("Invalid URL search params sequence."))
			}
			out = append(out, whatwgurl.Pair{Name: parts[0], Value: parts[1]})
			return true
		})
		return out
	}
	var out []whatwgurl.Pair
	for _, k := range o.Keys() {
		out = append(out, whatwgurl.Pair{Name: k, Value: o.Get(k).String()})
	}
	return out
}

// searchParamsIterator walks a URLSearchParams' list as it is when next()
// is called.
type searchParamsIterator struct {
	params *searchParams
	kind   string
	next   int
}

func (r *Realm) newSearchParamsIterator(p *searchParams, kind string) *goja.Object {
	const tag = "URLSearchParams Iterator"
	proto, ok := r.protos[tag]
	if !ok {
		proto = r.rt.CreateObject(r.in.iteratorProto)
		must(proto.DefineDataProperty("next", r.function("next", 0, func(call goja.FunctionCall) goja.Value {
			it := unwrap[*searchParamsIterator](r, call.This)
			res := r.rt.NewObject()
			if it.next >= len(it.params.list) {
				must(res.Set("value", goja.Undefined()))
				must(res.Set("done", true))
				return res
			}
			e := it.params.list[it.next]
			it.next++
			var v goja.Value
			switch it.kind {
			case "keys":
				v = r.rt.ToValue(e.Name)
			case "values":
				v = r.rt.ToValue(e.Value)
			default:
				v = r.rt.NewArray(e.Name, e.Value)
			}
			must(res.Set("value", v))
			must(res.Set("done", false))
			return res
		}), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
		must(proto.DefineDataPropertySymbol(goja.SymToStringTag, r.rt.ToValue(tag), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE))
		r.protos[tag] = proto
	}
	o := r.rt.CreateObject(proto)
	setSlot(r.rt, o, &searchParamsIterator{params: p, kind: kind})
	return o
}

// parseURL parses an absolute URL and returns its serialization.
func (r *Realm) parseURL(s string) (string, bool) {
	u, err := whatwgurl.Parse(s, nil)
	if err != nil {
		return "", false
	}
	return u.Href(), true
}

// urlSearchParamsString returns the serialization of a URLSearchParams
// object, or nil if o is not one.
func (r *Realm) urlSearchParamsString(o *goja.Object) *string {
	p, ok := stateOf(o).(*searchParams)
	if !ok {
		return nil
	}
	s := whatwgurl.SerializeForm(p.list)
	return &s
}
