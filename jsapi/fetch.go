package jsapi

// The global fetch() (https://fetch.spec.whatwg.org/#fetch-method) as
// workerd has it: the request is built as `new Request(input, init)` is
// (so it throws the same errors), only http: and https: URLs are fetched
// ("Fetch API cannot load: <url>"), redirects are followed or, with
// redirect: "manual", returned; `cf` is accepted and ignored, as local
// workerd does. The network side is fetch_http.go.
//
// The promise settles when the response headers arrive; the body is read
// from the network only when the Worker reads it, so a large response
// streams. An AbortSignal (the request's or init.signal) rejects the
// promise with its reason and cancels the network request, also while
// the body is being read.
//
// Failures are workerd's: a refused or dropped connection rejects with
// `Error: Network connection lost.`, a host that does not resolve with
// workerd's opaque "internal error; reference = …" (the cause is logged).

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/dop251/goja"

	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

func installFetch(r *Realm) {
	r.setGlobalFunction("fetch", 1, func(call goja.FunctionCall) goja.Value {
		p, resolve, reject := r.rt.NewPromise()
		r.startFetch(call.Argument(0), call.Argument(1), func(v goja.Value) { must(resolve(v)) }, func(v goja.Value) { must(reject(v)) })
		return r.rt.ToValue(p)
	})
}

// startFetch begins a fetch and settles through resolve or reject, on the
// loop, exactly once.
func (r *Realm) startFetch(input, init goja.Value, resolve, reject func(goja.Value)) {
	var req *request
	var out *HTTPRequest
	if ex := r.rt.Try(func() {
		var reqObj *goja.Object
		reqObj, req = r.fetchRequest(input, init)
		if u, err := whatwgurl.Parse(req.url, nil); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			panic(r.newTypeError("Fetch API cannot load: " + req.url))
		}
		if s, ok := toAbortSignal(orUndefined(req.signal)); ok && s.aborted {
			panic(s.reason)
		}
		// The Request's own conversion for Go: it hands the body over and
		// throws if it was already used.
		out = r.ToHTTPRequest(reqObj, goja.Undefined())
	}); ex != nil {
		reject(ex.Value())
		return
	}
	if strings.EqualFold(out.Header.Get("Upgrade"), "websocket") {
		r.fetchWebSocket(out, resolve, reject)
		return
	}
	signal, hasSignal := toAbortSignal(orUndefined(req.signal))
	ctx, cancel := context.WithCancel(context.Background())
	settled := false
	if hasSignal {
		r.onAbort(signal.obj, func(reason goja.Value) {
			// Aborting cancels the exchange: the request in flight, or the
			// body still being read.
			cancel()
			if !settled {
				settled = true
				reject(reason)
			}
		})
	}
	enqueue := r.loop.Reserve()
	outbound := r.outbound()
	go func() {
		f, err := doFetch(ctx, outbound, out, req.redirect)
		enqueue(func() {
			if settled {
				if f != nil {
					f.res.Body.Close()
				}
				return
			}
			settled = true
			if err != nil {
				cancel()
				reject(r.fetchErrorValue(req.url, err))
				return
			}
			resolve(r.fetchResponse(f, cancel))
		})
	}()
}

// fetchRequest is the Request fetch() sends: input itself when it is a
// Request and there is no init, else `new Request(input, init)`.
func (r *Realm) fetchRequest(input, init goja.Value) (*goja.Object, *request) {
	if req, ok := stateOf(input).(*request); ok && (init == nil || goja.IsUndefined(init)) {
		return input.(*goja.Object), req
	}
	req := r.constructRequest(input, init)
	return r.newInstance("Request", req), req
}

func (r *Realm) outbound() Outbound {
	if h, ok := r.host.(FetchHost); ok {
		return h.Outbound()
	}
	return Outbound{}
}

// fetchResponse wraps what came back as a Response whose body closing
// ends the exchange.
func (r *Realm) fetchResponse(f *fetched, cancel context.CancelFunc) *goja.Object {
	body := f.res.Body
	f.res.Body = closeCancels{body, cancel}
	o := r.NewResponse(f.res)
	res := stateOf(o).(*response)
	last, _ := whatwgurl.Parse(f.urls[len(f.urls)-1], nil)
	last.Fragment, last.HasFrag = "", false
	res.url = last.Href()
	res.redirected = len(f.urls) > 1
	if nullBodyStatus(res.status) {
		// The fetch standard's null body statuses have a null body, as
		// in workerd; the exchange ends now.
		_ = body.Close()
		cancel()
		res.body = nil
	}
	return o
}

// closeCancels is a response body whose Close also ends its exchange.
type closeCancels struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c closeCancels) Close() error {
	defer c.cancel()
	return c.ReadCloser.Close()
}

// fetchErrorValue converts a failure of the network side.
func (r *Realm) fetchErrorValue(url string, err error) goja.Value {
	var fe *fetchError
	if !errors.As(err, &fe) {
		return r.NewError("Network connection lost.")
	}
	if fe.cause != nil && fe.message != "Network connection lost." {
		r.host.Log(LevelWarn, "fetch("+url+") failed: "+fe.cause.Error())
	}
	if fe.typeError {
		return r.newTypeError(fe.message)
	}
	return r.NewError(fe.message)
}
