package jsapi

// URL and URLSearchParams (https://url.spec.whatwg.org/) come from
// goja_nodejs's url package, which implements the WHATWG API on Go's
// net/url. Its differences from workerd are listed in wrangler-compat.md.

import (
	"github.com/dop251/goja"
	nodeurl "github.com/dop251/goja_nodejs/url"
)

func installURL(r *Realm) {
	module := r.rt.NewObject()
	exports := r.rt.NewObject()
	must(module.Set("exports", exports))
	nodeurl.Require(r.rt, module)
	global := r.rt.GlobalObject()
	for _, name := range []string{"URL", "URLSearchParams"} {
		ctor := exports.Get(name).(*goja.Object)
		must(global.DefineDataProperty(name, ctor, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE))
	}
	r.in.urlCtor = exports.Get("URL").(*goja.Object)
	r.in.searchParams = exports.Get("URLSearchParams").(*goja.Object)
}

// parseURL parses an absolute URL and returns its serialization.
func (r *Realm) parseURL(s string) (string, bool) {
	var href string
	ex := r.rt.Try(func() {
		u, err := r.rt.New(r.in.urlCtor, r.rt.ToValue(s))
		if err != nil {
			panic(err)
		}
		href = u.Get("href").String()
	})
	return href, ex == nil
}

// urlSearchParamsString returns the serialization of a URLSearchParams
// object, or nil if o is not one.
func (r *Realm) urlSearchParamsString(o *goja.Object) *string {
	if !r.rt.InstanceOf(o, r.in.searchParams) {
		return nil
	}
	s := o.String()
	return &s
}
