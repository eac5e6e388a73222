package jsapi

// The two ends of a call that leaves an isolate: InvokeMethod and
// InvokeFetch on the receiving side, hostCall, remoteError and Await on
// the calling side. Values cross as V8 serialization bytes. (RPC between
// two realms, stubs and all, is tested in rpc_pair_test.go.)

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
)

const rpcTarget = `
const { DurableObject } = globalThis[Symbol.for("kindling.require")]("cloudflare:workers");
class Target extends DurableObject {
  constructor() { super({}, {}); this.own = () => "own"; }
  add(a, b) { return a + b; }
  async later(x) { await null; return { x, when: new Date(0), map: new Map([[1, "one"]]) }; }
  fails() { throw new RangeError("nope"); }
  async rejects() { await null; throw new TypeError("later nope"); }
  throwsString() { throw "plain"; }
  fetch(request) { return new Response("fetched " + request.url); }
}
globalThis.target = new Target();
`

// invoke calls InvokeMethod with args serialized in the realm and waits
// for the outcome, the result deserialized in the realm.
func invoke(t *testing.T, tr *testRealm, method string, args ...any) (any, error) {
	t.Helper()
	type outcome struct {
		data []byte
		err  error
	}
	ch := make(chan outcome, 1)
	tr.do(func() {
		r := tr.realm
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = r.rt.ToValue(a)
		}
		data, err := r.serialize(r.rt.NewArray(vals...))
		require.NoError(t, err)
		r.InvokeMethod(r.rt.Get("target").(*goja.Object), []string{method}, &RPCValue{Data: data}, func(res *RPCValue, err error) {
			if err != nil {
				ch <- outcome{nil, err}
				return
			}
			ch <- outcome{res.Data, nil}
		})
	})
	var o outcome
	select {
	case o = <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("InvokeMethod did not call done within 5s")
	}
	if o.err != nil {
		return nil, o.err
	}
	var v any
	tr.do(func() {
		val, err := tr.realm.deserialize(o.data)
		require.NoError(t, err)
		v = val.Export()
	})
	return v, nil
}

func rpcRealm(t *testing.T) *testRealm {
	tr := newTestRealm(t)
	tr.do(func() {
		_, err := tr.realm.rt.RunScript("target.js", rpcTarget)
		require.NoError(t, err)
	})
	return tr
}

func TestInvokeMethod(t *testing.T) {
	tr := rpcRealm(t)
	v, err := invoke(t, tr, "add", 2, 3)
	require.NoError(t, err)
	require.EqualValues(t, 5, v)

	v, err = invoke(t, tr, "later", "x")
	require.NoError(t, err)
	m := v.(map[string]any)
	require.Equal(t, "x", m["x"])
	require.Equal(t, time.UnixMilli(0).UTC(), m["when"].(time.Time).UTC())

	// An exception reaches the caller as a *ScriptError: workerd's text,
	// and the exception as workerd tunnels it.
	_, err = invoke(t, tr, "fails")
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	require.Regexp(t, `^RangeError: nope\n    at fails \(target\.js:7:\d+\)`, se.Text)
	require.Equal(t, "RangeError: nope", se.Tunneled)
	_, err = invoke(t, tr, "rejects")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "TypeError: later nope", firstLine(se.Text))
	_, err = invoke(t, tr, "throwsString")
	require.ErrorAs(t, err, &se)
	require.Equal(t, "plain", se.Text)

	// Only methods of the prototype chain are exposed; instance properties
	// are not, and the handlers the runtime calls are reserved (workerd's
	// messages).
	for _, name := range []string{"own", "missing"} {
		_, err = invoke(t, tr, name)
		require.ErrorAs(t, err, &se, name)
		require.Equal(t, `TypeError: The RPC receiver does not implement the method "`+name+`".`, firstLine(se.Text))
	}
	for _, name := range []string{"fetch", "constructor", "alarm"} {
		_, err = invoke(t, tr, name)
		require.ErrorAs(t, err, &se, name)
		require.Equal(t, `TypeError: '`+name+`' is a reserved method and cannot be called over RPC.`, firstLine(se.Text))
	}
}

func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

// remoteError rebuilds the callee's exception in the caller's realm,
// marked remote as workerd marks it.
func TestRemoteError(t *testing.T) {
	tr := rpcRealm(t)
	tr.do(func() {
		r := tr.realm
		tunneled := func(js string) *ScriptError {
			v, err := r.rt.RunString(js)
			require.NoError(t, err)
			return r.NewScriptError(v)
		}
		check := func(err error, want string) {
			t.Helper()
			require.NoError(t, r.rt.Set("thrown", r.remoteError(err)))
			v, rerr := r.rt.RunString(`typeof thrown === "object" ? [thrown.constructor.name, thrown.message, thrown.remote] : [typeof thrown, thrown, "remote" in Object(thrown)]`)
			require.NoError(t, rerr)
			require.Equal(t, want, v.String())
		}
		check(tunneled(`new RangeError("r")`), "RangeError,r,true")
		// Values that are not errors arrive as Errors, as workerd tunnels them.
		check(tunneled(`"plain"`), "Error,plain,true")
		check(errors.New("the Worker is shutting down"), "Error,the Worker is shutting down,true")
	})
}

func TestAwait(t *testing.T) {
	tr := rpcRealm(t)
	type settled struct {
		ok  bool
		val string
	}
	ch := make(chan settled, 1)
	await := func(js string) settled {
		t.Helper()
		tr.do(func() {
			v, err := tr.realm.rt.RunString(js)
			require.NoError(t, err)
			tr.realm.Await(v, func(v goja.Value) { ch <- settled{true, v.String()} }, func(v goja.Value) { ch <- settled{false, v.String()} })
		})
		select {
		case s := <-ch:
			return s
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not settle", js)
			return settled{}
		}
	}
	require.Equal(t, settled{true, "7"}, await(`7`))
	require.Equal(t, settled{true, "[object Object]"}, await(`({ then: 1 })`))
	require.Equal(t, settled{true, "done"}, await(`Promise.resolve("done")`))
	require.Equal(t, settled{true, "timer"}, await(`new Promise((r) => setTimeout(() => r("timer"), 1))`))
	require.Equal(t, settled{true, "thenable"}, await(`({ then(resolve) { resolve("thenable"); } })`))
	require.Equal(t, settled{false, "Error: no"}, await(`Promise.reject(new Error("no"))`))
	require.Equal(t, settled{false, "Error: thenable no"}, await(`({ then(_, reject) { reject(new Error("thenable no")); } })`))
	tr.do(func() { tr.realm.ReportUnhandledRejections() })
	require.Empty(t, tr.host.output(), "a rejection handed to Await is handled")
}

// hostCall settles its promise on the loop whichever goroutine the host
// operation finishes on.
func TestHostCall(t *testing.T) {
	tr := rpcRealm(t)
	tr.do(func() {
		r := tr.realm
		require.NoError(t, r.rt.Set("slowDouble", func(call goja.FunctionCall) goja.Value {
			n := call.Argument(0).ToInteger()
			return r.hostCall(func(done func(any, error)) {
				go func() {
					time.Sleep(time.Millisecond)
					if n < 0 {
						done(nil, errors.New("negative"))
						return
					}
					done(n*2, nil)
				}()
			}, func(v any) goja.Value { return r.rt.ToValue(v) })
		}))
	})
	require.EqualValues(t, 42, tr.run(`return await slowDouble(21);`))
	require.Equal(t, []any{"Error", "negative", true}, tr.run(`try { await slowDouble(-1); } catch (e) { return [e.name, e.message, e.remote]; }`))
}

func TestInvokeFetch(t *testing.T) {
	tr := rpcRealm(t)
	fetch := func(handler string) (*HTTPResponse, error) {
		type outcome struct {
			res *HTTPResponse
			err error
		}
		ch := make(chan outcome, 1)
		tr.do(func() {
			v, err := tr.realm.rt.RunString(handler)
			require.NoError(t, err)
			tr.realm.InvokeFetch(v.(*goja.Object), &HTTPRequest{Method: "GET", URL: "http://x/", Header: http.Header{}}, nil,
				func(res *HTTPResponse, err error) { ch <- outcome{res, err} })
		})
		o := <-ch
		return o.res, o.err
	}
	res, err := fetch(`target`)
	require.NoError(t, err)
	require.Equal(t, 200, res.Status)
	require.Equal(t, "fetched http://x/", string(res.Body.(interface{ Bytes() []byte }).Bytes()))

	var se *ScriptError
	for _, c := range []struct{ handler, want string }{
		{`({})`, "Error: Handler does not export a fetch() function."},
		{`({ fetch: 1 })`, "Error: Handler does not export a fetch() function."},
		{`({ fetch() { return "text"; } })`, "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'."},
		{`({ async fetch() { return null; } })`, "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'."},
		{`({ fetch() { throw new SyntaxError("bad"); } })`, "SyntaxError: bad"},
		{`({ async fetch() { const r = new Response("x"); await r.text(); return r; } })`,
			"TypeError: Body has already been used. It can only be used once. Use tee() first if you need to read it twice."},
	} {
		_, err := fetch(c.handler)
		require.ErrorAs(t, err, &se, c.handler)
		require.Equal(t, c.want, firstLine(se.Text), c.handler)
	}
}
