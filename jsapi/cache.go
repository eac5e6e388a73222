package jsapi

// The Cache API (https://developers.cloudflare.com/workers/runtime-apis/cache/):
// caches.default and caches.open(name), with workerd's argument checks.
// The cache keeps nothing: put() accepts (and consumes) the response,
// match() always misses and delete() finds nothing. That is what a
// Worker sees on a workers.dev domain, and code written for the Cache API
// must already handle a miss; wrangler dev's simulated cache is not
// reproduced.

import (
	"github.com/dop251/goja"
)

type cacheObject struct{}

type cacheStorage struct{ defaultCache *goja.Object }

func installCache(r *Realm) {
	c := r.newClass("Cache", 0, nil)
	settled := func(v goja.Value) goja.Value {
		p, resolve, _ := r.rt.NewPromise()
		must(resolve(v))
		return r.rt.ToValue(p)
	}
	c.method("match", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[*cacheObject](r, call.This)
		return r.settleNow(func() (goja.Value, error) {
			r.cacheKey(call.Argument(0), "match")
			return goja.Undefined(), nil
		})
	})
	c.method("delete", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[*cacheObject](r, call.This)
		return r.settleNow(func() (goja.Value, error) {
			r.cacheKey(call.Argument(0), "delete")
			return r.rt.ToValue(false), nil
		})
	})
	c.method("put", 2, func(call goja.FunctionCall) goja.Value {
		unwrap[*cacheObject](r, call.This)
		return r.settleNow(func() (goja.Value, error) {
			req := r.cacheKey(call.Argument(0), "put")
			if req.method != "GET" {
				panic(r.newTypeError("Cannot cache response to non-GET request."))
			}
			res, ok := stateOf(call.Argument(1)).(*response)
			if !ok {
				panic(r.newTypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'."))
			}
			if res.status == 206 {
				panic(r.newTypeError("Cannot cache response to a range request (206 Partial Content)."))
			}
			if vary, _ := unwrap[*headers](r, res.headers).get("vary"); vary == "*" {
				panic(r.newTypeError("Cannot cache response with 'Vary: *' header."))
			}
			// Storing reads the body (a used one throws); nothing keeps it.
			if body := r.ToHTTPResponse(call.Argument(1)).Body; body != nil {
				body.Close()
			}
			return goja.Undefined(), nil
		})
	})
	c.global()

	s := r.newClass("CacheStorage", 0, nil)
	s.getter("default", func(this goja.Value) goja.Value { return unwrap[*cacheStorage](r, this).defaultCache })
	s.method("open", 1, func(call goja.FunctionCall) goja.Value {
		unwrap[*cacheStorage](r, call.This)
		r.requiredString(call.Arguments, "Failed to execute 'open' on 'CacheStorage': parameter 1 is not of type 'string'.")
		return settled(r.newInstance("Cache", &cacheObject{}))
	})
	s.global()
	storage := r.newInstance("CacheStorage", &cacheStorage{defaultCache: r.newInstance("Cache", &cacheObject{})})
	must(r.rt.GlobalObject().DefineDataProperty("caches", storage, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE))
}

// cacheKey converts a Cache method's request argument: a Request, or a URL
// a GET Request is made from.
func (r *Realm) cacheKey(v goja.Value, method string) *request {
	if req, ok := stateOf(v).(*request); ok {
		return req
	}
	if v == nil || goja.IsUndefined(v) {
		panic(r.newTypeError("Failed to execute '" + method + "' on 'Cache': parameter 1 is not of type 'Request or string'."))
	}
	return r.constructRequest(v, goja.Undefined())
}
