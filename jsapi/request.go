package jsapi

// Request, as in https://fetch.spec.whatwg.org/#request-class with
// workerd's shape: no mode/credentials/referrer, `cf` and `fetcher`
// members, redirect limited to "follow" and "manual", cache limited to
// "no-store" and "no-cache".
//
// The body is the Body mixin of body.go. Missing: the integrity check
// (workerd ignores it too).

import (
	"io"
	"net/http"
	"strings"

	"github.com/dop251/goja"
)

// HTTPRequest is a request as Go sees it: what the dev server receives,
// what crosses to a Durable Object in another isolate, what fetch sends.
type HTTPRequest struct {
	Method string
	URL    string
	Header http.Header
	Body   io.ReadCloser // nil: no body
	// CF is the request.cf object as JSON; nil for none.
	CF []byte
}

type request struct {
	method   string
	url      string
	headers  *goja.Object // a Headers object
	body     *body
	redirect string
	signal   goja.Value
	cf       goja.Value
	// cfJSON is an incoming request's cf object, parsed on first read:
	// most Workers never look at it, and parsing it was the largest cost
	// of a request.
	cfJSON []byte
	cache  goja.Value
}

// cfObject returns request.cf, parsing the incoming JSON on first use.
func (r *Realm) cfObject(req *request) goja.Value {
	if req.cf == nil && req.cfJSON != nil {
		if cf, err := r.jsonParse(goja.Undefined(), r.rt.ToValue(string(req.cfJSON))); err == nil {
			req.cf = cf
		}
		req.cfJSON = nil
	}
	return req.cf
}

var canonicalMethods = map[string]string{
	"GET": "GET", "HEAD": "HEAD", "POST": "POST", "PUT": "PUT",
	"DELETE": "DELETE", "OPTIONS": "OPTIONS", "PATCH": "PATCH",
}

// normalizeMethod upper-cases the standard methods whatever their case and
// accepts other tokens as they are; CONNECT is refused as in workerd, and
// names that are not tokens are refused too.
func normalizeMethod(m string) (string, bool) {
	if c, ok := canonicalMethods[strings.ToUpper(m)]; ok {
		return c, true
	}
	if m == "" || !validName(m) || strings.EqualFold(m, "CONNECT") {
		return "", false
	}
	// Only upper-case methods beyond the standard ones are accepted:
	// workerd's method table is upper case.
	if m != strings.ToUpper(m) {
		return "", false
	}
	return m, true
}

func (q *request) bodySlot() **body     { return &q.body }
func (q *request) headerList() *headers { return stateOf(q.headers).(*headers) }

func installRequest(r *Realm, bodyClass *class) {
	c := r.newClass("Request", 1, func(call goja.ConstructorCall) any {
		return r.constructRequest(call.Argument(0), call.Argument(1))
	}).extends(bodyClass)
	get := func(this goja.Value) *request { return unwrap[*request](r, this) }
	c.getter("method", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).method) })
	c.getter("url", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).url) })
	c.getter("headers", func(this goja.Value) goja.Value { return get(this).headers })
	c.getter("redirect", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).redirect) })
	c.getter("signal", func(this goja.Value) goja.Value {
		req := get(this)
		if req.signal == nil {
			req.signal = r.newAbortSignal()
		}
		return req.signal
	})
	c.getter("cf", func(this goja.Value) goja.Value { return orUndefined(r.cfObject(get(this))) })
	c.getter("fetcher", func(this goja.Value) goja.Value { get(this); return goja.Null() })
	c.getter("integrity", func(this goja.Value) goja.Value { get(this); return r.rt.ToValue("") })
	c.getter("keepalive", func(this goja.Value) goja.Value { get(this); return r.rt.ToValue(false) })
	c.getter("cache", func(this goja.Value) goja.Value { return orUndefined(get(this).cache) })
	c.method("clone", 0, func(call goja.FunctionCall) goja.Value {
		req := get(call.This)
		cloned := *req
		cloned.headers = r.newHeadersObject(unwrap[*headers](r, req.headers).clone())
		cloned.body = r.teeBody(req.body)
		return r.newInstance("Request", &cloned)
	})
	c.global()
}

func orUndefined(v goja.Value) goja.Value {
	if v == nil {
		return goja.Undefined()
	}
	return v
}

// constructRequest implements new Request(input, init).
func (r *Realm) constructRequest(input, initArg goja.Value) *request {
	req := &request{method: "GET", redirect: "follow"}
	var inputHeaders *headers
	var inputBody *body
	if other, ok := stateOf(input).(*request); ok {
		req.method = other.method
		req.url = other.url
		req.redirect = other.redirect
		req.signal = other.signal
		req.cf, req.cfJSON = other.cf, other.cfJSON
		req.cache = other.cache
		inputHeaders = unwrap[*headers](r, other.headers)
		inputBody = other.body
	} else {
		href, ok := r.parseURL(input.String())
		if !ok {
			panic(r.newTypeError("Invalid URL: " + input.String()))
		}
		req.url = href
	}

	init, _ := initArg.(*goja.Object)
	var bodyInit goja.Value
	var contentType string
	if init != nil {
		if v := init.Get("method"); v != nil && !goja.IsUndefined(v) {
			m, ok := normalizeMethod(v.String())
			if !ok {
				panic(r.newTypeError("Invalid HTTP method string: " + v.String()))
			}
			req.method = m
		}
		if v := init.Get("redirect"); v != nil && !goja.IsUndefined(v) {
			s := v.String()
			if s != "follow" && s != "manual" {
				panic(r.newTypeError(`Invalid redirect value, must be one of "follow" or "manual" ("error" won't be implemented since it does not make sense at the edge; use "manual" and check the response status code).`))
			}
			req.redirect = s
		}
		if v := init.Get("signal"); v != nil && !goja.IsUndefined(v) {
			if goja.IsNull(v) {
				req.signal = nil
			} else {
				req.signal = v
			}
		}
		if v := init.Get("cf"); v != nil && !goja.IsUndefined(v) {
			req.cf, req.cfJSON = v, nil
		}
		if v := init.Get("cache"); v != nil && !goja.IsUndefined(v) {
			s := v.String()
			if s != "no-store" && s != "no-cache" {
				panic(r.newTypeError("Unsupported cache mode: " + s))
			}
			req.cache = v
		}
		if v := init.Get("body"); v != nil {
			bodyInit = v
		}
	}

	h := &headers{}
	if init != nil && init.Get("headers") != nil && !goja.IsUndefined(init.Get("headers")) {
		r.fillHeaders(h, init.Get("headers"), "Failed to construct 'Request': member headers is not of type 'Headers or Sequence or object'.")
	} else if inputHeaders != nil {
		h = inputHeaders.clone()
	}

	hasBodyInit := bodyInit != nil && !goja.IsUndefined(bodyInit) && !goja.IsNull(bodyInit)
	if (req.method == "GET" || req.method == "HEAD") && (hasBodyInit || !inputBody.empty() && !r.bodyUsed(inputBody)) {
		panic(r.newTypeError("Request with a GET or HEAD method cannot have a body."))
	}
	if hasBodyInit {
		req.body, contentType = r.extractBody(bodyInit)
		if contentType != "" && !h.has("content-type") {
			h.append("content-type", contentType)
		}
	} else if inputBody != nil {
		// The new request takes the body over; the input becomes used.
		req.body = r.takeBody(inputBody)
	}
	req.headers = r.newHeadersObject(h)
	return req
}

// NewRequest creates a Request object for an incoming request.
func (r *Realm) NewRequest(in *HTTPRequest) *goja.Object {
	h := headersFromHTTP(in.Header)
	req := &request{
		method:   in.Method,
		url:      in.URL,
		headers:  r.newHeadersObject(h),
		body:     bodyFromReader(in.Body),
		redirect: "follow",
	}
	req.cfJSON = in.CF
	return r.newInstance("Request", req)
}

// ToHTTPRequest converts a Request object (or a URL string with an init
// object, as fetch() takes them) for Go. It throws what the Request
// constructor throws.
func (r *Realm) ToHTTPRequest(input, init goja.Value) *HTTPRequest {
	req, ok := stateOf(input).(*request)
	if !ok || (init != nil && !goja.IsUndefined(init)) {
		req = r.constructRequest(input, init)
	}
	out := &HTTPRequest{
		Method: req.method,
		URL:    req.url,
		Header: unwrap[*headers](r, req.headers).toHTTP(),
		Body:   r.exportBody(req.body),
	}
	if req.cfJSON != nil {
		out.CF = req.cfJSON
	} else if req.cf != nil && !goja.IsUndefined(req.cf) {
		if s, err := r.jsonStringify(goja.Undefined(), req.cf); err == nil && !goja.IsUndefined(s) {
			out.CF = []byte(s.String())
		}
	}
	return out
}
