package runtime

// Tests of the Runtime on real projects: a wrangler.toml read by the
// config package, the entry bundled by the bundler, a pool of isolates,
// Durable Objects stored under a temporary state folder.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/kindling-dev/kindling/bundler"
	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/runtime/config"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// project writes files into a fresh directory, loads its wrangler config
// and bundles its entry, as kindling dev does.
func project(t *testing.T, files map[string]string) WorkerOptions {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	}
	cfg, err := config.Load(config.LoadOptions{Dir: dir, Environ: []string{}})
	require.NoError(t, err)
	b, err := bundler.Build(bundler.Options{Entry: cfg.Main, Dir: cfg.Dir, Builtins: jsapi.BuiltinModules, KeepNames: true})
	require.NoError(t, err)
	return WorkerOptions{
		Config:   cfg,
		Script:   Script{Name: b.ScriptName, Code: b.Script, SourceMap: b.GojaSourceMap},
		StateDir: filepath.Join(dir, ".wrangler", "state"),
		Log:      func(jsapi.LogLevel, string) {},
	}
}

func start(t *testing.T, opts WorkerOptions) *Runtime {
	t.Helper()
	rt, err := New([]WorkerOptions{opts})
	require.NoError(t, err)
	t.Cleanup(rt.Close)
	return rt
}

func fetchBody(t *testing.T, rt *Runtime, url string) string {
	t.Helper()
	type result struct {
		res *jsapi.HTTPResponse
		err error
	}
	ch := make(chan result, 1)
	rt.Fetch(&jsapi.HTTPRequest{Method: "GET", URL: url, Header: http.Header{}}, func(res *jsapi.HTTPResponse, err error) {
		ch <- result{res, err}
	})
	select {
	case r := <-ch:
		require.NoError(t, r.err)
		data, err := io.ReadAll(r.res.Body)
		require.NoError(t, err)
		require.Equal(t, 200, r.res.Status, string(data))
		return string(data)
	case <-time.After(5 * time.Second):
		t.Fatalf("no answer to %s within 5s", url)
		return ""
	}
}

const poolConfig = `name = "pool"
main = "src/index.js"
compatibility_date = "2025-09-01"

[[durable_objects.bindings]]
name = "ROOM"
class_name = "Room"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Room"]
`

// Each isolate runs the bundle's top level once, so a tag drawn there
// tells which isolate answered.
const poolWorker = `
import { DurableObject } from "cloudflare:workers";
const isolate = crypto.randomUUID();

export class Room extends DurableObject {
  hits = 0;
  fetch() { return Response.json({ isolate, hits: ++this.hits }); }
  where() { return { isolate, hits: ++this.hits }; }
}

export default {
  async fetch(request, env) {
    const [, kind, name] = new URL(request.url).pathname.split("/");
    const stub = env.ROOM.getByName(name ?? "");
    if (kind === "do") return stub.fetch(request);
    if (kind === "rpc") return Response.json(await stub.where());
    return Response.json({ isolate });
  },
};
`

func TestRequestsSpreadOverIsolates(t *testing.T) {
	opts := project(t, map[string]string{"wrangler.toml": poolConfig, "src/index.js": poolWorker})
	opts.Isolates = 3
	rt := start(t, opts)
	served := map[string]int{}
	for range 9 {
		var got struct{ Isolate string }
		require.NoError(t, json.Unmarshal([]byte(fetchBody(t, rt, "http://localhost/")), &got))
		served[got.Isolate]++
	}
	require.Len(t, served, 3, "every isolate of the pool serves requests")
	for tag, n := range served {
		require.Equal(t, 3, n, "isolate %s", tag)
	}
}

// Whichever isolate the Worker's request lands in, the events of one
// object, fetch and RPC alike, reach the one instance in the one isolate
// that hosts it.
func TestObjectAlwaysLandsInTheSameIsolate(t *testing.T) {
	opts := project(t, map[string]string{"wrangler.toml": poolConfig, "src/index.js": poolWorker})
	opts.Isolates = 3
	rt := start(t, opts)
	hosts := map[string]bool{}
	for i := range 12 {
		name := fmt.Sprintf("room-%d", i)
		home := ""
		for hit := 1; hit <= 4; hit++ {
			kind := "do"
			if hit%2 == 0 {
				kind = "rpc"
			}
			var got struct {
				Isolate string
				Hits    int
			}
			require.NoError(t, json.Unmarshal([]byte(fetchBody(t, rt, "http://localhost/"+kind+"/"+name)), &got))
			if home == "" {
				home = got.Isolate
			}
			require.Equal(t, home, got.Isolate, "%s moved to another isolate", name)
			require.Equal(t, hit, got.Hits, "%s: a second instance answered", name)
		}
		hosts[home] = true
	}
	require.Greater(t, len(hosts), 1, "objects are spread over the pool")
}

// A binding whose class the entry does not export fails the start with
// wrangler's message: the classes in binding order, the entry relative to
// the working directory (recorded from wrangler dev 4.86).
func TestUnexportedClassError(t *testing.T) {
	opts := project(t, map[string]string{
		"wrangler.toml": `name = "unexp"
main = "src/index.js"
compatibility_date = "2025-09-01"
[[durable_objects.bindings]]
name = "B1"
class_name = "Zeta"
[[durable_objects.bindings]]
name = "B2"
class_name = "Alpha"
[[durable_objects.bindings]]
name = "B3"
class_name = "Zeta"
[[durable_objects.bindings]]
name = "B4"
class_name = "Here"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Zeta", "Alpha", "Here"]
`,
		"src/index.js": `export class Here {}
export default { fetch() { return new Response("x"); } };`,
	})
	t.Chdir(opts.Config.Dir)
	_, err := New([]WorkerOptions{opts})
	require.EqualError(t, err, "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: Zeta, Alpha, Zeta.\nYou should export these objects from your entrypoint, src/index.js.")

	t.Chdir(filepath.Join(opts.Config.Dir, "src"))
	_, err = New([]WorkerOptions{opts})
	require.ErrorContains(t, err, "\nYou should export these objects from your entrypoint, index.js.")
}

func TestBundleThatDoesNotParse(t *testing.T) {
	opts := project(t, map[string]string{
		"wrangler.toml": "name = \"bad\"\nmain = \"src/index.js\"\n",
		"src/index.js":  `export default { fetch() { return new Response("x"); } };`,
	})
	opts.Script.Code = strings.Replace(opts.Script.Code, `new Response("x")`, `new Response("x"`, 1)
	_, err := New([]WorkerOptions{opts})
	require.ErrorContains(t, err, "the bundle does not parse: ")
	require.ErrorContains(t, err, "index.js.bundle.js")
}

func TestTopLevelExceptionFailsStart(t *testing.T) {
	opts := project(t, map[string]string{
		"wrangler.toml": "name = \"throws\"\nmain = \"src/index.js\"\n",
		"src/index.js":  "throw new Error(\"not today\");\nexport default {};\n",
	})
	_, err := New([]WorkerOptions{opts})
	var se *jsapi.ScriptError
	require.ErrorAs(t, err, &se)
	require.Regexp(t, `^Error: not today\n    at file://\S*/src/index\.js:1:\d+`, se.Text)
}

// A class of a Worker that is not part of the session has ids, but its
// objects cannot be reached: wrangler dev's error.
func TestClassOfAWorkerNotRunning(t *testing.T) {
	opts := project(t, map[string]string{
		"wrangler.toml": `name = "main"
main = "src/index.js"
[[durable_objects.bindings]]
name = "OTHER"
class_name = "Elsewhere"
script_name = "other-worker"
`,
		"src/index.js": `export default {
  async fetch(request, env) {
    try { await env.OTHER.getByName("x").hello(); } catch (e) { return new Response(e.message); }
    return new Response("reached");
  },
};`,
	})
	rt := start(t, opts)
	require.Equal(t, `Worker "other-worker" not found. Make sure it is running locally.`, fetchBody(t, rt, "http://localhost/"))
}

// Two Workers of one session: a service binding to a named entrypoint
// with props, and a binding to the other Worker's Durable Object class,
// whose objects are the same whichever Worker calls them.
func TestWorkersReachEachOther(t *testing.T) {
	front := project(t, map[string]string{
		"wrangler.toml": `name = "front"
main = "src/index.js"
services = [{ binding = "BACK", service = "back", entrypoint = "Api", props = { who = "front" } }]
[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
script_name = "back"
`,
		"src/index.js": `export default {
  async fetch(request, env) {
    const direct = await env.COUNTER.getByName("c").inc();
    const viaService = await env.BACK.incVia("c");
    return Response.json({ direct, viaService, props: await env.BACK.props() });
  },
};`,
	})
	back := project(t, map[string]string{
		"wrangler.toml": `name = "back"
main = "src/index.js"
[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Counter"]
`,
		"src/index.js": `import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
export class Counter extends DurableObject {
  async inc() { const n = ((await this.ctx.storage.get("n")) ?? 0) + 1; await this.ctx.storage.put("n", n); return n; }
}
export class Api extends WorkerEntrypoint {
  incVia(name) { return this.env.COUNTER.getByName(name).inc(); }
  props() { return this.ctx.props; }
}
export default { fetch() { return new Response("back"); } };`,
	})
	back.StateDir = front.StateDir
	rt, err := New([]WorkerOptions{front, back})
	require.NoError(t, err)
	t.Cleanup(rt.Close)
	require.JSONEq(t, `{"direct":1,"viaService":2,"props":{"who":"front"}}`, fetchBody(t, rt, "http://localhost/"))
	_, err = os.Stat(filepath.Join(front.StateDir, "v3", "do", "back-Counter"))
	require.NoError(t, err)
}
