package runtime

// Service bindings (`services` in the wrangler config): calls and requests
// to an entrypoint of a Worker of the session, possibly the binding's own.
// As in wrangler dev, the target is looked up by name when it is used, and
// every event goes to the next isolate of its pool.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/config"
)

// service is the jsapi.Service of one binding.
type service struct {
	rt         *Runtime
	worker     string
	entrypoint string
	props      json.RawMessage
}

func (rt *Runtime) service(b config.ServiceBinding) *service {
	return &service{rt: rt, worker: b.Service, entrypoint: b.Entrypoint, props: b.Props}
}

// workerNotFound is wrangler dev's error for a binding to a Worker that
// is not running: an RPC call fails with it, a fetch gets a 503 saying it.
func workerNotFound(name string) error {
	return fmt.Errorf("Worker %q not found. Make sure it is running locally.", name)
}

func notFoundResponse(err error) *jsapi.HTTPResponse {
	return &jsapi.HTTPResponse{
		Status: http.StatusServiceUnavailable,
		Header: http.Header{"Content-Type": {"text/plain;charset=UTF-8"}},
		Body:   io.NopCloser(strings.NewReader(err.Error())),
	}
}

func (s *service) target() (*Worker, error) {
	w := s.rt.byName[s.worker]
	if w == nil {
		return nil, workerNotFound(s.worker)
	}
	return w, nil
}

func (s *service) Fetch(req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	w, err := s.target()
	if err != nil {
		done(notFoundResponse(err), nil)
		return
	}
	w.pick().EntrypointFetch(s.entrypoint, s.props, req, done)
}

func (s *service) Call(path []string, args *jsapi.RPCValue, done func(*jsapi.RPCValue, error)) {
	w, err := s.target()
	if err != nil {
		args.Release()
		done(nil, err)
		return
	}
	w.pick().EntrypointCall(s.entrypoint, s.props, path, args, done)
}
