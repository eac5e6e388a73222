package jsapi

// Response, as in https://fetch.spec.whatwg.org/#response-class with
// workerd's additions: status 101 with a `webSocket`, the `cf` and
// `encodeBody` init members, and statusText defaulting to the standard
// reason phrase.
//
// The body is the Body mixin of body.go. A response with a WebSocket
// (status 101) hands the socket's end to whoever receives the response:
// another isolate, or the dev server, which couples it to the client's
// connection.

import (
	"io"
	"math"
	"net/http"
	"strconv"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/wspipe"
)

// HTTPResponse is a response as Go sees it.
type HTTPResponse struct {
	Status     int
	StatusText string
	Header     http.Header
	Body       io.ReadCloser // nil: no body
	// WebSocket is the end to couple to the client's connection, for a
	// 101 response; its other end belongs to the Worker.
	WebSocket *wspipe.End
}

type response struct {
	status     int
	statusText string
	headers    *goja.Object
	body       *body
	kind       string // "default", "error"
	url        string
	redirected bool
	cf         goja.Value
	webSocket  *goja.Object
}

func nullBodyStatus(s int) bool { return s == 101 || s == 204 || s == 205 || s == 304 }

func (s *response) bodySlot() **body     { return &s.body }
func (s *response) headerList() *headers { return stateOf(s.headers).(*headers) }

func installResponse(r *Realm, bodyClass *class) {
	c := r.newClass("Response", 0, func(call goja.ConstructorCall) any {
		return r.constructResponse(call.Argument(0), call.Argument(1))
	}).extends(bodyClass)
	get := func(this goja.Value) *response { return unwrap[*response](r, this) }
	c.getter("status", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).status) })
	c.getter("statusText", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).statusText) })
	c.getter("ok", func(this goja.Value) goja.Value {
		s := get(this).status
		return r.rt.ToValue(s >= 200 && s <= 299)
	})
	c.getter("headers", func(this goja.Value) goja.Value { return get(this).headers })
	c.getter("type", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).kind) })
	c.getter("url", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).url) })
	c.getter("redirected", func(this goja.Value) goja.Value { return r.rt.ToValue(get(this).redirected) })
	c.getter("webSocket", func(this goja.Value) goja.Value {
		if ws := get(this).webSocket; ws != nil {
			return ws
		}
		return goja.Null()
	})
	c.getter("cf", func(this goja.Value) goja.Value { return orUndefined(get(this).cf) })
	c.method("clone", 0, func(call goja.FunctionCall) goja.Value {
		res := get(call.This)
		if res.webSocket != nil {
			panic(r.newTypeError("Cannot clone a response to a WebSocket handshake."))
		}
		cloned := *res
		cloned.headers = r.newHeadersObject(unwrap[*headers](r, res.headers).clone())
		cloned.body = r.teeBody(res.body)
		return r.newInstance("Response", &cloned)
	})
	c.static("json", 1, func(call goja.FunctionCall) goja.Value {
		s, err := r.jsonStringify(goja.Undefined(), call.Argument(0))
		if err != nil {
			panic(err)
		}
		// JSON.stringify(undefined) is undefined; workerd sends the text "undefined".
		text := "undefined"
		if !goja.IsUndefined(s) {
			text = s.String()
		}
		res := r.constructResponse(r.rt.ToValue(text), call.Argument(1))
		h := unwrap[*headers](r, res.headers)
		if ct, _ := h.get("content-type"); ct == "text/plain;charset=UTF-8" {
			h.set("content-type", "application/json")
		}
		return r.newInstance("Response", res)
	})
	c.static("redirect", 1, func(call goja.FunctionCall) goja.Value {
		href, ok := r.parseURL(call.Argument(0).String())
		if !ok {
			panic(r.newTypeError("Unable to parse URL: " + call.Argument(0).String()))
		}
		status := 302
		if v := call.Argument(1); !goja.IsUndefined(v) {
			status = int(v.ToInteger())
		}
		switch status {
		case 301, 302, 303, 307, 308:
		default:
			panic(r.newRangeError(strconv.Itoa(status) + " is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308."))
		}
		h := &headers{guard: guardImmutable}
		h.append("location", href)
		return r.newInstance("Response", &response{
			status: status, statusText: http.StatusText(status), headers: r.newHeadersObject(h), kind: "default",
		})
	})
	c.static("error", 0, func(call goja.FunctionCall) goja.Value {
		return r.newInstance("Response", &response{headers: r.newHeadersObject(&headers{}), kind: "error"})
	})
	c.global()
}

// constructResponse implements new Response(body, init).
func (r *Realm) constructResponse(bodyInit, initArg goja.Value) *response {
	res := &response{status: 200, kind: "default"}
	init, _ := initArg.(*goja.Object)
	statusTextSet := false
	h := &headers{}
	if init != nil {
		if v := init.Get("webSocket"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			if _, ok := stateOf(v).(*webSocket); !ok {
				panic(r.newTypeError("Failed to construct 'Response': member webSocket is not of type 'WebSocket'."))
			}
			res.webSocket = v.(*goja.Object)
		}
		if v := init.Get("status"); v != nil && !goja.IsUndefined(v) {
			// Web IDL's unsigned short: truncated, so 200.5 is 200.
			f := math.Trunc(v.ToFloat())
			if res.webSocket != nil && f != 101 {
				panic(r.newRangeError("Responses with a WebSocket must have status code 101."))
			}
			if res.webSocket == nil && (math.IsNaN(f) || f < 200 || f > 599) {
				panic(r.newRangeError("Responses may only be constructed with status codes in the range 200 to 599, inclusive."))
			}
			res.status = int(f)
		}
		if res.webSocket != nil && res.status != 101 {
			panic(r.newRangeError("Responses with a WebSocket must have status code 101."))
		}
		if v := init.Get("statusText"); v != nil && !goja.IsUndefined(v) {
			s := v.String()
			for _, c := range s {
				if c == '\r' || c == '\n' {
					panic(r.newTypeError("Invalid statusText"))
				}
			}
			res.statusText = s
			statusTextSet = true
		}
		if v := init.Get("headers"); v != nil && !goja.IsUndefined(v) {
			r.fillHeaders(h, v, "Failed to construct 'Response': member headers is not of type 'Headers or Sequence or object'.")
		}
		if v := init.Get("cf"); v != nil && !goja.IsUndefined(v) {
			res.cf = v
		}
	}
	if !statusTextSet {
		res.statusText = http.StatusText(res.status)
	}
	b, contentType := r.extractBody(bodyInit)
	if nullBodyStatus(res.status) && !b.empty() {
		panic(r.newTypeError("Response with null body status (101, 204, 205, or 304) cannot have a body."))
	}
	if b != nil && nullBodyStatus(res.status) {
		b = nil
	}
	if contentType != "" && !h.has("content-type") {
		h.append("content-type", contentType)
	}
	res.body = b
	res.headers = r.newHeadersObject(h)
	return res
}

// NewResponse creates a Response object for a response coming from Go.
func (r *Realm) NewResponse(in *HTTPResponse) *goja.Object {
	res := &response{
		status:     in.Status,
		statusText: in.StatusText,
		headers:    r.newHeadersObject(headersFromHTTP(in.Header)),
		body:       bodyFromReader(in.Body),
		kind:       "default",
	}
	if in.WebSocket != nil {
		res.webSocket, _ = r.newWebSocket(in.WebSocket)
	}
	return r.newInstance("Response", res)
}

// ToHTTPResponse converts what a fetch handler returned. It returns nil if
// v is not a Response.
func (r *Realm) ToHTTPResponse(v goja.Value) *HTTPResponse {
	res, ok := stateOf(v).(*response)
	if !ok {
		return nil
	}
	out := &HTTPResponse{
		Status:     res.status,
		StatusText: res.statusText,
		Header:     unwrap[*headers](r, res.headers).toHTTP(),
		Body:       r.exportBody(res.body),
	}
	if res.webSocket != nil {
		out.WebSocket = unwrap[*webSocket](r, res.webSocket).releaseToResponse()
	}
	return out
}
