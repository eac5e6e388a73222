package isolate

// Tests of the Worker side of an isolate: loading a bundle, the fetch path
// for each shape of default export, script errors with source-mapped
// stacks, microtasks and unhandled rejections. Every isolate runs a real
// bundle (the bundler package on a temporary project) on a real loop, and
// its Durable Objects keep real SQLite files under t.TempDir().

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kindling-dev/kindling/bundler"
	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/actor"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// bundle writes files (path → source) into a fresh project, bundles entry
// as kindling dev does and compiles the result with its source map.
func bundle(t *testing.T, entry string, files map[string]string) *goja.Program {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	}
	b, err := bundler.Build(bundler.Options{Entry: entry, Dir: dir, Builtins: jsapi.BuiltinModules, KeepNames: true})
	require.NoError(t, err)
	return compileScript(t, b.ScriptName, b.Script, b.GojaSourceMap)
}

// compileScript compiles a script the way the runtime does.
func compileScript(t *testing.T, name, code string, sourceMap []byte) *goja.Program {
	t.Helper()
	ast, err := goja.Parse(name, code, parser.WithSourceMapLoader(func(string) ([]byte, error) {
		if sourceMap == nil {
			return nil, errors.New("no source map")
		}
		return sourceMap, nil
	}))
	require.NoError(t, err)
	prg, err := goja.CompileAST(ast, true)
	require.NoError(t, err)
	return prg
}

// logRecorder collects what the isolate prints.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) log(level jsapi.LogLevel, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(level)+": "+msg)
}

func (l *logRecorder) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// testIsolate is an isolate with its log and, for each Durable Object
// binding, the namespace routing to it.
type testIsolate struct {
	*Isolate
	logs *logRecorder
	ns   map[string]*actor.Namespace
}

// testClass declares a Durable Object binding of the test Worker.
type testClass struct {
	binding, class string
	sqlite         bool
}

// localNamespace routes a binding's events to the one isolate of the test,
// as the runtime's namespace does for a pool of one.
type localNamespace struct {
	*actor.Namespace
	iso **Isolate
}

func (n localNamespace) IDFromName(name string) jsapi.ObjectID { return n.Namespace.IDFromName(name) }

func (n localNamespace) NewUniqueID(j string) (jsapi.ObjectID, error) {
	return n.Namespace.NewUniqueID(j)
}

func (n localNamespace) IDFromString(s string) (jsapi.ObjectID, error) {
	return n.Namespace.IDFromString(s)
}

func (n localNamespace) Fetch(id jsapi.ObjectID, req *jsapi.HTTPRequest, done func(*jsapi.HTTPResponse, error)) {
	(*n.iso).ActorFetch(n.Namespace, id.(actor.ID), req, done)
}

func (n localNamespace) Call(id jsapi.ObjectID, path []string, args *jsapi.RPCValue, done func(*jsapi.RPCValue, error)) {
	(*n.iso).ActorCall(n.Namespace, id.(actor.ID), path, args, done)
}

// newTestIsolate starts an isolate for prg with vars (name → JSON) and the
// Durable Object classes, storing objects under a temporary state folder.
// It is closed when the test ends.
func newTestIsolate(t *testing.T, prg *goja.Program, vars map[string]string, classes ...testClass) *testIsolate {
	t.Helper()
	ti, err := startTestIsolate(t, prg, vars, classes...)
	require.NoError(t, err)
	return ti
}

func startTestIsolate(t *testing.T, prg *goja.Program, vars map[string]string, classes ...testClass) (*testIsolate, error) {
	t.Helper()
	ti := &testIsolate{logs: &logRecorder{}, ns: make(map[string]*actor.Namespace)}
	state := t.TempDir()
	var bindings []NamespaceBinding
	for _, c := range classes {
		ns := actor.NewNamespace("test", c.class, c.sqlite, state)
		ti.ns[c.binding] = ns
		bindings = append(bindings, NamespaceBinding{Name: c.binding, Namespace: localNamespace{ns, &ti.Isolate}})
	}
	var vs []Var
	for name, value := range vars {
		vs = append(vs, Var{Name: name, Value: json.RawMessage(value)})
	}
	iso, err := New(Options{Program: prg, Vars: vs, Namespaces: bindings, Log: ti.logs.log})
	if err != nil {
		return nil, err
	}
	ti.Isolate = iso
	t.Cleanup(iso.Close)
	return ti, nil
}

// reply is what a done callback received, with the body read.
type reply struct {
	res  *jsapi.HTTPResponse
	body string
	err  error
}

// wait returns the reply from ch, failing the test after 5 s.
func wait(t *testing.T, ch <-chan reply) reply {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no reply within 5s")
		return reply{}
	}
}

// collect returns a done callback that sends the reply, body read, to the
// returned channel.
func collect() (func(*jsapi.HTTPResponse, error), <-chan reply) {
	ch := make(chan reply, 1)
	return func(res *jsapi.HTTPResponse, err error) {
		r := reply{res: res, err: err}
		if res != nil && res.Body != nil {
			data, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			r.body = string(data)
			if rerr != nil {
				r.err = rerr
			}
		}
		ch <- r
	}, ch
}

func get(url string) *jsapi.HTTPRequest {
	return &jsapi.HTTPRequest{Method: "GET", URL: url, Header: http.Header{}}
}

// fetch sends req to the Worker and waits for the answer.
func (ti *testIsolate) fetch(t *testing.T, req *jsapi.HTTPRequest) reply {
	t.Helper()
	done, ch := collect()
	ti.Fetch(req, done)
	return wait(t, ch)
}

func TestWorkerObjectDefaultExport(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `
import { env as importedEnv } from "cloudflare:workers";
export default {
  async fetch(request, env, ctx) {
    const body = request.method === "POST" ? await request.text() : null;
    return Response.json({
      url: request.url, method: request.method, body, header: request.headers.get("x-test"),
      greeting: env.GREETING, limit: env.LIMIT, nested: env.NESTED,
      sameEnv: importedEnv === env,
      ctx: Object.prototype.toString.call(ctx), waitUntil: typeof ctx.waitUntil,
    }, { status: 201, headers: { "x-answer": "42" } });
  },
};`})
	ti := newTestIsolate(t, prg, map[string]string{"GREETING": `"hello"`, "LIMIT": `10`, "NESTED": `{"a":[1,true]}`})
	require.Equal(t, []string{"default"}, ti.Exports())

	req := &jsapi.HTTPRequest{Method: "POST", URL: "http://example.com/path?q=1",
		Header: http.Header{"X-Test": {"yes"}}, Body: io.NopCloser(strings.NewReader("payload"))}
	r := ti.fetch(t, req)
	require.NoError(t, r.err)
	require.Equal(t, 201, r.res.Status)
	require.Equal(t, "42", r.res.Header.Get("X-Answer"))
	require.Equal(t, "application/json", r.res.Header.Get("Content-Type"))
	require.JSONEq(t, `{
		"url": "http://example.com/path?q=1", "method": "POST", "body": "payload", "header": "yes",
		"greeting": "hello", "limit": 10, "nested": {"a": [1, true]}, "sameEnv": true,
		"ctx": "[object ExecutionContext]", "waitUntil": "function"
	}`, r.body)
}

func TestWorkerEntrypointClassDefaultExport(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `
import { WorkerEntrypoint } from "cloudflare:workers";
let made = 0;
export default class Main extends WorkerEntrypoint {
  constructor(ctx, env) {
    super(ctx, env);
    this.serial = ++made;
  }
  fetch(request) {
    return new Response(this.env.GREETING + " #" + this.serial + " " + new URL(request.url).pathname +
      " " + Object.prototype.toString.call(this.ctx));
  }
}`})
	ti := newTestIsolate(t, prg, map[string]string{"GREETING": `"hi"`})
	// A new instance per request, as workerd constructs one per event.
	r := ti.fetch(t, get("http://localhost/a"))
	require.NoError(t, r.err)
	require.Equal(t, "hi #1 /a [object ExecutionContext]", r.body)
	r = ti.fetch(t, get("http://localhost/b"))
	require.NoError(t, r.err)
	require.Equal(t, "hi #2 /b [object ExecutionContext]", r.body)
}

func TestWorkerWithoutDefaultExport(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `export const handler = { fetch() { return new Response("x"); } };`})
	ti := newTestIsolate(t, prg, nil)
	require.Equal(t, []string{"handler"}, ti.Exports())
	r := ti.fetch(t, get("http://localhost/"))
	require.EqualError(t, r.err, "the Worker has no default export: export default { fetch(request, env, ctx) { … } }")
}

func TestWorkerDefaultExportWithoutFetch(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `export default { scheduled() {} };`})
	ti := newTestIsolate(t, prg, nil)
	r := ti.fetch(t, get("http://localhost/"))
	var se *jsapi.ScriptError
	require.ErrorAs(t, r.err, &se)
	require.Equal(t, "Error: Handler does not export a fetch() function.", firstLine(se.Text))
}

func TestWorkerReturnsNonResponse(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `export default { async fetch() { return "text"; } };`})
	ti := newTestIsolate(t, prg, nil)
	r := ti.fetch(t, get("http://localhost/"))
	var se *jsapi.ScriptError
	require.ErrorAs(t, r.err, &se)
	require.Equal(t, "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.", firstLine(se.Text))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// A thrown error reaches Go as a *jsapi.ScriptError: the text workerd
// prints, with frames pointing into the TypeScript source, and the error
// as it is tunneled to a caller in another isolate.
func TestWorkerThrowIsSourceMappedScriptError(t *testing.T) {
	prg := bundle(t, "src/index.ts", map[string]string{"src/index.ts": `interface Env { GREETING: string }

function fail(why: string): never {
  throw new RangeError("boom: " + why);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    await null;
    return fail(env.GREETING);
  },
};
`})
	ti := newTestIsolate(t, prg, map[string]string{"GREETING": `"hi"`})
	r := ti.fetch(t, get("http://localhost/"))
	var se *jsapi.ScriptError
	require.ErrorAs(t, r.err, &se)
	require.Regexp(t, `^RangeError: boom: hi\n    at fail \(file://\S*/src/index\.ts:4:\d+\)\n    at fetch \(file://\S*/src/index\.ts:10:\d+\)`, se.Text)
	require.Equal(t, "RangeError: boom: hi", se.Tunneled)

	// The isolate keeps serving after the exception.
	r = ti.fetch(t, get("http://localhost/"))
	require.ErrorAs(t, r.err, &se)
}

func TestTopLevelThrowFailsNew(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `
const config = JSON.parse("{not json");
export default { fetch() { return new Response(config); } };`})
	_, err := startTestIsolate(t, prg, nil)
	var se *jsapi.ScriptError
	require.ErrorAs(t, err, &se)
	require.Regexp(t, `^SyntaxError: .*\n    at .*src/index\.js:2:\d+`, se.Text)
}

func TestBundleThatIsNotAModuleFunction(t *testing.T) {
	prg := compileScript(t, "plain.js", "1 + 1", nil)
	_, err := startTestIsolate(t, prg, nil)
	require.EqualError(t, err, "the bundle did not evaluate to a module function")
}

func TestHandWrittenModuleScript(t *testing.T) {
	prg := compileScript(t, "hand.js", `(function (module, exports) {
  module.exports = { default: { fetch(req, env) { return new Response("hand " + env.N); } }, other: 1 };
})`, nil)
	ti := newTestIsolate(t, prg, map[string]string{"N": "7"})
	require.Equal(t, []string{"default", "other"}, ti.Exports())
	r := ti.fetch(t, get("http://localhost/"))
	require.NoError(t, r.err)
	require.Equal(t, "hand 7", r.body)
}

func TestBadVarIsAnError(t *testing.T) {
	prg := compileScript(t, "hand.js", `(function (module, exports) {})`, nil)
	_, err := startTestIsolate(t, prg, map[string]string{"BAD": `{nope`})
	require.ErrorContains(t, err, "binding BAD: ")
}

func TestUnhandledRejectionIsReported(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `
function lose() { Promise.reject(new TypeError("nobody listens")); }
export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/handled") {
      const p = Promise.reject(new Error("handled later"));
      Promise.resolve().then(() => p.catch(() => {}));
    } else {
      lose();
    }
    return new Response("ok");
  },
};`})
	ti := newTestIsolate(t, prg, nil)
	r := ti.fetch(t, get("http://localhost/handled"))
	require.NoError(t, r.err)
	require.Equal(t, "ok", r.body)
	r = ti.fetch(t, get("http://localhost/lost"))
	require.NoError(t, r.err)
	require.Equal(t, "ok", r.body)
	require.Eventually(t, func() bool { return strings.Contains(ti.logs.text(), "nobody listens") }, 5*time.Second, 5*time.Millisecond)
	require.Regexp(t, `^error: Uncaught \(in promise\) TypeError: nobody listens\n    at lose \(file://\S*/src/index\.js:2:\d+\)`, ti.logs.text())
	require.NotContains(t, ti.logs.text(), "handled later")
}

func TestFetchAfterClose(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `export default { fetch() { return new Response("x"); } };`})
	ti := newTestIsolate(t, prg, nil)
	ti.Close()
	r := ti.fetch(t, get("http://localhost/"))
	require.EqualError(t, r.err, "the Worker is shutting down")
}
