package jsapi

// URLPattern (https://urlpattern.spec.whatwg.org/#urlpattern-class) on
// jsapi/urlpattern: the constructor (a pattern string with an optional
// base URL, or a URLPatternInit, and { ignoreCase }), the component
// getters, hasRegExpGroups, test() and exec().
//
// Missing: URLPattern.compareComponent (not in workerd either). Custom
// groups run on Go's regexp, which has no lookaround or backreferences
// (such a pattern is refused with a TypeError).

import (
	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/urlpattern"
)

func installURLPattern(r *Realm) {
	c := r.newClass("URLPattern", 0, func(call goja.ConstructorCall) any {
		str, input, init := r.urlPatternInput(call.Argument(0))
		base, opts := (*string)(nil), call.Argument(1)
		if b := call.Argument(1); str && isString(b) {
			s := b.String()
			base, opts = &s, call.Argument(2)
		}
		ignoreCase := false
		if o := r.dictionary(opts, "Failed to construct 'URLPattern': parameter 2 is not of type 'URLPatternOptions'."); o != nil {
			if v := o.Get("ignoreCase"); v != nil {
				ignoreCase = v.ToBoolean()
			}
		}
		p, err := urlpattern.New(str, input, init, base, ignoreCase)
		if err != nil {
			panic(r.newTypeError(err.Error()))
		}
		return p
	})
	get := func(this goja.Value) *urlpattern.Pattern { return unwrap[*urlpattern.Pattern](r, this) }
	for _, name := range urlpattern.Components {
		c.getter(name, func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).Component(name)) })
	}
	c.getter("hasRegExpGroups", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).HasRegExpGroups()) })
	c.method("test", 1, func(call goja.FunctionCall) goja.Value {
		res := r.urlPatternMatch(get(call.This), call.Arguments)
		return r.rt.ToValue(res != nil)
	})
	c.method("exec", 1, func(call goja.FunctionCall) goja.Value {
		p := get(call.This)
		res := r.urlPatternMatch(p, call.Arguments)
		if res == nil {
			return goja.Null()
		}
		out := r.rt.NewObject()
		inputs := []any{call.Argument(0)}
		if len(call.Arguments) > 1 && !goja.IsUndefined(call.Argument(1)) {
			inputs = append(inputs, call.Argument(1))
		}
		must(out.Set("inputs", r.rt.NewArray(inputs...)))
		for _, name := range urlpattern.Components {
			cr := res[name]
			o := r.rt.NewObject()
			must(o.Set("input", cr.Input))
			groups := r.rt.NewObject()
			for _, g := range cr.Groups {
				if g.Matched {
					must(groups.Set(g.Name, g.Value))
				} else {
					must(groups.Set(g.Name, goja.Undefined()))
				}
			}
			must(o.Set("groups", groups))
			must(out.Set(name, o))
		}
		return out
	})
	c.global()
}

func isString(v goja.Value) bool {
	_, ok := v.(goja.String)
	return ok
}

// urlPatternInput converts a URLPatternInput: a string, or a dictionary of
// components (and baseURL).
func (r *Realm) urlPatternInput(v goja.Value) (bool, string, urlpattern.Init) {
	o, ok := v.(*goja.Object)
	if !ok {
		if v == nil || goja.IsUndefined(v) {
			return false, "", urlpattern.Init{}
		}
		return true, v.String(), nil
	}
	init := urlpattern.Init{}
	for _, name := range append(append([]string{}, urlpattern.Components...), "baseURL") {
		if m := o.Get(name); m != nil && !goja.IsUndefined(m) {
			init[name] = m.String()
		}
	}
	return false, "", init
}

// urlPatternMatch runs test() or exec()'s matching.
func (r *Realm) urlPatternMatch(p *urlpattern.Pattern, args []goja.Value) map[string]urlpattern.ComponentResult {
	arg := func(i int) goja.Value {
		if i < len(args) {
			return args[i]
		}
		return goja.Undefined()
	}
	str, input, init := r.urlPatternInput(arg(0))
	var base *string
	if b := arg(1); !goja.IsUndefined(b) {
		s := b.String()
		base = &s
	}
	res, err := p.Match(str, input, init, base)
	if err != nil {
		panic(r.newTypeError(err.Error()))
	}
	return res
}
