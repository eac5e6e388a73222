package jsapi

// The network side of fetch() (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch)
// on net/http: one request, redirects followed as workerd follows them
// ("HTTP-redirect fetch"), the response handed back with its body unread
// so it streams. Plain Go: fetch.go converts to and from JS.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/kindling-dev/kindling/jsapi/whatwgurl"
)

// maxRedirects is workerd's (and the Fetch Standard's) limit.
const maxRedirects = 20

// Outbound is where a realm's fetch() requests go.
type Outbound struct {
	// Transport sends each request; nil is a transport like
	// http.DefaultTransport's, without automatic compression (workerd
	// sends no Accept-Encoding of its own).
	Transport http.RoundTripper
	// WorkerName is put in the CF-Worker header, as workerd does locally
	// ("<name>.example.com"); empty for none.
	WorkerName string
}

// FetchHost is implemented by a Host that routes fetch(): the runtime,
// and tests that point it at a local server.
type FetchHost interface {
	Outbound() Outbound
}

var defaultTransport = func() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableCompression = true
	return t
}()

// fetchError is a failure of the network side, with the JS error it
// becomes.
type fetchError struct {
	// typeError is true for the TypeErrors of the Fetch Standard
	// (redirect failures), false for workerd's plain Errors.
	typeError bool
	message   string
	// cause is the Go error behind an opaque message, for the log.
	cause error
}

func (e *fetchError) Error() string { return e.message }

// fetched is a response and the URLs it took to get it.
type fetched struct {
	res  *HTTPResponse
	urls []string
}

// doFetch sends req, following redirects when redirect is "follow". The
// response body is left for the caller to read (and close).
func doFetch(ctx context.Context, out Outbound, req *HTTPRequest, redirect string) (*fetched, error) {
	transport := out.Transport
	if transport == nil {
		transport = defaultTransport
	}
	// A body read from memory can be sent again after a 307 or 308.
	var replay []byte
	rewindable := req.Body == nil
	if br, ok := req.Body.(*bytesReader); ok {
		replay, rewindable = br.data, true
		if len(replay) == 0 {
			// net/http reads a zero ContentLength with a body as unknown.
			req.Body = http.NoBody
		}
	}
	method, header, body := req.Method, req.Header.Clone(), req.Body
	urls := []string{req.URL}
	for {
		hr, err := http.NewRequestWithContext(ctx, method, urls[len(urls)-1], body)
		if err != nil {
			return nil, &fetchError{message: "Network connection lost.", cause: err}
		}
		hr.Header = header.Clone()
		if replay != nil {
			hr.ContentLength = int64(len(replay))
		}
		if _, ok := hr.Header["User-Agent"]; !ok {
			hr.Header["User-Agent"] = []string{} // net/http sends none then
		}
		if out.WorkerName != "" {
			hr.Header.Set("CF-Worker", out.WorkerName+".example.com")
		}
		res, err := transport.RoundTrip(hr)
		if err != nil {
			return nil, networkError(ctx, err)
		}
		loc := res.Header.Get("Location")
		if redirect != "follow" || !isRedirectStatus(res.StatusCode) || loc == "" {
			return &fetched{res: toHTTPResponse(res), urls: urls}, nil
		}
		// Drain what is left of the redirect's body so the connection can
		// be reused.
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		base, _ := whatwgurl.Parse(urls[len(urls)-1], nil)
		next, err := whatwgurl.Parse(loc, base)
		if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
			return nil, &fetchError{typeError: true, message: "Invalid Location header; unable to follow redirect."}
		}
		if len(urls)-1 >= maxRedirects {
			return nil, &fetchError{typeError: true, message: "Too many redirects."}
		}
		if base.Origin() != next.Origin() {
			// Authorization does not follow a request to another origin.
			header.Del("Authorization")
		}
		status := res.StatusCode
		if status != 303 && !rewindable {
			return nil, &fetchError{typeError: true, message: "A request with a one-time-use body (it was initialized from a stream, not a buffer) encountered a redirect requiring the body to be retransmitted. To avoid this error in the future, construct this request from a buffer-like body initializer."}
		}
		if (status == 301 || status == 302) && method == http.MethodPost || status == 303 && method != http.MethodHead {
			method, body, replay = http.MethodGet, nil, nil
		} else if replay != nil {
			body = io.NopCloser(bytes.NewReader(replay))
		}
		next.Fragment, next.HasFrag = "", false
		urls = append(urls, next.Href())
	}
}

func isRedirectStatus(s int) bool {
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308
}

// networkError words a transport failure as workerd does: a refused or
// dropped connection is "Network connection lost."; what workerd hides
// behind an internal error (a name that does not resolve…) keeps its Go
// cause for the log.
func networkError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &fetchError{message: "internal error; reference = " + internalErrorReference(), cause: err}
	}
	return &fetchError{message: "Network connection lost.", cause: err}
}

// internalErrorReference is a random id like those workerd gives its
// internal errors (24 lower-case characters).
func internalErrorReference() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func toHTTPResponse(res *http.Response) *HTTPResponse {
	text := strings.TrimSpace(strings.TrimPrefix(res.Status, fmt.Sprint(res.StatusCode)))
	return &HTTPResponse{Status: res.StatusCode, StatusText: text, Header: res.Header, Body: res.Body}
}
