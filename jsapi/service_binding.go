package jsapi

// Fetcher — the binding a Worker gets for a service (`services` in the
// wrangler config, workerd api/http.h): fetch() sends a request to the
// other Worker's entrypoint, and every other property is an RPC method of
// that entrypoint, as on a Durable Object stub.
//
// Missing: connect().

import (
	"github.com/dop251/goja"
)

// Service is the target of a service binding: one entrypoint of a Worker
// of the session. Its methods may be called on the loop; they call done
// exactly once, from any goroutine.
type Service interface {
	Fetch(req *HTTPRequest, done func(*HTTPResponse, error))
	// Call delivers an RPC call (args non-nil) or property read along path
	// (see Realm.InvokeEntrypoint).
	Call(path []string, args *RPCValue, done func(*RPCValue, error))
}

type fetcherState struct{ svc Service }

func (f *fetcherState) rpcCall(path []string, args *RPCValue, done func(*RPCValue, error)) {
	f.svc.Call(path, args, done)
}

func installServiceBinding(r *Realm) {
	c := r.newClass("Fetcher", 0, nil)
	must(c.proto.SetPrototype(r.rpc.wildcard))
	c.method("fetch", 1, func(call goja.FunctionCall) goja.Value {
		f := unwrap[*fetcherState](r, call.This)
		req := r.ToHTTPRequest(call.Argument(0), call.Argument(1))
		return r.hostCall(func(done func(any, error)) {
			f.svc.Fetch(req, func(res *HTTPResponse, err error) { done(res, err) })
		}, func(v any) goja.Value { return r.NewResponse(v.(*HTTPResponse)) })
	})
}

// NewFetcher returns the binding object of a service.
func (r *Realm) NewFetcher(svc Service) *goja.Object {
	return r.newInstance("Fetcher", &fetcherState{svc: svc})
}

// NewEntrypointContext returns the ctx of one event delivered to an
// entrypoint through a service binding; ctx.props are the binding's props
// (a JSON object from the config), or {} when it has none.
func (r *Realm) NewEntrypointContext(props []byte) (*goja.Object, error) {
	ec := &executionContext{}
	if props != nil {
		v, err := r.ParseJSON(string(props))
		if err != nil {
			return nil, err
		}
		ec.props = v
	}
	return r.newInstance("ExecutionContext", ec), nil
}
