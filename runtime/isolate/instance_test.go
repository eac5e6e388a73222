package isolate

// Tests of the Durable Objects an isolate hosts: construction on the first
// event, the input gate around blockConcurrencyWhile, the output gate
// around the end-of-task commit, resets, and Close. Storage is real:
// SQLite files under t.TempDir(), read back through a separate connection
// the way another process (or wrangler dev) would see them.

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/kindling-dev/kindling/jsapi"
	"github.com/kindling-dev/kindling/jsapi/v8serial"
)

// objects is the Worker of most tests here: one class per behaviour.
const objects = `
import { DurableObject } from "cloudflare:workers";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let made = 0;

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.serial = ++made;
    this.hits = 0;
  }
  async fetch(request) {
    this.hits++;
    return Response.json({
      serial: this.serial, made, hits: this.hits, id: this.ctx.id.toString(),
      name: this.ctx.id.name ?? null, greeting: this.env.GREETING,
    });
  }
  async inc(by) {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + by;
    await this.ctx.storage.put("n", n);
    return n;
  }
}

// Writer answers before its writes are durable unless the output gate
// holds the answer back.
export class Writer extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.serial = ++made;
  }
  async fetch(request) {
    const url = new URL(request.url);
    const v = url.searchParams.get("v");
    switch (url.pathname) {
      case "/put":
        this.ctx.storage.put("k", v); // not awaited
        return new Response("put " + v);
      case "/late":
        // The answer settles in a timer task; the write happens two
        // microtasks after it, still in that task.
        await sleep(1);
        Promise.resolve().then(() => null).then(() => this.ctx.storage.put("late", v));
        return new Response("late " + v);
      case "/poison":
        this.ctx.storage.put("other", v);
        this.ctx.storage.put("poison", v);
        return new Response("poisoned");
      case "/get":
        return Response.json({ serial: this.serial, k: (await this.ctx.storage.get("k")) ?? null,
          other: (await this.ctx.storage.get("other")) ?? null, poison: (await this.ctx.storage.get("poison")) ?? null });
    }
    return new Response("no route", { status: 404 });
  }
  async lateCall(v) {
    await sleep(1);
    Promise.resolve().then(() => null).then(() => this.ctx.storage.put("late-rpc", v));
    return "late " + v;
  }
}

// Gate initialises itself under blockConcurrencyWhile in its constructor
// (the conformance corpus's GateObject).
export class Gate extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.initLog = ["constructor"];
    this.events = [];
    ctx.blockConcurrencyWhile(async () => {
      this.initLog.push("bcw-start");
      await sleep(30);
      const stored = await ctx.storage.get("boot");
      await ctx.storage.put("boot", (stored ?? 0) + 1);
      this.boot = stored ?? 0;
      this.initLog.push("bcw-end");
    });
    this.initLog.push("constructor-end");
  }
  fetch(request) {
    this.events.push(new URL(request.url).searchParams.get("tag"));
    return Response.json({ initLog: this.initLog, boot: this.boot, events: [...this.events] });
  }
}

export class Fragile extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.serial = ++made;
  }
  async fetch(request) {
    switch (new URL(request.url).pathname) {
      case "/set":
        this.marker = "set";
        return new Response(this.marker);
      case "/fail":
        await this.ctx.blockConcurrencyWhile(async () => {
          await sleep(20);
          throw new RangeError("bcw failed");
        });
        return new Response("unreachable");
    }
    return Response.json({ marker: this.marker ?? "<unset>", serial: this.serial });
  }
}

let shy = 0;
export class Shy extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    if (++shy === 1) throw new Error("not ready yet");
  }
  fetch() { return new Response("constructed on attempt " + shy); }
}

export class Plain {
  constructor(ctx, env) { this.ctx = ctx; }
  fetch() { return new Response("plain"); }
  hello() { return "hello"; }
}

export default { fetch() { return new Response("worker"); } };
`

var objectClasses = []testClass{
	{binding: "COUNTER", class: "Counter"},
	{binding: "COUNTER_SQL", class: "Counter", sqlite: true},
	{binding: "WRITER", class: "Writer", sqlite: true},
	{binding: "WRITER_KV", class: "Writer"},
	{binding: "GATE", class: "Gate", sqlite: true},
	{binding: "FRAGILE", class: "Fragile", sqlite: true},
	{binding: "SHY", class: "Shy"},
	{binding: "PLAIN", class: "Plain"},
	{binding: "MISSING", class: "Missing"},
}

func newObjectsIsolate(t *testing.T) *testIsolate {
	t.Helper()
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": objects})
	return newTestIsolate(t, prg, map[string]string{"GREETING": `"hello"`}, objectClasses...)
}

// sendFetch delivers a GET of path to the object called name and returns
// the channel its reply arrives on; done, if set, also runs, on the loop,
// before the reply is sent.
func (ti *testIsolate) sendFetch(binding, name, path string, done func(*jsapi.HTTPResponse, error)) <-chan reply {
	ns := ti.ns[binding]
	reply, ch := collect()
	ti.ActorFetch(ns, ns.IDFromName(name), get("http://do"+path), func(res *jsapi.HTTPResponse, err error) {
		if done != nil {
			done(res, err)
		}
		reply(res, err)
	})
	return ch
}

func (ti *testIsolate) objectFetch(t *testing.T, binding, name, path string) reply {
	t.Helper()
	return wait(t, ti.sendFetch(binding, name, path, nil))
}

// call invokes an RPC method with structured-clone arguments and returns
// the exported result.
func (ti *testIsolate) call(t *testing.T, binding, name, method string, args ...any) (any, error) {
	t.Helper()
	ns := ti.ns[binding]
	rt := goja.New()
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = rt.ToValue(a)
	}
	data, err := v8serial.Serialize(rt, rt.NewArray(vals...), nil)
	require.NoError(t, err)
	type result struct {
		data []byte
		err  error
	}
	ch := make(chan result, 1)
	ti.ActorCall(ns, ns.IDFromName(name), []string{method}, &jsapi.RPCValue{Data: data}, func(res *jsapi.RPCValue, err error) {
		if err != nil {
			ch <- result{nil, err}
			return
		}
		ch <- result{res.Data, nil}
	})
	r := wait(t, mapReply(ch, func(r result) reply { return reply{body: string(r.data), err: r.err} }))
	if r.err != nil {
		return nil, r.err
	}
	return decode(t, []byte(r.body)), nil
}

func mapReply[T any](in <-chan T, f func(T) reply) <-chan reply {
	out := make(chan reply, 1)
	go func() { out <- f(<-in) }()
	return out
}

func decode(t *testing.T, data []byte) any {
	t.Helper()
	v, err := v8serial.Deserialize(goja.New(), data, nil)
	require.NoError(t, err)
	return v.Export()
}

func (ti *testIsolate) path(binding, name string) string {
	ns := ti.ns[binding]
	return ns.StoragePath(ns.IDFromName(name))
}

// committed reads key from an object's file through a connection of its
// own: it sees only what has been committed.
func committed(t *testing.T, path, key string) (any, bool) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer db.Close()
	var value []byte
	err = db.QueryRow("SELECT value FROM _cf_KV WHERE key = ?", key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) || (err != nil && strings.Contains(err.Error(), "no such table")) {
		return nil, false
	}
	require.NoError(t, err)
	return decode(t, value), true
}

func jsonBody(t *testing.T, r reply) string {
	t.Helper()
	require.NoError(t, r.err)
	require.Equal(t, 200, r.res.Status, r.body)
	return r.body
}

func TestObjectConstructedOnFirstEvent(t *testing.T) {
	ti := newObjectsIsolate(t)
	ns := ti.ns["COUNTER"]
	a := ns.IDFromName("a")

	require.NoError(t, ti.fetch(t, get("http://localhost/")).err)
	require.NoDirExists(t, ns.Dir, "no object exists before its first event")

	require.JSONEq(t, fmt.Sprintf(`{"serial":1,"made":1,"hits":1,"id":%q,"name":"a","greeting":"hello"}`, a.String()),
		jsonBody(t, ti.objectFetch(t, "COUNTER", "a", "/")))
	require.JSONEq(t, fmt.Sprintf(`{"serial":1,"made":1,"hits":2,"id":%q,"name":"a","greeting":"hello"}`, a.String()),
		jsonBody(t, ti.objectFetch(t, "COUNTER", "a", "/")), "the same instance serves the second event")
	require.Contains(t, jsonBody(t, ti.objectFetch(t, "COUNTER", "b", "/")), `"serial":2`)

	// A KV-backed object gets a file at its first write, not before.
	require.NoFileExists(t, ns.StoragePath(a))
	n, err := ti.call(t, "COUNTER", "a", "inc", 5)
	require.NoError(t, err)
	require.EqualValues(t, 5, n)
	v, ok := committed(t, ns.StoragePath(a), "n")
	require.True(t, ok)
	require.EqualValues(t, 5, v)
}

// A named SQLite-backed object records its name in its file when it is
// constructed, as wrangler dev does.
func TestSQLiteObjectRecordsItsName(t *testing.T) {
	ti := newObjectsIsolate(t)
	jsonBody(t, ti.objectFetch(t, "COUNTER_SQL", "named-one", "/"))
	db, err := sql.Open("sqlite", "file:"+ti.path("COUNTER_SQL", "named-one")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var name string
	require.NoError(t, db.QueryRow("SELECT name FROM __miniflare_do_name WHERE id = 1").Scan(&name))
	require.Equal(t, "named-one", name)
}

func TestConstructorThrowIsRetriedOnNextEvent(t *testing.T) {
	ti := newObjectsIsolate(t)
	r := ti.objectFetch(t, "SHY", "x", "/")
	var se *jsapi.ScriptError
	require.ErrorAs(t, r.err, &se)
	// goja names no frame for a class constructor, where V8 prints
	// "at new Shy (…)"; the frame still points at the throw.
	require.Regexp(t, `^Error: not ready yet\n    at file://\S*/src/index\.js:111:\d+`, se.Text)
	r = ti.objectFetch(t, "SHY", "x", "/")
	require.NoError(t, r.err)
	require.Equal(t, "constructed on attempt 2", r.body)
}

func TestUnknownClass(t *testing.T) {
	ti := newObjectsIsolate(t)
	r := ti.objectFetch(t, "MISSING", "x", "/")
	require.EqualError(t, r.err, `the Worker does not export a class named "Missing"`)
}

func TestRPCNeedsDurableObjectBaseClass(t *testing.T) {
	ti := newObjectsIsolate(t)
	r := ti.objectFetch(t, "PLAIN", "x", "/")
	require.NoError(t, r.err)
	require.Equal(t, "plain", r.body)
	// workerd's TypeError (the caller sees it with remote: true).
	_, err := ti.call(t, "PLAIN", "x", "hello")
	var se *jsapi.ScriptError
	require.ErrorAs(t, err, &se)
	require.Equal(t, "TypeError: The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module \"cloudflare:workers\".", se.Tunneled)
}

// Events that arrive while the constructor's blockConcurrencyWhile runs
// wait, then run in arrival order once it is done; workerd's values from
// the conformance case gates-constructor-bcw. The callback is queued as a
// microtask while the object is being constructed: it runs only because
// the end of the task drains the job queue, which constructing an object
// does not.
func TestConstructorBlockConcurrencyWhileQueuesEvents(t *testing.T) {
	ti := newObjectsIsolate(t)
	var chans []<-chan reply
	for _, tag := range []string{"a", "b", "c"} {
		chans = append(chans, ti.sendFetch("GATE", "g", "/?tag="+tag, nil))
	}
	init := `"initLog":["constructor","constructor-end","bcw-start","bcw-end"],"boot":0`
	require.JSONEq(t, `{`+init+`,"events":["a"]}`, jsonBody(t, wait(t, chans[0])))
	require.JSONEq(t, `{`+init+`,"events":["a","b"]}`, jsonBody(t, wait(t, chans[1])))
	require.JSONEq(t, `{`+init+`,"events":["a","b","c"]}`, jsonBody(t, wait(t, chans[2])))
	v, ok := committed(t, ti.path("GATE", "g"), "boot")
	require.True(t, ok)
	require.EqualValues(t, 1, v)
}

// A blockConcurrencyWhile callback that throws resets the object: the
// event that called it gets the exception, the events waiting behind the
// gate fail, and the next event constructs a new instance (conformance
// case gates-bcw-throw-resets-object).
func TestBlockConcurrencyWhileThrowResetsObject(t *testing.T) {
	ti := newObjectsIsolate(t)
	r := ti.objectFetch(t, "FRAGILE", "f", "/set")
	require.NoError(t, r.err)
	require.Equal(t, "set", r.body)

	failing := ti.sendFetch("FRAGILE", "f", "/fail", nil)
	waiting := ti.sendFetch("FRAGILE", "f", "/get", nil)
	var se *jsapi.ScriptError
	r = wait(t, failing)
	require.ErrorAs(t, r.err, &se)
	require.Equal(t, "RangeError: bcw failed", firstLine(se.Text))
	r = wait(t, waiting)
	require.ErrorContains(t, r.err, "RangeError: bcw failed")
	require.Nil(t, r.res)

	require.JSONEq(t, `{"marker":"<unset>","serial":2}`, jsonBody(t, ti.objectFetch(t, "FRAGILE", "f", "/get")))
	require.Contains(t, ti.logs.text(), "error: Uncaught RangeError: bcw failed")
}

// The output gate: an object's answer is released only once the writes of
// its task are committed. done runs on the loop, at the moment of release,
// and reads the file through another connection.
func TestOutputGateReleasesAfterCommit(t *testing.T) {
	for _, binding := range []string{"WRITER", "WRITER_KV"} {
		t.Run(binding, func(t *testing.T) {
			ti := newObjectsIsolate(t)
			path := ti.path(binding, "w")
			for i, route := range []struct{ path, key string }{
				{"/put?v=one", "k"},
				{"/put?v=two", "k"},
				{"/late?v=three", "late"},
			} {
				var seen any
				var found bool
				r := wait(t, ti.sendFetch(binding, "w", route.path, func(*jsapi.HTTPResponse, error) {
					seen, found = committed(t, path, route.key)
				}))
				require.NoError(t, r.err)
				want := []string{"one", "two", "three"}[i]
				require.True(t, found, "%s: answered before %q was committed", route.path, route.key)
				require.Equal(t, want, seen)
			}
		})
	}
}

func TestOutputGateHoldsRPCResults(t *testing.T) {
	ti := newObjectsIsolate(t)
	path := ti.path("WRITER", "w")
	ns := ti.ns["WRITER"]
	rt := goja.New()
	args, err := v8serial.Serialize(rt, rt.NewArray("x"), nil)
	require.NoError(t, err)
	var seen any
	var found bool
	done := make(chan error, 1)
	ti.ActorCall(ns, ns.IDFromName("w"), []string{"lateCall"}, &jsapi.RPCValue{Data: args}, func(_ *jsapi.RPCValue, err error) {
		seen, found = committed(t, path, "late-rpc")
		done <- err
	})
	require.NoError(t, wait(t, mapReply(done, func(err error) reply { return reply{err: err} })).err)
	require.True(t, found, "the RPC result was released before its write was committed")
	require.Equal(t, "x", seen)
}

// poisonFile prepares an object's file so that committing a write of the
// key "poison" fails: a trigger inserts a row breaking a deferred foreign
// key, which SQLite checks only at COMMIT.
func poisonFile(t *testing.T, path string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	require.NoError(t, err)
	defer db.Close()
	for _, stmt := range []string{
		"CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID",
		"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
		"CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)",
		"CREATE TRIGGER poison AFTER INSERT ON _cf_KV WHEN NEW.key = 'poison' BEGIN INSERT INTO child VALUES (1); END",
	} {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
}

// A commit that fails breaks the output gate: the answer of the task is
// discarded (the caller gets the error), the task's writes are rolled
// back, and the object is reset, so the next event constructs it again.
func TestFailedCommitDiscardsOutputAndResetsObject(t *testing.T) {
	ti := newObjectsIsolate(t)
	path := ti.path("WRITER", "w")
	poisonFile(t, path)

	first := jsonBody(t, ti.objectFetch(t, "WRITER", "w", "/get"))
	require.JSONEq(t, `{"serial":1,"k":null,"other":null,"poison":null}`, first)

	r := ti.objectFetch(t, "WRITER", "w", "/poison?v=p")
	require.Nil(t, r.res, "the answer of a failed commit must not be released")
	// The caller gets workerd's text; the cause is logged under the same
	// reference.
	require.ErrorContains(t, r.err, "internal error; reference = ")
	ref := strings.TrimPrefix(r.err.Error(), "internal error; reference = ")
	require.Contains(t, ti.logs.text(), "storage commit failed, resetting the object (internal error; reference = "+ref+")")
	require.Contains(t, ti.logs.text(), "FOREIGN KEY constraint failed")

	_, found := committed(t, path, "other")
	require.False(t, found, "the writes of the failed task are rolled back")
	// A new instance (serial 2) that finds nothing of the failed task.
	require.JSONEq(t, `{"serial":2,"k":null,"other":null,"poison":null}`, jsonBody(t, ti.objectFetch(t, "WRITER", "w", "/get")))

	// The object works again once the condition is gone.
	r = ti.objectFetch(t, "WRITER", "w", "/put?v=after")
	require.NoError(t, r.err)
	v, _ := committed(t, path, "k")
	require.Equal(t, "after", v)
}

// Close commits what is pending and closes the file of every object: the
// last connection to close checkpoints the WAL into the file and removes
// it.
func TestCloseClosesEveryDatabase(t *testing.T) {
	ti := newObjectsIsolate(t)
	names := []string{"one", "two", "three"}
	for _, name := range names {
		jsonBody(t, ti.objectFetch(t, "GATE", name, "/?tag=x"))
		require.NoError(t, ti.objectFetch(t, "WRITER_KV", name, "/put?v="+name).err)
	}
	for _, name := range names {
		require.FileExists(t, ti.path("WRITER_KV", name)+"-wal", "an open database keeps its WAL")
	}
	ti.Close()
	for _, binding := range []string{"GATE", "WRITER_KV"} {
		for _, name := range names {
			path := ti.path(binding, name)
			require.NoFileExists(t, path+"-wal", "%s %s is still open", binding, name)
		}
		for _, name := range names {
			if binding == "WRITER_KV" {
				v, ok := committed(t, ti.path(binding, name), "k")
				require.True(t, ok)
				require.Equal(t, name, v)
			}
		}
	}
	for _, inst := range ti.actors {
		require.Nil(t, inst.db)
	}
}

// The object's fetch handler sees the request as sent.
func TestObjectFetchRequest(t *testing.T) {
	prg := bundle(t, "src/index.js", map[string]string{"src/index.js": `
import { DurableObject } from "cloudflare:workers";
export class Echo extends DurableObject {
  async fetch(request) {
    return new Response(request.method + " " + request.url + " " + request.headers.get("x-a") + " " + await request.text(),
      { status: 202, headers: { "x-b": "b" } });
  }
}
export default { fetch() { return new Response("w"); } };`})
	ti := newTestIsolate(t, prg, nil, testClass{binding: "ECHO", class: "Echo"})
	ns := ti.ns["ECHO"]
	done, ch := collect()
	ti.ActorFetch(ns, ns.IDFromName("e"), &jsapi.HTTPRequest{Method: "PUT", URL: "http://do/x?y=1",
		Header: http.Header{"X-A": {"a"}}, Body: io.NopCloser(strings.NewReader("body"))}, done)
	r := wait(t, ch)
	require.NoError(t, r.err)
	require.Equal(t, 202, r.res.Status)
	require.Equal(t, "b", r.res.Header.Get("X-B"))
	require.Equal(t, "PUT http://do/x?y=1 a body", r.body)
}
